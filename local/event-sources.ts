// What feeds the functions besides the API, as in AWS: the queues, EventBridge's two rules and their queued targets,
// Lambda's SQS event-source mappings, the table stream's two readers (local/stream-poller.ts), and the daily anomaly
// run's schedule (local/schedule.ts).
import { resolve } from 'node:path';
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { DynamoDBBatchResponse, DynamoDBRecord, DynamoDBStreamEvent, EventBridgeEvent, SQSBatchResponse, SQSEvent, SQSRecord } from 'aws-lambda';
import { isAggregated } from '../functions/aggregates/changes.js';
import { isFollowed } from '../functions/alerts/stream-handler-contract.js';
import { INTERACTION_EVENT, SES_FEEDBACK_EVENT } from '../functions/routes.js';
import { nowMs } from '../functions/shared/clock.js';
import { ATTEMPT_DEADLINE_MS, WEBHOOK_MAX_ATTEMPTS, WEBHOOK_MAX_CONCURRENCY } from '../functions/webhooks/webhook-queue.js';
import { newEventId, type EmulatorOptions } from './aws-emulator.js';
import { DEFAULT_SES_SEND_RATE, mailerConcurrencyFor } from '../lib/settings.js';
import { LocalQueue, pollQueue, type QueuedMessage, type QueueOptions } from './local-queue.js';
import { pollStream } from './stream-poller.js';
import { startSchedule } from './schedule.js';
import { nextAnomalyRun } from '../functions/anomalies/anomaly-schedule.js';
import { TABLE_NAME } from './table.js';

export const EVENT_BUS_NAME = 'feedback-interactions';

export type SqsTarget = (event: SQSEvent) => Promise<SQSBatchResponse>;
export type EventBridgeTarget = (event: EventBridgeEvent<string, unknown>) => Promise<void>;
export type StreamTarget = (event: DynamoDBStreamEvent) => Promise<DynamoDBBatchResponse>;

export interface LocalQueues {
  invitations: LocalQueue;
  /** Interaction Completed events on their way to ingest (EventBridge holds and retries its deliveries). */
  events: LocalQueue;
  /** SES bounces and complaints on their way to the suppression function. */
  sesFeedback: LocalQueue;
  webhooks: LocalQueue;
}

/** The queues, kept under the data folder so that they survive a restart. */
export function openQueues(dataDir: string, visibilityTimeoutMs: number): LocalQueues {
  const open = (name: string, options: Partial<QueueOptions> = {}) =>
    new LocalQueue(name, { dir: resolve(dataDir, 'queues', name), visibilityTimeoutMs, maxReceiveCount: 5, ...options });
  return {
    invitations: open('invitations'),
    events: open('interaction-events'),
    sesFeedback: open('ses-feedback'),
    // Several pollers share this queue: a message stays hidden longer than one attempt may take (its deadline, twice),
    // so that no second poller takes it while the first is still at it (in AWS: six times the function's timeout).
    webhooks: open('webhooks', { visibilityTimeoutMs: Math.max(visibilityTimeoutMs, 2 * ATTEMPT_DEADLINE_MS), maxReceiveCount: WEBHOOK_MAX_ATTEMPTS }),
  };
}

