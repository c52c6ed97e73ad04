// Use case: email one invitation, at most once, however often its queue message is delivered.
import { logger } from '../shared/logger.js';
import { newId } from '../shared/secrets.js';
import type { InvitationRef, SurveyStore } from '../store/survey-store.js';
import { renderInvitationEmail } from './email.js';
import type { Mailer } from './mailer.js';

export interface SendInvitationDeps {
  store: SurveyStore;
  mailer: Mailer;
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

export class DeliveryInProgress extends Error {}

export type SendResult = 'sent' | 'already-sent' | 'expired' | 'missing';

/**
 * 1. Load the invitation; a sent, expired or vanished one needs nothing more.
 * 2. Claim it with a lease (a conditional write): only one sender at a time, and never after "sent".
 * 3. Render and send the email; on failure release the claim so that the queue's retry can send.
 * 4. Mark it sent.
 */
export async function sendInvitation(ref: InvitationRef, deps: SendInvitationDeps): Promise<SendResult> {
  const invitation = await deps.store.getInvitation(ref);
  if (!invitation) return 'missing';
  if (invitation.delivery === 'sent') return 'already-sent';
  const now = deps.now();
  if (Date.parse(invitation.expiresAt) <= now.getTime()) return 'expired';

  const profile = await deps.store.getProfile(ref.customerId);
  if (!profile) return 'missing';

  const leaseUntil = new Date(now.getTime() + deps.leaseMs).toISOString();
  const owner = newId();
  if (!(await deps.store.claimDelivery(ref, now.toISOString(), leaseUntil, owner))) {
    const current = await deps.store.getInvitation(ref);
    if (current?.delivery === 'sent') return 'already-sent';
    throw new DeliveryInProgress('Another sender holds this invitation; retry later.');
  }

  const email = renderInvitationEmail({
    brandName: deps.brandName,
    ...(profile.name !== undefined ? { customerName: profile.name } : {}),
    channel: invitation.channel,
    occurredAt: invitation.occurredAt,
    surveyUrl: `${deps.publicBaseUrl}/s/${encodeURIComponent(invitation.token)}`,
  });
  try {
    const { messageId } = await deps.mailer.send({ to: profile.email, ...email });
    logger.info('invitation sent', { surveyId: invitation.surveyId, messageId });
  } catch (error) {
    await deps.store.releaseDelivery(ref, owner);
    throw error;
  }
  await deps.store.markSent(ref, deps.now().toISOString(), owner);
  return 'sent';
}
