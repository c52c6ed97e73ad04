// The contracts of the survey ports (IngestLedger, DeliveryLeases, AnswerStore, CustomerRecords): the same promises asked
// of the in-memory fakes the unit tests use and of the DynamoDB adapters on DynamoDB Local, so that a unit test passing
// against a fake says something true of production. The ports share one table, as in production.
import { randomBytes } from 'node:crypto';
import { PutCommand } from '@aws-sdk/lib-dynamodb';
import { describe, expect, it } from 'vitest';
import {
  MAX_REVISIONS,
  type Answer,
  type AnswerValues,
  type Interaction,
  type Invitation,
  type InvitationRef,
  type SkipReason,
  type SurveyOutcome,
} from '../../../functions/domain/model.js';
import { Expired, InvalidInput } from '../../../functions/shared/errors.js';
import { nextAnswer } from '../../../functions/domain/answers.js';
import { ConcurrentAnswer, type AnswerStore } from '../../../functions/store/answer-store.js';
import type { CustomerRecords } from '../../../functions/store/customer-records.js';
import type { DeliveryLeases } from '../../../functions/store/delivery-leases.js';
import { DynamoDbAnswerStore } from '../../../functions/store/dynamodb-answer-store.js';
import { DynamoDbCustomerRecords } from '../../../functions/store/dynamodb-customer-records.js';
import { DynamoDbDeliveryLeases } from '../../../functions/store/dynamodb-delivery-leases.js';
import { DynamoDbIngestLedger } from '../../../functions/store/dynamodb-ingest-ledger.js';
import type { IngestLedger, NewInteraction } from '../../../functions/store/ingest-ledger.js';
import { ENTITY, ITEM_VERSION, suppressionKey } from '../../../functions/store/keys.js';
import { DEFAULT_SURVEY } from '../../unit/support/fixtures.js';
import {
  InMemoryAnswerStore,
  InMemoryCustomerRecords,
  InMemoryDeliveryLeases,
  InMemoryIngestLedger,
  InMemorySurveyTable,
} from '../../unit/support/in-memory-survey-store.js';
import { contractClient, contractTable, uniqueId } from './contract-table.js';

const tableName = contractTable('survey-store');

interface World {
  ledger: IngestLedger;
  leases: DeliveryLeases;
  answers: AnswerStore;
  records: CustomerRecords;
  /** An address that bounced hard or complained, recorded as the suppression handler records it. */
  suppress(email: string): Promise<void>;
}

const implementations: Array<[string, () => World]> = [
  [
    'the in-memory fake',
    () => {
      const table = new InMemorySurveyTable();
      return {
        ledger: new InMemoryIngestLedger(table),
        leases: new InMemoryDeliveryLeases(table),
        answers: new InMemoryAnswerStore(table),
        records: new InMemoryCustomerRecords(table),
        suppress: async (email) => table.suppress(email),
      };
    },
  ],
  [
    'the DynamoDB adapter',
    () => ({
      ledger: new DynamoDbIngestLedger(contractClient, tableName),
      leases: new DynamoDbDeliveryLeases(contractClient, tableName),
      answers: new DynamoDbAnswerStore(contractClient, tableName),
      records: new DynamoDbCustomerRecords(contractClient, tableName),
      suppress: async (email) => {
        await contractClient.send(
          new PutCommand({ TableName: tableName, Item: { ...suppressionKey(email), type: ENTITY.suppression, v: ITEM_VERSION, reason: 'bounce' } }),
        );
      },
    }),
  ],
];

// Every instant is explicit: the leases and expiries below never depend on the machine's clock.
const NOW = '2026-03-02T10:00:00.000Z';
const LATER = '2026-03-02T10:05:00.000Z';
const LEASE_UNTIL = '2026-03-02T10:01:00.000Z';
const AFTER_LEASE = '2026-03-02T10:01:00.001Z';
const EXPIRES_AT = '2026-04-01T10:00:00.000Z';

/** One customer of one test: an id and an address nobody else uses. */
function aCustomer() {
  const id = uniqueId('cust');
  return { id, email: `${id}@example.org`, name: 'Ana', locale: 'de' };
}

