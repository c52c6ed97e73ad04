// Report cost: GET /reports/channels over 90 days (rolling, and a quarter of whole months) at several numbers of stored
// answers: latency and items read.
// The counters are filled as the aggregator would leave them: each synthetic answer (and its sent invitation) goes
// through contributionOf, lands on the shard a one-change stream batch would pick (shardFor), and the deltas are
// applied with DynamoDbAggregateStore.apply. Contributions of one shard, day and channel are merged under one marker
// before applying: the counters come out the same, with far fewer marker items (which reports never read). Only the
// channel counters are filled: the per-agent ones, which this report does not read, would be ten times the writes.
import { performance } from 'node:perf_hooks';
import { contributionOf, type Contribution } from '../../functions/aggregates/changes.js';
import { DynamoDbAggregateStore } from '../../functions/aggregates/dynamodb-aggregate-store.js';
import { shardFor } from '../../functions/aggregates/fold-changes.js';
import { CHANNELS } from '../../functions/domain/channels.js';
import { ENTITY } from '../../functions/store/keys.js';
import { answerImage } from '../lib/fixtures.js';
import type { Instrumentation } from '../lib/instrument.js';
import type { BenchStack } from '../lib/local.js';
import { ratios, spread, type Spread } from '../lib/stats.js';
import { seededRandom } from '../../local/random.js';

export const TARGETS = { latencyRatio: 1.2, sameItemsRead: true } as const;
/** The stored answers span both windows read: January 1 to April 14. */
const FILL = { from: '01-01', days: 104 } as const;
const AGENTS_PER_CHANNEL = 10;

export interface ReportCostRow {
  /** Which window: a rolling 90 days, or a quarter of whole months. */
  name: string;
  answers: number;
  window: { from: string; to: string };
  fillSeconds: number;
  latencyMs: Spread;
  /** Per round: this size's latency / the smallest size's latency, measured in the same round. */
  latencyVsSmallest: Spread;
  itemsRead: number;
  readUnits: number;
  queries: number;
  status: number;
}

const _day = (t: number) => new Date(t).toISOString().slice(0, 10);

/** Counters for `answers` answers spread over `days` days from `from`, applied as the aggregator would. */
export async function fillCounters(store: DynamoDbAggregateStore, answers: number, from: string, days: number, seed: number): Promise<void> {
  const random = seededRandom(seed);
  const start = Date.parse(`${from}T00:00:00Z`);
  const groups = new Map<string, { shard: number; contribution: Contribution }>();
  for (let i = 0; i < answers; i++) {
    const channel = CHANNELS[Math.floor(random() * CHANNELS.length)]!;
    const agentId = `agent-${Math.floor(random() * AGENTS_PER_CHANNEL)}`;
    const sentAt = new Date(start + Math.floor(random() * days * 86_400_000)).toISOString();
    const answeredAt = new Date(Date.parse(sentAt) + Math.floor(random() * 6 * 3_600_000)).toISOString();
    const surveyId = `fill-${seed}-${i}`;
    const sent = contributionOf({
      sequenceNumber: `s${seed}-${i}`,
      eventName: 'MODIFY',
      newImage: { type: ENTITY.invitation, surveyId, channel, agentId, delivery: 'sent', sentAt },
      oldImage: { type: ENTITY.invitation, surveyId, channel, agentId, delivery: 'sending' },
    });
    const answer = contributionOf({
      sequenceNumber: `a${seed}-${i}`,
      eventName: 'INSERT',
      newImage: answerImage({
        surveyId,
        channel,
        agentId,
        sentAt,
        answeredAt,
        csat: 1 + Math.floor(random() * 5),
        nps: Math.floor(random() * 11),
        resolved: random() < 0.7,
      }),
    });
    // At these rates a stream batch holds one change, so each change picks its own shard.
    for (const [c, sequence] of [
      [sent, `s${seed}-${i}`],
      [answer, `a${seed}-${i}`],
    ] as const) {
      if (!c) continue;
      const shard = shardFor(sequence);
      const key = `${shard}|${sentAt.slice(0, 10)}|${channel}`;
      const group = groups.get(key) ?? { shard, contribution: { marker: `bench-fill#${seed}#${key}`, deltas: [] } };
      group.contribution.deltas.push(...c.deltas.filter((d) => d.dimension === 'channel'));
      groups.set(key, group);
    }
  }
  const byShard = new Map<number, Contribution[]>();
  for (const { shard, contribution } of groups.values()) byShard.set(shard, [...(byShard.get(shard) ?? []), contribution]);
  // The shards in parallel, as parallel batches would write them.
  await Promise.all([...byShard].map(([shard, contributions]) => store.apply(contributions, shard)));
}

