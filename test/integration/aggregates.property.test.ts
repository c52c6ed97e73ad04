// The aggregates' one promise, as a property: whatever the stream's batching, redeliveries and crashes, the reports read
// from the counters equal an independent count of what happened (written here from the raw scenario, not from metrics.ts).
import { randomUUID } from 'node:crypto';
import { DeleteTableCommand, DescribeTableCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DescribeStreamCommand, DynamoDBStreamsClient, GetRecordsCommand, GetShardIteratorCommand, type _Record } from '@aws-sdk/client-dynamodb-streams';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { DynamoDBBatchResponse, DynamoDBRecord, DynamoDBStreamEvent } from 'aws-lambda';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AggregateStore } from '../../functions/aggregates/aggregate-store.js';
import { isAggregated, type Contribution } from '../../functions/aggregates/changes.js';
import { DynamoDbAggregateStore } from '../../functions/aggregates/dynamodb-aggregate-store.js';
import type { EscalationUpdate } from '../../functions/aggregates/escalations.js';
import type { FoldDeps } from '../../functions/aggregates/fold-changes.js';
import { agentReport, channelReport, escalationReport } from '../../functions/reports/build-reports.js';
import { CHANNELS, type Channel } from '../../functions/domain/channels.js';
import { SKIP_REASONS, type Answer, type AnswerValues, type Invitation, type InvitationRef, type SkipReason } from '../../functions/domain/model.js';
import { nextAnswer } from '../../functions/domain/answers.js';
import { DynamoDbAnswerStore } from '../../functions/store/dynamodb-answer-store.js';
import { DynamoDbDeliveryLeases } from '../../functions/store/dynamodb-delivery-leases.js';
import { DynamoDbIngestLedger } from '../../functions/store/dynamodb-ingest-ledger.js';
import { startDynamoDbLocal } from '../../local/dynamodb-local.js';
import { freePort } from '../../local/scratch-stack.js';
import { asLambdaRecord } from '../../local/stream-poller.js';
import { ensureTable } from '../../local/table.js';

// A DynamoDB Local of this file's own: DynamoDB Local keeps every stream record it ever wrote (deleted tables' too),
// and each one slows every later write, in every table; the thousands these runs write would slow the whole suite.
const privateDynamoDb = await startDynamoDbLocal({ port: await freePort() });
afterAll(() => privateDynamoDb.stop());
const clientConfig = { endpoint: privateDynamoDb.url, region: 'us-east-1', credentials: { accessKeyId: 'local', secretAccessKey: 'local' } };
const dynamodb = new DynamoDBClient(clientConfig);
const documentClient = DynamoDBDocumentClient.from(dynamodb, { marshallOptions: { removeUndefinedValues: true } });
const streams = new DynamoDBStreamsClient(clientConfig);

type StreamHandler = (event: DynamoDBStreamEvent) => Promise<DynamoDBBatchResponse>;
let makeStreamHandler: (deps: FoldDeps) => StreamHandler;

beforeAll(async () => {
  // The module also builds its own default handler at load, from the environment; ours get a table per run instead.
  process.env.TABLE_NAME ??= 'feedback';
  process.env.LOG_LEVEL = 'silent';
  ({ makeStreamHandler } = await import('../../functions/aggregates/stream-handler.js'));
});

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;
const BASE = Date.parse('2024-03-10T00:00:00.000Z');
/** Interactions happen over this many days; sends and answers follow within about four more. */
const DAYS = 5;
/** Every day a scenario can touch, and some empty ones after. */
const WINDOW = { from: '2024-03-10', to: '2024-03-21' };
const AGENTS = ['ana', 'bo', 'cy'] as const;
const iso = (ms: number) => new Date(ms).toISOString();
const dayOf = (at: string) => at.slice(0, 10);

// ---------------------------------------------------------------------------------------------------------------
// The scenario: what customers, agents and the delivery did, in raw form.

/** none: no survey for it (sampled out); pending: never picked up; claimed: the sender died before SES; cancelled: the
 *  customer unsubscribed first; sent; sent-after-answer: the customer answered the first email before a retried send was
 *  recorded (markSent's fallback). */
type DeliveryOutcome = 'sent' | 'none' | 'pending' | 'claimed' | 'cancelled' | 'sent-after-answer';

interface InteractionPlan {
  customer: number;
  channel: Channel;
  agentId: string | undefined;
  hour: number;
  jitterMs: number;
  ingestDelayMin: number;
  ingestedTwice: boolean;
  delivery: DeliveryOutcome;
  sendDelayMin: number;
  /** The first sender's lease expired and a second one took the invitation over. */
  reclaimed: boolean;
  /** A reminder goes out a day after the send, if nothing was answered by then. */
  reminded: boolean;
  /** The first answer, then its edits; each `gapMin` after the send (first) or the previous submit. */
  answers: Array<{ gapMin: number; values: AnswerValues }>;
}

interface Timeline {
  id: string;
  customerId: string;
  channel: Channel;
  agentId: string | undefined;
  occurredAt: string;
  createdAt: string;
  delivery: DeliveryOutcome;
  claims: string[];
  sentAt: string | undefined;
  remindedAt: string | undefined;
  answers: Array<{ at: string; values: AnswerValues }>;
  ingestedTwice: boolean;
}