/** EventBridge's rules and the scheduler's one target, for the local SQS/EventBridge endpoint. */
export function eventRouting(queues: LocalQueues): Pick<EmulatorOptions, 'putEvent' | 'schedule'> {
  return {
    putEvent: (entry) => {
      const id = newEventId();
      const stored = JSON.stringify({ id, source: entry.Source, detailType: entry.DetailType, detail: entry.Detail });
      // The two rules: Interaction Completed on our bus goes to ingest; SES bounces and complaints (default bus) to
      // the suppression function. Both durably queued first, as EventBridge holds and retries its deliveries.
      if (entry.DetailType === INTERACTION_EVENT.detailType && (entry.EventBusName ?? 'default').endsWith(EVENT_BUS_NAME)) queues.events.send(stored);
      if (entry.Source === SES_FEEDBACK_EVENT.source && (SES_FEEDBACK_EVENT.detailTypes as readonly string[]).includes(entry.DetailType ?? ''))
        queues.sesFeedback.send(stored);
      return id;
    },
    schedule: (_name, at, targetArn, input) => {
      const queue = targetArn.endsWith(`:${queues.invitations.name}`) ? queues.invitations : undefined;
      if (!queue) throw new Error(`No local queue for schedule target ${targetArn}`);
      queue.send(input, Math.max(0, at.getTime() - nowMs()));
    },
  };
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

/** Lambda's SQS event-source mapping: batches of up to ten, the batch item failures go back to the queue. */
export function pollSqsTarget(queue: LocalQueue, target: SqsTarget): { stop: () => Promise<void> } {
  return pollQueue(
    queue,
    async (batch) => (await target({ Records: batch.map((m) => sqsRecord(queue.name, m)) })).batchItemFailures.map((f) => f.itemIdentifier),
    { batchSize: 10, idleMs: 250 },
  );
}

/** An EventBridge rule's target: one event per invocation; one that throws stays queued for a retry. */
export function pollEventBridgeTarget(queue: LocalQueue, target: EventBridgeTarget): { stop: () => Promise<void> } {
  return pollQueue(
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
}

export interface EventSourceFunctions {
  delivery: SqsTarget;
  ingestEvents: EventBridgeTarget;
  suppression: EventBridgeTarget;
  aggregator: StreamTarget;
  followUp: StreamTarget;
  webhookDelivery: SqsTarget;
  /** Invoked by the scheduler, once a day on the stack's clock. */
  anomalyJob: () => Promise<unknown>;
}

export interface EventSourceOptions {
  queues: LocalQueues;
  functions: EventSourceFunctions;
  /** The stream pollers read DynamoDB Local directly, as AWS's side does (never through a fault proxy). */
  dynamodb: DynamoDBClient;
  dynamodbUrl: string;
  dataDir: string;
}

export interface EventSources {
  /** Resolves once every message due is delivered and every table change read (tests wait on it, never sleep). */
  settled(): Promise<void>;
  /** The aggregator's stream reader: where it is and what last failed. */
  aggregatorStream(): Record<string, unknown>;
  stop(): Promise<void>;
}

export function startEventSources({ queues, functions, dynamodb, dynamodbUrl, dataDir }: EventSourceOptions): EventSources {
  /** A stream reader as its own event-source mapping: its own checkpoint and dead letters (names kept across restarts). */
  const streamMapping = (prefix: '' | 'follow-up-', handler: StreamTarget, filter: (record: DynamoDBRecord) => boolean, batchSize: number) =>
    pollStream({
      dynamodb,
      endpoint: dynamodbUrl,
      tableName: TABLE_NAME,
      checkpointFile: resolve(dataDir, 'streams', `${prefix}checkpoints.json`),
      deadLetterFile: resolve(dataDir, 'streams', `${prefix}dead-letters.jsonl`),
      handler,
      filter,
      batchSize,
    });
  const pollers: Array<{ stop: () => Promise<void> }> = [];
  const stop = async () => {
    for (const poller of pollers.reverse()) await poller.stop();
  };
  // As many mailer instances as AWS runs at SES's default send rate (the queue never hands one message to two of them).
  for (let i = 0; i < mailerConcurrencyFor(DEFAULT_SES_SEND_RATE); i++) pollers.push(pollSqsTarget(queues.invitations, functions.delivery));
  pollers.push(pollEventBridgeTarget(queues.events, functions.ingestEvents));
  pollers.push(pollEventBridgeTarget(queues.sesFeedback, functions.suppression));
  const aggregatorPoller = streamMapping('', functions.aggregator, isAggregated, 100);
  pollers.push(aggregatorPoller);
  // The stream's second reader, as in AWS: its own mapping, checkpoint and dead letters, answers and alerts only.
  const followUpPoller = streamMapping('follow-up-', functions.followUp, isFollowed, 50);
  pollers.push(followUpPoller);
  // As many webhook pollers as AWS runs batches at once: a slow subscriber holds up its own batch, not the queue.
  for (let i = 0; i < WEBHOOK_MAX_CONCURRENCY; i++) pollers.push(pollSqsTarget(queues.webhooks, functions.webhookDelivery));
  // The daily anomaly run; a failed run is not retried locally (the schedule's retries are AWS's), the next day's runs.
  const anomalyRun = startSchedule({
    nextRun: nextAnomalyRun,
    run: () => functions.anomalyJob(),
    onError: (error) => console.error('The anomaly run failed:', error),
  });
  pollers.push(anomalyRun);

  // Messages due later (a send delay, a reminder) do not hold `settled` up: only what is due now.
  const due = (q: LocalQueue) => q.depth().visible + q.depth().inFlight - q.delayed();
  const busy = () => Object.values(queues).some((queue) => due(queue) > 0);
  return {
    settled: async () => {
      // The follow-up reader queues webhook deliveries from the stream: settled once queues and streams are quiet together.
      // A due anomaly run first: the anomalies it stores reach the follow-up reader through the stream.
      do {
        await anomalyRun.idle();
        while (busy()) await new Promise((r) => setTimeout(r, 50));
        await aggregatorPoller.idle();
        await followUpPoller.idle();
      } while (busy());
    },
    aggregatorStream: () => aggregatorPoller.stats(),
    stop,
  };
}
