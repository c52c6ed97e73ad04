// In-memory fakes of the ports (SurveyStore, InvitationQueue, DefinitionStore) that keep the adapters' promises: one
// survey per interactionId, the ingest rules held as conditions (suppressed, unsubscribed, throttled become skips), one
// sender per invitation and per reminder, answers only before expiry, a replacement only on the revision read and
// never past MAX_REVISIONS. test/integration/contracts holds SurveyStore's and DefinitionStore's fakes to the suites their
// adapters pass.
import type { Channel } from '../../../functions/domain/channels.js';
import {
  MAX_REVISIONS,
  type Answer,
  type AnswerValues,
  type CustomerProfile,
  type Interaction,
  type Invitation,
  type SkipReason,
  type SurveyOutcome,
} from '../../../functions/domain/model.js';
import { defaultDefinition, type SurveyDefinition } from '../../../functions/domain/survey-definition.js';
import type { InvitationQueue, MessageKind } from '../../../functions/ingest/invitation-queue.js';
import type { DefinitionStore } from '../../../functions/programs/definition-store.js';
import { Expired, InvalidInput } from '../../../functions/shared/errors.js';
import { TIMELINE_BEGINS, normalizeEmail, timelinePrefix } from '../../../functions/store/keys.js';
import {
  ConcurrentAnswer,
  type CustomerRecord,
  type CustomerSearch,
  type DeliveryPhase,
  type InvitationRef,
  type NewInteraction,
  type RecordResult,
  type SurveyStore,
  type TimelineEntry,
} from '../../../functions/store/survey-store.js';

/** The adapter's bookkeeping attributes, which getInvitation never returns. */
interface Lease {
  leaseUntil?: string;
  leaseOwner?: string;
  reminderLeaseUntil?: string;
  reminderLeaseOwner?: string;
}

interface StoredInvitation extends Invitation, Lease {
  reminderCancelReason?: 'unsubscribed' | 'suppressed';
}

/** The attributes of each sending phase, as the adapter names them. */
const PHASE = {
  invitation: { state: 'delivery', leaseUntil: 'leaseUntil', leaseOwner: 'leaseOwner', sentAt: 'sentAt', cancelReason: 'cancelReason' },
  reminder: {
    state: 'reminderDelivery',
    leaseUntil: 'reminderLeaseUntil',
    leaseOwner: 'reminderLeaseOwner',
    sentAt: 'reminderSentAt',
    cancelReason: 'reminderCancelReason',
  },
} as const;

type Fields = Record<string, string | undefined>;

function withoutLease(stored: StoredInvitation): Invitation {
  const { leaseUntil: _l, leaseOwner: _o, reminderLeaseUntil: _rl, reminderLeaseOwner: _ro, ...invitation } = stored;
  return structuredClone(invitation);
}

export class InMemorySurveyStore implements SurveyStore, CustomerSearch {
  readonly profiles = new Map<string, CustomerProfile>();
  readonly interactions = new Map<string, Interaction>();
  readonly invitations = new Map<string, StoredInvitation>();
  readonly answers = new Map<string, Answer>();
  /** The outcome recorded for each interactionId (the adapter's guard item). */
  readonly outcomes = new Map<string, SurveyOutcome>();
  /** Suppressed addresses, normalised as the adapter's keys are. */
  readonly suppressed = new Set<string>();
  /** Who has used each address, normalised (the adapter's lookup items). */
  private readonly customersByEmail = new Map<string, Set<string>>();
  private readonly refs = new Map<string, InvitationRef>();

  async recordInteraction({ interaction, customer, invitation, outcome, now, throttleSince }: NewInteraction): Promise<RecordResult> {
    const { customerId, occurredAt, interactionId } = interaction;
    const recorded = this.outcomes.get(interactionId);
    if (recorded) return { created: false, outcome: recorded, ref: this.refs.get(interactionId)! };
    const existing = this.profiles.get(customerId);

    // The conditions of the adapter's transaction: a refused survey is recorded as a skip, with no invitation.
    const refusal = invitation ? this.refusal(customer.email, existing, throttleSince) : undefined;
    if (refusal) {
      invitation = null;
      outcome = { interactionId, surveyId: null, status: 'skipped', reason: refusal };
    }

    this.outcomes.set(interactionId, outcome);
    this.refs.set(interactionId, { customerId, occurredAt, interactionId });
    this.interactions.set(interactionId, structuredClone(interaction));
    this.profiles.set(customerId, {
      ...existing,
      id: customer.id,
      email: customer.email,
      ...(customer.name !== undefined ? { name: customer.name } : {}),
      ...(customer.locale !== undefined ? { locale: customer.locale } : {}),
      createdAt: existing?.createdAt ?? now,
      updatedAt: now,
      ...(invitation ? { lastSurveyedAt: now } : {}),
    });
    const address = normalizeEmail(customer.email);
    this.customersByEmail.set(address, (this.customersByEmail.get(address) ?? new Set()).add(customer.id));
    if (invitation) this.invitations.set(interactionId, structuredClone(invitation));
    return { created: true, outcome };
  }