type WriteOp =
  | { kind: 'ingest' | 'ingest-again' | 'cancel' | 'remind'; interaction: number }
  | { kind: 'claim'; interaction: number; at: string; owner: string }
  | { kind: 'mark-sent'; interaction: number; owner: string }
  | { kind: 'answer'; interaction: number; answer: number };

class Scenario {
  readonly timelines: Timeline[];
  readonly writes: WriteOp[];
  constructor(
    readonly windowHours: number,
    plans: InteractionPlan[],
    schedule: number[],
  ) {
    this.timelines = plans.map(timelineOf);
    this.writes = interleave(this.timelines.map(writesOf), schedule);
  }

  [fc.toStringMethod](): string {
    const describe = (t: Timeline) => {
      const lines = [
        `${t.id} ${t.customerId} ${t.channel}${t.agentId ? `/${t.agentId}` : ''} occurred ${t.occurredAt}, ingested ${t.createdAt}${t.ingestedTwice ? ' (twice)' : ''}`,
      ];
      if (t.delivery !== 'sent' && t.delivery !== 'sent-after-answer')
        lines.push(`    survey: ${t.delivery}${t.claims.length ? ` (claimed ${t.claims.join(', ')})` : ''}`);
      else
        lines.push(
          `    survey sent ${t.sentAt}${t.claims.length > 1 ? ' by a second sender' : ''}${t.delivery === 'sent-after-answer' ? ', recorded after the first answer' : ''}`,
        );
      if (t.remindedAt) lines.push(`    reminded ${t.remindedAt}`);
      t.answers.forEach((a, i) => lines.push(`    ${i === 0 ? 'answered' : 'edited  '} ${a.at} ${JSON.stringify(a.values)}`));
      return lines.join('\n');
    };
    const order = this.writes.map((w) => `${this.timelines[w.interaction]!.id}.${w.kind}${w.kind === 'answer' ? w.answer : ''}`);
    return `\nescalation window ${this.windowHours} h\n${this.timelines.map(describe).join('\n')}\nwrite order: ${order.join(' ')}\n`;
  }
}

function timelineOf(plan: InteractionPlan, index: number): Timeline {
  const occurred = BASE + plan.hour * HOUR + plan.jitterMs;
  const created = occurred + plan.ingestDelayMin * MINUTE;
  const sent = created + plan.sendDelayMin * MINUTE;
  const delivered = plan.delivery === 'sent' || plan.delivery === 'sent-after-answer';
  const answered = delivered ? plan.answers : [];
  // The race needs an answer; without one it is a plain send.
  const delivery = plan.delivery === 'sent-after-answer' && answered.length === 0 ? 'sent' : plan.delivery;
  const answers: Timeline['answers'] = [];
  let at = delivery === 'sent-after-answer' ? sent - 30_000 : sent;
  answered.forEach(({ gapMin, values }, i) => {
    at = i === 0 && delivery === 'sent-after-answer' ? at : at + gapMin * MINUTE;
    answers.push({ at: iso(at), values });
  });
  const claimed = delivery === 'claimed' || delivered;
  const reminder = sent + DAY;
  const reminded = plan.reminded && delivery === 'sent' && (answers.length === 0 || Date.parse(answers[0]!.at) > reminder);
  return {
    id: `i${String(index).padStart(3, '0')}`,
    customerId: `c${plan.customer}`,
    channel: plan.channel,
    agentId: plan.agentId,
    occurredAt: iso(occurred),
    createdAt: iso(created),
    delivery,
    // A second claim comes after the first lease (5 min) has run out.
    claims: !claimed ? [] : plan.reclaimed && delivery !== 'claimed' ? [iso(sent - 8 * MINUTE), iso(sent - MINUTE)] : [iso(sent - MINUTE)],
    sentAt: delivered ? iso(sent) : undefined,
    remindedAt: reminded ? iso(reminder) : undefined,
    answers,
    ingestedTwice: plan.ingestedTwice,
  };
}

/** One interaction's writes, in the only order they can happen. */
function writesOf(t: Timeline, interaction: number): WriteOp[] {
  const ops: WriteOp[] = [{ kind: 'ingest', interaction }];
  t.claims.forEach((at, k) => ops.push({ kind: 'claim', interaction, at, owner: `sender-${k}` }));
  const answers = t.answers.map((_, answer): WriteOp => ({ kind: 'answer', interaction, answer }));
  // The sender that holds the lease last is the one that records the send.
  const markSent: WriteOp = { kind: 'mark-sent', interaction, owner: `sender-${t.claims.length - 1}` };
  if (t.delivery === 'cancelled') ops.push({ kind: 'cancel', interaction });
  if (t.delivery === 'sent') ops.push(markSent, ...(t.remindedAt ? [{ kind: 'remind', interaction } as const] : []), ...answers);
  if (t.delivery === 'sent-after-answer') ops.push(answers[0]!, markSent, ...answers.slice(1));
  // The source system retries late: the guard must make it a no-op.
  if (t.ingestedTwice) ops.push({ kind: 'ingest-again', interaction });
  return ops;
}

/** Merges the interactions' writes; `schedule` picks which interaction goes next (empty: one interaction after another). */
function interleave(queues: WriteOp[][], schedule: number[]): WriteOp[] {
  const remaining = queues.map((q) => [...q]);
  const order: WriteOp[] = [];
  for (let k = 0; ; k++) {
    const ready = remaining.flatMap((q, i) => (q.length > 0 ? [i] : []));
    if (ready.length === 0) return order;
    const pick = ready[(schedule.length ? schedule[k % schedule.length]! : 0) % ready.length]!;
    order.push(remaining[pick]!.shift()!);
  }
}

