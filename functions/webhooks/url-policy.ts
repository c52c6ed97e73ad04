// Where webhooks may go (SSRF): https to a public address only. Checked when a subscription is registered (the URL) and
// again at every connection (the address its name resolves to, so that DNS rebinding cannot reach inside). Plain http to
// loopback is allowed only where WEBHOOK_ALLOW_LOOPBACK is set: the local stack, for its tests and a developer's receiver.
import { BlockList, isIP } from 'node:net';

const PRIVATE = new BlockList();
for (const [net, prefix] of [
  ['0.0.0.0', 8], ['10.0.0.0', 8], ['100.64.0.0', 10], ['127.0.0.0', 8], ['169.254.0.0', 16], ['172.16.0.0', 12], ['192.0.0.0', 24],
  ['192.0.2.0', 24], ['192.168.0.0', 16], ['198.18.0.0', 15], ['198.51.100.0', 24], ['203.0.113.0', 24], ['224.0.0.0', 4], ['240.0.0.0', 4],
] as const) PRIVATE.addSubnet(net, prefix, 'ipv4');
for (const [net, prefix] of [['::', 128], ['::1', 128], ['64:ff9b::', 96], ['100::', 64], ['2001:db8::', 32], ['fc00::', 7], ['fe80::', 10], ['ff00::', 8]] as const) {
  PRIVATE.addSubnet(net, prefix, 'ipv6');
}
// Kept apart: Node's BlockList matches every IPv4 address against an IPv4-mapped IPv6 rule.
const MAPPED = new BlockList();
MAPPED.addSubnet('::ffff:0:0', 96, 'ipv6');
const LOOPBACK = new BlockList();
LOOPBACK.addSubnet('127.0.0.0', 8, 'ipv4');
LOOPBACK.addAddress('::1', 'ipv6');

/** Whether a connection may be made to this address: public ones always, loopback only when allowed. */
export function addressAllowed(address: string, allowLoopback: boolean): boolean {
  // An IPv4-mapped IPv6 address ("::ffff:10.0.0.1") is judged as the IPv4 address it maps.
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address);
  if (mapped) return addressAllowed(mapped[1]!, allowLoopback);
  const family = isIP(address) === 6 ? 'ipv6' : 'ipv4';
  if (allowLoopback && LOOPBACK.check(address, family)) return true;
  if (family === 'ipv6' && MAPPED.check(address, 'ipv6')) return false; // the hex form ("::ffff:a00:1"): refused
  return isIP(address) !== 0 && !PRIVATE.check(address, family);
}

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
  const host = url.hostname.replace(/^\[|\]$/g, '').toLowerCase();
  const loopback = host === 'localhost' || (isIP(host) !== 0 && LOOPBACK.check(host, isIP(host) === 6 ? 'ipv6' : 'ipv4'));
  if (loopback && allowLoopback) return url.protocol === 'http:' || url.protocol === 'https:' ? null : 'must be http or https';
  if (url.protocol !== 'https:') return 'must be https';
  if (isIP(host) !== 0) return addressAllowed(host, false) ? null : 'must not point to a private, loopback or link-local address';
  if (!host.includes('.') || /(^|\.)(localhost|local|internal|lan|home|corp|intranet)$/.test(host)) return 'must be a public host name';
  return null;
}
