// The whole platform on one machine: DynamoDB Local, the SES emulator, the local SQS/EventBridge endpoint,
// the local API Gateway, and the event sources that feed the same Lambda handlers as in AWS. This file starts them
// in order and stops them in reverse; the table, the event sources, the controls and the functions' configuration
// are each in their own file (table.ts, event-sources.ts, controls.ts, environment.ts).
import { randomBytes, randomUUID } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import type { Server } from 'node:http';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { FUNCTIONS, ROUTES, THROTTLE, type FunctionName } from '../functions/routes.js';
import { startApiServer } from './api-server.js';
import { dashboardFiles } from './dashboard-files.js';
import { DASHBOARD_BUILD_DIR } from '../dashboard/headers.js';
import { startAwsEmulator } from './aws-emulator.js';
import { applyControl, crashInjection, localEndpoints, overrideThrottle, startTestControls, type ThrottleOverride } from './controls.js';
import { functionEnvironment, useLocalCredentials } from './environment.js';
import { nextHour, startSchedule } from './schedule.js';
import { eventRouting, openQueues, startEventSources, type EventBridgeTarget, type SqsTarget, type StreamTarget } from './event-sources.js';
import type { LocalQueue } from './local-queue.js';
import { ensureTable, TABLE_NAME } from './table.js';

export interface LocalStackOptions {
  port: number;
  dynamodbPort: number;
  sesPort: number;
  emulatorPort: number;
  /** Where DynamoDB Local and the queues keep their data; they survive a restart. */
  dataDir: string;
  /** Keep DynamoDB Local in memory (tests): faster, gone on stop. */
  inMemoryDatabase?: boolean;
  ingestApiKey: string;
  managerToken: string;
  brandName?: string;
  senderEmail?: string;
  /** SQS visibility timeout of the local queues: how long a failed delivery waits before its retry. */
  visibilityTimeoutMs?: number;
  /**
   * Test controls: fault-injecting proxies between the functions and DynamoDB Local / the SES emulator, an injected
   * aggregator crash, adjustable throttling and captured log lines, steered through /_local/control. Never for npm start.
   */
  controls?: boolean;
  /** Called with each line the stack itself wants to say (not the functions' logs). */
  say?: (line: string) => void;
  /** Throttling per route class and edge rule instead of THROTTLE's (the benchmark measures capacity, not the configured limits). */
  throttle?: ThrottleOverride;
  /** Wraps each function's handler as it is loaded: the benchmark times invocations and attributes calls with it. */
  wrapHandler?: <H extends (...args: never[]) => Promise<unknown>>(name: FunctionName, handler: H) => H;
}

export interface LocalStack {
  apiUrl: string;
  sesUrl: string;
  dynamodbUrl: string;
  emulatorUrl: string;
  tableName: string;
  queues: { invitations: LocalQueue; events: LocalQueue };
  /** Resolves once every queued message is delivered and every table change folded (tests wait on it, never sleep). */
  settled(): Promise<void>;
  stop(): Promise<void>;
}

const ROOT = resolve(import.meta.dirname, '..');

async function importHandler<T>(name: FunctionName): Promise<T> {
  const module = (await import(pathToFileURL(resolve(ROOT, FUNCTIONS[name].entry)).href)) as { handler: T };
  return module.handler;
}

