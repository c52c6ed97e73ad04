// The daily anomaly run, invoked by an EventBridge Scheduler schedule (lib/anomalies.ts; locally the stack's scheduler,
// on its movable clock). Idempotent: a retried or repeated invocation stores nothing twice.
import { DynamoDbAggregateStore } from '../aggregates/dynamodb-aggregate-store.js';
import { now } from '../shared/clock.js';
import { logger } from '../shared/logger.js';
import { documentClient, tableName } from '../store/dynamodb-client.js';
import { runAnomalyJob, type AnomalyJobDeps } from './detect-anomalies.js';
import { DynamoDbAnomalyStore } from './dynamodb-anomaly-store.js';

export const makeAnomalyJob = (deps: AnomalyJobDeps) => async (): Promise<{ day: string; tests: number; raised: number }> => {
  logger.setContext({ service: 'anomalies' });
  const { day, tests, raised } = await runAnomalyJob(deps);
  logger.info('anomaly run', { day, tests, raised: raised.length, anomalyIds: raised.map((a) => a.anomalyId).join(',') });
  return { day, tests, raised: raised.length };
};

export const handler = makeAnomalyJob({
  counters: new DynamoDbAggregateStore(documentClient, tableName),
  anomalies: new DynamoDbAnomalyStore(documentClient, tableName),
  now,
});
