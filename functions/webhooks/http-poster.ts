// The one way out to subscribers: a POST with a 5-second budget, no redirects followed, and every address the host name
// resolves to checked at connection time (url-policy.ts), so a name that resolves inside our network is never reached.
import { lookup as dnsLookup, type LookupAddress } from 'node:dns';
import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
import type { LookupFunction } from 'node:net';
import { addressAllowed } from './url-policy.js';

export interface PostResult {
  status?: number;
  error?: string;
  ms: number;
}

export interface WebhookPoster {
  post(url: string, body: string, headers: Record<string, string>): Promise<PostResult>;
}

export const TIMEOUT_MS = 5_000;

export class NodeWebhookPoster implements WebhookPoster {
  constructor(private readonly allowLoopback: boolean) {}

  private readonly lookup: LookupFunction = (hostname, options, callback) => {
    dnsLookup(hostname, { ...options, all: true }, (error, addresses: LookupAddress[]) => {
      if (error) return callback(error, '', 0);
      const refused = addresses.find((a) => !addressAllowed(a.address, this.allowLoopback));
      if (refused || addresses.length === 0) return callback(Object.assign(new Error(`refused address for ${hostname}`), { code: 'EREFUSEDADDRESS' }), '', 0);
      if (options.all) return (callback as unknown as (e: null, a: LookupAddress[]) => void)(null, addresses);
      return callback(null, addresses[0]!.address, addresses[0]!.family);
    });
  };

  post(url: string, body: string, headers: Record<string, string>): Promise<PostResult> {
    const started = Date.now();
    const target = new URL(url);
    const send = target.protocol === 'https:' ? httpsRequest : httpRequest;
    return new Promise((resolve) => {
      const done = (result: Omit<PostResult, 'ms'>) => resolve({ ...result, ms: Date.now() - started });
      const request = send(
        target,
        { method: 'POST', headers: { 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(body)), 'user-agent': 'feedback-webhooks/1', ...headers }, lookup: this.lookup, timeout: TIMEOUT_MS },
        (response) => {
          // The body is not read beyond what keeps the socket healthy; only the status counts.
          response.resume();
          response.on('end', () => done({ status: response.statusCode ?? 0 }));
          response.on('error', (error) => done({ status: response.statusCode ?? 0, error: error.message.slice(0, 200) }));
        },
      );
      request.on('timeout', () => request.destroy(new Error(`no answer within ${TIMEOUT_MS} ms`)));
      request.on('error', (error) => done({ error: error.message.slice(0, 200) }));
      request.end(body);
    });
  }
}
