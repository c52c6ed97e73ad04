// The cost of a report is a number of reads set by channels x periods (x counter shards), never by answers: the same
// channel report over the same 30 days reads exactly as much with 100 answers as with 10,000; over whole months it reads
// the months' rollups instead of their days.
import { randomUUID } from 'node:crypto';
import { DeleteTableCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { contributionOf, mergeDeltas, type TableChange } from '../../functions/aggregates/changes.js';
import { COUNTER_SHARDS, type Delta } from '../../functions/aggregates/counters.js';
import { DynamoDbAggregateStore } from '../../functions/aggregates/dynamodb-aggregate-store.js';
import { CHANNELS } from '../../functions/domain/channels.js';
import { channelReport } from '../../functions/reports/build-reports.js';
import { eachDay } from '../../functions/domain/utc-days.js';
import { ENTITY } from '../../functions/store/keys.js';
import { ensureTable } from '../../local/table.js';

const { dynamodbUrl } = inject('stack');
const clientConfig = { endpoint: dynamodbUrl, region: 'us-east-1', credentials: { accessKeyId: 'local', secretAccessKey: 'local' } };
const dynamodb = new DynamoDBClient(clientConfig);
const writer = DynamoDBDocumentClient.from(dynamodb);

const WINDOW = { from: '2024-05-01', to: '2024-05-30', granularity: 'day' as const };
const DAYS = eachDay(WINDOW.from, WINDOW.to);
/** One counter item per shard, channel and day: what a channel report may read at most. */
const CELLS = COUNTER_SHARDS * CHANNELS.length * DAYS.length;

/** Invitation `i` lands in one cell (shard, channel, day); consecutive invitations fill every cell before any repeats. */
const cellOf = (i: number) => ({
  shard: i % COUNTER_SHARDS,
  channel: CHANNELS[Math.floor(i / COUNTER_SHARDS) % CHANNELS.length]!,
  day: DAYS[Math.floor(i / (COUNTER_SHARDS * CHANNELS.length)) % DAYS.length]!,
});

/** The stream's changes of one survey, as the store writes them: sent, then (if answered) answered and its answer. */
function changesOfSurvey(i: number, answered: boolean): TableChange[] {
  const { channel, day } = cellOf(i);
  // No agent: the agent counters live in partitions of their own, which a channel report never reads; they would only slow the load.
  const survey = { surveyId: `s-${i}`, interactionId: `i-${i}`, customerId: `c-${i % 997}`, channel, sentAt: `${day}T08:00:00.000Z` };
  const invitation = { ...survey, type: ENTITY.invitation };
  const sent: TableChange = {
    sequenceNumber: `${i}-1`,
    eventName: 'MODIFY',
    oldImage: { ...invitation, delivery: 'sending', status: 'scheduled', sentAt: undefined },
    newImage: { ...invitation, delivery: 'sent', status: 'sent' },
  };
  if (!answered) return [sent];
  const at = `${day}T09:30:00.000Z`;
  return [
    sent,
    { sequenceNumber: `${i}-2`, eventName: 'MODIFY', oldImage: sent.newImage, newImage: { ...sent.newImage, status: 'answered', answeredAt: at } },
    {
      sequenceNumber: `${i}-3`,
      eventName: 'INSERT',
      newImage: {
        ...survey,
        type: ENTITY.answer,
        firstAnsweredAt: at,
        answeredAt: at,
        revision: 1,
        csat: 1 + (i % 5),
        nps: i % 11,
        ces: 1 + (i % 7),
        resolved: i % 3 !== 0,
      },
    },
  ];
}

/**
 * A table holding `invitations` sent invitations, `answers` of them answered, spread evenly over every cell. The
 * contributions (from contributionOf) of one shard and day go in summed, under one marker: a bulk load.
 */
async function tableWith(invitations: number, answers: number): Promise<string> {
  const tableName = `report-cost-${randomUUID()}`;
  // No stream: nothing here reads it, and DynamoDB Local's stream records (kept after the table is gone) slow every later write.
  await ensureTable(dynamodb, tableName, { stream: false });
  const answered = new Set(Array.from({ length: answers }, (_, k) => Math.floor((k * invitations) / answers)));
  const perCell = new Map<string, { shard: number; deltas: Delta[] }>();
  for (let i = 0; i < invitations; i++) {
    const { shard, day } = cellOf(i);
    const key = `${shard}#${day}`;
    const cell = perCell.get(key) ?? perCell.set(key, { shard, deltas: [] }).get(key)!;
    for (const change of changesOfSurvey(i, answered.has(i))) cell.deltas.push(...contributionOf(change)!.deltas);
  }
  const store = new DynamoDbAggregateStore(writer, tableName);
  const summed = (deltas: Delta[]) =>
    [...mergeDeltas(deltas).values()].flatMap(({ dimension, value, day, fields }) => [...fields].map(([field, n]) => ({ dimension, value, day, field, n })));
  // One transaction at a time: DynamoDB Local serialises them anyway, and times out on a long queue of locks.
  for (let shard = 0; shard < COUNTER_SHARDS; shard++) {
    const cells = [...perCell].filter(([, cell]) => cell.shard === shard);
    await store.apply(
      cells.map(([key, cell]) => ({ marker: `bulk#${key}`, deltas: summed(cell.deltas) })),
      shard,
    );
  }
  return tableName;
}

interface Reads {
  queries: number;
  /** Items returned (Count) and items read before any filter (ScannedCount), summed over every page. */
  items: number;
  scanned: number;
  otherCommands: string[];
}

/** A document client that counts what it reads. */
function countingClient(): { client: DynamoDBDocumentClient; reads: Reads } {
  const reads: Reads = { queries: 0, items: 0, scanned: 0, otherCommands: [] };
  const client = DynamoDBDocumentClient.from(new DynamoDBClient(clientConfig));
  client.middlewareStack.add(
    (next, context) => async (args) => {
      const result = await next(args);
      if (context.commandName === 'QueryCommand') {
        const output = result.output as { Count?: number; ScannedCount?: number };
        reads.queries++;
        reads.items += output.Count ?? 0;
        reads.scanned += output.ScannedCount ?? 0;
      } else {
        reads.otherCommands.push(context.commandName ?? 'unknown');
      }
      return result;
    },
    { step: 'initialize', name: 'countReads' },
  );
  return { client, reads };
}

async function reportOn(tableName: string, window: Parameters<typeof channelReport>[0] = WINDOW) {
  const { client, reads } = countingClient();
  const report = await channelReport(window, { store: new DynamoDbAggregateStore(client, tableName) });
  return { report, reads };
}

describe('the cost of a channel report', () => {
  const tables: string[] = [];
  let few: string;
  let many: string;

  beforeAll(async () => {
    // Both tables fill every cell: the small one with one sent invitation per cell, 100 of them answered.
    tables.push((few = await tableWith(CELLS, 100)));
    tables.push((many = await tableWith(10_000, 10_000)));
  });

  afterAll(async () => {
    await Promise.all(tables.map((TableName) => dynamodb.send(new DeleteTableCommand({ TableName }))));
  });

  it('reads the same with 10,000 answers as with 100, at most one counter item per shard, channel and day', async () => {
    const small = await reportOn(few);
    const large = await reportOn(many);

    // The two tables really differ a hundredfold in answers...
    expect(small.report.total).toMatchObject({ invitations: CELLS, responses: 100 });
    expect(large.report.total).toMatchObject({ invitations: 10_000, responses: 10_000 });
    expect(large.report.total.csat.responses).toBe(10_000);
    expect(large.report.channels.map((c) => c.channel)).toEqual([...CHANNELS]);
    expect(large.report.total.series).toHaveLength(DAYS.length);
    // ...and the reads do not: one query per counter shard (a shard's 30 days fit one page), one item per cell.
    expect(large.reads).toEqual(small.reads);
    expect(large.reads.otherCommands).toEqual([]);
    expect(large.reads.queries).toBe(COUNTER_SHARDS);
    expect(large.reads.scanned).toBe(large.reads.items);
    expect(large.reads.items).toBeLessThanOrEqual(COUNTER_SHARDS * CHANNELS.length * DAYS.length);
    expect(large.reads.items).toBe(CELLS);
  });

  it('reads a quarter of whole months from their rollups: one item per shard, channel and month, whatever the answers', async () => {
    const quarter = { from: '2024-04-01', to: '2024-06-30' };
    const small = await reportOn(few, quarter);
    const large = await reportOn(many, quarter);

    // The same figures as the daily report of the days that hold the data...
    const { series: _, ...byDay } = (await reportOn(many)).report.total;
    expect(large.report.total).toMatchObject(byDay);
    expect(small.report.total).toMatchObject({ invitations: CELLS, responses: 100 });
    // ...from the month's rollups only: May's, in each shard (April and June hold nothing).
    expect(large.reads).toEqual(small.reads);
    expect(large.reads.queries).toBe(COUNTER_SHARDS);
    expect(large.reads.items).toBe(COUNTER_SHARDS * CHANNELS.length);
  });

  it('reads at most twice as much with compare=previous: the previous window once more, by day or by month', async () => {
    // The second half of May against its first half: both hold data in every cell.
    const secondHalf = { from: '2024-05-16', to: '2024-05-30', granularity: 'day' as const };
    const plain = await reportOn(many, secondHalf);
    const compared = await reportOn(many, { ...secondHalf, compare: 'previous' });

    expect(compared.report.previous).toEqual({ from: '2024-05-01', to: '2024-05-15' });
    expect(compared.report.total.csat.change).toEqual(expect.objectContaining({ delta: expect.any(Number), significant: expect.any(Boolean) }));
    expect(plain.reads.items).toBe(COUNTER_SHARDS * CHANNELS.length * 15);
    expect(compared.reads.items).toBeLessThanOrEqual(2 * plain.reads.items);
    expect(compared.reads.scanned).toBe(compared.reads.items);
    expect(compared.reads.otherCommands).toEqual([]);

    // A whole month against the month before: each read as its own plain report reads it, from the rollups (one item per
    // shard and channel of May, none of June), never from the days.
    const june = { from: '2024-06-01', to: '2024-06-30' };
    const plainJune = await reportOn(many, june);
    const plainMay = await reportOn(many, { from: '2024-05-01', to: '2024-05-31' });
    const comparedMonth = await reportOn(many, { ...june, compare: 'previous' });
    expect(comparedMonth.report.previous).toEqual({ from: '2024-05-01', to: '2024-05-31' });
    expect(comparedMonth.report.total.csat.previous).toBe(plainMay.report.total.csat.score);
    expect(comparedMonth.reads.items).toBe(plainJune.reads.items + plainMay.reads.items);
    expect(plainMay.reads.items).toBe(COUNTER_SHARDS * CHANNELS.length);
    expect(comparedMonth.reads.queries).toBe(2 * COUNTER_SHARDS);
  });
});
