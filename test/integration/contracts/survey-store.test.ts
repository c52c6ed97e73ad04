// The SurveyStore contract: the same promises asked of the in-memory fake the unit tests use and of the DynamoDB
// adapter on DynamoDB Local, so that a unit test passing against the fake says something true of production.
import { randomBytes } from 'node:crypto';
import { PutCommand } from '@aws-sdk/lib-dynamodb';
import { describe, expect, it } from 'vitest';
import type { Answer, Interaction, Invitation, SkipReason, SurveyOutcome } from '../../../functions/domain/model.js';
import { Expired, InvalidInput } from '../../../functions/shared/errors.js';
import { DynamoDbSurveyStore } from '../../../functions/store/dynamodb-survey-store.js';
import { ENTITY, ITEM_VERSION, suppressionKey } from '../../../functions/store/keys.js';
import { ConcurrentAnswer, type CustomerSearch, type InvitationRef, type NewInteraction, type SurveyStore } from '../../../functions/store/survey-store.js';
import { DEFAULT_SURVEY } from '../../unit/support/fixtures.js';
import { InMemorySurveyStore } from '../../unit/support/in-memory-survey-store.js';
import { contractClient, contractTable, uniqueId } from './contract-table.js';

const tableName = contractTable('survey-store');

interface World {
  store: SurveyStore & CustomerSearch;
  /** An address that bounced hard or complained, recorded as the suppression handler records it. */
  suppress(email: string): Promise<void>;
}