const answerValues: fc.Arbitrary<AnswerValues> = fc
  .record(
    {
      csat: fc.integer({ min: 1, max: 5 }),
      nps: fc.integer({ min: 0, max: 10 }),
      ces: fc.integer({ min: 1, max: 7 }),
      resolved: fc.boolean(),
      comment: fc.constant('Thanks'),
    },
    { requiredKeys: [] },
  )
  .filter((v) => Object.keys(v).length > 0);

interface ScenarioSizes {
  interactions: number;
  minInteractions?: number;
  customers: number;
  maxAnswers: number;
  /** Weights of a sent invitation (against 2 for the answer-before-send race and 1 for each other outcome), and of an answered one (against 1). */
  sentWeight: number;
  answeredWeight: number;
  /** One interaction in this many is ingested twice. */
  ingestedTwiceOneIn: number;
}

const interactionPlan = ({ customers, maxAnswers, sentWeight, answeredWeight, ingestedTwiceOneIn }: ScenarioSizes): fc.Arbitrary<InteractionPlan> =>
  fc.record({
    customer: fc.nat({ max: customers - 1 }),
    channel: fc.constantFrom(...CHANNELS),
    agentId: fc.option(fc.constantFrom(...AGENTS), { nil: undefined, freq: 4 }),
    // Midnights often: exact ties, gaps of exactly the window (24 or 72 h) and day boundaries; 1 ms either side of them.
    hour: fc.oneof(fc.nat({ max: DAYS * 24 - 1 }), fc.constantFrom(0, 24, 48, 72, 96)),
    jitterMs: fc.constantFrom(0, 0, 1, 30 * MINUTE, DAY - 1),
    ingestDelayMin: fc.nat({ max: 600 }),
    ingestedTwice: fc.nat({ max: ingestedTwiceOneIn - 1 }).map((n) => n === ingestedTwiceOneIn - 1),
    delivery: fc.oneof(
      { arbitrary: fc.constant<DeliveryOutcome>('sent'), weight: sentWeight },
      { arbitrary: fc.constant<DeliveryOutcome>('sent-after-answer'), weight: 2 },
      { arbitrary: fc.constantFrom<DeliveryOutcome>('none', 'pending', 'claimed', 'cancelled'), weight: 4 },
    ),
    sendDelayMin: fc.integer({ min: 10, max: 2000 }),
    reclaimed: fc.boolean(),
    reminded: fc.boolean(),
    answers: fc.oneof(
      { arbitrary: fc.constant<InteractionPlan['answers']>([]), weight: 1 },
      {
        arbitrary: fc.array(fc.record({ gapMin: fc.integer({ min: 1, max: 2000 }), values: answerValues }), { minLength: 1, maxLength: maxAnswers }),
        weight: answeredWeight,
      },
    ),
  });

const scenarioArb = (sizes: ScenarioSizes) =>
  fc
    .tuple(
      fc.constantFrom(72, 24),
      fc.array(interactionPlan(sizes), { minLength: sizes.minInteractions ?? 1, maxLength: sizes.interactions }),
      fc.array(fc.nat({ max: 1000 }), { maxLength: 60 }),
    )
    .map(([windowHours, plans, schedule]) => new Scenario(windowHours, plans, schedule));

// ---------------------------------------------------------------------------------------------------------------
// How the stream reaches the aggregator: batches with duplicates, redeliveries and crashes.

type FaultMode = 'before-write' | 'after-write' | 'half-written';

type StoreCall = 'apply' | 'interactionsBetween' | 'applyEscalation';

interface Fault {
  /** Which call to the aggregate store fails: the nth (0-based) of its kind within one invocation. */
  call: StoreCall;
  nth: number;
  mode: FaultMode;
  /** The invocation dies (timeout): no response, Lambda retries the whole batch. */
  lost: boolean;
}

interface BatchPlan {
  size: number;
  /** Records of this batch repeated later in it (each after its original). */
  repeatWithin: Array<{ record: number; after: number }>;
  /** Records of earlier, acknowledged batches delivered again inside this one. */
  repeatEarlier: Array<{ record: number; at: number }>;
  redeliveredWhole: boolean;
  fault: Fault | undefined;
}

class Delivery {
  constructor(readonly batches: BatchPlan[]) {}

  [fc.toStringMethod](): string {
    const describe = (b: BatchPlan) =>
      [
        `${b.size} records`,
        ...b.repeatWithin.map((r) => `record ${r.record} again`),
        ...b.repeatEarlier.map((r) => `earlier record ${r.record} again`),
        ...(b.redeliveredWhole ? ['then the whole batch again'] : []),
        ...(b.fault ? [`${b.fault.call} #${b.fault.nth} fails ${b.fault.mode}${b.fault.lost ? ', invocation lost' : ''}`] : []),
      ].join(', ');
    return `\n${this.batches.map((b, i) => `  batch plan ${i}: ${describe(b)}`).join('\n')}\n`;
  }
}