/** The windows each size is read over: a rolling 90 days (months' rollups and the days around them) and a quarter. */
const WINDOWS = [
  { name: 'last 90 days', from: '01-15', to: '04-14' },
  { name: 'a quarter (Jan–Mar)', from: '01-01', to: '03-31' },
] as const;

export async function reportCost(
  stack: BenchStack,
  instrumentation: Instrumentation,
  options: { sizes: number[]; rounds: number; log: (line: string) => void },
): Promise<ReportCostRow[]> {
  const { documentClient } = await import('../../functions/store/dynamodb-client.js');
  const store = new DynamoDbAggregateStore(documentClient, stack.tableName);
  // Each size in a year of its own, its answers spread over both windows (January 1 to April 14).
  const years = options.sizes.map((answers, k) => ({ answers, year: 2021 + k }));
  const fills: number[] = [];
  for (const [k, { answers, year }] of years.entries()) {
    const started = performance.now();
    await fillCounters(store, answers, `${year}-${FILL.from}`, FILL.days, 1000 + k);
    fills.push((performance.now() - started) / 1000);
    options.log(`  report cost: ${answers.toLocaleString('en')} answers' counters filled in ${fills[k]!.toFixed(1)} s`);
  }
  await stack.settled();

  const cases = WINDOWS.flatMap((w) => years.map(({ answers, year }, k) => ({ name: w.name, answers, k, from: `${year}-${w.from}`, to: `${year}-${w.to}` })));
  const latency: number[][] = cases.map(() => []);
  const reads = cases.map(() => ({ items: 0, units: 0, queries: 0, status: 0 }));
  instrumentation.metering = true;
  try {
    // One unmeasured request per case, then rounds that visit every case in turn (order rotating each round).
    for (let round = -1; round < options.rounds; round++) {
      for (let j = 0; j < cases.length; j++) {
        const i = (j + Math.max(round, 0)) % cases.length;
        const c = cases[i]!;
        instrumentation.calls = [];
        const started = performance.now();
        const res = await fetch(`${stack.apiUrl}/reports/channels?from=${c.from}&to=${c.to}`, { headers: { authorization: `Bearer ${stack.managerToken}` } });
        await res.arrayBuffer();
        const ms = performance.now() - started;
        const calls = instrumentation.calls.filter((call) => call.fn === 'reports');
        reads[i] = {
          items: calls.reduce((n, call) => n + call.scanned, 0),
          units: calls.reduce((n, call) => n + call.read, 0),
          queries: calls.length,
          status: res.status,
        };
        if (round >= 0) latency[i]!.push(ms);
      }
    }
  } finally {
    instrumentation.metering = false;
  }
  return cases.map((c, i) => {
    // The same window's smallest size: the reference of the ratio.
    const smallest = cases.findIndex((other) => other.name === c.name && other.k === 0);
    return {
      name: c.name,
      answers: c.answers,
      window: { from: c.from, to: c.to },
      fillSeconds: fills[c.k]!,
      latencyMs: spread(latency[i]!),
      latencyVsSmallest: ratios(latency[i]!, latency[smallest]!),
      itemsRead: reads[i]!.items,
      readUnits: reads[i]!.units,
      queries: reads[i]!.queries,
      status: reads[i]!.status,
    };
  });
}
