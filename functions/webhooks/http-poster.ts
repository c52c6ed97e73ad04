// The one way out to subscribers: a POST with a hard deadline per attempt (connect, headers and body together; the
// socket destroyed when it passes), no redirects followed, and every address checked at connection time
// (url-policy.ts): each one a host name resolves to, or the IP literal itself, so nothing inside our network is reached.
import { lookup as dnsLookup, type LookupAddress } from 'node:dns';
import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
import type { LookupFunction } from 'node:net';
import { addressAllowed, hostOf, isIpLiteral } from './url-policy.js';
import { ATTEMPT_DEADLINE_MS } from './webhook-queue.js';

export interface PostResult {
  status?: number;
  error?: string;
  ms: number;
}

export interface WebhookPoster {
  post(url: string, body: string, headers: Record<string, string>): Promise<PostResult>;
}

const refusedAddress = (host: string) => Object.assign(new Error(`refused address for ${host}`), { code: 'EREFUSEDADDRESS' });

export class NodeWebhookPoster implements WebhookPoster {
  constructor(
    private readonly allowLoopback: boolean,
    private readonly deadlineMs = ATTEMPT_DEADLINE_MS,
  ) {}

  private readonly lookup: LookupFunction = (hostname, options, callback) => {
    dnsLookup(hostname, { ...options, all: true }, (error, addresses: LookupAddress[]) => {
      if (error) return callback(error, '', 0);
      const refused = addresses.find((a) => !addressAllowed(a.address, this.allowLoopback));
      if (refused || addresses.length === 0) return callback(refusedAddress(hostname), '', 0);
      if (options.all) return (callback as unknown as (e: null, a: LookupAddress[]) => void)(null, addresses);
      return callback(null, addresses[0]!.address, addresses[0]!.family);
    });
  };

  post(url: string, body: string, headers: Record<string, string>): Promise<PostResult> {
    const started = Date.now();
    const target = new URL(url);
    const send = target.protocol === 'https:' ? httpsRequest : httpRequest;
    return new Promise((resolve) => {
      let settled = false;
      let deadline: NodeJS.Timeout | undefined;
      const done = (result: Omit<PostResult, 'ms'>) => {
        if (settled) return;
        settled = true;
        clearTimeout(deadline);
        resolve({ ...result, ms: Date.now() - started });
      };
      // An IP literal is never looked up, so it is checked here; a name's addresses are checked by `lookup`.
      if (isIpLiteral(hostOf(target)) && !addressAllowed(hostOf(target), this.allowLoopback)) return done({ error: refusedAddress(target.hostname).message });
      let status: number | undefined;
      const request = send(
        target,
        {
          method: 'POST',
          headers: { 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(body)), 'user-agent': 'feedback-webhooks/1', ...headers },
          lookup: this.lookup,
          // A fresh connection per attempt: each one passes the address check, and no pooled socket outlives a frozen Lambda.
          agent: false,
        },
        (response) => {
          status = response.statusCode ?? 0;
          // The body is read (and dropped) to its end within the deadline; only the status is kept.
          response.resume();
          response.on('end', () => done({ status }));
          response.on('error', (error) => done({ status, error: error.message.slice(0, 200) }));
        },
      );
      deadline = setTimeout(() => {
        done({ ...(status !== undefined ? { status } : {}), error: `no complete answer within ${this.deadlineMs} ms` });
        request.destroy();
      }, this.deadlineMs);
      request.on('error', (error) => done({ ...(status !== undefined ? { status } : {}), error: error.message.slice(0, 200) }));
      request.end(body);
    });
  }
}