/** An interaction of `customer`, surveyed unless `outcome` says it was skipped. */
function anInteraction(
  customer: { id: string; email: string; name?: string; locale?: string },
  overrides: { occurredAt?: string; now?: string; throttleSince?: string; skip?: SkipReason } = {},
): NewInteraction {
  const occurredAt = overrides.occurredAt ?? '2026-03-02T09:30:00.000Z';
  const now = overrides.now ?? NOW;
  const interactionId = uniqueId('call');
  const interaction: Interaction = { interactionId, customerId: customer.id, channel: 'voice', occurredAt, receivedAt: now, agentId: 'agent-3' };
  const surveyId = uniqueId('survey');
  const invitation: Invitation | null = overrides.skip
    ? null
    : {
        surveyId,
        interactionId,
        customerId: customer.id,
        channel: 'voice',
        agentId: 'agent-3',
        occurredAt,
        token: randomBytes(24).toString('base64url'),
        createdAt: now,
        sendAt: now,
        expiresAt: EXPIRES_AT,
        status: 'scheduled',
        delivery: 'pending',
        survey: DEFAULT_SURVEY,
      };
  const outcome: SurveyOutcome = overrides.skip
    ? { interactionId, surveyId: null, status: 'skipped', reason: overrides.skip }
    : { interactionId, surveyId, status: 'scheduled' };
  return { interaction, customer, invitation, outcome, now, ...(overrides.throttleSince ? { throttleSince: overrides.throttleSince } : {}) };
}

const refOf = ({ interaction }: NewInteraction): InvitationRef => ({
  customerId: interaction.customerId,
  occurredAt: interaction.occurredAt,
  interactionId: interaction.interactionId,
});

/** As the survey page stores an answer: the next one, built by the domain's rule, stored over the one read. */
async function save(world: World, invitation: Invitation, previous: Answer | null, values: AnswerValues, now: string): Promise<Answer> {
  const answer = nextAnswer(invitation, previous, values, now);
  await world.answers.saveAnswer(invitation, answer);
  return answer;
}

