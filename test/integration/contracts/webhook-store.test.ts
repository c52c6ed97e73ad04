// The WebhookStore contract: subscriptions one per id, deliveries one per subscription and event, attempts logged only
// while pending, delivery logs newest first with a cursor; asked of the in-memory fake and of the DynamoDB adapter.
// (getSource reads whatever item a delivery points at: the fake's stand-in for the table is not a promise to check.)
import { describe, expect, it } from 'vitest';
import { DynamoDbWebhookStore } from '../../../functions/webhooks/dynamodb-webhook-store.js';
import { MAX_LOGGED_ATTEMPTS } from '../../../functions/domain/webhooks.js';
import type { Delivery, StoredSubscription, WebhookStore } from '../../../functions/webhooks/webhook-store.js';
import { InvalidInput } from '../../../functions/shared/errors.js';
import { InMemoryWebhookStore } from '../../unit/support/in-memory-webhook-store.js';
import { contractClient, freshTable, uniqueId } from './contract-table.js';

// Subscriptions share one partition: each test gets a table of its own.
const implementations: Array<[string, () => Promise<WebhookStore>]> = [
  ['the in-memory fake', async () => new InMemoryWebhookStore()],
  ['the DynamoDB adapter', async () => new DynamoDbWebhookStore(contractClient, await freshTable('webhooks'))],
];

function aSubscription(id = uniqueId('sub')): StoredSubscription {
  return {
    id,
    url: 'https://hooks.example.com/in',
    events: ['response.created', 'alert.created'],
    description: 'CRM',
    createdAt: '2026-03-02T10:00:00.000Z',
    createdBy: 'manager-1',
    secret: 'whsec_test',
  };
}

function aDelivery(subscriptionId: string, occurredAt = '2026-03-02T10:00:00.000Z'): Delivery {
  return {
    subscriptionId,
    eventId: uniqueId('evt'),
    event: 'response.created',
    occurredAt,
    source: { kind: 'answer', customerId: 'cust-42', occurredAt: '2026-03-02T09:30:00.000Z', interactionId: 'call-7781' },
    status: 'pending',
    attempts: [],
    createdAt: occurredAt,
  };
}

describe.each(implementations)('WebhookStore contract: %s', (_name, make) => {
  describe('subscriptions', () => {
    it('keeps a subscription with its secret for signing, and lists them all without it', async () => {
      // Prepare
      const store = await make();
      const [a, b] = [aSubscription('sub-a'), aSubscription('sub-b')];

      // Act
      await store.createSubscription(b);
      await store.createSubscription(a);

      // Assess
      expect(await store.getSubscription('sub-a')).toEqual(a);
      const { secret: _secret, ...listed } = a;
      expect(await store.listSubscriptions()).toEqual([listed, { ...listed, id: 'sub-b' }]);
    });

    it('refuses a second subscription under an existing id, keeping the first', async () => {
      const store = await make();
      const first = aSubscription();
      await store.createSubscription(first);

      await expect(store.createSubscription({ ...first, url: 'https://evil.example.com/in' })).rejects.toThrow();
      expect(await store.getSubscription(first.id)).toEqual(first);
    });

    it('deletes a subscription once: true, then false', async () => {
      const store = await make();
      const subscription = aSubscription();
      await store.createSubscription(subscription);

      expect([await store.deleteSubscription(subscription.id), await store.deleteSubscription(subscription.id)]).toEqual([true, false]);
      expect(await store.getSubscription(subscription.id)).toBeNull();
    });
  });

  describe('deliveries', () => {
    it('records a delivery once per subscription and event, answering the stored one to a repeat', async () => {
      // Prepare
      const store = await make();
      const delivery = aDelivery('sub-1');

      // Act
      const first = await store.recordDelivery(delivery);
      const repeat = await store.recordDelivery({ ...delivery, status: 'failed' });

      // Assess
      expect(first).toEqual({ created: true, delivery });
      expect(repeat).toEqual({ created: false, delivery });
      expect(await store.getDelivery(delivery)).toEqual(delivery);
    });

    it('logs attempts while pending, dates a success, and never moves back from a final status', async () => {
      // Prepare
      const store = await make();
      const delivery = aDelivery('sub-1');
      await store.recordDelivery(delivery);
      const failed = { at: '2026-03-02T10:00:01.000Z', status: 500, ms: 40 };
      const succeeded = { at: '2026-03-02T10:01:00.000Z', status: 204, ms: 12 };

      // Act
      await store.recordAttempt(delivery, failed, 'pending');
      await store.recordAttempt(delivery, succeeded, 'delivered');
      await store.recordAttempt(delivery, { at: '2026-03-02T10:02:00.000Z', error: 'late', ms: 1 }, 'failed');

      // Assess
      expect(await store.getDelivery(delivery)).toEqual({ ...delivery, status: 'delivered', attempts: [failed, succeeded], deliveredAt: succeeded.at });
    });

    it('drops a delivery without an attempt, and logs no attempt for a delivery that does not exist', async () => {
      const store = await make();
      const delivery = aDelivery('sub-1');
      await store.recordDelivery(delivery);
      const missing = aDelivery('sub-1');

      await store.recordAttempt(delivery, null, 'dropped');
      await store.recordAttempt(missing, { at: '2026-03-02T10:00:01.000Z', status: 500, ms: 1 }, 'pending');

      expect(await store.getDelivery(delivery)).toEqual({ ...delivery, status: 'dropped' });
      expect(await store.getDelivery(missing)).toBeNull();
    });

    it(`keeps at most ${MAX_LOGGED_ATTEMPTS} attempts on a delivery's log`, async () => {
      const store = await make();
      const delivery = aDelivery('sub-1');
      await store.recordDelivery(delivery);

      for (let i = 0; i <= MAX_LOGGED_ATTEMPTS; i++)
        await store.recordAttempt(delivery, { at: `2026-03-02T10:00:${String(i).padStart(2, '0')}.000Z`, status: 503, ms: 1 }, 'pending');

      expect((await store.getDelivery(delivery))?.attempts).toHaveLength(MAX_LOGGED_ATTEMPTS);
    });

    it("pages through a subscription's log newest first with the cursor it hands out, and refuses one it did not", async () => {
      // Prepare
      const store = await make();
      const deliveries = ['08', '09', '10'].map((hour) => aDelivery('sub-1', `2026-03-02T${hour}:00:00.000Z`));
      for (const delivery of [...deliveries, aDelivery('sub-2')]) await store.recordDelivery(delivery);

      // Act
      const first = await store.listDeliveries('sub-1', 2);
      const second = await store.listDeliveries('sub-1', 2, first.nextCursor);

      // Assess
      expect(first.deliveries.map((d) => d.occurredAt.slice(11, 13))).toEqual(['10', '09']);
      expect(first.nextCursor).toEqual(expect.any(String));
      expect(second.deliveries).toEqual([deliveries[0]]);
      expect(second).not.toHaveProperty('nextCursor');
      await expect(store.listDeliveries('sub-1', 2, 'bm90LWEtY3Vyc29y')).rejects.toBeInstanceOf(InvalidInput);
    });
  });
});
