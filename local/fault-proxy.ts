// A fault-injecting proxy on loopback, between the functions and an emulator (DynamoDB Local, the SES emulator):
// it can answer a share of calls with DynamoDB's throttling or a 500, before or after forwarding them (an ambiguous
// failure: the write happened, the caller hears it failed), or play dead altogether. Tests steer it; npm start never starts it.
import { createServer, request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface FaultSettings {
  /** Every call fails: the service is down. */
  down?: boolean;
  /** Share of calls (0..1) answered with ProvisionedThroughputExceededException (HTTP 400). */
  throttleRate?: number;
  /** Share of calls (0..1) answered with an InternalServerError (HTTP 500). */
  errorRate?: number;
  /** Of the injected errors, the share (0..1) injected after the call went through. */
  afterForwardRate?: number;
}

export interface FaultStats {
  calls: number;
  injected: number;
  injectedAfterForward: number;
}

const THROTTLE = {
  status: 400,
  body: { __type: 'com.amazonaws.dynamodb.v20120810#ProvisionedThroughputExceededException', message: 'Injected: throughput exceeded' },
};
const SERVER_ERROR = { status: 500, body: { __type: 'com.amazonaws.dynamodb.v20120810#InternalServerError', message: 'Injected: internal server error' } };

export async function startFaultProxy(target: string): Promise<{ url: string; server: Server; set: (s: FaultSettings) => void; stats: () => FaultStats }> {
  const upstream = new URL(target);
  let settings: FaultSettings = {};
  const stats: FaultStats = { calls: 0, injected: 0, injectedAfterForward: 0 };

  const server = createServer((req, res) => {
    stats.calls++;
    if (settings.down) {
      stats.injected++;
      res.socket?.destroy();
      return;
    }
    const roll = Math.random();
    const fault = roll < (settings.throttleRate ?? 0) ? THROTTLE : roll < (settings.throttleRate ?? 0) + (settings.errorRate ?? 0) ? SERVER_ERROR : undefined;
    const after = fault !== undefined && Math.random() < (settings.afterForwardRate ?? 0);
    const fail = () => {
      stats.injected++;
      res.writeHead(fault!.status, { 'content-type': 'application/x-amz-json-1.0' }).end(JSON.stringify(fault!.body));
    };
    if (fault && !after) {
      req.resume();
      return fail();
    }
    const forward = request({ hostname: upstream.hostname, port: upstream.port, method: req.method, path: req.url, headers: req.headers }, (answer) => {
      if (after) {
        stats.injectedAfterForward++;
        answer.resume();
        answer.on('end', fail);
        return;
      }
      res.writeHead(answer.statusCode ?? 502, answer.headers);
      answer.pipe(res);
    });
    forward.on('error', () => res.socket?.destroy());
    req.pipe(forward);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    server,
    set: (next) => {
      settings = { ...next };
    },
    stats: () => ({ ...stats }),
  };
}