const batchPlan = (maxSize: number, redeliveredOneIn: number): fc.Arbitrary<BatchPlan> =>
  fc.record({
    size: fc.integer({ min: 1, max: maxSize }),
    repeatWithin: fc.array(fc.record({ record: fc.nat(), after: fc.nat() }), { maxLength: 3 }),
    repeatEarlier: fc.array(fc.record({ record: fc.nat(), at: fc.nat() }), { maxLength: 2 }),
    redeliveredWhole: fc.nat({ max: redeliveredOneIn - 1 }).map((n) => n === redeliveredOneIn - 1),
    fault: fc.option(
      fc.record({
        // Mostly the first write of a batch, mostly a reported failure: where a wrong resume point would lose changes.
        call: fc.constantFrom<StoreCall>('apply', 'apply', 'interactionsBetween', 'applyEscalation'),
        nth: fc.constantFrom(0, 0, 1, 2),
        mode: fc.constantFrom<FaultMode>('before-write', 'after-write', 'half-written'),
        lost: fc.nat({ max: 3 }).map((n) => n === 3),
      }),
      { nil: undefined, freq: 3 },
    ),
  });

const deliveryArb = (maxSize: number, maxPlans: number, redeliveredOneIn = 2, minPlans = 1) =>
  fc.array(batchPlan(maxSize, redeliveredOneIn), { minLength: minPlans, maxLength: maxPlans }).map((batches) => new Delivery(batches));

/** The aggregate store with one armed fault per invocation: it throws before, after, or half-way through a write. */
class FaultyAggregateStore implements AggregateStore {
  private fault: Fault | undefined;
  private calls = new Map<StoreCall, number>();
  fired = false;
  constructor(private readonly real: AggregateStore) {}

  arm(fault: Fault | undefined): void {
    this.fault = fault;
    this.calls.clear();
    this.fired = false;
  }

  private async call<T>(kind: StoreCall, write: () => Promise<T>, half?: () => Promise<unknown>): Promise<T> {
    const nth = this.calls.get(kind) ?? 0;
    this.calls.set(kind, nth + 1);
    const fault = this.fault;
    if (fault?.call !== kind || fault.nth !== nth) return write();
    this.fired = true;
    if (fault.mode === 'after-write') await write();
    if (fault.mode === 'half-written' && half) await half();
    throw new Error(`injected fault (${fault.mode})`);
  }

  apply(contributions: Contribution[], shard: number): Promise<void> {
    // DynamoDB refuses a transaction with two operations on one item, which DynamoDB Local lets through: refuse it here.
    const markers = contributions.map((c) => c.marker);
    if (new Set(markers).size !== markers.length) return Promise.reject(new Error(`one marker twice in one apply: ${markers.join(' ')}`));
    return this.call(
      'apply',
      () => this.real.apply(contributions, shard),
      () => this.real.apply(contributions.slice(0, Math.ceil(contributions.length / 2)), shard),
    );
  }
  interactionsBetween(customerId: string, from: string, to: string) {
    return this.call('interactionsBetween', () => this.real.interactionsBetween(customerId, from, to));
  }
  applyEscalation(marker: string, contribution: Contribution, updates: EscalationUpdate[], shard: number) {
    const ids = updates.map((u) => u.interaction.interactionId);
    if (new Set(ids).size !== ids.length) return Promise.reject(new Error(`one interaction updated twice in one transaction: ${ids.join(' ')}`));
    return this.call('applyEscalation', () => this.real.applyEscalation(marker, contribution, updates, shard));
  }
  readCounters(...args: Parameters<AggregateStore['readCounters']>) {
    return this.real.readCounters(...args);
  }
}

const seqOf = (r: _Record) => r.dynamodb!.SequenceNumber!;

/**
 * A batch: this plan's slice of the stream, in order, with its repeats inserted after their originals, and repeats of
 * records whose batch was acknowledged (never of records a reported failure point skipped: that would hide the skip).
 */
function composeBatch(originals: _Record[], acknowledged: _Record[], plan: BatchPlan): _Record[] {
  const batch = [...originals];
  for (const { record, after } of plan.repeatWithin) {
    const original = originals[record % originals.length]!;
    const from = batch.indexOf(original) + 1;
    batch.splice(from + (after % (batch.length - from + 1)), 0, original);
  }
  if (acknowledged.length > 0) {
    for (const { record, at } of plan.repeatEarlier) batch.splice(at % (batch.length + 1), 0, acknowledged[record % acknowledged.length]!);
  }
  return batch;
}

/**
 * Lambda's event-source mapping over the stream's records: batches as planned; on a reported failure the next batch
 * starts at the failed record; a lost invocation is retried whole. Each plan's fault fires on its first use only.
 */
async function deliver(records: _Record[], delivery: Delivery, handler: StreamHandler, store: FaultyAggregateStore): Promise<void> {
  const seqs = records.map(seqOf);
  const acknowledged: _Record[] = [];
  let pos = 0;
  for (let invocation = 0; pos < records.length; invocation++) {
    if (invocation > 10_000) throw new Error('the stream never drained');
    const plan = delivery.batches[invocation % delivery.batches.length]!;
    const originals = records.slice(pos, pos + plan.size);
    const batch = composeBatch(originals, acknowledged, plan);
    store.arm(invocation < delivery.batches.length ? plan.fault : undefined);
    const response = await handler({ Records: batch as unknown as DynamoDBRecord[] });
    if (!store.fired) {
      // Nothing failed, so nothing may be reported as failed.
      expect(response.batchItemFailures).toEqual([]);
      acknowledged.push(...originals);
      pos += originals.length;
      if (plan.redeliveredWhole) {
        store.arm(undefined);
        expect((await handler({ Records: batch as unknown as DynamoDBRecord[] })).batchItemFailures).toEqual([]);
      }
      continue;
    }
    if (plan.fault!.lost) continue;
    expect(response.batchItemFailures).toHaveLength(1);
    const failedAt = response.batchItemFailures[0]!.itemIdentifier;
    expect(batch.map(seqOf)).toContain(failedAt);
    pos = seqs.indexOf(failedAt);
  }
  store.arm(undefined);
}

