// Lambda's event-source mapping for a DynamoDB stream, on DynamoDB Local's own stream: batches in shard order,
// a checkpoint that survives restarts, a failed batch retried from the first change not applied, and after
// the last retry the change parked in a dead-letter file (Lambda's on-failure destination).
import { appendFileSync, existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { DescribeTableCommand, type DynamoDBClient } from '@aws-sdk/client-dynamodb';
import {
  DescribeStreamCommand,
  DynamoDBStreamsClient,
  ExpiredIteratorException,
  GetRecordsCommand,
  GetShardIteratorCommand,
  TrimmedDataAccessException,
  type _Record,
} from '@aws-sdk/client-dynamodb-streams';
import type { DynamoDBBatchResponse, DynamoDBRecord, DynamoDBStreamEvent } from 'aws-lambda';

export interface StreamPollerOptions {
  dynamodb: DynamoDBClient;
  endpoint: string;
  tableName: string;
  checkpointFile: string;
  deadLetterFile: string;
  handler: (event: DynamoDBStreamEvent) => Promise<DynamoDBBatchResponse>;
  /** Which records reach the handler (the mapping's filter criteria); the rest only move the checkpoint. */
  filter: (record: DynamoDBRecord) => boolean;
  batchSize?: number;
  idleMs?: number;
  maxRetries?: number;
}

interface Checkpoints {
  streamArn?: string;
  shards: Record<string, { after?: string; done?: boolean }>;
}

export function pollStream(options: StreamPollerOptions): { stop: () => Promise<void>; idle: () => Promise<void>; stats: () => Record<string, unknown> } {
  const streams = new DynamoDBStreamsClient({ endpoint: options.endpoint, region: process.env.AWS_REGION ?? 'us-east-1' });
  const batchSize = options.batchSize ?? 100;
  const idleMs = options.idleMs ?? 100;
  const maxRetries = options.maxRetries ?? 10;
  mkdirSync(dirname(options.checkpointFile), { recursive: true });
  let checkpoints: Checkpoints = existsSync(options.checkpointFile)
    ? (JSON.parse(readFileSync(options.checkpointFile, 'utf8')) as Checkpoints)
    : { shards: {} };
  const save = () => {
    writeFileSync(`${options.checkpointFile}.tmp`, JSON.stringify(checkpoints));
    renameSync(`${options.checkpointFile}.tmp`, options.checkpointFile);
  };

  let running = true;
  let pass = 0;
  let phase = 'starting';
  let lastError: string | undefined;
  let waiters: Array<{ after: number; resolve: () => void }> = [];
  const iterators = new Map<string, string | undefined>();

  async function iteratorFor(streamArn: string, shardId: string): Promise<string | undefined> {
    const after = checkpoints.shards[shardId]?.after;
    try {
      const { ShardIterator } = await streams.send(
        new GetShardIteratorCommand({
          StreamArn: streamArn,
          ShardId: shardId,
          ShardIteratorType: after ? 'AFTER_SEQUENCE_NUMBER' : 'TRIM_HORIZON',
          ...(after ? { SequenceNumber: after } : {}),
        }),
      );
      return ShardIterator;
    } catch (error) {
      if (error instanceof TrimmedDataAccessException) {
        delete checkpoints.shards[shardId]?.after;
        return iteratorFor(streamArn, shardId);
      }
      throw error;
    }
  }

  /** Delivers records until the handler accepts them all, retrying from the failed one; false if stopped first. */
  async function deliver(shardId: string, records: _Record[]): Promise<boolean> {
    let remaining = records;
    let retries = 0;
    while (remaining.length > 0 && running) {
      const event = { Records: remaining as unknown as DynamoDBRecord[] };
      let failedAt: string | undefined;
      try {
        const response = await options.handler(event);
        failedAt = response.batchItemFailures[0]?.itemIdentifier;
      } catch (error) {
        lastError = (error as Error).message;
        failedAt = remaining[0]!.dynamodb!.SequenceNumber;
      }
      const index =
        failedAt === undefined
          ? remaining.length
          : Math.max(
              0,
              remaining.findIndex((r) => r.dynamodb?.SequenceNumber === failedAt),
            );
      if (index > 0) {
        checkpoints.shards[shardId] = { after: remaining[index - 1]!.dynamodb!.SequenceNumber! };
        save();
      }
      remaining = remaining.slice(index);
      if (remaining.length === 0) return true;
      if (++retries > maxRetries) {
        const parked = remaining[0]!;
        appendFileSync(options.deadLetterFile, `${JSON.stringify(parked)}\n`);
        checkpoints.shards[shardId] = { after: parked.dynamodb!.SequenceNumber! };
        save();
        remaining = remaining.slice(1);
        retries = 0;
        continue;
      }
      await new Promise((resolve) => setTimeout(resolve, Math.min(2_000, 50 * 2 ** retries)));
    }
    return remaining.length === 0;
  }

  // DynamoDB Local counts the table's items on every DescribeTable (most of a second at 100,000 items, on the CPU the
  // functions need), so the stream's ARN is looked up once a minute and after any error, not on every pass.
  let described: { streamArn: string; at: number } | undefined;

  const loop = (async () => {
    while (running) {
      const thisPass = ++pass;
      let worked = false;
      try {
        if (!described || Date.now() - described.at > 60_000) {
          const table = await options.dynamodb.send(new DescribeTableCommand({ TableName: options.tableName }));
          const latest = table.Table?.LatestStreamArn;
          if (!latest) throw new Error(`Table ${options.tableName} has no stream`);
          described = { streamArn: latest, at: Date.now() };
        }
        const streamArn = described.streamArn;
        if (checkpoints.streamArn !== streamArn) checkpoints = { streamArn, shards: {} };
        const { StreamDescription } = await streams.send(new DescribeStreamCommand({ StreamArn: streamArn }));
        for (const shard of StreamDescription?.Shards ?? []) {
          const shardId = shard.ShardId!;
          if (checkpoints.shards[shardId]?.done || !running) continue;
          if (!iterators.has(shardId)) iterators.set(shardId, await iteratorFor(streamArn, shardId));
          const iterator = iterators.get(shardId);
          if (!iterator) continue;
          let page;
          phase = `reading ${shardId}`;
          try {
            page = await streams.send(new GetRecordsCommand({ ShardIterator: iterator, Limit: batchSize }));
          } catch (error) {
            if (error instanceof ExpiredIteratorException) {
              iterators.delete(shardId);
              continue;
            }
            throw error;
          }
          const records = page.Records ?? [];
          if (records.length > 0) {
            worked = true;
            const wanted = records.map(asLambdaRecord).filter((r) => options.filter(r as unknown as DynamoDBRecord));
            phase = `delivering ${wanted.length} of ${records.length}`;
            if (!(await deliver(shardId, wanted))) break;
            checkpoints.shards[shardId] = { after: records.at(-1)!.dynamodb!.SequenceNumber! };
            save();
          }
          if (page.NextShardIterator) iterators.set(shardId, page.NextShardIterator);
          else {
            iterators.delete(shardId);
            checkpoints.shards[shardId] = { ...checkpoints.shards[shardId], done: true };
            save();
          }
        }
      } catch {
        // DynamoDB Local is restarting or busy: try again shortly, from the checkpoint.
        described = undefined;
        iterators.clear();
        await new Promise((resolve) => setTimeout(resolve, 500));
      }
      if (!worked) {
        for (const waiter of waiters) if (thisPass > waiter.after) waiter.resolve();
        waiters = waiters.filter((waiter) => thisPass <= waiter.after);
        await new Promise((resolve) => setTimeout(resolve, idleMs));
      }
    }
  })();

  return {
    stop: async () => {
      running = false;
      await loop;
    },
    /** Resolves once the poller has found nothing new on any shard (tests wait on it instead of sleeping). */
    idle: () => new Promise<void>((resolve) => waiters.push({ after: pass, resolve })),
    stats: () => ({ pass, phase, waiting: waiters.length, lastError }),
  };
}

type AttributeValue = Record<string, unknown>;

/** DynamoDB Local's stream reads an empty map ({"M":{}}) back as {}, which Lambda's event never holds: give it its type again. */
function repair(value: AttributeValue): AttributeValue {
  if (Object.keys(value).length === 0) return { M: {} };
  if (value.M && typeof value.M === 'object')
    return { M: Object.fromEntries(Object.entries(value.M as Record<string, AttributeValue>).map(([k, v]) => [k, repair(v)])) };
  if (Array.isArray(value.L)) return { L: (value.L as AttributeValue[]).map(repair) };
  return value;
}

/** A stream record from DynamoDB Local as DynamoDB Streams, and so Lambda, deliver it (empty maps repaired in both images). */
export function asLambdaRecord(record: _Record): _Record {
  const image = (i: Record<string, unknown> | undefined) =>
    i ? Object.fromEntries(Object.entries(i).map(([k, v]) => [k, repair(v as AttributeValue)])) : undefined;
  if (!record.dynamodb) return record;
  return {
    ...record,
    dynamodb: { ...record.dynamodb, NewImage: image(record.dynamodb.NewImage) as never, OldImage: image(record.dynamodb.OldImage) as never },
  };
}
