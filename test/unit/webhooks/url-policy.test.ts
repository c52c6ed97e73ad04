import { describe, expect, it } from 'vitest';
import { addressAllowed, urlProblem } from '../../../functions/webhooks/url-policy.js';

const NON_PUBLIC = 'must not point to a private, loopback, link-local or otherwise non-public address';

describe('where webhooks may go (SSRF)', () => {
  it.each([
    ['https://hooks.example.com/in', null],
    ['https://hooks.example.com./in', null],
    ['https://93.184.216.34/in', null],
    ['https://[2606:4700::1111]/in', null],
    ['http://hooks.example.com/in', 'must be https'],
    ['https://user:pw@hooks.example.com/', 'must not carry a user name or password'],
    ['https://hooks.example.com/in#x', 'must not carry a fragment'],
    ['https://169.254.169.254/latest/meta-data', NON_PUBLIC],
    ['https://10.0.0.5/in', NON_PUBLIC],
    ['https://[::1]/in', NON_PUBLIC],
    ['https://localhost/in', 'must be a public host name'],
    ['https://localhost./in', 'must be a public host name'],
    ['https://LOCALHOST../in', 'must be a public host name'],
    ['https://api.localhost./in', 'must be a public host name'],
    ['https://metadata.internal./in', 'must be a public host name'],
    ['https://metadata/in', 'must be a public host name'],
    ['http://127.0.0.1:8080/in', 'must be https'],
    ['ftp://example.com/x', 'must be https'],
    ['not a url', 'must be an absolute URL'],
  ])('in AWS, %s: %s', (url, problem) => {
    expect(urlProblem(url, false)).toBe(problem);
  });

  // Each range a probe got through before: as an IP literal in the URL and as an address a name resolves to.
  it.each([
    ['6to4 (2002::/16), wrapping 10.0.0.1', '2002:a00:1::1'],
    ['6to4 (2002::/16), wrapping a public address', '2002:5db8:d822::1'],
    ['Teredo (2001::/32)', '2001:0:4136:e378:8000:63bf:3fff:fdd2'],
    ['NAT64 local-use (64:ff9b:1::/48)', '64:ff9b:1::a00:1'],
    ['NAT64 well-known (64:ff9b::/96)', '64:ff9b::a9fe:a9fe'],
    ['IPv4-compatible ::a.b.c.d of loopback', '::127.0.0.1'],
    ['IPv4-compatible ::a.b.c.d of the metadata service', '::169.254.169.254'],
    ['IPv4-translated ::ffff:0:a.b.c.d', '::ffff:0:a00:1'],
    ['IPv4-mapped ::ffff:a.b.c.d of a private address', '::ffff:10.0.0.1'],
    ['IPv4-mapped in hex', '::ffff:a00:1'],
    ['site-local (fec0::/10)', 'fec0::1'],
    ['6to4 relay anycast (192.88.99.0/24)', '192.88.99.1'],
    ['unique local (fc00::/7)', 'fd00::1'],
    ['link-local (fe80::/10)', 'fe80::1'],
    ['documentation (2001:db8::/32)', '2001:db8::1'],
    ['documentation (3fff::/20)', '3fff::1'],
    ['outside global unicast (4000::/3)', '4000::1'],
    ['multicast (ff00::/8)', 'ff02::1'],
    ['unspecified', '::'],
    ['IPv4 loopback', '127.0.0.1'],
    ['IPv4 private', '192.168.1.1'],
    ['carrier-grade NAT', '100.64.0.1'],
    ['link-local metadata', '169.254.169.254'],
    ['benchmarking', '198.18.0.1'],
    ['reserved (240/4)', '240.0.0.1'],
    ['broadcast', '255.255.255.255'],
    ['this network (0/8)', '0.1.2.3'],
  ])('refuses %s: %s', (_range, address) => {
    expect(addressAllowed(address, false)).toBe(false);
    expect(urlProblem(`https://${address.includes(':') ? `[${address}]` : address}/in`, false)).toBe(NON_PUBLIC);
  });

  it.each(['93.184.216.34', '2606:4700::1111', '::ffff:93.184.216.34', '::93.184.216.34'])('allows the public address %s', (address) => {
    expect(addressAllowed(address, false)).toBe(true);
  });

  it('refuses what is not an address in its plain form', () => {
    expect(addressAllowed('0x7f.1', false)).toBe(false);
    expect(addressAllowed('example.com', false)).toBe(false);
  });

  it('allows plain http to loopback only where the local stack allows it', () => {
    expect(urlProblem('http://127.0.0.1:8080/in', true)).toBeNull();
    expect(urlProblem('http://localhost:8080/in', true)).toBeNull();
    expect(urlProblem('http://localhost.:8080/in', true)).toBeNull();
    expect(urlProblem('http://10.0.0.5/in', true)).toBe('must be https');
    expect(addressAllowed('127.0.0.1', true)).toBe(true);
    expect(addressAllowed('::1', true)).toBe(true);
    expect(addressAllowed('::ffff:127.0.0.1', true)).toBe(true);
    expect(addressAllowed('169.254.169.254', true)).toBe(false);
    expect(addressAllowed('10.0.0.1', true)).toBe(false);
  });
});
