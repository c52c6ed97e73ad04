// In-memory fakes of the survey ports (IngestLedger, DeliveryLeases, AnswerStore, CustomerRecords), of InvitationQueue and
// DefinitionStore, that keep the adapters' promises: one survey per interactionId, the ingest rules held as conditions
// (suppressed, unsubscribed, throttled become skips), one sender per invitation and per reminder, answers only before
// expiry, a replacement only over the revision before it and never past MAX_REVISIONS. The survey fakes share one
// InMemorySurveyTable, as the adapters share the table. test/integration/contracts holds them to the suites their adapters pass.
import type { Channel } from '../../../functions/domain/channels.js';
import {
  MAX_REVISIONS,
  type Answer,
  type CustomerProfile,
  type Interaction,
  type Invitation,
  type InvitationRef,
  type SkipReason,
  type SurveyOutcome,
} from '../../../functions/domain/model.js';
import { defaultDefinition, type SurveyDefinition } from '../../../functions/domain/survey-definition.js';
import type { InvitationQueue, MessageKind } from '../../../functions/ingest/invitation-queue.js';
import type { DefinitionStore } from '../../../functions/programs/definition-store.js';
import { Expired } from '../../../functions/shared/errors.js';
import { ConcurrentAnswer, type AnswerStore } from '../../../functions/store/answer-store.js';
import type { CustomerRecord, CustomerRecords, TimelineEntry } from '../../../functions/store/customer-records.js';
import { PHASE_FIELDS, type DeliveryLeases, type DeliveryPhase } from '../../../functions/store/delivery-leases.js';
import { timelineCursor } from '../../../functions/store/dynamodb-customer-records.js';
import type { IngestLedger, NewInteraction, RecordResult } from '../../../functions/store/ingest-ledger.js';
import { CREDENTIAL_ATTRIBUTES, fromItem } from '../../../functions/store/items.js';
import { normalizeEmail, timelinePrefix } from '../../../functions/store/keys.js';

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

type Fields = Record<string, string | undefined>;

/** As the adapters hand an item out: without the table's own attributes (functions/store/items.ts). */
function withoutLease(stored: StoredInvitation): Invitation {
  return structuredClone(fromItem<Invitation>(stored as unknown as Record<string, unknown>));
}

/** What the survey ports share, as the adapters share the table. */
export class InMemorySurveyTable {
  readonly profiles = new Map<string, CustomerProfile>();
  readonly interactions = new Map<string, Interaction>();
  readonly invitations = new Map<string, StoredInvitation>();
  readonly answers = new Map<string, Answer>();
  /** The outcome recorded for each interactionId (the adapter's guard item). */
  readonly outcomes = new Map<string, SurveyOutcome>();
  /** Suppressed addresses, normalised as the adapter's keys are. */
  readonly suppressed = new Set<string>();
  /** Who has used each address, normalised (the adapter's lookup items). */
  readonly customersByEmail = new Map<string, Set<string>>();
  readonly refs = new Map<string, InvitationRef>();

  /** Puts an invitation and its customer in place, as ingest would have. */
  seed(invitation: Invitation, profile: CustomerProfile): void {
    this.invitations.set(invitation.interactionId, structuredClone(invitation));
    this.profiles.set(profile.id, structuredClone(profile));
  }

  /** An address that bounced hard or complained, as the suppression handler records it. */
  suppress(email: string): void {
    this.suppressed.add(normalizeEmail(email));
  }

  invitation(ref: InvitationRef): Invitation | null {
    const stored = this.invitations.get(ref.interactionId);
    return stored ? withoutLease(stored) : null;
  }

  profile(customerId: string): CustomerProfile | null {
    const profile = this.profiles.get(customerId);
    return profile ? structuredClone(profile) : null;
  }
}

/** A fake over a table (its own unless given one), showing the table's state to the test that made it. */
abstract class OverSurveyTable {
  constructor(readonly table: InMemorySurveyTable = new InMemorySurveyTable()) {}
  get profiles() {
    return this.table.profiles;
  }
  get interactions() {
    return this.table.interactions;
  }
  get invitations() {
    return this.table.invitations;
  }
  get answers() {
    return this.table.answers;
  }
  seed(invitation: Invitation, profile: CustomerProfile): void {
    this.table.seed(invitation, profile);
  }
  suppress(email: string): void {
    this.table.suppress(email);
  }
}

