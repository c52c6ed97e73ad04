// Use case: email one invitation, or its one reminder, at most once, however often its queue message is delivered.
import { surveyOf, type Invitation, type InvitationRef } from '../domain/model.js';
import type { InvitationQueue, MessageKind } from '../ingest/invitation-queue.js';
import { routePath } from '../routes.js';
import { logger } from '../shared/logger.js';
import { METRIC, countMetric } from '../shared/metrics.js';
import { newId } from '../shared/secrets.js';
import type { DeliveryLeases, DeliveryPhase } from '../store/delivery-leases.js';
import { renderInvitationEmail } from './email.js';
import type { Mailer } from './mailer.js';

export interface SendInvitationDeps {
  leases: DeliveryLeases;
  mailer: Mailer;
  /** Where the reminder is queued once the invitation went out. */
  queue: InvitationQueue;
  now: () => Date;
  brandName: string;
  publicBaseUrl: string;
  /** How long a sender holds an invitation before another may take over: longer than one send can take. */
  leaseMs: number;
}

/**
 * The default lease: longer than the delivery function's 30-second timeout, so a live sender never loses it, and
 * shorter than the queue's visibility timeout, so the first redelivery after a crash can take over.
 */
export const DELIVERY_LEASE_SECONDS = 60;

/**
 * How soon a message that found another message's claim on its invitation looks again. The holder is usually half-way
 * through a send and done in a second; if it died, its own message takes the claim back on redelivery, and once its
 * lease has run out any message may.
 */
export const RECHECK_CLAIMED_MS = 10_000;

export type SendResult = 'sent' | 'already-sent' | 'expired' | 'missing' | 'answered' | 'cancelled' | 'not-due' | 'claimed-elsewhere';

/**
 * 1. Load the invitation; one already sent, answered (for a reminder), expired or gone needs nothing more. The
 *    reminder of a sent invitation is queued if an earlier attempt could not.
 * 2. At send time, honour an unsubscribe or a suppressed address: cancel, send nothing.
 * 3. Claim it with a lease (a conditional write) in the name of the queue message: one sender at a time, never after
 *    "sent". A redelivery of the same message takes back its own claim (its last attempt may have claimed and then failed,
 *    or heard a failure from a claim that was written); another message finding the claim taken is queued again to look
 *    later, so it never spends its receives and lands in the dead-letter queue while the holder works.
 * 4. Render in the customer's language, with one-click unsubscribe headers, and send; on failure release the claim.
 * 5. Mark it sent, then queue the reminder for its day.
 */
export async function sendInvitation(
  ref: InvitationRef,
  deps: SendInvitationDeps,
  kind: MessageKind = 'invitation',
  claimId: string = newId(),
): Promise<SendResult> {
  const phase: DeliveryPhase = kind;
  const invitation = await deps.leases.getInvitation(ref);
  if (!invitation) return 'missing';
  const state = phase === 'invitation' ? invitation.delivery : invitation.reminderDelivery;
  if (state === 'sent') {
    if (phase === 'invitation') await scheduleReminder(ref, invitation, deps);
    return 'already-sent';
  }
  if (state === 'cancelled') return 'cancelled';
  const now = deps.now();
  if (Date.parse(invitation.expiresAt) <= now.getTime()) return 'expired';
  if (phase === 'reminder' && (invitation.status === 'answered' || invitation.delivery !== 'sent')) return 'answered';
  const due = phase === 'invitation' ? invitation.sendAt : invitation.reminderAt;
  if (due && Date.parse(due) > now.getTime() + 1_000) {
    await deps.queue.enqueue(ref, { notBefore: new Date(due), kind });
    return 'not-due';
  }

  const profile = await deps.leases.getProfile(ref.customerId);
  if (!profile) return 'missing';
  const refusal = profile.unsubscribedAt ? 'unsubscribed' : (await deps.leases.isSuppressed(profile.email)) ? 'suppressed' : undefined;
  if (refusal) {
    await deps.leases.cancelDelivery(ref, refusal, phase);
    logger.info('email cancelled', { surveyId: invitation.surveyId, phase, reason: refusal });
    return 'cancelled';
  }

  const owner = claimId;
  if (!(await deps.leases.claimDelivery(ref, now.toISOString(), new Date(now.getTime() + deps.leaseMs).toISOString(), owner, phase))) {
    const current = await deps.leases.getInvitation(ref);
    if ((phase === 'invitation' ? current?.delivery : current?.reminderDelivery) === 'sent') return 'already-sent';
    await deps.queue.enqueue(ref, { notBefore: new Date(now.getTime() + Math.min(RECHECK_CLAIMED_MS, deps.leaseMs)), kind });
    logger.info('invitation claimed by another message', { surveyId: invitation.surveyId, phase });
    return 'claimed-elsewhere';
  }

  const survey = surveyOf(invitation);
  const surveyUrl = deps.publicBaseUrl + routePath('/s/{token}', { token: invitation.token });
  // Its own token: this URL goes to mailbox providers (List-Unsubscribe), who must not be able to answer the survey.
  const unsubscribeUrl = deps.publicBaseUrl + routePath('/u/{token}', { token: invitation.unsubscribeToken ?? invitation.token });
  const email = renderInvitationEmail({
    brandName: deps.brandName,
    ...(profile.name !== undefined ? { customerName: profile.name } : {}),
    channel: invitation.channel,
    occurredAt: invitation.occurredAt,
    surveyUrl,
    unsubscribeUrl,
    locale: survey.locale,
    lead: survey.lead,
    ...(survey.wording[survey.lead] !== undefined ? { leadWording: survey.wording[survey.lead] } : {}),
    ...(phase === 'reminder' ? { reminder: true } : {}),
  });
  try {
    // RFC 8058 one-click unsubscribe: mailbox providers POST "List-Unsubscribe=One-Click" to this URL.
    const headers = { 'List-Unsubscribe': `<${unsubscribeUrl}>`, 'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click' };
    const { messageId } = await deps.mailer.send({ to: profile.email, ...email, headers });
    logger.info('email sent', { surveyId: invitation.surveyId, phase, messageId });
  } catch (error) {
    await deps.leases.releaseDelivery(ref, owner, phase);
    throw error;
  }
  await deps.leases.markSent(ref, deps.now().toISOString(), owner, phase);
  countMetric(phase === 'invitation' ? METRIC.surveySent : METRIC.reminderSent);
  if (phase === 'invitation') await scheduleReminder(ref, invitation, deps);
  return 'sent';
}

async function scheduleReminder(ref: InvitationRef, invitation: Invitation, deps: SendInvitationDeps): Promise<void> {
  if (!invitation.reminderAt || invitation.reminderScheduled) return;
  // An email that went out late (an SES outage, a retry) moves its reminder by as much: never one right behind the other.
  const sentAt = invitation.sentAt ? Date.parse(invitation.sentAt) : deps.now().getTime();
  const lateBy = Math.max(0, sentAt - Date.parse(invitation.sendAt ?? invitation.createdAt));
  const due = new Date(Date.parse(invitation.reminderAt) + lateBy);
  if (due.getTime() >= Date.parse(invitation.expiresAt)) return;
  await deps.queue.enqueue(ref, { notBefore: due, kind: 'reminder' });
  await deps.leases.markReminderScheduled(ref);
}