/** The table's stream, read as the event-source mapping does: each call returns the records after the last ones read. */
class StreamReader {
  private readonly iterators = new Map<string, string | undefined>();
  constructor(private readonly tableName: string) {}

  async next(): Promise<_Record[]> {
    const { Table } = await dynamodb.send(new DescribeTableCommand({ TableName: this.tableName }));
    const streamArn = Table?.LatestStreamArn;
    if (!streamArn) throw new Error(`${this.tableName} has no stream`);
    const { StreamDescription } = await streams.send(new DescribeStreamCommand({ StreamArn: streamArn }));
    // Parents before children: a shard's records all come before those of the shards split from it.
    const shards = [...(StreamDescription?.Shards ?? [])].sort((a, b) =>
      BigInt(a.SequenceNumberRange?.StartingSequenceNumber ?? '0') < BigInt(b.SequenceNumberRange?.StartingSequenceNumber ?? '0') ? -1 : 1,
    );
    const records: _Record[] = [];
    for (const { ShardId } of shards) {
      if (!this.iterators.has(ShardId!)) {
        const { ShardIterator } = await streams.send(new GetShardIteratorCommand({ StreamArn: streamArn, ShardId, ShardIteratorType: 'TRIM_HORIZON' }));
        this.iterators.set(ShardId!, ShardIterator);
      }
      for (let iterator = this.iterators.get(ShardId!); iterator; ) {
        const page = await streams.send(new GetRecordsCommand({ ShardIterator: iterator, Limit: 1000 }));
        records.push(...(page.Records ?? []).map(asLambdaRecord));
        this.iterators.set(ShardId!, page.NextShardIterator);
        if ((page.Records ?? []).length === 0) break;
        iterator = page.NextShardIterator;
      }
    }
    return records;
  }
}

// ---------------------------------------------------------------------------------------------------------------
// Writing the scenario through the real store adapter, with the times it chose.

/** The survey ports' adapters, over one table. */
interface SurveyAdapters {
  ledger: DynamoDbIngestLedger;
  leases: DynamoDbDeliveryLeases;
  answers: DynamoDbAnswerStore;
}

/** Writes in the scenario's order; with lanes > 1, customers' writes run side by side (each customer's still in order). */
async function play(scenario: Scenario, store: SurveyAdapters, lanes = 1): Promise<number> {
  const refs = scenario.timelines.map((t): InvitationRef => ({ customerId: t.customerId, occurredAt: t.occurredAt, interactionId: t.id }));
  const previous = new Map<number, Answer>();
  let answersSaved = 0;
  const ingest = async (t: Timeline, attempt: string) => {
    const invitation: Invitation | null =
      t.delivery === 'none'
        ? null
        : {
            surveyId: `s-${t.id}${attempt}`,
            interactionId: t.id,
            customerId: t.customerId,
            channel: t.channel,
            ...(t.agentId !== undefined ? { agentId: t.agentId } : {}),
            occurredAt: t.occurredAt,
            token: `token-${t.id}${attempt}`,
            createdAt: t.createdAt,
            sendAt: t.createdAt,
            expiresAt: iso(Date.parse(t.createdAt) + 30 * DAY),
            status: 'scheduled',
            delivery: 'pending',
            survey: { locale: 'en', questions: ['csat', 'nps', 'ces', 'resolved', 'comment'], lead: 'csat', wording: {}, definitionVersion: 0 },
            reminderAt: iso(Date.parse(t.createdAt) + DAY),
          };
    return store.ledger.recordInteraction({
      interaction: {
        interactionId: t.id,
        customerId: t.customerId,
        channel: t.channel,
        occurredAt: t.occurredAt,
        receivedAt: t.createdAt,
        ...(t.agentId !== undefined ? { agentId: t.agentId } : {}),
        subject: 'Order 1234',
      },
      customer: { id: t.customerId, email: `${t.customerId}@example.com` },
      invitation,
      outcome: invitation
        ? { interactionId: t.id, surveyId: invitation.surveyId, status: 'scheduled' }
        : { interactionId: t.id, surveyId: null, status: 'skipped', reason: 'sampled_out' },
      now: t.createdAt,
    });
  };

  const write = async (op: WriteOp) => {
    const t = scenario.timelines[op.interaction]!;
    const ref = refs[op.interaction]!;
    switch (op.kind) {
      case 'ingest':
        expect(await ingest(t, '')).toMatchObject({ created: true, outcome: { status: t.delivery === 'none' ? 'skipped' : 'scheduled' } });
        break;
      case 'ingest-again':
        expect(await ingest(t, '-again')).toMatchObject({ created: false });
        break;
      case 'claim':
        expect(await store.leases.claimDelivery(ref, op.at, iso(Date.parse(op.at) + 5 * MINUTE), op.owner)).toBe(true);
        break;
      case 'mark-sent':
        await store.leases.markSent(ref, t.sentAt!, op.owner);
        break;
      case 'cancel':
        await store.leases.cancelDelivery(ref, 'unsubscribed');
        break;
      case 'remind':
        expect(await store.leases.claimDelivery(ref, t.remindedAt!, iso(Date.parse(t.remindedAt!) + 5 * MINUTE), 'reminder-sender', 'reminder')).toBe(true);
        await store.leases.markSent(ref, t.remindedAt!, 'reminder-sender', 'reminder');
        break;
      case 'answer': {
        // As the survey page does: read the invitation, then save over the answer read.
        const invitation = await store.leases.getInvitation(ref);
        const { at, values } = t.answers[op.answer]!;
        const answer = nextAnswer(invitation!, previous.get(op.interaction) ?? null, values, at);
        await store.answers.saveAnswer(invitation!, answer);
        previous.set(op.interaction, answer);
        answersSaved++;
        break;
      }
    }
  };
  const laneOf = (op: WriteOp) => Number(scenario.timelines[op.interaction]!.customerId.slice(1)) % lanes;
  await Promise.all(
    Array.from({ length: lanes }, async (_, lane) => {
      for (const op of scenario.writes) if (laneOf(op) === lane) await write(op);
    }),
  );
  return answersSaved;
}