export class InMemoryIngestLedger extends OverSurveyTable implements IngestLedger {
  async recordInteraction({ interaction, customer, invitation, outcome, now, throttleSince }: NewInteraction): Promise<RecordResult> {
    const t = this.table;
    const { customerId, occurredAt, interactionId } = interaction;
    const recorded = t.outcomes.get(interactionId);
    if (recorded) return { created: false, outcome: recorded, ref: t.refs.get(interactionId)! };
    const existing = t.profiles.get(customerId);

    // The conditions of the adapter's transaction: a refused survey is recorded as a skip, with no invitation.
    const refusal = invitation ? this.refusal(customer.email, existing, throttleSince) : undefined;
    if (refusal) {
      invitation = null;
      outcome = { interactionId, surveyId: null, status: 'skipped', reason: refusal };
    }

    t.outcomes.set(interactionId, outcome);
    t.refs.set(interactionId, { customerId, occurredAt, interactionId });
    t.interactions.set(interactionId, structuredClone(interaction));
    t.profiles.set(customerId, {
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
    t.customersByEmail.set(address, (t.customersByEmail.get(address) ?? new Set()).add(customer.id));
    if (invitation) t.invitations.set(interactionId, structuredClone(invitation));
    return { created: true, outcome };
  }

  private refusal(email: string, profile: CustomerProfile | undefined, throttleSince: string | undefined): SkipReason | undefined {
    if (this.table.suppressed.has(normalizeEmail(email))) return 'suppressed';
    if (profile?.unsubscribedAt) return 'unsubscribed';
    if (throttleSince && profile?.lastSurveyedAt && profile.lastSurveyedAt > throttleSince) return 'throttled';
    return undefined;
  }

  async getInvitation(ref: InvitationRef): Promise<Invitation | null> {
    return this.table.invitation(ref);
  }
}

export class InMemoryDeliveryLeases extends OverSurveyTable implements DeliveryLeases {
  async getInvitation(ref: InvitationRef): Promise<Invitation | null> {
    return this.table.invitation(ref);
  }

  async getProfile(customerId: string): Promise<CustomerProfile | null> {
    return this.table.profile(customerId);
  }

  async isSuppressed(email: string): Promise<boolean> {
    return this.table.suppressed.has(normalizeEmail(email));
  }

  async claimDelivery(ref: InvitationRef, now: string, leaseUntil: string, owner: string, phase: DeliveryPhase = 'invitation'): Promise<boolean> {
    const stored = this.table.invitations.get(ref.interactionId) as unknown as Fields | undefined;
    if (!stored) return false;
    const f = PHASE_FIELDS[phase];
    const state = stored[f.state];
    const free = state === undefined || state === 'pending' || (state === 'sending' && ((stored[f.leaseUntil] ?? '') < now || stored[f.leaseOwner] === owner));
    if (!free) return false;
    stored[f.state] = 'sending';
    stored[f.leaseUntil] = leaseUntil;
    stored[f.leaseOwner] = owner;
    return true;
  }

  async markSent(ref: InvitationRef, sentAt: string, owner: string, phase: DeliveryPhase = 'invitation'): Promise<void> {
    const stored = this.table.invitations.get(ref.interactionId);
    const fields = stored as unknown as Fields | undefined;
    const f = PHASE_FIELDS[phase];
    if (!stored || fields![f.leaseOwner] !== owner) throw new Error('markSent without a claim');
    fields![f.state] = 'sent';
    fields![f.sentAt] = sentAt;
    delete fields![f.leaseUntil];
    // The email never moves an answered invitation back to "sent".
    if (phase === 'invitation' && stored.status !== 'answered') stored.status = 'sent';
  }

  async releaseDelivery(ref: InvitationRef, owner: string, phase: DeliveryPhase = 'invitation'): Promise<void> {
    const stored = this.table.invitations.get(ref.interactionId) as unknown as Fields | undefined;
    const f = PHASE_FIELDS[phase];
    if (stored?.[f.state] !== 'sending' || stored[f.leaseOwner] !== owner) return;
    stored[f.state] = 'pending';
    delete stored[f.leaseUntil];
    delete stored[f.leaseOwner];
  }

  async cancelDelivery(ref: InvitationRef, reason: 'unsubscribed' | 'suppressed', phase: DeliveryPhase = 'invitation'): Promise<void> {
    const stored = this.table.invitations.get(ref.interactionId) as unknown as Fields | undefined;
    const f = PHASE_FIELDS[phase];
    // Only an email not yet claimed nor sent is cancelled; anything else is left as it is, quietly.
    if (!stored || (stored[f.state] !== undefined && stored[f.state] !== 'pending')) return;
    stored[f.state] = 'cancelled';
    stored[f.cancelReason] = reason;
  }

  async markReminderScheduled(ref: InvitationRef): Promise<void> {
    const stored = this.table.invitations.get(ref.interactionId);
    if (!stored) throw new Error('markReminderScheduled of an invitation that does not exist');
    stored.reminderScheduled = true;
  }
}

export class InMemoryAnswerStore extends OverSurveyTable implements AnswerStore {
  async findByToken(token: string): Promise<{ invitation: Invitation; answer: Answer | null } | null> {
    for (const stored of this.table.invitations.values()) {
      if (stored.token !== token) continue;
      const answer = this.table.answers.get(stored.interactionId);
      return { invitation: withoutLease(stored), answer: answer ? structuredClone(answer) : null };
    }
    return null;
  }

  async findByUnsubscribeToken(token: string): Promise<Invitation | null> {
    for (const stored of this.table.invitations.values()) if (stored.unsubscribeToken === token) return withoutLease(stored);
    return null;
  }

  async getProfile(customerId: string): Promise<CustomerProfile | null> {
    return this.table.profile(customerId);
  }

  /** The adapter's conditions: a live invitation, and the stored revision the one before this answer's, below the limit. */
  async saveAnswer(ref: InvitationRef, answer: Answer): Promise<void> {
    const stored = this.table.invitations.get(ref.interactionId);
    if (!stored || stored.expiresAt <= answer.answeredAt) throw new Expired('This survey has expired.');
    const current = this.table.answers.get(ref.interactionId);
    if ((current?.revision ?? 0) !== answer.revision - 1 || (current?.revision ?? 0) >= MAX_REVISIONS) throw new ConcurrentAnswer();
    this.table.answers.set(ref.interactionId, structuredClone(answer));
    stored.status = 'answered';
    stored.answeredAt = answer.answeredAt;
  }

  async unsubscribe(customerId: string, at: string): Promise<boolean> {
    const profile = this.table.profiles.get(customerId);
    if (!profile) return false;
    profile.unsubscribedAt ??= at;
    return true;
  }
}

export class InMemoryCustomerRecords extends OverSurveyTable implements CustomerRecords {
  async findCustomersByEmail(email: string, limit: number): Promise<CustomerProfile[]> {
    const ids = [...(this.table.customersByEmail.get(normalizeEmail(email)) ?? [])].sort().slice(0, limit);
    return ids.flatMap((id) => (this.table.profiles.has(id) ? [structuredClone(this.table.profiles.get(id)!)] : []));
  }

  /** Newest first, as the adapter reads its timeline items; the adapter's cursor names the last interaction handed out. */
  async getCustomerRecord(customerId: string, limit: number, cursor?: string): Promise<CustomerRecord | null> {
    const after = cursor === undefined ? undefined : timelineCursor.decode(cursor, customerId);
    const profile = this.table.profiles.get(customerId);
    if (!profile) return null;
    const positionOf = (i: { occurredAt: string; interactionId: string }) => timelinePrefix(i.occurredAt, i.interactionId);
    const following = [...this.table.interactions.values()]
      .filter((i) => i.customerId === customerId && (after === undefined || positionOf(i) < positionOf(after)))
      .sort((a, b) => positionOf(b).localeCompare(positionOf(a)));
    const page = following.slice(0, limit);
    const timeline = page.map((interaction): TimelineEntry => {
      const stored = this.table.invitations.get(interaction.interactionId);
      const answer = this.table.answers.get(interaction.interactionId);
      return {
        interaction: structuredClone(interaction),
        ...(stored ? { invitation: fromItem<Invitation>(withoutLease(stored) as unknown as Record<string, unknown>, CREDENTIAL_ATTRIBUTES) } : {}),
        ...(answer ? { answer: structuredClone(answer) } : {}),
      };
    });
    const last = page.at(-1);
    return {
      profile: structuredClone(profile),
      timeline,
      ...(following.length > limit && last
        ? { nextCursor: timelineCursor.encode({ occurredAt: last.occurredAt, interactionId: last.interactionId }, customerId) }
        : {}),
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
