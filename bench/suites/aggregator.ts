// The aggregator's rate: answers folded into the counters per second, per stream batch size, through the production
// stream handler (makeStreamHandler -> foldChanges -> DynamoDbAggregateStore) against DynamoDB Local. Synthetic
// answer INSERTs of today, over six channels and ten agents each, fresh survey ids every round.
import { performance } from 'node:perf_hooks';
import { DynamoDbAggregateStore } from '../../functions/aggregates/dynamodb-aggregate-store.js';
import { CHANNELS } from '../../functions/domain/channels.js';
import { streamEvent } from '../lib/events.js';
import { answerImage, runId } from '../lib/fixtures.js';
import type { Instrumentation } from '../lib/instrument.js';
import type { BenchStack } from '../lib/local.js';
import { spread, type Spread } from '../lib/stats.js';
import { seededRandom } from '../../local/random.js';

export const BATCH_SIZES = [1, 100, 1000] as const;

export interface AggregatorRow {
  batchSize: number;
  answersPerRound: number;
  answersPerSecond: Spread;
  /** Milliseconds per invocation (one batch). */
  batchMs: Spread;
  transactionsPerBatch: number;
  failures: number;
}

export async function aggregator(
  stack: BenchStack,
  instrumentation: Instrumentation,
  options: { rounds: number; answers: Record<(typeof BATCH_SIZES)[number], number>; log: (line: string) => void },
): Promise<AggregatorRow[]> {
  const { documentClient } = await import('../../functions/store/dynamodb-client.js');
  const { makeStreamHandler } = await import('../../functions/aggregates/stream-handler.js');
  const handler = makeStreamHandler({ store: new DynamoDbAggregateStore(documentClient, stack.tableName), escalationWindowMs: 72 * 3_600_000 });
  const random = seededRandom(7);
  const rates = new Map<number, number[]>();
  const batchMs = new Map<number, number[]>();
  const transactions = new Map<number, number>();
  let failures = 0;

  const round = async (batchSize: number, answers: number, measured: boolean) => {
    const now = Date.now();
    const images = Array.from({ length: answers }, () => {
      const channel = CHANNELS[Math.floor(random() * CHANNELS.length)]!;
      const at = new Date(now - Math.floor(random() * 3_600_000)).toISOString();
      return answerImage({
        surveyId: `agg-${runId()}-${runId()}`,
        channel,
        agentId: `agent-${Math.floor(random() * 10)}`,
        sentAt: at,
        answeredAt: at,
        csat: 1 + Math.floor(random() * 5),
        nps: Math.floor(random() * 11),
        resolved: random() < 0.7,
      });
    });
    const events = [];
    for (let i = 0; i < images.length; i += batchSize)
      events.push(streamEvent(images.slice(i, i + batchSize).map((newImage) => ({ eventName: 'INSERT' as const, newImage }))));
    instrumentation.calls = [];
    const perBatch: number[] = [];
    const started = performance.now();
    // One batch after another, as one stream shard's batches are: in order, never two at once.
    for (const event of events) {
      const t = performance.now();
      const response = await instrumentation.context.run({ fn: 'aggregator' }, () => handler(event));
      perBatch.push(performance.now() - t);
      failures += response.batchItemFailures.length;
    }
    const seconds = (performance.now() - started) / 1000;
    if (!measured) return;
    rates.set(batchSize, [...(rates.get(batchSize) ?? []), answers / seconds]);
    batchMs.set(batchSize, [...(batchMs.get(batchSize) ?? []), ...perBatch]);
    transactions.set(batchSize, instrumentation.calls.filter((c) => c.command === 'TransactWriteItemsCommand').length / events.length);
  };

  await round(100, Math.min(200, options.answers[100]), false);
  for (let r = 0; r < options.rounds; r++) {
    for (const batchSize of BATCH_SIZES) {
      await round(batchSize, options.answers[batchSize], true);
      const last = rates.get(batchSize)!.at(-1)!;
      options.log(`  aggregator round ${r + 1}/${options.rounds} batch ${batchSize}: ${last.toFixed(0)} answers/s`);
    }
    await stack.settled();
  }
  return BATCH_SIZES.map((batchSize) => ({
    batchSize,
    answersPerRound: options.answers[batchSize],
    answersPerSecond: spread(rates.get(batchSize) ?? []),
    batchMs: spread(batchMs.get(batchSize) ?? []),
    transactionsPerBatch: transactions.get(batchSize) ?? 0,
    failures,
  }));
}