  private refusal(email: string, profile: CustomerProfile | undefined, throttleSince: string | undefined): SkipReason | undefined {
    if (this.suppressed.has(normalizeEmail(email))) return 'suppressed';
    if (profile?.unsubscribedAt) return 'unsubscribed';
    if (throttleSince && profile?.lastSurveyedAt && profile.lastSurveyedAt > throttleSince) return 'throttled';
    return undefined;
  }

  /** Puts an invitation and its customer in place, as ingest would have. */
  seed(invitation: Invitation, profile: CustomerProfile): void {
    this.invitations.set(invitation.interactionId, structuredClone(invitation));
    this.profiles.set(profile.id, structuredClone(profile));
  }

  /** An address that bounced hard or complained, as the suppression handler records it. */
  suppress(email: string): void {
    this.suppressed.add(normalizeEmail(email));
  }

  async getInvitation(ref: InvitationRef): Promise<Invitation | null> {
    const stored = this.invitations.get(ref.interactionId);
    return stored ? withoutLease(stored) : null;
  }

  async getProfile(customerId: string): Promise<CustomerProfile | null> {
    const profile = this.profiles.get(customerId);
    return profile ? structuredClone(profile) : null;
  }

  async claimDelivery(ref: InvitationRef, now: string, leaseUntil: string, owner: string, phase: DeliveryPhase = 'invitation'): Promise<boolean> {
    const stored = this.invitations.get(ref.interactionId) as unknown as Fields | undefined;
    if (!stored) return false;
    const f = PHASE[phase];
    const state = stored[f.state];
    const free = state === undefined || state === 'pending' || (state === 'sending' && ((stored[f.leaseUntil] ?? '') < now || stored[f.leaseOwner] === owner));
    if (!free) return false;
    stored[f.state] = 'sending';
    stored[f.leaseUntil] = leaseUntil;
    stored[f.leaseOwner] = owner;
    return true;
  }

  async markSent(ref: InvitationRef, sentAt: string, owner: string, phase: DeliveryPhase = 'invitation'): Promise<void> {
    const stored = this.invitations.get(ref.interactionId);
    const fields = stored as unknown as Fields | undefined;
    const f = PHASE[phase];
    if (!stored || fields![f.leaseOwner] !== owner) throw new Error('markSent without a claim');
    fields![f.state] = 'sent';
    fields![f.sentAt] = sentAt;
    delete fields![f.leaseUntil];
    // The email never moves an answered invitation back to "sent".
    if (phase === 'invitation' && stored.status !== 'answered') stored.status = 'sent';
  }

  async releaseDelivery(ref: InvitationRef, owner: string, phase: DeliveryPhase = 'invitation'): Promise<void> {
    const stored = this.invitations.get(ref.interactionId) as unknown as Fields | undefined;
    const f = PHASE[phase];
    if (stored?.[f.state] !== 'sending' || stored[f.leaseOwner] !== owner) return;
    stored[f.state] = 'pending';
    delete stored[f.leaseUntil];
    delete stored[f.leaseOwner];
  }

  async cancelDelivery(ref: InvitationRef, reason: 'unsubscribed' | 'suppressed', phase: DeliveryPhase = 'invitation'): Promise<void> {
    const stored = this.invitations.get(ref.interactionId) as unknown as Fields | undefined;
    const f = PHASE[phase];
    // Only an email not yet claimed nor sent is cancelled; anything else is left as it is, quietly.
    if (!stored || (stored[f.state] !== undefined && stored[f.state] !== 'pending')) return;
    stored[f.state] = 'cancelled';
    stored[f.cancelReason] = reason;
  }

  async markReminderScheduled(ref: InvitationRef): Promise<void> {
    const stored = this.invitations.get(ref.interactionId);
    if (!stored) throw new Error('markReminderScheduled of an invitation that does not exist');
    stored.reminderScheduled = true;
  }

  async isSuppressed(email: string): Promise<boolean> {
    return this.suppressed.has(normalizeEmail(email));
  }

  async unsubscribe(customerId: string, at: string): Promise<boolean> {
    const profile = this.profiles.get(customerId);
    if (!profile) return false;
    profile.unsubscribedAt ??= at;
    return true;
  }