// ---------------------------------------------------------------------------------------------------------------
// The independent count: what the reports must say, from the raw scenario alone.

interface Tally {
  invitations: number;
  responses: number;
  csat: number[];
  nps: number[];
  ces: number[];
  yes: number;
  no: number;
  skipped: Map<SkipReason, number>;
}

const emptyTally = (): Tally => ({
  invitations: 0,
  responses: 0,
  csat: Array(6).fill(0),
  nps: Array(11).fill(0),
  ces: Array(8).fill(0),
  yes: 0,
  no: 0,
  skipped: new Map(),
});
const total = (values: number[]) => values.reduce((a, b) => a + b, 0);
const rounded = (value: number, digits: number) => Math.round(value * 10 ** digits) / 10 ** digits;

function addTally(into: Tally, from: Tally): Tally {
  into.invitations += from.invitations;
  into.responses += from.responses;
  from.csat.forEach((n, v) => (into.csat[v]! += n));
  from.nps.forEach((n, v) => (into.nps[v]! += n));
  from.ces.forEach((n, v) => (into.ces[v]! += n));
  into.yes += from.yes;
  into.no += from.no;
  for (const [reason, n] of from.skipped) into.skipped.set(reason, (into.skipped.get(reason) ?? 0) + n);
  return into;
}

const active = (t: Tally) => t.invitations + t.responses + total(t.csat) + total(t.nps) + total(t.ces) + t.yes + t.no + total([...t.skipped.values()]) > 0;

function expectedScores(t: Tally) {
  const csat = total(t.csat);
  const nps = total(t.nps);
  const promoters = t.nps[9]! + t.nps[10]!;
  const passives = t.nps[7]! + t.nps[8]!;
  const detractors = total(t.nps.slice(0, 7));
  const ces = total(t.ces);
  const fcr = t.yes + t.no;
  return {
    invitations: t.invitations,
    responses: t.responses,
    responseRate: t.invitations === 0 ? null : rounded(t.responses / t.invitations, 4),
    csat: { score: csat === 0 ? null : rounded(((t.csat[4]! + t.csat[5]!) / csat) * 100, 2), responses: csat },
    nps: { score: nps === 0 ? null : rounded((promoters / nps - detractors / nps) * 100, 2), promoters, passives, detractors, responses: nps },
    ces: { average: ces === 0 ? null : rounded(t.ces.reduce((sum, n, v) => sum + n * v, 0) / ces, 2), responses: ces },
    fcr: { rate: fcr === 0 ? null : rounded(t.yes / fcr, 4), responses: fcr },
    skipped: Object.fromEntries(SKIP_REASONS.map((reason) => [reason, t.skipped.get(reason) ?? 0])),
  };
}

function daysOfWindow(): string[] {
  const days: string[] = [];
  for (let t = Date.parse(WINDOW.from); t <= Date.parse(WINDOW.to); t += DAY) days.push(dayOf(iso(t)));
  return days;
}

/**
 * Tallies per key and day: invitations and responses on the sent day, current values on the first answer's day, and
 * (channels only) interactions not surveyed on the day they occurred.
 */
function tallies(scenario: Scenario, keyOf: (t: Timeline) => string | null, countSkips: boolean) {
  const perKey = new Map<string, Map<string, Tally>>();
  const at = (key: string, day: string) => {
    const days = perKey.get(key) ?? perKey.set(key, new Map()).get(key)!;
    return days.get(day) ?? days.set(day, emptyTally()).get(day)!;
  };
  for (const t of scenario.timelines) {
    const key = keyOf(t);
    if (key === null) continue;
    if (countSkips && t.delivery === 'none') {
      const skipped = at(key, dayOf(t.occurredAt)).skipped;
      skipped.set('sampled_out', (skipped.get('sampled_out') ?? 0) + 1);
    }
    if (t.sentAt === undefined) continue;
    at(key, dayOf(t.sentAt)).invitations++;
    const first = t.answers[0];
    const current = t.answers.at(-1)?.values;
    if (!first || !current) continue;
    at(key, dayOf(t.sentAt)).responses++;
    const values = at(key, dayOf(first.at));
    if (current.csat !== undefined) values.csat[current.csat]!++;
    if (current.nps !== undefined) values.nps[current.nps]!++;
    if (current.ces !== undefined) values.ces[current.ces]!++;
    if (current.resolved === true) values.yes++;
    if (current.resolved === false) values.no++;
  }
  return perKey;
}