describe.each(implementations)('Survey ports contract: %s', (_name, make) => {
  describe('recording an interaction', () => {
    it('records the survey, its invitation and the customer profile at once', async () => {
      // Prepare
      const world = make();
      const customer = aCustomer();
      const input = anInteraction(customer);

      // Act
      const result = await world.ledger.recordInteraction(input);

      // Assess
      expect(result).toEqual({ created: true, outcome: input.outcome });
      expect(await world.leases.getInvitation(refOf(input))).toEqual(input.invitation);
      expect(await world.leases.getProfile(customer.id)).toEqual({ ...customer, createdAt: NOW, updatedAt: NOW, lastSurveyedAt: NOW });
    });

    it('answers a repeated interactionId with the first outcome and its place, creating no second survey', async () => {
      // Prepare
      const world = make();
      const first = anInteraction(aCustomer());
      await world.ledger.recordInteraction(first);
      const again = anInteraction(first.customer);
      const repeat: NewInteraction = {
        ...again,
        interaction: { ...again.interaction, interactionId: first.interaction.interactionId },
        invitation: { ...again.invitation!, interactionId: first.interaction.interactionId },
      };

      // Act
      const result = await world.ledger.recordInteraction(repeat);

      // Assess
      expect(result).toEqual({ created: false, outcome: first.outcome, ref: refOf(first) });
      expect(await world.leases.getInvitation(refOf(first))).toEqual(first.invitation);
      expect(await world.answers.findByToken(again.invitation!.token)).toBeNull();
    });

    it('hands ingest the invitation of an interaction recorded before, as it was recorded', async () => {
      const world = make();
      const input = anInteraction(aCustomer());
      await world.ledger.recordInteraction(input);

      expect(await world.ledger.getInvitation(refOf(input))).toEqual(input.invitation);
      expect(await world.ledger.getInvitation({ ...refOf(input), interactionId: uniqueId('call') })).toBeNull();
    });

    it('records an interaction without a survey as skipped: no invitation, and the customer counts as not surveyed', async () => {
      // Prepare
      const world = make();
      const input = anInteraction(aCustomer(), { skip: 'sampled_out' });

      // Act
      const result = await world.ledger.recordInteraction(input);

      // Assess
      expect(result).toEqual({ created: true, outcome: input.outcome });
      expect(await world.leases.getInvitation(refOf(input))).toBeNull();
      expect(await world.leases.getProfile(input.customer.id)).not.toHaveProperty('lastSurveyedAt');
    });

    it('skips the survey of a suppressed address, whatever its case and surrounding space, and keeps answering that skip', async () => {
      // Prepare
      const world = make();
      const customer = aCustomer();
      await world.suppress(` ${customer.email.toUpperCase()} `);
      const input = anInteraction(customer);
      const skipped = { interactionId: input.interaction.interactionId, surveyId: null, status: 'skipped', reason: 'suppressed' };

      // Act
      const result = await world.ledger.recordInteraction(input);
      const repeat = await world.ledger.recordInteraction(input);

      // Assess
      expect(result).toEqual({ created: true, outcome: skipped });
      expect(repeat).toEqual({ created: false, outcome: skipped, ref: refOf(input) });
      expect(await world.leases.getInvitation(refOf(input))).toBeNull();
      expect(await world.answers.findByToken(input.invitation!.token)).toBeNull();
    });

    it('skips the survey of a customer who unsubscribed, keeping the profile up to date', async () => {
      // Prepare
      const world = make();
      const customer = aCustomer();
      await world.ledger.recordInteraction(anInteraction(customer, { skip: 'sampled_out' }));
      await world.answers.unsubscribe(customer.id, NOW);
      const input = anInteraction({ ...customer, name: 'Ana María' }, { now: LATER });

      // Act
      const result = await world.ledger.recordInteraction(input);

      // Assess
      expect(result).toEqual({
        created: true,
        outcome: { interactionId: input.interaction.interactionId, surveyId: null, status: 'skipped', reason: 'unsubscribed' },
      });
      expect(await world.leases.getInvitation(refOf(input))).toBeNull();
      expect(await world.leases.getProfile(customer.id)).toEqual({ ...customer, name: 'Ana María', createdAt: NOW, updatedAt: LATER, unsubscribedAt: NOW });
    });

    it('holds the fatigue rule: no survey for a customer surveyed after throttleSince, one for a customer surveyed at or before it', async () => {
      // Prepare
      const world = make();
      const customer = aCustomer();
      await world.ledger.recordInteraction(anInteraction(customer, { now: NOW }));
      const tooSoon = anInteraction(customer, { now: LATER, throttleSince: '2026-03-02T09:59:59.999Z' });
      const inTime = anInteraction(customer, { now: LATER, throttleSince: NOW });

      // Act
      const refused = await world.ledger.recordInteraction(tooSoon);
      const allowed = await world.ledger.recordInteraction(inTime);

      // Assess
      expect(refused.outcome).toEqual({ interactionId: tooSoon.interaction.interactionId, surveyId: null, status: 'skipped', reason: 'throttled' });
      expect(allowed.outcome).toEqual(inTime.outcome);
      expect((await world.leases.getProfile(customer.id))?.lastSurveyedAt).toBe(LATER);
    });
  });

  describe('claiming an email to send', () => {
    async function recorded(world: World): Promise<InvitationRef> {
      const input = anInteraction(aCustomer());
      await world.ledger.recordInteraction(input);
      return refOf(input);
    }

    it('gives a pending invitation to its first sender, again to the same sender, and to nobody else while the lease runs', async () => {
      // Prepare
      const world = make();
      const ref = await recorded(world);

      // Act
      const first = await world.leases.claimDelivery(ref, NOW, LEASE_UNTIL, 'attempt-1');
      const retried = await world.leases.claimDelivery(ref, NOW, LEASE_UNTIL, 'attempt-1');
      const other = await world.leases.claimDelivery(ref, LEASE_UNTIL, LATER, 'attempt-2');

      // Assess
      expect([first, retried, other]).toEqual([true, true, false]);
      const invitation = await world.leases.getInvitation(ref);
      expect(invitation?.delivery).toBe('sending');
      expect(invitation).not.toHaveProperty('leaseOwner');
      expect(invitation).not.toHaveProperty('leaseUntil');
    });

    it('lets another sender take an invitation whose lease has run out', async () => {
      // Prepare
      const world = make();
      const ref = await recorded(world);
      await world.leases.claimDelivery(ref, NOW, LEASE_UNTIL, 'attempt-1');

      // Act
      const taken = await world.leases.claimDelivery(ref, AFTER_LEASE, LATER, 'attempt-2');
      const lateFirst = await world.leases.claimDelivery(ref, AFTER_LEASE, LATER, 'attempt-1');

      // Assess
      expect([taken, lateFirst]).toEqual([true, false]);
    });

    it('refuses a claim of an invitation that does not exist', async () => {
      const world = make();
      const ref = { customerId: uniqueId('cust'), occurredAt: NOW, interactionId: uniqueId('call') };

      expect(await world.leases.claimDelivery(ref, NOW, LEASE_UNTIL, 'attempt-1')).toBe(false);
    });

    it('records the email sent by the sender holding it, moves the invitation to "sent", and refuses every later claim', async () => {
      // Prepare
      const world = make();
      const ref = await recorded(world);
      await world.leases.claimDelivery(ref, NOW, LEASE_UNTIL, 'attempt-1');

      // Act
      await world.leases.markSent(ref, NOW, 'attempt-1');

      // Assess
      expect(await world.leases.getInvitation(ref)).toMatchObject({ status: 'sent', delivery: 'sent', sentAt: NOW });
      expect(await world.leases.claimDelivery(ref, AFTER_LEASE, LATER, 'attempt-2')).toBe(false);
      expect(await world.leases.claimDelivery(ref, NOW, LEASE_UNTIL, 'attempt-1')).toBe(false);
    });

    it('refuses to record an email sent by a sender that no longer holds the invitation', async () => {
      // Prepare
      const world = make();
      const ref = await recorded(world);
      await world.leases.claimDelivery(ref, NOW, LEASE_UNTIL, 'attempt-1');
      await world.leases.claimDelivery(ref, AFTER_LEASE, LATER, 'attempt-2');

      // Act
      const marking = world.leases.markSent(ref, AFTER_LEASE, 'attempt-1');

      // Assess
      await expect(marking).rejects.toThrow();
      expect(await world.leases.getInvitation(ref)).toMatchObject({ status: 'scheduled', delivery: 'sending' });
    });

    it('keeps an invitation answered before its email was recorded "answered"', async () => {
      // Prepare
      const world = make();
      const ref = await recorded(world);
      await world.leases.claimDelivery(ref, NOW, LEASE_UNTIL, 'attempt-1');
      await save(world, (await world.leases.getInvitation(ref))!, null, { csat: 5 }, NOW);

      // Act
      await world.leases.markSent(ref, NOW, 'attempt-1');

      // Assess
      expect(await world.leases.getInvitation(ref)).toMatchObject({ status: 'answered', delivery: 'sent', sentAt: NOW });
    });

    it('gives a released invitation back as pending, to be claimed by anyone at once; a release by another sender does nothing', async () => {
      // Prepare
      const world = make();
      const ref = await recorded(world);
      await world.leases.claimDelivery(ref, NOW, LEASE_UNTIL, 'attempt-1');

      // Act
      await world.leases.releaseDelivery(ref, 'attempt-9');
      const whileHeld = await world.leases.claimDelivery(ref, NOW, LEASE_UNTIL, 'attempt-2');
      await world.leases.releaseDelivery(ref, 'attempt-1');
      const pending = await world.leases.getInvitation(ref);
      const afterRelease = await world.leases.claimDelivery(ref, NOW, LEASE_UNTIL, 'attempt-2');

      // Assess
      expect(whileHeld).toBe(false);
      expect(pending?.delivery).toBe('pending');
      expect(afterRelease).toBe(true);
    });

    it('leases the reminder apart from the invitation, and records its email without touching the status', async () => {
      // Prepare
      const world = make();
      const ref = await recorded(world);
      await world.leases.claimDelivery(ref, NOW, LEASE_UNTIL, 'attempt-1');

      // Act
      const reminder = await world.leases.claimDelivery(ref, NOW, LEASE_UNTIL, 'reminder-1', 'reminder');
      const otherReminder = await world.leases.claimDelivery(ref, NOW, LEASE_UNTIL, 'reminder-2', 'reminder');
      await world.leases.markSent(ref, LATER, 'reminder-1', 'reminder');

      // Assess
      expect([reminder, otherReminder]).toEqual([true, false]);
      const invitation = await world.leases.getInvitation(ref);
      expect(invitation).toMatchObject({ status: 'scheduled', delivery: 'sending', reminderDelivery: 'sent', reminderSentAt: LATER });
      expect(invitation).not.toHaveProperty('sentAt');
      expect(invitation).not.toHaveProperty('reminderLeaseOwner');
    });

    it('cancels an email nobody claimed, with its reason, so that nobody claims it after', async () => {
      // Prepare
      const world = make();
      const ref = await recorded(world);

      // Act
      await world.leases.cancelDelivery(ref, 'unsubscribed');

      // Assess
      expect(await world.leases.getInvitation(ref)).toMatchObject({ delivery: 'cancelled', cancelReason: 'unsubscribed' });
      expect(await world.leases.claimDelivery(ref, NOW, LEASE_UNTIL, 'attempt-1')).toBe(false);
    });

    it('leaves an email being sent as it is when asked to cancel it, and cancels nothing that does not exist', async () => {
      // Prepare
      const world = make();
      const ref = await recorded(world);
      await world.leases.claimDelivery(ref, NOW, LEASE_UNTIL, 'attempt-1');
      const missing = { ...ref, interactionId: uniqueId('call') };

      // Act
      await world.leases.cancelDelivery(ref, 'suppressed');
      await world.leases.cancelDelivery(missing, 'suppressed');

      // Assess
      const invitation = await world.leases.getInvitation(ref);
      expect(invitation?.delivery).toBe('sending');
      expect(invitation).not.toHaveProperty('cancelReason');
      expect(await world.leases.getInvitation(missing)).toBeNull();
    });

    it('remembers that the reminder is queued, and refuses to for an invitation that does not exist', async () => {
      const world = make();
      const ref = await recorded(world);

      await world.leases.markReminderScheduled(ref);

      expect((await world.leases.getInvitation(ref))?.reminderScheduled).toBe(true);
      await expect(world.leases.markReminderScheduled({ ...ref, interactionId: uniqueId('call') })).rejects.toThrow();
    });
  });

  describe('opting out', () => {
    it("unsubscribes a known customer, keeping the first unsubscribe's time", async () => {
      const world = make();
      const customer = aCustomer();
      await world.ledger.recordInteraction(anInteraction(customer));

      const results = [await world.answers.unsubscribe(customer.id, NOW), await world.answers.unsubscribe(customer.id, LATER)];

      expect(results).toEqual([true, true]);
      expect((await world.leases.getProfile(customer.id))?.unsubscribedAt).toBe(NOW);
    });

    it('answers false for an unknown customer, creating no profile', async () => {
      const world = make();
      const id = uniqueId('cust');

      expect(await world.answers.unsubscribe(id, NOW)).toBe(false);
      expect(await world.leases.getProfile(id)).toBeNull();
    });

    it('knows a suppressed address whatever its case, and no other', async () => {
      const world = make();
      const email = `${uniqueId('bounced')}@example.org`;
      await world.suppress(email);

      expect(await world.leases.isSuppressed(` ${email.toUpperCase()}`)).toBe(true);
      expect(await world.leases.isSuppressed(`other-${email}`)).toBe(false);
    });
  });

  describe('answering', () => {
    async function recorded(world: World): Promise<Invitation> {
      const input = anInteraction(aCustomer());
      await world.ledger.recordInteraction(input);
      return input.invitation!;
    }

    it('finds a survey by its token, unanswered at first; an unknown token finds nothing', async () => {
      const world = make();
      const invitation = await recorded(world);

      expect(await world.answers.findByToken(invitation.token)).toEqual({ invitation, answer: null });
      expect(await world.answers.findByToken(randomBytes(24).toString('base64url'))).toBeNull();
    });

    it('stores a first answer, dated by the invitation, and marks the invitation answered', async () => {
      // Prepare
      const world = make();
      const invitation = await recorded(world);

      // Act
      const answer = await save(world, invitation, null, { csat: 4, comment: 'Quick and kind' }, NOW);

      // Assess
      const expected: Answer = {
        csat: 4,
        comment: 'Quick and kind',
        surveyId: invitation.surveyId,
        interactionId: invitation.interactionId,
        customerId: invitation.customerId,
        channel: 'voice',
        agentId: 'agent-3',
        sentAt: invitation.createdAt,
        firstAnsweredAt: NOW,
        answeredAt: NOW,
        revision: 1,
      };
      expect(answer).toEqual(expected);
      expect(await world.answers.findByToken(invitation.token)).toEqual({
        invitation: { ...invitation, status: 'answered', answeredAt: NOW },
        answer: expected,
      });
    });

    it('replaces the answer read with the next revision, keeping when it was first answered', async () => {
      // Prepare
      const world = make();
      const invitation = await recorded(world);
      const first = await save(world, invitation, null, { csat: 4 }, NOW);

      // Act
      const second = await save(world, invitation, first, { csat: 2, resolved: false }, LATER);

      // Assess
      expect(second).toMatchObject({ csat: 2, resolved: false, revision: 2, firstAnsweredAt: NOW, answeredAt: LATER });
      expect(second).not.toHaveProperty('comment');
      expect((await world.answers.findByToken(invitation.token))?.answer).toEqual(second);
    });

    it('refuses an answer that would replace one it did not read, keeping the stored one', async () => {
      // Prepare
      const world = make();
      const invitation = await recorded(world);
      const first = await save(world, invitation, null, { csat: 4 }, NOW);
      const second = await save(world, invitation, first, { csat: 3 }, LATER);

      // Act: both settled before either is looked at (a rejection nobody awaits yet is an unhandled one).
      const [fromNothing, fromStale] = await Promise.allSettled([
        save(world, invitation, null, { csat: 1 }, LATER),
        save(world, invitation, first, { csat: 1 }, LATER),
      ]);

      // Assess
      expect(fromNothing).toMatchObject({ status: 'rejected', reason: expect.any(ConcurrentAnswer) });
      expect(fromStale).toMatchObject({ status: 'rejected', reason: expect.any(ConcurrentAnswer) });
      expect((await world.answers.findByToken(invitation.token))?.answer).toEqual(second);
    });

    it(`refuses a revision past the ${MAX_REVISIONS}th, even over the stored one, keeping the stored one`, async () => {
      // Prepare
      const world = make();
      const invitation = await recorded(world);
      let last: Answer | null = null;
      for (let i = 0; i < MAX_REVISIONS; i++) last = await save(world, invitation, last, { csat: (i % 5) + 1 }, NOW);

      // Act
      const pastTheLimit = world.answers.saveAnswer(invitation, { ...last!, csat: 1, revision: MAX_REVISIONS + 1, answeredAt: LATER });

      // Assess
      await expect(pastTheLimit).rejects.toBeInstanceOf(ConcurrentAnswer);
      expect((await world.answers.findByToken(invitation.token))?.answer).toEqual(last);
    });

    it('refuses an answer at or after expiry with Expired, storing nothing', async () => {
      // Prepare
      const world = make();
      const invitation = await recorded(world);

      // Act
      const saving = save(world, invitation, null, { csat: 5 }, EXPIRES_AT);

      // Assess
      await expect(saving).rejects.toBeInstanceOf(Expired);
      expect(await world.answers.findByToken(invitation.token)).toEqual({ invitation, answer: null });
    });

    it('dates an answer by when its email went out, once it has', async () => {
      const world = make();
      const invitation = await recorded(world);
      await world.leases.claimDelivery(invitation, NOW, LEASE_UNTIL, 'attempt-1');
      await world.leases.markSent(invitation, '2026-03-02T10:00:30.000Z', 'attempt-1');

      const answer = await save(world, (await world.answers.findByToken(invitation.token))!.invitation, null, { nps: 9 }, LATER);

      expect(answer.sentAt).toBe('2026-03-02T10:00:30.000Z');
    });
  });

  describe("a customer's record", () => {
    it('answers null for a customer nobody recorded', async () => {
      const world = make();

      expect(await world.records.getCustomerRecord(uniqueId('cust'), 10)).toBeNull();
    });

    it('lists interactions newest first, each with its invitation (without the survey token) and its answer', async () => {
      // Prepare
      const world = make();
      const customer = aCustomer();
      const older = anInteraction(customer, { occurredAt: '2026-03-01T08:00:00.000Z' });
      const newer = anInteraction(customer, { occurredAt: '2026-03-02T09:00:00.000Z', skip: 'sampled_out' });
      await world.ledger.recordInteraction(older);
      await world.ledger.recordInteraction(newer);
      const answer = await save(world, older.invitation!, null, { csat: 5 }, NOW);

      // Act
      const record = await world.records.getCustomerRecord(customer.id, 10);

      // Assess
      const { token: _token, ...invitation } = older.invitation!;
      expect(record?.profile).toEqual(await world.leases.getProfile(customer.id));
      expect(record?.timeline).toHaveLength(2);
      expect(record?.timeline[0]).toEqual({ interaction: expect.objectContaining(newer.interaction) });
      expect(record?.timeline[1]).toEqual({
        interaction: expect.objectContaining(older.interaction),
        invitation: { ...invitation, status: 'answered', answeredAt: NOW },
        answer,
      });
      expect(record).not.toHaveProperty('nextCursor');
    });

    it('pages through the timeline with the cursor it hands out, and refuses one it did not', async () => {
      // Prepare
      const world = make();
      const customer = aCustomer();
      const days = ['2026-02-27', '2026-02-28', '2026-03-01'];
      const inputs = days.map((day) => anInteraction(customer, { occurredAt: `${day}T12:00:00.000Z` }));
      for (const input of inputs) await world.ledger.recordInteraction(input);

      // Act
      const first = await world.records.getCustomerRecord(customer.id, 2);
      const second = await world.records.getCustomerRecord(customer.id, 2, first?.nextCursor);

      // Assess
      expect(first?.timeline.map((e) => e.interaction.occurredAt.slice(0, 10))).toEqual(['2026-03-01', '2026-02-28']);
      expect(first?.nextCursor).toEqual(expect.any(String));
      expect(second?.timeline.map((e) => e.interaction.occurredAt.slice(0, 10))).toEqual(['2026-02-27']);
      expect(second).not.toHaveProperty('nextCursor');
      await expect(world.records.getCustomerRecord(customer.id, 2, 'bm90LWEtY3Vyc29y')).rejects.toBeInstanceOf(InvalidInput);
    });
  });

  describe('finding customers by email', () => {
    it('finds every customer who used an address, whatever its case, ordered by id; nobody for an unused one', async () => {
      // Prepare
      const world = make();
      const email = `${uniqueId('shared')}@example.org`;
      const [a, b] = [uniqueId('cust-a'), uniqueId('cust-b')].sort();
      await world.ledger.recordInteraction(anInteraction({ id: b!, email: email.toUpperCase() }, { skip: 'sampled_out' }));
      await world.ledger.recordInteraction(anInteraction({ id: a!, email }, { skip: 'sampled_out' }));

      // Act
      const found = await world.records.findCustomersByEmail(` ${email}`, 10);

      // Assess
      expect(found.map((p) => p.id)).toEqual([a, b]);
      expect(found[1]).toEqual(await world.leases.getProfile(b!));
      expect(await world.records.findCustomersByEmail(`nobody-${email}`, 10)).toEqual([]);
    });
  });
});