  async findByToken(token: string): Promise<{ invitation: Invitation; answer: Answer | null } | null> {
    for (const stored of this.invitations.values()) {
      if (stored.token !== token) continue;
      const answer = this.answers.get(stored.interactionId);
      return { invitation: withoutLease(stored), answer: answer ? structuredClone(answer) : null };
    }
    return null;
  }

  async findByUnsubscribeToken(token: string): Promise<Invitation | null> {
    for (const stored of this.invitations.values()) if (stored.unsubscribeToken === token) return withoutLease(stored);
    return null;
  }

  async saveAnswer(invitation: Invitation, previous: Answer | null, values: AnswerValues, now: string): Promise<Answer> {
    const stored = this.invitations.get(invitation.interactionId);
    if (!stored || stored.expiresAt <= now) throw new Expired('This survey has expired.');
    const current = this.answers.get(invitation.interactionId);
    if ((current?.revision ?? 0) !== (previous?.revision ?? 0) || (current?.revision ?? 0) >= MAX_REVISIONS) throw new ConcurrentAnswer();
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
    return structuredClone(answer);
  }

  async findCustomersByEmail(email: string, limit: number): Promise<CustomerProfile[]> {
    const ids = [...(this.customersByEmail.get(normalizeEmail(email)) ?? [])].sort().slice(0, limit);
    return ids.flatMap((id) => (this.profiles.has(id) ? [structuredClone(this.profiles.get(id)!)] : []));
  }

  /** Newest first, as the adapter reads its timeline items; the cursor names the last interaction handed out. */
  async getCustomerRecord(customerId: string, limit: number, cursor?: string): Promise<CustomerRecord | null> {
    const profile = this.profiles.get(customerId);
    if (!profile) return null;
    let after: string | undefined;
    if (cursor !== undefined) {
      after = Buffer.from(cursor, 'base64url').toString('utf8');
      if (!after.startsWith(TIMELINE_BEGINS))
        throw new InvalidInput('cursor: not a cursor this API returned', [{ field: 'cursor', message: 'not a cursor this API returned' }]);
    }
    const positionOf = (i: Interaction) => timelinePrefix(i.occurredAt, i.interactionId);
    const following = [...this.interactions.values()]
      .filter((i) => i.customerId === customerId && (after === undefined || positionOf(i) < after))
      .sort((a, b) => positionOf(b).localeCompare(positionOf(a)));
    const page = following.slice(0, limit);
    const timeline = page.map((interaction): TimelineEntry => {
      const stored = this.invitations.get(interaction.interactionId);
      const answer = this.answers.get(interaction.interactionId);
      const { token: _token, ...invitation } = stored ? withoutLease(stored) : ({} as Invitation);
      return {
        interaction: structuredClone(interaction),
        ...(stored ? { invitation: invitation as Invitation } : {}),
        ...(answer ? { answer: structuredClone(answer) } : {}),
      };
    });
    const last = page.at(-1);
    return {
      profile: structuredClone(profile),
      timeline,
      ...(following.length > limit && last ? { nextCursor: Buffer.from(positionOf(last), 'utf8').toString('base64url') } : {}),
    };
  }
}

export interface QueuedInvitation {
  ref: InvitationRef;
  kind: MessageKind;
  notBefore?: Date;
}

/** Remembers every message it was asked to queue, in order: what it points at, which email, and from when. */
export class InMemoryInvitationQueue implements InvitationQueue {
  readonly messages: QueuedInvitation[] = [];

  async enqueue(ref: InvitationRef, options: { notBefore?: Date; kind?: MessageKind } = {}): Promise<void> {
    this.messages.push({ ref: { ...ref }, kind: options.kind ?? 'invitation', ...(options.notBefore ? { notBefore: options.notBefore } : {}) });
  }

  /** What the messages point at, in order. */
  get refs(): InvitationRef[] {
    return this.messages.map((m) => m.ref);
  }
}

/** Survey programs by channel: the defaults until one is saved, each save conditioned on the version read. */
export class InMemoryDefinitionStore implements DefinitionStore {
  readonly saved = new Map<Channel, SurveyDefinition>();

  constructor(...definitions: SurveyDefinition[]) {
    for (const definition of definitions) this.saved.set(definition.channel, structuredClone(definition));
  }

  async get(channel: Channel): Promise<SurveyDefinition> {
    return structuredClone(this.saved.get(channel) ?? defaultDefinition(channel));
  }

  async put(definition: SurveyDefinition, expectedVersion: number): Promise<boolean> {
    if ((this.saved.get(definition.channel)?.version ?? 0) !== expectedVersion) return false;
    this.saved.set(definition.channel, structuredClone(definition));
    return true;
  }
}
