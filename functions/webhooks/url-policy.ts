// Where webhooks may go (SSRF): https to a globally routable unicast address only. Checked when a subscription is
// registered (the URL, a name or an IP literal) and again at every connection (each address the name resolves to, and an
// IP literal itself), so that DNS rebinding cannot reach inside. Plain http to loopback is allowed only where
// WEBHOOK_ALLOW_LOOPBACK is set: the local stack, for its tests and a developer's receiver.
import ipaddr from 'ipaddr.js';

type Address = ipaddr.IPv4 | ipaddr.IPv6;

// ipaddr.js names every special-purpose range (private, loopback, 6to4, Teredo, NAT64, site-local, 6to4 relays...) and
// calls the rest `unicast`; for IPv6 that rest must also lie in 2000::/3, the only space allocated for global unicast.
const GLOBAL_UNICAST_V6 = ipaddr.IPv6.parseCIDR('2000::/3');

/** The IPv4 address an IPv4-mapped (::ffff:a.b.c.d) or IPv4-compatible (::a.b.c.d) IPv6 address carries, else itself. */
function unwrapped(address: Address): Address {
  if (address.kind() === 'ipv4') return address;
  const v6 = address as ipaddr.IPv6;
  if (v6.isIPv4MappedAddress()) return v6.toIPv4Address();
  if (v6.parts.slice(0, 6).every((part) => part === 0)) return ipaddr.fromByteArray(v6.toByteArray().slice(12));
  return v6;
}

const isLoopback = (address: Address) => address.range() === 'loopback' || unwrapped(address).range() === 'loopback';

function globallyRoutable(address: Address): boolean {
  const ip = unwrapped(address);
  if (ip.range() !== 'unicast') return false;
  return ip.kind() === 'ipv4' || (ip as ipaddr.IPv6).match(GLOBAL_UNICAST_V6);
}

const parsed = (address: string): Address | null => {
  const bare = address.replace(/^\[|\]$/g, '');
  // Only the plain forms a URL parser or the resolver produces (not "0x7f.1" and friends).
  return ipaddr.IPv4.isValidFourPartDecimal(bare) || (bare.includes(':') && ipaddr.IPv6.isValid(bare)) ? ipaddr.parse(bare) : null;
};

/** Whether a connection may be made to this address: globally routable unicast always, loopback only when allowed. */
export function addressAllowed(address: string, allowLoopback: boolean): boolean {
  const ip = parsed(address);
  if (!ip) return false;
  if (allowLoopback && isLoopback(ip)) return true;
  return globallyRoutable(ip);
}

/** The host a URL names, as a connection would use it: lower case, no IPv6 brackets, no trailing dot (`localhost.`). */
export const hostOf = (url: URL) =>
  url.hostname
    .replace(/^\[|\]$/g, '')
    .replace(/\.+$/, '')
    .toLowerCase();

/** Whether the host is an IP literal (then no name is resolved: the literal is the address checked). */
export const isIpLiteral = (host: string) => parsed(host) !== null;

/** Why a subscriber URL is refused, or null when it may be registered. */
export function urlProblem(raw: string, allowLoopback: boolean): string | null {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return 'must be an absolute URL';
  }
  if (url.username || url.password) return 'must not carry a user name or password';
  if (url.hash) return 'must not carry a fragment';
  const host = hostOf(url);
  const literal = parsed(host);
  const loopback = host === 'localhost' || (literal !== null && isLoopback(literal));
  if (loopback && allowLoopback) return url.protocol === 'http:' || url.protocol === 'https:' ? null : 'must be http or https';
  if (url.protocol !== 'https:') return 'must be https';
  if (literal) return globallyRoutable(literal) ? null : 'must not point to a private, loopback, link-local or otherwise non-public address';
  if (!host.includes('.') || /(^|\.)(localhost|local|internal|lan|home|corp|intranet|arpa)$/.test(host)) return 'must be a public host name';
  return null;
}
