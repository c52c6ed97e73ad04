// The whole platform on one machine: DynamoDB Local, the SES emulator, the local SQS/EventBridge endpoint,
// the local API Gateway, and the event sources that feed the same Lambda handlers as in AWS.
import { randomBytes, randomUUID } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import type { IncomingMessage, Server } from 'node:http';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { CreateTableCommand, DescribeTableCommand, DynamoDBClient, ResourceNotFoundException, UpdateTableCommand, UpdateTimeToLiveCommand } from '@aws-sdk/client-dynamodb';
import type { DynamoDBBatchResponse, DynamoDBStreamEvent, EventBridgeEvent, SQSBatchResponse, SQSEvent, SQSRecord } from 'aws-lambda';
import { isAggregated } from '../functions/aggregates/changes.js';
import { isFollowed } from '../functions/alerts/stream-handler-contract.js';
import { ATTEMPT_DEADLINE_MS, WEBHOOK_MAX_ATTEMPTS, WEBHOOK_MAX_CONCURRENCY } from '../functions/webhooks/webhook-queue.js';
import { pollStream } from './stream-poller.js';
import type { ChildProcess } from 'node:child_process';
import { FUNCTIONS, INTERACTION_EVENT, ROUTES, SES_FEEDBACK_EVENT, THROTTLE, type FunctionName } from '../functions/routes.js';
import { advanceClock, nowMs } from '../functions/shared/clock.js';
import { logSink } from '../functions/shared/logger.js';
import { secretsEqual } from '../functions/shared/secrets.js';
import { startFaultProxy, type FaultSettings } from './fault-proxy.js';
import { INDEX, TABLE } from '../functions/store/keys.js';
import { startApiServer } from './api-server.js';
import { dashboardFiles } from './dashboard-files.js';
import { DASHBOARD_BUILD_DIR } from '../dashboard/headers.js';
import { newEventId, startAwsEmulator } from './aws-emulator.js';
import { LocalQueue, pollQueue, type QueuedMessage } from './local-queue.js';

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
export const TABLE_NAME = 'feedback';
export const EVENT_BUS_NAME = 'feedback-interactions';

async function importHandler<T>(name: FunctionName): Promise<T> {
  const module = (await import(pathToFileURL(resolve(ROOT, FUNCTIONS[name].entry)).href)) as { handler: T };
  return module.handler;
}

async function waitFor(what: string, check: () => Promise<unknown>, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      await check();
      return;
    } catch (error) {
      if (Date.now() > deadline) throw new Error(`${what} did not start within ${timeoutMs / 1000}s: ${(error as Error).message}`);
      await new Promise((r) => setTimeout(r, 200));
    }
  }
}

const indexes = Object.values(INDEX).map((index) => ({
  IndexName: index.name,
  KeySchema: [
    { AttributeName: index.partitionKey, KeyType: 'HASH' as const },
    { AttributeName: index.sortKey, KeyType: 'RANGE' as const },
  ],
  Projection: { ProjectionType: 'ALL' as const },
}));
const indexAttributes = Object.values(INDEX).flatMap((index) => [
  { AttributeName: index.partitionKey, AttributeType: 'S' as const },
  { AttributeName: index.sortKey, AttributeType: 'S' as const },
]);

/** The table as the CDK app defines it: same keys, indexes, stream, TTL. */
export async function ensureTable(client: DynamoDBClient, tableName: string): Promise<void> {
  try {
    const { Table } = await client.send(new DescribeTableCommand({ TableName: tableName }));
    // A data folder from before an index existed: add it, as a CDK deployment would (one index per update).
    for (const index of indexes) {
      if (Table?.GlobalSecondaryIndexes?.some((i) => i.IndexName === index.IndexName)) continue;
      await client.send(new UpdateTableCommand({ TableName: tableName, AttributeDefinitions: indexAttributes, GlobalSecondaryIndexUpdates: [{ Create: index }] }));
    }
    return;
  } catch (error) {
    if (!(error instanceof ResourceNotFoundException)) throw error;
  }
  await client.send(
    new CreateTableCommand({
      TableName: tableName,
      BillingMode: 'PAY_PER_REQUEST',
      AttributeDefinitions: [
        { AttributeName: TABLE.partitionKey, AttributeType: 'S' },
        { AttributeName: TABLE.sortKey, AttributeType: 'S' },
        ...indexAttributes,
      ],
      KeySchema: [
        { AttributeName: TABLE.partitionKey, KeyType: 'HASH' },
        { AttributeName: TABLE.sortKey, KeyType: 'RANGE' },
      ],
      StreamSpecification: { StreamEnabled: true, StreamViewType: 'NEW_AND_OLD_IMAGES' },
      GlobalSecondaryIndexes: indexes,
    }),
  );
  await client.send(new UpdateTimeToLiveCommand({ TableName: tableName, TimeToLiveSpecification: { Enabled: true, AttributeName: TABLE.ttlAttribute } }));
}