const implementations: Array<[string, () => World]> = [
  [
    'the in-memory fake',
    () => {
      const store = new InMemorySurveyStore();
      return { store, suppress: async (email) => store.suppress(email) };
    },
  ],
  [
    'the DynamoDB adapter',
    () => ({
      store: new DynamoDbSurveyStore(contractClient, tableName),
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

describe.each(implementations)('SurveyStore contract: %s', (_name, make) => {
  describe('recording an interaction', () => {
    it('records the survey, its invitation and the customer profile at once', async () => {
      // Prepare
      const { store } = make();
      const customer = aCustomer();
      const input = anInteraction(customer);

      // Act
      const result = await store.recordInteraction(input);

      // Assess
      expect(result).toEqual({ created: true, outcome: input.outcome });
      expect(await store.getInvitation(refOf(input))).toEqual(input.invitation);
      expect(await store.getProfile(customer.id)).toEqual({ ...customer, createdAt: NOW, updatedAt: NOW, lastSurveyedAt: NOW });
    });

    it('answers a repeated interactionId with the first outcome and its place, creating no second survey', async () => {
      // Prepare
      const { store } = make();
      const first = anInteraction(aCustomer());
      await store.recordInteraction(first);
      const again = anInteraction(first.customer);
      const repeat: NewInteraction = {
        ...again,
        interaction: { ...again.interaction, interactionId: first.interaction.interactionId },
        invitation: { ...again.invitation!, interactionId: first.interaction.interactionId },
      };

      // Act
      const result = await store.recordInteraction(repeat);

      // Assess
      expect(result).toEqual({ created: false, outcome: first.outcome, ref: refOf(first) });
      expect(await store.getInvitation(refOf(first))).toEqual(first.invitation);
      expect(await store.findByToken(again.invitation!.token)).toBeNull();
    });

    it('records an interaction without a survey as skipped: no invitation, and the customer counts as not surveyed', async () => {
      // Prepare
      const { store } = make();
      const input = anInteraction(aCustomer(), { skip: 'sampled_out' });

      // Act
      const result = await store.recordInteraction(input);

      // Assess
      expect(result).toEqual({ created: true, outcome: input.outcome });
      expect(await store.getInvitation(refOf(input))).toBeNull();
      expect(await store.getProfile(input.customer.id)).not.toHaveProperty('lastSurveyedAt');
    });

    it('skips the survey of a suppressed address, whatever its case and surrounding space, and keeps answering that skip', async () => {
      // Prepare
      const { store, suppress } = make();
      const customer = aCustomer();
      await suppress(` ${customer.email.toUpperCase()} `);
      const input = anInteraction(customer);
      const skipped = { interactionId: input.interaction.interactionId, surveyId: null, status: 'skipped', reason: 'suppressed' };

      // Act
      const result = await store.recordInteraction(input);
      const repeat = await store.recordInteraction(input);

      // Assess
      expect(result).toEqual({ created: true, outcome: skipped });
      expect(repeat).toEqual({ created: false, outcome: skipped, ref: refOf(input) });
      expect(await store.getInvitation(refOf(input))).toBeNull();
      expect(await store.findByToken(input.invitation!.token)).toBeNull();
    });

    it('skips the survey of a customer who unsubscribed, keeping the profile up to date', async () => {
      // Prepare
      const { store } = make();
      const customer = aCustomer();
      await store.recordInteraction(anInteraction(customer, { skip: 'sampled_out' }));
      await store.unsubscribe(customer.id, NOW);
      const input = anInteraction({ ...customer, name: 'Ana María' }, { now: LATER });

      // Act
      const result = await store.recordInteraction(input);

      // Assess
      expect(result).toEqual({
        created: true,
        outcome: { interactionId: input.interaction.interactionId, surveyId: null, status: 'skipped', reason: 'unsubscribed' },
      });
      expect(await store.getInvitation(refOf(input))).toBeNull();
      expect(await store.getProfile(customer.id)).toEqual({ ...customer, name: 'Ana María', createdAt: NOW, updatedAt: LATER, unsubscribedAt: NOW });
    });

    it('holds the fatigue rule: no survey for a customer surveyed after throttleSince, one for a customer surveyed at or before it', async () => {
      // Prepare
      const { store } = make();
      const customer = aCustomer();
      await store.recordInteraction(anInteraction(customer, { now: NOW }));
      const tooSoon = anInteraction(customer, { now: LATER, throttleSince: '2026-03-02T09:59:59.999Z' });
      const inTime = anInteraction(customer, { now: LATER, throttleSince: NOW });

      // Act
      const refused = await store.recordInteraction(tooSoon);
      const allowed = await store.recordInteraction(inTime);

      // Assess
      expect(refused.outcome).toEqual({ interactionId: tooSoon.interaction.interactionId, surveyId: null, status: 'skipped', reason: 'throttled' });
      expect(allowed.outcome).toEqual(inTime.outcome);
      expect((await store.getProfile(customer.id))?.lastSurveyedAt).toBe(LATER);
    });
  });

  describe('claiming an email to send', () => {
    async function recorded(store: SurveyStore): Promise<InvitationRef> {
      const input = anInteraction(aCustomer());
      await store.recordInteraction(input);
      return refOf(input);
    }

    it('gives a pending invitation to its first sender, again to the same sender, and to nobody else while the lease runs', async () => {
      // Prepare
      const { store } = make();
      const ref = await recorded(store);

      // Act
      const first = await store.claimDelivery(ref, NOW, LEASE_UNTIL, 'attempt-1');
      const retried = await store.claimDelivery(ref, NOW, LEASE_UNTIL, 'attempt-1');
      const other = await store.claimDelivery(ref, LEASE_UNTIL, LATER, 'attempt-2');

      // Assess
      expect([first, retried, other]).toEqual([true, true, false]);
      const invitation = await store.getInvitation(ref);
      expect(invitation?.delivery).toBe('sending');
      expect(invitation).not.toHaveProperty('leaseOwner');
      expect(invitation).not.toHaveProperty('leaseUntil');
    });

    it('lets another sender take an invitation whose lease has run out', async () => {
      // Prepare
      const { store } = make();
      const ref = await recorded(store);
      await store.claimDelivery(ref, NOW, LEASE_UNTIL, 'attempt-1');

      // Act
      const taken = await store.claimDelivery(ref, AFTER_LEASE, LATER, 'attempt-2');
      const lateFirst = await store.claimDelivery(ref, AFTER_LEASE, LATER, 'attempt-1');

      // Assess
      expect([taken, lateFirst]).toEqual([true, false]);
    });

    it('refuses a claim of an invitation that does not exist', async () => {
      const { store } = make();
      const ref = { customerId: uniqueId('cust'), occurredAt: NOW, interactionId: uniqueId('call') };

      expect(await store.claimDelivery(ref, NOW, LEASE_UNTIL, 'attempt-1')).toBe(false);
    });

    it('records the email sent by the sender holding it, moves the invitation to "sent", and refuses every later claim', async () => {
      // Prepare
      const { store } = make();
      const ref = await recorded(store);
      await store.claimDelivery(ref, NOW, LEASE_UNTIL, 'attempt-1');

      // Act
      await store.markSent(ref, NOW, 'attempt-1');

      // Assess
      expect(await store.getInvitation(ref)).toMatchObject({ status: 'sent', delivery: 'sent', sentAt: NOW });
      expect(await store.claimDelivery(ref, AFTER_LEASE, LATER, 'attempt-2')).toBe(false);
      expect(await store.claimDelivery(ref, NOW, LEASE_UNTIL, 'attempt-1')).toBe(false);
    });

    it('refuses to record an email sent by a sender that no longer holds the invitation', async () => {
      // Prepare
      const { store } = make();
      const ref = await recorded(store);
      await store.claimDelivery(ref, NOW, LEASE_UNTIL, 'attempt-1');
      await store.claimDelivery(ref, AFTER_LEASE, LATER, 'attempt-2');

      // Act
      const marking = store.markSent(ref, AFTER_LEASE, 'attempt-1');

      // Assess
      await expect(marking).rejects.toThrow();
      expect(await store.getInvitation(ref)).toMatchObject({ status: 'scheduled', delivery: 'sending' });
    });

    it('keeps an invitation answered before its email was recorded "answered"', async () => {
      // Prepare
      const { store } = make();
      const ref = await recorded(store);
      await store.claimDelivery(ref, NOW, LEASE_UNTIL, 'attempt-1');
      await store.saveAnswer((await store.getInvitation(ref))!, null, { csat: 5 }, NOW);

      // Act
      await store.markSent(ref, NOW, 'attempt-1');

      // Assess
      expect(await store.getInvitation(ref)).toMatchObject({ status: 'answered', delivery: 'sent', sentAt: NOW });
    });

    it('gives a released invitation back as pending, to be claimed by anyone at once; a release by another sender does nothing', async () => {
      // Prepare
      const { store } = make();
      const ref = await recorded(store);
      await store.claimDelivery(ref, NOW, LEASE_UNTIL, 'attempt-1');

      // Act
      await store.releaseDelivery(ref, 'attempt-9');
      const whileHeld = await store.claimDelivery(ref, NOW, LEASE_UNTIL, 'attempt-2');
      await store.releaseDelivery(ref, 'attempt-1');
      const pending = await store.getInvitation(ref);
      const afterRelease = await store.claimDelivery(ref, NOW, LEASE_UNTIL, 'attempt-2');

      // Assess
      expect(whileHeld).toBe(false);
      expect(pending?.delivery).toBe('pending');
      expect(afterRelease).toBe(true);
    });

    it('leases the reminder apart from the invitation, and records its email without touching the status', async () => {
      // Prepare
      const { store } = make();
      const ref = await recorded(store);
      await store.claimDelivery(ref, NOW, LEASE_UNTIL, 'attempt-1');

      // Act
      const reminder = await store.claimDelivery(ref, NOW, LEASE_UNTIL, 'reminder-1', 'reminder');
      const otherReminder = await store.claimDelivery(ref, NOW, LEASE_UNTIL, 'reminder-2', 'reminder');
      await store.markSent(ref, LATER, 'reminder-1', 'reminder');

      // Assess
      expect([reminder, otherReminder]).toEqual([true, false]);
      const invitation = await store.getInvitation(ref);
      expect(invitation).toMatchObject({ status: 'scheduled', delivery: 'sending', reminderDelivery: 'sent', reminderSentAt: LATER });
      expect(invitation).not.toHaveProperty('sentAt');
      expect(invitation).not.toHaveProperty('reminderLeaseOwner');
    });

    it('cancels an email nobody claimed, with its reason, so that nobody claims it after', async () => {
      // Prepare
      const { store } = make();
      const ref = await recorded(store);

      // Act
      await store.cancelDelivery(ref, 'unsubscribed');

      // Assess
      expect(await store.getInvitation(ref)).toMatchObject({ delivery: 'cancelled', cancelReason: 'unsubscribed' });
      expect(await store.claimDelivery(ref, NOW, LEASE_UNTIL, 'attempt-1')).toBe(false);
    });

    it('leaves an email being sent as it is when asked to cancel it, and cancels nothing that does not exist', async () => {
      // Prepare
      const { store } = make();
      const ref = await recorded(store);
      await store.claimDelivery(ref, NOW, LEASE_UNTIL, 'attempt-1');
      const missing = { ...ref, interactionId: uniqueId('call') };

      // Act
      await store.cancelDelivery(ref, 'suppressed');
      await store.cancelDelivery(missing, 'suppressed');

      // Assess
      const invitation = await store.getInvitation(ref);
      expect(invitation?.delivery).toBe('sending');
      expect(invitation).not.toHaveProperty('cancelReason');
      expect(await store.getInvitation(missing)).toBeNull();
    });

    it('remembers that the reminder is queued, and refuses to for an invitation that does not exist', async () => {
      const { store } = make();
      const ref = await recorded(store);

      await store.markReminderScheduled(ref);

      expect((await store.getInvitation(ref))?.reminderScheduled).toBe(true);
      await expect(store.markReminderScheduled({ ...ref, interactionId: uniqueId('call') })).rejects.toThrow();
    });
  });

  describe('opting out', () => {
    it("unsubscribes a known customer, keeping the first unsubscribe's time", async () => {
      const { store } = make();
      const customer = aCustomer();
      await store.recordInteraction(anInteraction(customer));

      const results = [await store.unsubscribe(customer.id, NOW), await store.unsubscribe(customer.id, LATER)];

      expect(results).toEqual([true, true]);
      expect((await store.getProfile(customer.id))?.unsubscribedAt).toBe(NOW);
    });

    it('answers false for an unknown customer, creating no profile', async () => {
      const { store } = make();
      const id = uniqueId('cust');

      expect(await store.unsubscribe(id, NOW)).toBe(false);
      expect(await store.getProfile(id)).toBeNull();
    });

    it('knows a suppressed address whatever its case, and no other', async () => {
      const { store, suppress } = make();
      const email = `${uniqueId('bounced')}@example.org`;
      await suppress(email);

      expect(await store.isSuppressed(` ${email.toUpperCase()}`)).toBe(true);
      expect(await store.isSuppressed(`other-${email}`)).toBe(false);
    });
  });

  describe('answering', () => {
    async function recorded(store: SurveyStore): Promise<Invitation> {
      const input = anInteraction(aCustomer());
      await store.recordInteraction(input);
      return input.invitation!;
    }

    it('finds a survey by its token, unanswered at first; an unknown token finds nothing', async () => {
      const { store } = make();
      const invitation = await recorded(store);

      expect(await store.findByToken(invitation.token)).toEqual({ invitation, answer: null });
      expect(await store.findByToken(randomBytes(24).toString('base64url'))).toBeNull();
    });

    it('stores a first answer, dated by the invitation, and marks the invitation answered', async () => {
      // Prepare
      const { store } = make();
      const invitation = await recorded(store);

      // Act
      const answer = await store.saveAnswer(invitation, null, { csat: 4, comment: 'Quick and kind' }, NOW);

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
      expect(await store.findByToken(invitation.token)).toEqual({ invitation: { ...invitation, status: 'answered', answeredAt: NOW }, answer: expected });
    });

    it('replaces the answer read with the next revision, keeping when it was first answered', async () => {
      // Prepare
      const { store } = make();
      const invitation = await recorded(store);
      const first = await store.saveAnswer(invitation, null, { csat: 4 }, NOW);

      // Act
      const second = await store.saveAnswer(invitation, first, { csat: 2, resolved: false }, LATER);

      // Assess
      expect(second).toMatchObject({ csat: 2, resolved: false, revision: 2, firstAnsweredAt: NOW, answeredAt: LATER });
      expect(second).not.toHaveProperty('comment');
      expect((await store.findByToken(invitation.token))?.answer).toEqual(second);
    });

    it('refuses an answer that would replace one it did not read, keeping the stored one', async () => {
      // Prepare
      const { store } = make();
      const invitation = await recorded(store);
      const first = await store.saveAnswer(invitation, null, { csat: 4 }, NOW);
      const second = await store.saveAnswer(invitation, first, { csat: 3 }, LATER);

      // Act
      const fromNothing = store.saveAnswer(invitation, null, { csat: 1 }, LATER);
      const fromStale = store.saveAnswer(invitation, first, { csat: 1 }, LATER);

      // Assess
      await expect(fromNothing).rejects.toBeInstanceOf(ConcurrentAnswer);
      await expect(fromStale).rejects.toBeInstanceOf(ConcurrentAnswer);
      expect((await store.findByToken(invitation.token))?.answer).toEqual(second);
    });

    it('refuses an answer at or after expiry with Expired, storing nothing', async () => {
      // Prepare
      const { store } = make();
      const invitation = await recorded(store);

      // Act
      const saving = store.saveAnswer(invitation, null, { csat: 5 }, EXPIRES_AT);

      // Assess
      await expect(saving).rejects.toBeInstanceOf(Expired);
      expect(await store.findByToken(invitation.token)).toEqual({ invitation, answer: null });
    });

    it('dates an answer by when its email went out, once it has', async () => {
      const { store } = make();
      const invitation = await recorded(store);
      await store.claimDelivery(invitation, NOW, LEASE_UNTIL, 'attempt-1');
      await store.markSent(invitation, '2026-03-02T10:00:30.000Z', 'attempt-1');

      const answer = await store.saveAnswer((await store.findByToken(invitation.token))!.invitation, null, { nps: 9 }, LATER);

      expect(answer.sentAt).toBe('2026-03-02T10:00:30.000Z');
    });
  });

  describe("a customer's record", () => {
    it('answers null for a customer nobody recorded', async () => {
      const { store } = make();

      expect(await store.getCustomerRecord(uniqueId('cust'), 10)).toBeNull();
    });

    it('lists interactions newest first, each with its invitation (without the survey token) and its answer', async () => {
      // Prepare
      const { store } = make();
      const customer = aCustomer();
      const older = anInteraction(customer, { occurredAt: '2026-03-01T08:00:00.000Z' });
      const newer = anInteraction(customer, { occurredAt: '2026-03-02T09:00:00.000Z', skip: 'sampled_out' });
      await store.recordInteraction(older);
      await store.recordInteraction(newer);
      const answer = await store.saveAnswer(older.invitation!, null, { csat: 5 }, NOW);

      // Act
      const record = await store.getCustomerRecord(customer.id, 10);

      // Assess
      const { token: _token, ...invitation } = older.invitation!;
      expect(record?.profile).toEqual(await store.getProfile(customer.id));
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
      const { store } = make();
      const customer = aCustomer();
      const days = ['2026-02-27', '2026-02-28', '2026-03-01'];
      const inputs = days.map((day) => anInteraction(customer, { occurredAt: `${day}T12:00:00.000Z` }));
      for (const input of inputs) await store.recordInteraction(input);

      // Act
      const first = await store.getCustomerRecord(customer.id, 2);
      const second = await store.getCustomerRecord(customer.id, 2, first?.nextCursor);

      // Assess
      expect(first?.timeline.map((e) => e.interaction.occurredAt.slice(0, 10))).toEqual(['2026-03-01', '2026-02-28']);
      expect(first?.nextCursor).toEqual(expect.any(String));
      expect(second?.timeline.map((e) => e.interaction.occurredAt.slice(0, 10))).toEqual(['2026-02-27']);
      expect(second).not.toHaveProperty('nextCursor');
      await expect(store.getCustomerRecord(customer.id, 2, 'bm90LWEtY3Vyc29y')).rejects.toBeInstanceOf(InvalidInput);
    });
  });

  describe('finding customers by email', () => {
    it('finds every customer who used an address, whatever its case, ordered by id; nobody for an unused one', async () => {
      // Prepare
      const { store } = make();
      const email = `${uniqueId('shared')}@example.org`;
      const [a, b] = [uniqueId('cust-a'), uniqueId('cust-b')].sort();
      await store.recordInteraction(anInteraction({ id: b!, email: email.toUpperCase() }, { skip: 'sampled_out' }));
      await store.recordInteraction(anInteraction({ id: a!, email }, { skip: 'sampled_out' }));

      // Act
      const found = await store.findCustomersByEmail(` ${email}`, 10);

      // Assess
      expect(found.map((p) => p.id)).toEqual([a, b]);
      expect(found[1]).toEqual(await store.getProfile(b!));
      expect(await store.findCustomersByEmail(`nobody-${email}`, 10)).toEqual([]);
    });
  });
});