/** Scores of the window's sum; with `granularity`, its series too (daily, or one bucket per month). */
function withScores(perDay: Map<string, Tally> | undefined, granularity: 'day' | 'month' | undefined) {
  const sum = [...(perDay?.values() ?? [])].reduce(addTally, emptyTally());
  if (!granularity) return expectedScores(sum);
  const buckets = new Map<string, Tally>();
  const startOf = (day: string) => (granularity === 'month' ? `${day.slice(0, 7)}-01` : day);
  for (const [day, tally] of perDay ?? []) addTally(buckets.get(startOf(day)) ?? buckets.set(startOf(day), emptyTally()).get(startOf(day))!, tally);
  const starts = [...new Set(daysOfWindow().map(startOf))];
  return { ...expectedScores(sum), series: starts.map((start) => ({ start, ...expectedScores(buckets.get(start) ?? emptyTally()) })) };
}

/** The report windows checked: the scenario's days by day; and wider windows that read whole months from their rollups. */
type CheckedWindow = { from: string; to: string; granularity?: 'day' | 'month' };
const BY_DAY: CheckedWindow = { ...WINDOW, granularity: 'day' };
const WIDER: CheckedWindow[] = [
  { from: '2024-02-01', to: '2024-04-30' },
  { from: '2024-02-15', to: '2024-04-30' },
  { from: '2024-03-01', to: '2024-03-31', granularity: 'month' },
];

function expectedChannelReport(scenario: Scenario, window: CheckedWindow = BY_DAY) {
  const perChannel = tallies(scenario, (t) => t.channel, true);
  const channels = CHANNELS.filter((c) => [...(perChannel.get(c)?.values() ?? [])].some(active));
  const overall = new Map<string, Tally>();
  for (const c of channels) for (const [day, t] of perChannel.get(c)!) addTally(overall.get(day) ?? overall.set(day, emptyTally()).get(day)!, t);
  return {
    ...window,
    channels: channels.map((channel) => ({ channel, ...withScores(perChannel.get(channel), window.granularity) })),
    total: withScores(overall, window.granularity),
  };
}

function expectedAgentReport(scenario: Scenario, channel?: Channel, window: CheckedWindow = BY_DAY) {
  const perAgent = tallies(scenario, (t) => (t.agentId !== undefined && (!channel || t.channel === channel) ? t.agentId : null), false);
  const agents = [...perAgent.keys()].sort().filter((a) => [...perAgent.get(a)!.values()].some(active));
  const { granularity: _, ...dates } = window;
  return {
    ...dates,
    ...(channel ? { channel } : {}),
    agents: agents.map((agentId) => ({ agentId, ...withScores(perAgent.get(agentId), window.granularity) })),
  };
}

/** A is escalated when its customer's next contact on another channel follows within the window; the first such is where. */
function expectedEscalationReport(scenario: Scenario, window: { from: string; to: string } = WINDOW) {
  const windowMs = scenario.windowHours * HOUR;
  const perChannel = new Map<Channel, { interactions: number; escalated: number; to: Map<Channel, number> }>();
  for (const a of scenario.timelines) {
    const counts = perChannel.get(a.channel) ?? perChannel.set(a.channel, { interactions: 0, escalated: 0, to: new Map() }).get(a.channel)!;
    counts.interactions++;
    const gapTo = (b: Timeline) => Date.parse(b.occurredAt) - Date.parse(a.occurredAt);
    const next = scenario.timelines
      .filter((b) => b.customerId === a.customerId && b.channel !== a.channel && gapTo(b) > 0 && gapTo(b) <= windowMs)
      .sort((x, y) => gapTo(x) - gapTo(y) || (x.id < y.id ? -1 : 1))[0];
    if (!next) continue;
    counts.escalated++;
    counts.to.set(next.channel, (counts.to.get(next.channel) ?? 0) + 1);
  }
  return {
    ...window,
    windowHours: scenario.windowHours,
    channels: CHANNELS.filter((c) => perChannel.has(c)).map((channel) => {
      const { interactions, escalated, to } = perChannel.get(channel)!;
      return {
        channel,
        interactions,
        escalated,
        share: rounded(escalated / interactions, 4),
        to: Object.fromEntries(CHANNELS.filter((c) => to.has(c)).map((c) => [c, to.get(c)])),
      };
    }),
  };
}

// ---------------------------------------------------------------------------------------------------------------