export async function startLocalStack(options: LocalStackOptions): Promise<LocalStack> {
  const say = options.say ?? (() => undefined);
  const stops: Array<() => Promise<void> | void> = [];
  const stop = async () => {
    for (const fn of stops.reverse()) await fn();
  };

  try {
    mkdirSync(options.dataDir, { recursive: true });
    const dynamodbUrl = `http://127.0.0.1:${options.dynamodbPort}`;
    const sesUrl = `http://127.0.0.1:${options.sesPort}`;

    // 1. DynamoDB Local (Java) on 127.0.0.1 only, persisted under the data folder.
    const { startDynamoDbLocal } = await import('./dynamodb-local.js');
    const dbPath = options.inMemoryDatabase ? undefined : resolve(options.dataDir, 'dynamodb');
    if (dbPath) mkdirSync(dbPath, { recursive: true });
    const dynamo = await startDynamoDbLocal({ port: options.dynamodbPort, ...(dbPath ? { path: dbPath } : {}) });
    stops.push(() => dynamo.stop());

    useLocalCredentials();
    const admin = new DynamoDBClient({ endpoint: dynamodbUrl, maxAttempts: 1 });
    await ensureTable(admin, TABLE_NAME);
    say(`DynamoDB Local   ${dynamodbUrl}  (table ${TABLE_NAME})`);

    // 2. The SES emulator and its web viewer.
    const { default: startSes } = await import('aws-ses-v2-local');
    const ses: Server = await startSes({ port: options.sesPort, host: '127.0.0.1' });
    stops.push(() => new Promise<void>((done) => ses.close(() => done())));
    say(`SES emulator     http://localhost:${options.sesPort}  (every email sent)`);

    // Test controls only: fault proxies between the functions and the emulators, the functions' logs kept.
    const controls = options.controls ? await startTestControls({ dynamodb: dynamodbUrl, ses: sesUrl }) : undefined;
    if (controls) stops.push(() => controls.stop());

    // 3. Queues and the local SQS/EventBridge endpoint.
    const visibilityTimeoutMs = options.visibilityTimeoutMs ?? 30_000;
    const queues = openQueues(options.dataDir, visibilityTimeoutMs);
    const emulator = await startAwsEmulator({
      port: options.emulatorPort,
      queues: new Map([queues.invitations, queues.webhooks].map((queue) => [queue.name, queue])),
      ...eventRouting(queues),
    });
    stops.push(() => new Promise<void>((done) => emulator.server.close(() => done())));

    // 4. The functions' configuration, as the CDK app sets it, then the functions themselves.
    Object.assign(
      process.env,
      functionEnvironment({
        port: options.port,
        dynamodbUrl: controls?.proxies.dynamodb.url ?? dynamodbUrl,
        sesUrl: controls?.proxies.ses.url ?? sesUrl,
        emulatorUrl: emulator.url,
        invitationsQueue: queues.invitations.name,
        webhooksQueue: queues.webhooks.name,
        visibilityTimeoutMs,
        ingestApiKey: options.ingestApiKey,
        senderEmail: options.senderEmail,
        brandName: options.brandName,
      }),
    );
    const importFunction = async <H extends (...args: never[]) => Promise<unknown>>(name: FunctionName): Promise<H> => {
      const handler = await importHandler<H>(name);
      return options.wrapHandler ? options.wrapHandler(name, handler) : handler;
    };
    const delivery = await importFunction<SqsTarget>('delivery');
    const ingestEvents = await importFunction<EventBridgeTarget>('ingestEvents');
    const aggregator = crashInjection(await importFunction<StreamTarget>('aggregator'));
    const functions = {
      delivery,
      ingestEvents,
      aggregator: aggregator.handler,
      suppression: await importFunction<EventBridgeTarget>('suppression'),
      followUp: await importFunction<StreamTarget>('followUp'),
      webhookDelivery: await importFunction<SqsTarget>('webhookDelivery'),
      anomalyJob: await importFunction<() => Promise<unknown>>('anomalyJob'),
    };

    // 5. Event sources, as Lambda's event-source mappings and EventBridge's rule target deliver them.
    const eventSources = startEventSources({ queues, functions, dynamodb: admin, dynamodbUrl, dataDir: options.dataDir });
    stops.push(() => eventSources.stop());
    // The weekly digest's hourly schedule (EventBridge Scheduler in AWS), on the stack's clock.
    const digest = await importFunction<(event: { scheduledTime?: string; force?: boolean }) => Promise<unknown>>('digest');
    const hourly = startSchedule({
      nextRun: nextHour,
      run: (scheduledTime) => digest({ scheduledTime }),
      onError: (error) => console.error('The digest run failed:', error),
      tries: 3,
    });
    stops.push(() => hourly.stop());
    const settled = async () => {
      do {
        await hourly.idle();
        await eventSources.settled();
      } while (hourly.pending());
    };

    // 6. The local API Gateway.
    type Handler = (event: never, context?: never) => Promise<unknown>;
    const handlers: Partial<Record<FunctionName, Handler>> = {};
    for (const name of new Set(ROUTES.map((r) => r.fn))) handlers[name] = await importFunction<Handler>(name);
    const throttle = structuredClone(THROTTLE);
    if (options.throttle) overrideThrottle(throttle, options.throttle);
    // The CX dashboard, built by scripts/build-dashboard.ts, on the API's own origin (so its CSP allows 'self' only).
    const dashboard = dashboardFiles({ dir: resolve(ROOT, DASHBOARD_BUILD_DIR) });
    const endpoints = localEndpoints({
      managerToken: options.managerToken,
      invitations: queues.invitations,
      settled,
      sendDigestNow: () => digest({ force: true }),
      control: controls
        ? (body) => applyControl({ throttle, controls, crashes: aggregator.crashes, aggregatorStream: eventSources.aggregatorStream, queues }, body)
        : undefined,
    });
    const api = await startApiServer({
      throttle,
      // Tests play several customers from one machine by naming their address; npm start trusts only the connection.
      trustForwardedFor: options.controls ?? false,
      port: options.port,
      handlers: handlers as never,
      apiKeyAuthorizer: await importFunction('apiKeyAuthorizer'),
      managerToken: options.managerToken,
      extras: (req, res) => dashboard(req, res) || endpoints(req, res),
    });
    stops.push(() => new Promise<void>((done) => api.server.close(() => done())));
    api.server.closeIdleConnections?.();
    say(`API              ${api.url}  (${ROUTES.length} routes: see docs/openapi.yaml)`);
    say(`Dashboard        ${api.url}/dashboard  (sign in with the manager token)`);

    return {
      apiUrl: api.url,
      sesUrl: `http://localhost:${options.sesPort}`,
      dynamodbUrl,
      emulatorUrl: emulator.url,
      tableName: TABLE_NAME,
      queues: { invitations: queues.invitations, events: queues.events },
      settled,
      stop: async () => {
        api.server.closeAllConnections?.();
        await stop();
      },
    };
  } catch (error) {
    await stop();
    throw error;
  }
}

/** A secret for the local stack when none is given: 256 random bits. */
export const newLocalSecret = () => randomBytes(32).toString('base64url');
export const localRunId = () => randomUUID().slice(0, 8);
