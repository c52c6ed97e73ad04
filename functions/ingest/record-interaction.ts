// Use case: an interaction ended; record it on the customer's record and schedule its survey as the channel's
// program says, exactly once.
import { createHash } from 'node:crypto';
import type { Interaction, Invitation, InvitationRef, SkipReason, SurveyOutcome } from '../domain/model.js';
import { resolveLocale, type SurveyDefinition } from '../domain/survey-definition.js';
import { daysAfter } from '../domain/utc-days.js';
import { InvalidInput } from '../shared/errors.js';
import { METRIC, REASON_DIMENSION, countMetric } from '../shared/metrics.js';
import { newId, newToken } from '../shared/secrets.js';
import type { DefinitionStore } from '../programs/definition-store.js';
import type { IngestLedger } from '../store/ingest-ledger.js';
import type { InvitationQueue } from './invitation-queue.js';
import { MAX_CLOCK_SKEW_MS, type InteractionEvent } from './interaction-schema.js';

export interface RecordInteractionDeps {
  ledger: IngestLedger;
  queue: InvitationQueue;
  definitions: DefinitionStore;
  now: () => Date;
}

/** The same answer for the same interaction, every time: a repeat is never sampled differently. */
export function sampledIn(interactionId: string, rate: number): boolean {
  if (rate >= 1) return true;
  const fraction = createHash('sha256').update(interactionId).digest().readUInt32BE(0) / 2 ** 32;
  return fraction < rate;
}

/** The rules decided without the customer's history: the rest (fatigue, unsubscribe, suppression) are conditions of the write. */
export function ruleOut(interactionId: string, definition: SurveyDefinition): SkipReason | undefined {
  if (!definition.enabled) return 'channel_disabled';
  if (!sampledIn(interactionId, definition.samplingRate)) return 'sampled_out';
  return undefined;
}

/**
 * 1. Normalise the event (UTC times) and refuse one from the future; read the channel's survey program.
 * 2. Apply the rules that need no history: channel disabled, sampled out.
 * 3. Write interaction, profile, invitation and token in one transaction, guarded by the interactionId, and conditioned on
 *    the customer not being unsubscribed, suppressed or (fatigue rule) surveyed recently; a refusal records a skip instead.
 * 4. Queue the invitation for its send time; a repeat whose email is still pending queues it again (delivery sends once).
 */
export async function recordInteraction(event: InteractionEvent, deps: RecordInteractionDeps): Promise<SurveyOutcome> {
  const now = deps.now();
  const occurredAt = new Date(event.occurredAt);
  if (occurredAt.getTime() - now.getTime() > MAX_CLOCK_SKEW_MS) {
    throw new InvalidInput('Invalid request body: occurredAt is in the future', [{ field: 'occurredAt', message: 'is in the future' }]);
  }
  const definition = await deps.definitions.get(event.channel);
  const nowIso = now.toISOString();
  const interaction: Interaction = {
    interactionId: event.interactionId,
    customerId: event.customer.id,
    channel: event.channel,
    occurredAt: occurredAt.toISOString(),
    receivedAt: nowIso,
    ...(event.agentId !== undefined ? { agentId: event.agentId } : {}),
    ...(event.queue !== undefined ? { queue: event.queue } : {}),
    ...(event.subject !== undefined ? { subject: event.subject } : {}),
  };

  const ruledOut = ruleOut(interaction.interactionId, definition);
  let invitation: Invitation | null = null;
  if (!ruledOut) {
    const locale = resolveLocale(event.customer.locale);
    const sendAt = new Date(now.getTime() + definition.sendDelayMinutes * 60_000);
    const expiresAt = daysAfter(sendAt, definition.linkExpiryDays);
    invitation = {
      surveyId: newId(),
      interactionId: interaction.interactionId,
      customerId: interaction.customerId,
      channel: interaction.channel,
      ...(interaction.agentId !== undefined ? { agentId: interaction.agentId } : {}),
      occurredAt: interaction.occurredAt,
      token: newToken(),
      unsubscribeToken: newToken(),
      createdAt: nowIso,
      sendAt: sendAt.toISOString(),
      expiresAt: expiresAt.toISOString(),
      status: 'scheduled',
      delivery: 'pending',
      survey: {
        locale,
        questions: definition.questions,
        lead: definition.lead,
        wording: definition.wording[locale] ?? {},
        definitionVersion: definition.version,
      },
      ...(definition.reminder.enabled ? { reminderAt: daysAfter(sendAt, definition.reminder.afterDays).toISOString() } : {}),
    };
  }
  const outcome: SurveyOutcome = invitation
    ? { interactionId: interaction.interactionId, surveyId: invitation.surveyId, status: 'scheduled' }
    : { interactionId: interaction.interactionId, surveyId: null, status: 'skipped', reason: ruledOut! };

  const result = await deps.ledger.recordInteraction({
    interaction,
    customer: event.customer,
    invitation,
    outcome,
    now: nowIso,
    ...(definition.throttleDays > 0 ? { throttleSince: daysAfter(now, -definition.throttleDays).toISOString() } : {}),
  });
  const ref: InvitationRef = { customerId: interaction.customerId, occurredAt: interaction.occurredAt, interactionId: interaction.interactionId };
  if (result.created) {
    // Counted once, by the request that recorded the interaction: a replay is not a second skip.
    if (result.outcome.status === 'skipped') countMetric(METRIC.surveySkipped, { [REASON_DIMENSION]: result.outcome.reason });
    // Only the pointer: the interaction also carries its subject, which never goes into a queue message.
    if (result.outcome.status === 'scheduled' && invitation) await deps.queue.enqueue(ref, { notBefore: new Date(invitation.sendAt) });
    return result.outcome;
  }
  if (result.outcome.status === 'scheduled') {
    const existing = await deps.ledger.getInvitation(result.ref);
    if (existing?.delivery === 'pending') await deps.queue.enqueue(result.ref, { notBefore: new Date(existing.sendAt ?? existing.createdAt) });
  }
  return result.outcome;
}
