// Use case: an interaction ended; record it on the customer's record and schedule its survey, exactly once.
import type { Interaction, Invitation, SurveyOutcome } from '../domain/model.js';
import { newId, newToken } from '../shared/secrets.js';
import { InvalidInput } from '../shared/errors.js';
import type { SurveyStore } from '../store/survey-store.js';
import type { InvitationQueue } from './invitation-queue.js';
import { MAX_CLOCK_SKEW_MS, type InteractionEvent } from './interaction-schema.js';

export interface RecordInteractionDeps {
  store: SurveyStore;
  queue: InvitationQueue;
  now: () => Date;
  surveyTtlDays: number;
}

/**
 * 1. Normalise the event (UTC times) and refuse one from the future.
 * 2. Write interaction, profile, invitation and token in one transaction, guarded by the interactionId.
 * 3. Queue the invitation for email; a repeat whose email is still pending queues it again (delivery sends once).
 * 4. Answer with the outcome, the same for every repeat.
 */
export async function recordInteraction(event: InteractionEvent, deps: RecordInteractionDeps): Promise<SurveyOutcome> {
  const now = deps.now();
  const occurredAt = new Date(event.occurredAt);
  if (occurredAt.getTime() - now.getTime() > MAX_CLOCK_SKEW_MS) {
    throw new InvalidInput('Invalid request body: occurredAt is in the future', [{ field: 'occurredAt', message: 'is in the future' }]);
  }
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
  const invitation: Invitation = {
    surveyId: newId(),
    interactionId: interaction.interactionId,
    customerId: interaction.customerId,
    channel: interaction.channel,
    ...(interaction.agentId !== undefined ? { agentId: interaction.agentId } : {}),
    occurredAt: interaction.occurredAt,
    token: newToken(),
    createdAt: nowIso,
    expiresAt: new Date(now.getTime() + deps.surveyTtlDays * 86_400_000).toISOString(),
    status: 'scheduled',
    delivery: 'pending',
  };
  const outcome: SurveyOutcome = { interactionId: interaction.interactionId, surveyId: invitation.surveyId, status: 'scheduled' };

  const result = await deps.store.recordInteraction({ interaction, customer: event.customer, invitation, outcome, now: nowIso });
  if (result.created) {
    // Only the pointer: the interaction also carries its subject, which never goes into a queue message.
    await deps.queue.enqueue({ customerId: interaction.customerId, occurredAt: interaction.occurredAt, interactionId: interaction.interactionId });
    return outcome;
  }
  if (result.outcome.status === 'scheduled') {
    const existing = await deps.store.getInvitation(result.ref);
    if (existing?.delivery === 'pending') await deps.queue.enqueue(result.ref);
  }
  return result.outcome;
}
