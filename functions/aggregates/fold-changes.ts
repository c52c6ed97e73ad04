// Use case: fold a batch of table changes into the aggregate counters, exactly once, whatever is redelivered.
import { createHash } from 'node:crypto';
import type { SkipReason } from '../domain/model.js';
import { COUNTER_SHARDS, FIELD } from './counters.js';
import { utcDay } from '../domain/utc-days.js';
import type { AggregateStore } from './aggregate-store.js';
import { contributionOf, isNewInteraction, type Contribution, type TableChange } from './changes.js';
import { escalationPlan, type InteractionState } from './escalations.js';

export interface FoldDeps {
  store: AggregateStore;
  /** How soon a contact on another channel must follow to count as an escalation. */
  escalationWindowMs: number;
}

/** Each batch writes one counter shard, chosen from its first record, so that parallel batches rarely meet. */
export function shardFor(sequenceNumber: string): number {
  return createHash('sha1').update(sequenceNumber).digest().readUInt32BE(0) % COUNTER_SHARDS;
}

const MAX_CONFLICT_RETRIES = 10;

async function foldInteraction(change: TableChange, shard: number, deps: FoldDeps): Promise<void> {
  const image = change.newImage!;
  const arrived: InteractionState = {
    interactionId: image.interactionId as string,
    customerId: image.customerId as string,
    channel: image.channel as InteractionState['channel'],
    occurredAt: image.occurredAt as string,
  };
  const t = Date.parse(arrived.occurredAt);
  const marker = `interaction#${arrived.interactionId}`;
  for (let attempt = 0; attempt < MAX_CONFLICT_RETRIES; attempt++) {
    const neighbours = await deps.store.interactionsBetween(
      arrived.customerId,
      new Date(t - deps.escalationWindowMs).toISOString(),
      new Date(t + deps.escalationWindowMs).toISOString(),
    );
    const plan = escalationPlan(arrived, neighbours, deps.escalationWindowMs);
    // An interaction that got no survey counts once, by reason, on its channel and day.
    const survey = image.survey as { status?: string; reason?: SkipReason } | undefined;
    const deltas =
      survey?.status === 'skipped' && survey.reason
        ? [
            ...plan.deltas,
            { dimension: 'channel' as const, value: arrived.channel, day: utcDay(arrived.occurredAt), field: FIELD.skipped(survey.reason), n: 1 },
          ]
        : plan.deltas;
    const result = await deps.store.applyEscalation(marker, { marker, deltas }, plan.updates, shard);
    if (result !== 'conflict') return;
  }
  throw new Error(`Escalations of one interaction kept conflicting after ${MAX_CONFLICT_RETRIES} tries`);
}

/**
 * 1. Turn each change into its contribution (answers, sent invitations) or its escalation plan (new interactions).
 * 2. Apply them in order, many per transaction; each carries a marker, so a redelivered change adds nothing.
 * 3. On a failure, answer the first change not known to be applied: the stream resumes there (markers skip the rest).
 */
export async function foldChanges(changes: TableChange[], deps: FoldDeps): Promise<{ failedAt?: string }> {
  if (changes.length === 0) return {};
  const shard = shardFor(changes[0]!.sequenceNumber);
  let pending: Array<{ change: TableChange; contribution: Contribution }> = [];
  const seen = new Set<string>();

  const flush = async (): Promise<string | undefined> => {
    if (pending.length === 0) return undefined;
    const batch = pending;
    pending = [];
    try {
      await deps.store.apply(
        batch.map((p) => p.contribution),
        shard,
      );
      return undefined;
    } catch {
      return batch[0]!.change.sequenceNumber;
    }
  };

  for (const change of changes) {
    if (isNewInteraction(change)) {
      const failed = await flush();
      if (failed) return { failedAt: failed };
      try {
        await foldInteraction(change, shard, deps);
      } catch {
        return { failedAt: change.sequenceNumber };
      }
      continue;
    }
    const contribution = contributionOf(change);
    if (!contribution || seen.has(contribution.marker)) continue;
    seen.add(contribution.marker);
    pending.push({ change, contribution });
  }
  const failed = await flush();
  return failed ? { failedAt: failed } : {};
}
