#!/usr/bin/env bash
# Installs what the local stack and the tests need beyond npm packages: Java 17+ for DynamoDB Local and, with --browser,
# Debian's Chromium (and a font) for the dashboard's browser tests (playwright-core drives /usr/bin/chromium; the
# registry's own browser downloads do not work on these machines).
# Runs before `npm start` and `npm test`; with root (CI, these machines) it installs from Debian, otherwise it says what is missing.
set -euo pipefail

java_ok() {
  command -v java >/dev/null 2>&1 || return 1
  local major
  major=$(java -XshowSettings:properties -version 2>&1 | awk -F'= ' '/java.specification.version/ {print $2}' | cut -d. -f1)
  [ "${major:-0}" -ge 17 ]
}

need=()
java_ok || need+=(openjdk-17-jre-headless)
if [ "${1:-}" = "--browser" ]; then
  [ -x /usr/bin/chromium ] || need+=(chromium)
  fc-list 2>/dev/null | grep -qi . || need+=(fonts-dejavu-core)
fi

if [ ${#need[@]} -eq 0 ]; then exit 0; fi
if [ "$(id -u)" -eq 0 ] && command -v apt-get >/dev/null 2>&1; then
  echo "Installing ${need[*]} (needed by DynamoDB Local / the browser tests)..." >&2
  apt-get update -qq >/dev/null
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
else
  echo "Missing: ${need[*]}. DynamoDB Local needs Java 17 or newer; the browser tests need Debian's chromium at /usr/bin/chromium." >&2
  echo "Install them (e.g. 'sudo apt-get install ${need[*]}') and run again." >&2
  exit 1
fi
