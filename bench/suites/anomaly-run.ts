// The daily anomaly run (functions/anomalies): its duration and the items it reads at growing numbers of agents.
// The counters of 35 days (the week tested and the 28 days before) are filled as the aggregator leaves them: each
// synthetic answer and its sent invitation through contributionOf, channel and agent deltas alike, merged per agent and
// day under one marker on one shard (as a quiet stream leaves them; a busy one spreads an agent's day over up to
// COUNTER_SHARDS items, and the run reads every one of them: up to 8 times the items below). Each size gets a year
// of its own, and the run is invoked for that year's day (its clock), in the anomalyJob's context (its calls metered).
import { performance } from 'node:perf_hooks';
import { contributionOf, type Contribution } from '../../functions/aggregates/changes.js';
import { DynamoDbAggregateStore } from '../../functions/aggregates/dynamodb-aggregate-store.js';
import { shardFor } from '../../functions/aggregates/fold-changes.js';
import { runAnomalyJob } from '../../functions/anomalies/detect-anomalies.js';
import { DynamoDbAnomalyStore } from '../../functions/anomalies/dynamodb-anomaly-store.js';
import { anomalyReadSpan } from '../../functions/domain/anomalies.js';
import { CHANNELS } from '../../functions/domain/channels.js';
import { addDays, eachDay } from '../../functions/domain/utc-days.js';
import { ENTITY } from '../../functions/store/keys.js';
import { seededRandom } from '../../local/random.js';
import { answerImage } from '../lib/fixtures.js';
import type { Instrumentation } from '../lib/instrument.js';
import type { BenchStack } from '../lib/local.js';
import { spread, type Spread } from '../lib/stats.js';

export interface AnomalyRunRow {
  agents: number;
  channels: number;
  /** Days of counters read. */
  days: number;
  answers: number;
  fillSeconds: number;
  durationMs: Spread;
  itemsRead: number;
  readUnits: number;
  queries: number;
  /** Tests made by the run (series × metrics × windows with enough answers). */
  tests: number;
}

/** The day tested for the size in `year`: its counters span the 35 days before and including it. */
const dayOf = (year: number) => `${year}-03-15`;

async function fill(store: DynamoDbAggregateStore, agents: number, answersPerAgentDay: number, day: string, seed: number): Promise<number> {
  const random = seededRandom(seed);
  const groups = new Map<string, { shard: number; contribution: Contribution }>();
  let answers = 0;
  for (const d of eachDay(anomalyReadSpan(day).from, day)) {
    for (let a = 0; a < agents; a++) {
      const channel = CHANNELS[a % CHANNELS.length]!;
      const agentId = `agent-${a}`;
      for (let i = 0; i < answersPerAgentDay; i++, answers++) {
        const sentAt = new Date(Date.parse(`${d}T00:00:00Z`) + Math.floor(random() * 18 * 3_600_000)).toISOString();
        const answeredAt = new Date(Date.parse(sentAt) + Math.floor(random() * 3_600_000)).toISOString();
        const surveyId = `anomaly-fill-${seed}-${answers}`;
        const sent = contributionOf({
          sequenceNumber: `s${seed}-${answers}`,
          eventName: 'MODIFY',
          newImage: { type: ENTITY.invitation, surveyId, channel, agentId, delivery: 'sent', sentAt },
          oldImage: { type: ENTITY.invitation, surveyId, channel, agentId, delivery: 'sending' },
        });
        const answer = contributionOf({
          sequenceNumber: `a${seed}-${answers}`,
          eventName: 'INSERT',
          newImage: answerImage({
            surveyId,
            channel,
            agentId,
            sentAt,
            answeredAt,
            csat: random() < 0.85 ? 5 : 2,
            nps: Math.floor(random() * 11),
            resolved: random() < 0.8,
          }),
        });
        for (const c of [sent, answer]) {
          if (!c) continue;
          const shard = shardFor(`${agentId}|${d}`);
          const key = `${shard}|${d}|${agentId}`;
          const group = groups.get(key) ?? { shard, contribution: { marker: `bench-anomaly-fill#${seed}#${key}`, deltas: [] } };
          group.contribution.deltas.push(...c.deltas.filter((delta) => delta.dimension === 'channel' || delta.dimension === 'agent'));
          groups.set(key, group);
        }
      }
    }
  }
  const byShard = new Map<number, Contribution[]>();
  for (const { shard, contribution } of groups.values()) byShard.set(shard, [...(byShard.get(shard) ?? []), contribution]);
  for (const [shard, contributions] of byShard) {
    // In slices: a transaction holds at most 100 items.
    for (let i = 0; i < contributions.length; i += 10) await store.apply(contributions.slice(i, i + 10), shard);
  }
  return answers;
}

export async function anomalyRun(
  stack: BenchStack,
  instrumentation: Instrumentation,
  options: { agents: number[]; answersPerAgentDay: number; rounds: number; log: (line: string) => void },
): Promise<AnomalyRunRow[]> {
  const { documentClient } = await import('../../functions/store/dynamodb-client.js');
  const counters = new DynamoDbAggregateStore(documentClient, stack.tableName);
  const anomalies = new DynamoDbAnomalyStore(documentClient, stack.tableName);
  const rows: AnomalyRunRow[] = [];
  for (const [k, agents] of options.agents.entries()) {
    const year = 2011 + k;
    const day = dayOf(year);
    const started = performance.now();
    const answers = await fill(counters, agents, options.answersPerAgentDay, day, 3000 + k);
    const fillSeconds = (performance.now() - started) / 1000;
    options.log(`  anomaly run: ${agents} agents' counters (${answers.toLocaleString('en')} answers) filled in ${fillSeconds.toFixed(1)} s`);
    await stack.settled();
    // The run for the day after the one tested, as the schedule invokes it.
    const now = () => new Date(`${addDays(day, 1)}T01:15:00.000Z`);
    const durations: number[] = [];
    let reads = { items: 0, units: 0, queries: 0 };
    let tests = 0;
    instrumentation.metering = true;
    try {
      // One unmeasured run, then the measured ones (each stores nothing new: the run is idempotent).
      for (let round = -1; round < options.rounds; round++) {
        instrumentation.calls = [];
        const t0 = performance.now();
        const result = await instrumentation.context.run({ fn: 'anomalyJob' }, () => runAnomalyJob({ counters, anomalies, now }));
        if (round >= 0) durations.push(performance.now() - t0);
        tests = result.tests;
        const calls = instrumentation.calls.filter((call) => call.fn === 'anomalyJob' && /^(Query|Get|BatchGet)/.test(call.command));
        reads = { items: calls.reduce((n, c) => n + c.scanned, 0), units: calls.reduce((n, c) => n + c.read, 0), queries: calls.length };
      }
    } finally {
      instrumentation.metering = false;
    }
    rows.push({
      agents,
      channels: CHANNELS.length,
      days: 35,
      answers,
      fillSeconds,
      durationMs: spread(durations),
      itemsRead: reads.items,
      readUnits: reads.units,
      queries: reads.queries,
      tests,
    });
  }
  return rows;
}