function sqsRecord(queueName: string, message: QueuedMessage): SQSRecord {
  return {
    messageId: message.id,
    receiptHandle: message.id,
    body: message.body,
    attributes: {
      ApproximateReceiveCount: String(message.receiveCount),
      SentTimestamp: String(message.sentAt),
      SenderId: 'local',
      ApproximateFirstReceiveTimestamp: String(Date.now()),
    },
    messageAttributes: {},
    md5OfBody: '',
    eventSource: 'aws:sqs',
    eventSourceARN: `arn:aws:sqs:local:000000000000:${queueName}`,
    awsRegion: 'local',
  };
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
    const { spawnDynamoDbLocal } = await import('./dynamodb-local.js');
    const dbPath = options.inMemoryDatabase ? undefined : resolve(options.dataDir, 'dynamodb');
    if (dbPath) mkdirSync(dbPath, { recursive: true });
    const dynamo: ChildProcess = spawnDynamoDbLocal({ port: options.dynamodbPort, ...(dbPath ? { path: dbPath } : {}) });
    let dynamoExit: string | undefined;
    dynamo.on('error', (error) => (dynamoExit = error.message));
    dynamo.on('exit', (code) => (dynamoExit ??= `exited with code ${code}`));
    stops.push(
      () =>
        new Promise<void>((done) => {
          if (dynamo.exitCode !== null) return done();
          dynamo.once('exit', () => done());
          dynamo.kill('SIGTERM');
        }),
    );

    process.env.AWS_REGION ??= 'us-east-1';
    process.env.AWS_ACCESS_KEY_ID ??= 'local';
    process.env.AWS_SECRET_ACCESS_KEY ??= 'local';
    const admin = new DynamoDBClient({ endpoint: dynamodbUrl, maxAttempts: 1 });
    await waitFor('DynamoDB Local', async () => {
      if (dynamoExit) throw new Error(`DynamoDB Local ${dynamoExit} (it needs Java 17 or newer on the PATH)`);
      await ensureTable(admin, TABLE_NAME);
    });
    say(`DynamoDB Local   ${dynamodbUrl}  (table ${TABLE_NAME})`);

    // 2. The SES emulator and its web viewer.
    const { default: startSes } = await import('aws-ses-v2-local');
    const ses: Server = await startSes({ port: options.sesPort, host: '127.0.0.1' });
    stops.push(() => new Promise<void>((done) => ses.close(() => done())));
    say(`SES emulator     http://localhost:${options.sesPort}  (every email sent)`);

    // Under test controls the functions reach DynamoDB and SES through fault proxies; the stream poller (AWS's side) does not.
    const proxies = options.controls ? { dynamodb: await startFaultProxy(dynamodbUrl), ses: await startFaultProxy(sesUrl) } : undefined;
    if (proxies) for (const proxy of Object.values(proxies)) stops.push(() => new Promise<void>((done) => (proxy.server.closeAllConnections(), proxy.server.close(() => done()))));
    const logLines: string[] = [];
    // Under test controls the functions' log lines are kept for the tests (the no-personal-data check), not printed.
    if (options.controls) logSink.write = (_level, line) => void (logLines.length < 50_000 && logLines.push(line));

    // 3. Queues and the local SQS/EventBridge endpoint.
    const queueOptions = { visibilityTimeoutMs: options.visibilityTimeoutMs ?? 30_000, maxReceiveCount: 5 };
    const invitations = new LocalQueue('invitations', { dir: resolve(options.dataDir, 'queues', 'invitations'), ...queueOptions });
    const events = new LocalQueue('interaction-events', { dir: resolve(options.dataDir, 'queues', 'interaction-events'), ...queueOptions });
    const sesFeedback = new LocalQueue('ses-feedback', { dir: resolve(options.dataDir, 'queues', 'ses-feedback'), ...queueOptions });
    // Several pollers share this queue: a message stays hidden longer than one attempt may take (its deadline, twice),
    // so that no second poller takes it while the first is still at it (in AWS: six times the function's timeout).
    const webhooks = new LocalQueue('webhooks', {
      dir: resolve(options.dataDir, 'queues', 'webhooks'),
      ...queueOptions,
      visibilityTimeoutMs: Math.max(queueOptions.visibilityTimeoutMs, 2 * ATTEMPT_DEADLINE_MS),
      maxReceiveCount: WEBHOOK_MAX_ATTEMPTS,
    });
    const emulator = await startAwsEmulator({
      port: options.emulatorPort,
      queues: new Map([
        [invitations.name, invitations],
        [webhooks.name, webhooks],
      ]),
      putEvent: (entry) => {
        const id = newEventId();
        const stored = JSON.stringify({ id, source: entry.Source, detailType: entry.DetailType, detail: entry.Detail });
        // The two rules: Interaction Completed on our bus goes to ingest; SES bounces and complaints (default bus) to
        // the suppression function. Both durably queued first, as EventBridge holds and retries its deliveries.
        if (entry.DetailType === INTERACTION_EVENT.detailType && (entry.EventBusName ?? 'default').endsWith(EVENT_BUS_NAME)) events.send(stored);
        if (entry.Source === SES_FEEDBACK_EVENT.source && (SES_FEEDBACK_EVENT.detailTypes as readonly string[]).includes(entry.DetailType ?? '')) sesFeedback.send(stored);
        return id;
      },
      schedule: (_name, at, targetArn, input) => {
        const queue = targetArn.endsWith(`:${invitations.name}`) ? invitations : undefined;
        if (!queue) throw new Error(`No local queue for schedule target ${targetArn}`);
        queue.send(input, Math.max(0, at.getTime() - nowMs()));
      },
    });
    stops.push(() => new Promise<void>((done) => emulator.server.close(() => done())));

    // 4. The functions' configuration, as the CDK app sets it, then the functions themselves.
    Object.assign(process.env, {
      TABLE_NAME,
      DYNAMODB_ENDPOINT: proxies?.dynamodb.url ?? dynamodbUrl,
      SES_ENDPOINT: proxies?.ses.url ?? sesUrl,
      SQS_ENDPOINT: emulator.url,
      QUEUE_URL: `${emulator.url}/000000000000/${invitations.name}`,
      QUEUE_ARN: `arn:aws:sqs:local:000000000000:${invitations.name}`,
      SCHEDULER_ENDPOINT: emulator.url,
      SCHEDULER_ROLE_ARN: 'arn:aws:iam::000000000000:role/local-scheduler',
      SCHEDULER_GROUP: 'feedback-invitations',
      PUBLIC_BASE_URL: process.env.PUBLIC_BASE_URL ?? `http://localhost:${options.port}`,
      SENDER_EMAIL: options.senderEmail ?? 'surveys@example.com',
      BRAND_NAME: options.brandName ?? 'Example Co',
      INGEST_API_KEY: options.ingestApiKey,
      SURVEY_TTL_DAYS: process.env.SURVEY_TTL_DAYS ?? '30',
      DASHBOARD_URL: process.env.DASHBOARD_URL ?? `${process.env.PUBLIC_BASE_URL ?? `http://localhost:${options.port}`}/dashboard/`,
      WEBHOOK_QUEUE_URL: `${emulator.url}/000000000000/${webhooks.name}`,
      // Back-off between webhook tries: the queue's visibility timeout, doubling (1 s, 2 s, 4 s... in the tests).
      WEBHOOK_RETRY_BASE_SECONDS: String(Math.max(1, Math.round(queueOptions.visibilityTimeoutMs / 1000))),
      // Locally a developer's receiver is on loopback; in AWS only https to public addresses (functions/webhooks/url-policy.ts).
      WEBHOOK_ALLOW_LOOPBACK: 'true',
      // Edits of one answer within this window reach subscribers once, as the latest (60 s in AWS; short for a developer).
      WEBHOOK_COALESCE_SECONDS: '2',
    });

    type Handler = (event: never, context?: never) => Promise<unknown>;
    const importFunction = async <H extends (...args: never[]) => Promise<unknown>>(name: FunctionName): Promise<H> => {
      const handler = await importHandler<H>(name);
      return options.wrapHandler ? options.wrapHandler(name, handler) : handler;
    };
    const deliver = await importFunction<(event: SQSEvent) => Promise<SQSBatchResponse>>('delivery');
    const ingestEvent = await importFunction<(event: EventBridgeEvent<string, unknown>) => Promise<void>>('ingestEvents');
    const aggregator = await importFunction<(event: DynamoDBStreamEvent) => Promise<DynamoDBBatchResponse>>('aggregator');
    let aggregatorCrashes = 0;
    // An injected crash: the function folds the first half of a batch, then dies; the mapping retries the whole batch.
    const aggregate = async (event: DynamoDBStreamEvent) => {
      if (aggregatorCrashes > 0 && event.Records.length >= 2) {
        aggregatorCrashes--;
        await aggregator({ Records: event.Records.slice(0, Math.ceil(event.Records.length / 2)) });
        throw new Error('Injected: the aggregator died half-way through a batch');
      }
      return aggregator(event);
    };

    // 5. Event sources, as Lambda's event-source mappings and EventBridge's rule target deliver them.
    const invitationPoller = pollQueue(
      invitations,
      async (batch) => {
        const response = await deliver({ Records: batch.map((m) => sqsRecord(invitations.name, m)) });
        return response.batchItemFailures.map((f) => f.itemIdentifier);
      },
      { batchSize: 10, idleMs: 250 },
    );
    stops.push(() => invitationPoller.stop());
    const suppress = await importFunction<(event: EventBridgeEvent<string, unknown>) => Promise<void>>('suppression');
    for (const [queue, target] of [
      [events, ingestEvent],
      [sesFeedback, suppress],
    ] as const) {
      const poller = pollQueue(
        queue,
        async (batch) => {
          const failed: string[] = [];
          for (const message of batch) {
            const stored = JSON.parse(message.body) as { id: string; source: string; detailType: string; detail: string };
            try {
              await target({
                version: '0',
                id: stored.id,
                'detail-type': stored.detailType,
                source: stored.source,
                account: '000000000000',
                time: new Date(message.sentAt).toISOString(),
                region: process.env.AWS_REGION ?? 'us-east-1',
                resources: [],
                detail: JSON.parse(stored.detail) as unknown,
              });
            } catch {
              failed.push(message.id);
            }
          }
          return failed;
        },
        { batchSize: 1, idleMs: 250 },
      );
      stops.push(() => poller.stop());
    }
    const streamPoller = pollStream({
      dynamodb: admin,
      endpoint: dynamodbUrl,
      tableName: TABLE_NAME,
      checkpointFile: resolve(options.dataDir, 'streams', 'checkpoints.json'),
      deadLetterFile: resolve(options.dataDir, 'streams', 'dead-letters.jsonl'),
      handler: aggregate,
      filter: isAggregated,
      batchSize: 100,
    });
    stops.push(() => streamPoller.stop());
    // The stream's second reader, as in AWS: its own mapping, checkpoint and dead letters, answers and alerts only.
    const followUp = await importFunction<(event: DynamoDBStreamEvent) => Promise<DynamoDBBatchResponse>>('followUp');
    const followUpPoller = pollStream({
      dynamodb: admin,
      endpoint: dynamodbUrl,
      tableName: TABLE_NAME,
      checkpointFile: resolve(options.dataDir, 'streams', 'follow-up-checkpoints.json'),
      deadLetterFile: resolve(options.dataDir, 'streams', 'follow-up-dead-letters.jsonl'),
      handler: followUp,
      filter: isFollowed,
      batchSize: 50,
    });
    stops.push(() => followUpPoller.stop());
    const deliverWebhooks = await importFunction<(event: SQSEvent) => Promise<SQSBatchResponse>>('webhookDelivery');
    // As many pollers as AWS runs batches at once: a slow subscriber holds up its own batch, not the queue.
    for (let i = 0; i < WEBHOOK_MAX_CONCURRENCY; i++) {
      const webhookPoller = pollQueue(
        webhooks,
        async (batch) => (await deliverWebhooks({ Records: batch.map((m) => sqsRecord(webhooks.name, m)) })).batchItemFailures.map((f) => f.itemIdentifier),
        { batchSize: 10, idleMs: 250 },
      );
      stops.push(() => webhookPoller.stop());
    }

    /** Every queued message delivered and every table change folded into the aggregates. */
    const settled = async () => {
      // Messages due later (a send delay, a reminder) do not hold this up: only what is due now.
      const due = (q: LocalQueue) => q.depth().visible + q.depth().inFlight - q.delayed();
      const busy = () => due(invitations) > 0 || due(events) > 0 || due(sesFeedback) > 0 || due(webhooks) > 0;
      // The follow-up reader queues webhook deliveries from the stream: settled once queues and streams are quiet together.
      do {
        while (busy()) await new Promise((r) => setTimeout(r, 50));
        await streamPoller.idle();
        await followUpPoller.idle();
      } while (busy());
    };

    // 6. The local API Gateway.
    const handlers: Partial<Record<FunctionName, Handler>> = {};
    for (const name of new Set(ROUTES.map((r) => r.fn))) handlers[name] = await importFunction<Handler>(name);
    const throttle = structuredClone(THROTTLE);
    const overrideThrottle = ({ edge, ...classes }: ThrottleOverride) => {
      Object.assign(throttle, classes);
      Object.assign(throttle.edge, edge);
    };
    if (options.throttle) overrideThrottle(options.throttle);
    const control = async (body: ControlRequest) => {
      if (body.throttle) overrideThrottle(body.throttle);
      if (body.dynamodb) proxies?.dynamodb.set(body.dynamodb);
      if (body.ses) proxies?.ses.set(body.ses);
      if (body.aggregatorCrashes !== undefined) aggregatorCrashes = body.aggregatorCrashes;
      if (body.clearLogs) logLines.length = 0;
      if (body.advanceClockMs) advanceClock(body.advanceClockMs);
      return {
        dynamodb: proxies?.dynamodb.stats(),
        ses: proxies?.ses.stats(),
        aggregatorCrashesLeft: aggregatorCrashes,
        stream: streamPoller.stats(),
        queues: { events: events.depth(), sesFeedback: sesFeedback.depth() },
        invitations: { ...invitations.depth(), dead: invitations.deadLetters().length },
        logLines: body.withLogs ? logLines : undefined,
      };
    };
    // The CX dashboard, built by scripts/build-dashboard.ts, on the API's own origin (so its CSP allows 'self' only).
    const dashboard = dashboardFiles({ dir: resolve(ROOT, DASHBOARD_BUILD_DIR) });
    const api = await startApiServer({
      throttle,
      // Tests play several customers from one machine by naming their address; npm start trusts only the connection.
      trustForwardedFor: options.controls ?? false,
      port: options.port,
      handlers: handlers as never,
      apiKeyAuthorizer: await importFunction('apiKeyAuthorizer'),
      managerToken: options.managerToken,
      extras: (req, res) => {
        if (dashboard(req, res)) return true;
        if (req.url === '/_local/redrive' && req.method === 'POST') {
          // SQS's redrive, locally: dead letters back to the queue. Manager token required even on loopback.
          const bearer = /^Bearer (.+)$/i.exec(req.headers.authorization ?? '')?.[1];
          if (!bearer || !secretsEqual(bearer, options.managerToken)) {
            res.writeHead(401, { 'content-type': 'application/json' }).end(JSON.stringify({ message: 'Unauthorized' }));
          } else {
            res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ redriven: invitations.redrive() }));
          }
          return true;
        }
        if (options.controls && req.url === '/_local/control') {
          void readJson(req).then(async (body) => res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(await control(body as ControlRequest))));
          return true;
        }
        if (req.url === '/_local/settled') {
          void settled().then(() => res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ settled: true })));
          return true;
        }
        if (req.url === '/health') {
          res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ ok: true }));
          return true;
        }
        return false;
      },
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
      queues: { invitations, events },
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

/** Some route classes' buckets, some edge rules' limits; the rest stay as they are. */
export type ThrottleOverride = Partial<Omit<typeof THROTTLE, 'edge'>> & { edge?: Partial<(typeof THROTTLE)['edge']> };

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

async function readJson(req: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  const text = Buffer.concat(chunks).toString('utf8');
  return text ? JSON.parse(text) : {};
}

/** A secret for the local stack when none is given: 256 random bits. */
export const newLocalSecret = () => randomBytes(32).toString('base64url');
export const localRunId = () => randomUUID().slice(0, 8);
