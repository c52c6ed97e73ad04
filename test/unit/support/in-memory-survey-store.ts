// In-memory fakes of the ports (SurveyStore, InvitationQueue) that keep the adapters' promises: one survey per
// interactionId, one sender per invitation, answers only before expiry, a replacement only on the revision read.
import type { Answer, AnswerValues, CustomerProfile, Interaction, Invitation, SurveyOutcome } from '../../../functions/domain/model.js';
import type { InvitationQueue } from '../../../functions/ingest/invitation-queue.js';
import { Expired } from '../../../functions/shared/errors.js';
import {
  ConcurrentAnswer,
  type CustomerRecord,
  type InvitationRef,
  type NewInteraction,
  type RecordResult,
  type SurveyStore,
} from '../../../functions/store/survey-store.js';

interface StoredInvitation extends Invitation {
  leaseUntil?: string;
  leaseOwner?: string;
}

export class InMemorySurveyStore implements SurveyStore {
  readonly profiles = new Map<string, CustomerProfile>();
  readonly interactions = new Map<string, Interaction>();
  readonly invitations = new Map<string, StoredInvitation>();
  readonly answers = new Map<string, Answer>();
  private readonly guards = new Map<string, { outcome: SurveyOutcome; ref: InvitationRef }>();

  async recordInteraction({ interaction, customer, invitation, outcome, now }: NewInteraction): Promise<RecordResult> {
    const guard = this.guards.get(interaction.interactionId);
    if (guard) return { created: false, outcome: guard.outcome, ref: guard.ref };
    const { customerId, occurredAt, interactionId } = interaction;
    this.guards.set(interactionId, { outcome, ref: { customerId, occurredAt, interactionId } });
    this.interactions.set(interactionId, interaction);
    const existing = this.profiles.get(customerId);
    this.profiles.set(customerId, {
      ...existing,
      ...customer,
      createdAt: existing?.createdAt ?? now,
      updatedAt: now,
    });
    if (invitation) this.invitations.set(interactionId, { ...invitation });
    return { created: true };
  }

  /** Puts a scheduled invitation and its customer in place, as ingest would have. */
  seed(invitation: Invitation, profile: CustomerProfile): void {
    this.invitations.set(invitation.interactionId, { ...invitation });
    this.profiles.set(profile.id, profile);
  }

  async getInvitation(ref: InvitationRef): Promise<Invitation | null> {
    const stored = this.invitations.get(ref.interactionId);
    if (!stored) return null;
    const { leaseUntil: _lease, leaseOwner: _owner, ...invitation } = stored;
    return invitation;
  }

  async getProfile(customerId: string): Promise<CustomerProfile | null> {
    return this.profiles.get(customerId) ?? null;
  }

  async claimDelivery(ref: InvitationRef, now: string, leaseUntil: string, owner: string): Promise<boolean> {
    const invitation = this.invitations.get(ref.interactionId);
    if (!invitation) return false;
    const free =
      invitation.delivery === 'pending' ||
      (invitation.delivery === 'sending' && ((invitation.leaseUntil ?? '') < now || invitation.leaseOwner === owner));
    if (!free) return false;
    invitation.delivery = 'sending';
    invitation.leaseUntil = leaseUntil;
    invitation.leaseOwner = owner;
    return true;
  }

  async markSent(ref: InvitationRef, sentAt: string, owner: string): Promise<void> {
    const invitation = this.invitations.get(ref.interactionId);
    if (invitation?.leaseOwner !== owner) throw new Error('markSent without a claim');
    invitation.delivery = 'sent';
    invitation.sentAt = sentAt;
    if (invitation.status !== 'answered') invitation.status = 'sent';
    delete invitation.leaseUntil;
  }

  async releaseDelivery(ref: InvitationRef, owner: string): Promise<void> {
    const invitation = this.invitations.get(ref.interactionId);
    if (invitation?.delivery !== 'sending' || invitation.leaseOwner !== owner) return;
    invitation.delivery = 'pending';
    delete invitation.leaseUntil;
    delete invitation.leaseOwner;
  }

  async findByToken(token: string): Promise<{ invitation: Invitation; answer: Answer | null } | null> {
    for (const stored of this.invitations.values()) {
      if (stored.token !== token) continue;
      const { leaseUntil: _lease, leaseOwner: _owner, ...invitation } = stored;
      return { invitation, answer: this.answers.get(stored.interactionId) ?? null };
    }
    return null;
  }

  async saveAnswer(invitation: Invitation, previous: Answer | null, values: AnswerValues, now: string): Promise<Answer> {
    const stored = this.invitations.get(invitation.interactionId);
    if (!stored || stored.expiresAt <= now) throw new Expired('This survey has expired.');
    const current = this.answers.get(invitation.interactionId);
    if ((current?.revision ?? 0) !== (previous?.revision ?? 0)) throw new ConcurrentAnswer();
    const answer: Answer = {
      ...values,
      surveyId: invitation.surveyId,
      interactionId: invitation.interactionId,
      customerId: invitation.customerId,
      channel: invitation.channel,
      ...(invitation.agentId !== undefined ? { agentId: invitation.agentId } : {}),
      sentAt: invitation.sentAt ?? invitation.createdAt,
      firstAnsweredAt: previous?.firstAnsweredAt ?? now,
      answeredAt: now,
      revision: (previous?.revision ?? 0) + 1,
    };
    this.answers.set(invitation.interactionId, answer);
    stored.status = 'answered';
    stored.answeredAt = now;
    return answer;
  }

  async getCustomerRecord(customerId: string, limit: number): Promise<CustomerRecord | null> {
    const profile = this.profiles.get(customerId);
    if (!profile) return null;
    const timeline = [...this.interactions.values()]
      .filter((i) => i.customerId === customerId)
      .sort((a, b) => b.occurredAt.localeCompare(a.occurredAt))
      .slice(0, limit)
      .map((interaction) => ({ interaction }));
    return { profile, timeline };
  }
}

/** Remembers every invitation it was asked to queue, in order. */
export class InMemoryInvitationQueue implements InvitationQueue {
  readonly messages: InvitationRef[] = [];

  async enqueue(ref: InvitationRef): Promise<void> {
    this.messages.push(ref);
  }
}
