// The local stack's own endpoints (/health, /_local/settled, /_local/redrive) and, for the tests only, its controls:
// fault proxies in front of DynamoDB Local and the SES emulator, an injected aggregator crash, adjustable throttling,
// a clock to move and the functions' log lines kept for inspection, all steered through POST /_local/control.
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { THROTTLE } from '../functions/routes.js';
import { advanceClock, now } from '../functions/shared/clock.js';
import { logSink } from '../functions/shared/logger.js';
import { secretsEqual } from '../functions/shared/secrets.js';
import type { StreamTarget } from './event-sources.js';
import { startFaultProxy, type FaultSettings } from './fault-proxy.js';
import type { LocalQueue } from './local-queue.js';
import { readJson } from './request-body.js';

/** Some route classes' buckets, some edge rules' limits; the rest stay as they are. */
export type ThrottleOverride = Partial<Omit<typeof THROTTLE, 'edge'>> & {
  edge?: { [name in keyof (typeof THROTTLE)['edge']]?: Partial<(typeof THROTTLE)['edge'][name]> };
};

/** Applies an override to the live limits the local API Gateway reads. */
export function overrideThrottle(throttle: typeof THROTTLE, { edge, ...classes }: ThrottleOverride): void {
  Object.assign(throttle, classes);
  // Rule by rule, field by field: `{ limit }` alone keeps the rule's window.
  for (const [name, rule] of Object.entries(edge ?? {}) as Array<
    [keyof typeof THROTTLE.edge, Partial<(typeof THROTTLE)['edge'][keyof typeof THROTTLE.edge]>]
  >) {
    throttle.edge[name] = { ...throttle.edge[name], ...rule };
  }
}

export interface ControlRequest {
  throttle?: ThrottleOverride;
  dynamodb?: FaultSettings;
  ses?: FaultSettings;
  aggregatorCrashes?: number;
  clearLogs?: boolean;
  withLogs?: boolean;
  /** Let time pass for every function and queue of the stack (send delays, reminders, expiry). */
  advanceClockMs?: number;
}

type FaultProxy = Awaited<ReturnType<typeof startFaultProxy>>;

export interface TestControls {
  proxies: { dynamodb: FaultProxy; ses: FaultProxy };
  /** The functions' log lines since the last clearLogs (the tests' no-personal-data check reads them). */
  logLines: string[];
  stop(): Promise<void>;
}

/** The functions reach DynamoDB and SES through fault proxies (the stream poller, AWS's side, does not); their logs are kept, not printed. */
export async function startTestControls(urls: { dynamodb: string; ses: string }): Promise<TestControls> {
  const proxies = { dynamodb: await startFaultProxy(urls.dynamodb), ses: await startFaultProxy(urls.ses) };
  const logLines: string[] = [];
  logSink.write = (_level, line) => void (logLines.length < 50_000 && logLines.push(line));
  return {
    proxies,
    logLines,
    stop: async () => {
      for (const proxy of [proxies.ses, proxies.dynamodb])
        await new Promise<void>((done) => (proxy.server.closeAllConnections(), proxy.server.close(() => done())));
    },
  };
}

/** An injected crash: the function folds the first half of a batch, then dies; the mapping retries the whole batch. */
export function crashInjection(aggregator: StreamTarget): { handler: StreamTarget; crashes: { left: number } } {
  const crashes = { left: 0 };
  const handler: StreamTarget = async (event) => {
    if (crashes.left > 0 && event.Records.length >= 2) {
      crashes.left--;
      await aggregator({ Records: event.Records.slice(0, Math.ceil(event.Records.length / 2)) });
      throw new Error('Injected: the aggregator died half-way through a batch');
    }
    return aggregator(event);
  };
  return { handler, crashes };
}

export interface ControlState {
  /** The API's throttling, changed in place. */
  throttle: typeof THROTTLE;
  controls: TestControls;
  crashes: { left: number };
  aggregatorStream: () => Record<string, unknown>;
  queues: { invitations: LocalQueue; events: LocalQueue; sesFeedback: LocalQueue };
}

/** Applies a control request and answers with the stack's state (fault counts, queue depths, log lines if asked). */
export function applyControl(state: ControlState, body: ControlRequest) {
  const { proxies, logLines } = state.controls;
  if (body.throttle) overrideThrottle(state.throttle, body.throttle);
  if (body.dynamodb) proxies.dynamodb.set(body.dynamodb);
  if (body.ses) proxies.ses.set(body.ses);
  if (body.aggregatorCrashes !== undefined) state.crashes.left = body.aggregatorCrashes;
  if (body.clearLogs) logLines.length = 0;
  if (body.advanceClockMs) advanceClock(body.advanceClockMs);
  return {
    dynamodb: proxies.dynamodb.stats(),
    ses: proxies.ses.stats(),
    aggregatorCrashesLeft: state.crashes.left,
    stream: state.aggregatorStream(),
    queues: { events: state.queues.events.depth(), sesFeedback: state.queues.sesFeedback.depth() },
    invitations: { ...state.queues.invitations.depth(), dead: state.queues.invitations.deadLetters().length },
    logLines: body.withLogs ? logLines : undefined,
    /** The stack's clock, after any move. */
    now: now().toISOString(),
  };
}

export interface LocalEndpointOptions {
  managerToken: string;
  /** The queue whose dead letters /_local/redrive sends back. */
  invitations: LocalQueue;
  settled: () => Promise<void>;
  /** POST /_local/digest (`npm run digest -- --now`): the digest function invoked forced, whatever its schedule. */
  sendDigestNow?: () => Promise<unknown>;
  /** Only under test controls: POST /_local/control. */
  control?: (body: ControlRequest) => unknown;
}

const json = (res: ServerResponse, status: number, body: unknown) => res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));

/** The local stack's own endpoints, for the API server's extras: true when it answered the request. */
export function localEndpoints(options: LocalEndpointOptions): (req: IncomingMessage, res: ServerResponse) => boolean {
  const isManager = (req: IncomingMessage) => {
    const bearer = /^Bearer (.+)$/i.exec(req.headers.authorization ?? '')?.[1];
    return bearer !== undefined && secretsEqual(bearer, options.managerToken);
  };
  return (req, res) => {
    if (req.url === '/_local/redrive' && req.method === 'POST') {
      // SQS's redrive, locally: dead letters back to the queue. Manager token required even on loopback.
      if (!isManager(req)) json(res, 401, { message: 'Unauthorized' });
      else json(res, 200, { redriven: options.invitations.redrive() });
      return true;
    }
    if (options.sendDigestNow && req.url === '/_local/digest' && req.method === 'POST') {
      // The digest now, whatever its schedule; manager token required, as for the redrive.
      if (!isManager(req)) json(res, 401, { message: 'Unauthorized' });
      else
        options.sendDigestNow().then(
          (outcome) => json(res, 200, outcome),
          (error: unknown) => json(res, 502, { message: `The digest failed: ${error instanceof Error ? error.message : String(error)}` }),
        );
      return true;
    }
    if (options.control && req.url === '/_local/control') {
      const control = options.control;
      const refuse = () => json(res, 400, { message: 'The control request must be a JSON object' });
      void readJson(req).then(
        (body) => (typeof body === 'object' && body !== null && !Array.isArray(body) ? json(res, 200, control(body as ControlRequest)) : refuse()),
        refuse,
      );
      return true;
    }
    if (req.url === '/_local/settled') {
      void options.settled().then(() => json(res, 200, { settled: true }));
      return true;
    }
    if (req.url === '/health') {
      json(res, 200, { ok: true });
      return true;
    }
    return false;
  };
}