/** One run on a table of its own: write, fold the stream as Lambda would, then compare every figure. */
async function check(scenario: Scenario, delivery: Delivery, lanes = 1): Promise<void> {
  const tableName = `aggregates-property-${randomUUID()}`;
  await ensureTable(dynamodb, tableName);
  try {
    const answersSaved = await play(
      scenario,
      {
        ledger: new DynamoDbIngestLedger(documentClient, tableName),
        leases: new DynamoDbDeliveryLeases(documentClient, tableName),
        answers: new DynamoDbAnswerStore(documentClient, tableName),
      },
      lanes,
    );
    const aggregates = new DynamoDbAggregateStore(documentClient, tableName);
    const faulty = new FaultyAggregateStore(aggregates);
    const handler = makeStreamHandler({ store: faulty, escalationWindowMs: scenario.windowHours * HOUR });

    // The mapping's filter keeps what the aggregator reads; folding moves interactions' destinations, which the
    // stream then carries too: keep delivering until it has nothing new.
    const stream = new StreamReader(tableName);
    for (let pass = 0; ; pass++) {
      const fresh = (await stream.next()).filter((r) => isAggregated(r as never));
      if (pass === 0) expect(fresh.filter((r) => r.dynamodb?.NewImage?.type?.S === 'Answer')).toHaveLength(answersSaved);
      if (fresh.length === 0) break;
      if (pass === 3) throw new Error('the aggregator keeps writing what it reads');
      await deliver(fresh, delivery, handler, faulty);
    }

    // Every figure defined here, exactly, and the same channels, agents and buckets; figures other reports add are not ours.
    const deps = { store: aggregates };
    expect(await channelReport({ ...WINDOW, granularity: 'day' }, deps)).toMatchObject(expectedChannelReport(scenario));
    expect(await agentReport({ ...WINDOW, granularity: 'day' }, deps)).toMatchObject(expectedAgentReport(scenario));
    for (const channel of CHANNELS)
      expect(await agentReport({ ...WINDOW, granularity: 'day', channel }, deps)).toMatchObject(expectedAgentReport(scenario, channel));
    expect(await escalationReport(WINDOW, { store: aggregates, windowHours: scenario.windowHours })).toMatchObject(expectedEscalationReport(scenario));
    for (const window of WIDER) {
      expect(await channelReport(window, deps), `channels ${JSON.stringify(window)}`).toMatchObject(expectedChannelReport(scenario, window));
      expect(await agentReport(window, deps), `agents ${JSON.stringify(window)}`).toMatchObject(expectedAgentReport(scenario, undefined, window));
      expect(await escalationReport(window, { store: aggregates, windowHours: scenario.windowHours })).toMatchObject(
        expectedEscalationReport(scenario, { from: window.from, to: window.to }),
      );
    }
  } finally {
    await dynamodb.send(new DeleteTableCommand({ TableName: tableName }));
  }
}

const plan = (p: Partial<InteractionPlan> & Pick<InteractionPlan, 'channel' | 'hour'>): InteractionPlan => ({
  customer: 0,
  agentId: 'ana',
  jitterMs: 0,
  ingestDelayMin: 5,
  ingestedTwice: false,
  delivery: 'sent',
  sendDelayMin: 30,
  reclaimed: false,
  reminded: false,
  answers: [{ gapMin: 60, values: { csat: 4, nps: 9 } }],
  ...p,
});
const batch = (p: Partial<BatchPlan> = {}): BatchPlan => ({ size: 8, repeatWithin: [], repeatEarlier: [], redeliveredWhole: false, fault: undefined, ...p });

/** Cases found or feared, run first every time (generated runs reach them only now and then). */
const REGRESSIONS: Array<[Scenario, Delivery]> = [
  // Found by this property: answered before the retried send was recorded, across midnight, so the answer's copy of
  // sentAt was the creation time and the response landed a day before its invitation (fixed in changes.ts).
  [
    new Scenario(
      72,
      [
        plan({
          channel: 'voice',
          hour: 0,
          jitterMs: 30 * MINUTE,
          ingestDelayMin: 159,
          delivery: 'sent-after-answer',
          sendDelayMin: 1251,
          answers: [{ gapMin: 1, values: { comment: 'Thanks' } }],
        }),
      ],
      [],
    ),
    new Delivery([batch({ size: 1 })]),
  ],
  // The latest contact is recorded first, so the chat's destination moves earlier (email, then voice); and the first write
  // of the first batch fails with three changes pending, which must all be delivered again.
  [
    new Scenario(72, [plan({ channel: 'email', hour: 20 }), plan({ channel: 'chat', hour: 0 }), plan({ channel: 'voice', hour: 10 })], []),
    new Delivery([batch({ fault: { call: 'apply', nth: 0, mode: 'before-write', lost: false } }), batch()]),
  ],
];

describe('aggregates folded from the table stream', () => {
  it('equal an independent count of the raw scenario, whatever the batches, duplicates and crashes', async () => {
    await fc.assert(
      fc.asyncProperty(
        scenarioArb({ interactions: 8, customers: 2, maxAnswers: 3, sentWeight: 8, answeredWeight: 4, ingestedTwiceOneIn: 3 }),
        deliveryArb(8, 10),
        (scenario, delivery) => check(scenario, delivery),
      ),
      { numRuns: 16, examples: REGRESSIONS },
    );
  }, 600_000);

  it('equal it for a large scenario: hundreds of answers over every channel, agent and day, edited and redelivered', async () => {
    const [[scenario, delivery]] = fc.sample(
      fc.tuple(
        scenarioArb({ interactions: 375, minInteractions: 375, customers: 60, maxAnswers: 2, sentWeight: 24, answeredWeight: 19, ingestedTwiceOneIn: 10 }),
        deliveryArb(100, 30, 8, 20),
      ),
      {
        seed: 20240310,
        numRuns: 1,
      },
    ) as [[Scenario, Delivery]];
    const answered = scenario.timelines.filter((t) => t.answers.length > 0);
    expect(answered.length).toBeGreaterThanOrEqual(300);
    expect(answered.filter((t) => t.answers.length > 1).length).toBeGreaterThanOrEqual(50);
    expect(new Set(answered.map((t) => dayOf(t.answers[0]!.at))).size).toBeGreaterThanOrEqual(DAYS);
    expect(delivery.batches.some((b) => b.redeliveredWhole)).toBe(true);

    await check(scenario, delivery, 8);
  }, 300_000);
});
