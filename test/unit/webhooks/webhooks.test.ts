import { createHash } from 'node:crypto';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { RetryLater, backoffSeconds, deliverWebhook, webhookBody } from '../../../functions/webhooks/deliver-webhook.js';
import { followedChangeOf } from '../../../functions/alerts/stream-changes.js';
import { alertOf } from '../../../functions/store/timeline-items.js';
import { eventsOf, type WebhookEvent } from '../../../functions/webhooks/events.js';
import { fanOut } from '../../../functions/webhooks/fan-out.js';
import type { PostResult, WebhookPoster } from '../../../functions/webhooks/http-poster.js';
import { Webhook } from 'standardwebhooks';
import { newWebhookSecret, signedHeaders } from '../../../functions/webhooks/signature.js';
import type { WebhookQueue } from '../../../functions/webhooks/webhook-queue.js';
import type { Delivery, DeliveryRef } from '../../../functions/webhooks/webhook-store.js';
import { sqsEvent, sqsRecord } from '../support/events.js';
import { NOW } from '../support/fixtures.js';
import { InMemoryWebhookStore } from '../support/in-memory-webhook-store.js';

// The delivery handler's module reads its configuration when loaded.
vi.hoisted(() => void (process.env.WEBHOOK_QUEUE_URL = 'https://sqs.us-east-1.amazonaws.com/123456789012/webhooks'));
const { makeWebhookDeliveryHandler } = await import('../../../functions/webhooks/sqs-handler.js');

afterEach(() => vi.useRealTimers());

class RecordingQueue implements WebhookQueue {
  sent: DeliveryRef[] = [];
  delays: number[] = [];
  retries: Array<{ receiptHandle: string; seconds: number }> = [];
  async enqueue(ref: DeliveryRef, delaySeconds = 0) {
    this.sent.push(ref);
    this.delays.push(delaySeconds);
  }
  async retryIn(receiptHandle: string, seconds: number) {
    this.retries.push({ receiptHandle, seconds });
  }
}

/** Answers 204 at once, except to the slow subscriber, whose attempt ends only when the test says (its deadline). */
class SlowSubscriberPoster implements WebhookPoster {
  private endSlow?: (result: PostResult) => void;
  async post(url: string): Promise<PostResult> {
    if (!url.includes('slow')) return { status: 204, ms: 1 };
    return new Promise((resolve) => (this.endSlow = resolve));
  }
  deadlinePasses() {
    this.endSlow?.({ error: 'no complete answer within 5000 ms', ms: 5000 });
  }
}

class ScriptedPoster implements WebhookPoster {
  calls: Array<{ url: string; body: string; headers: Record<string, string> }> = [];
  constructor(private readonly answers: PostResult[]) {}
  async post(url: string, body: string, headers: Record<string, string>) {
    this.calls.push({ url, body, headers });
    return this.answers.shift() ?? { status: 200, ms: 1 };
  }
}

const SECRET = 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw';
const answer = {
  pk: 'CUSTOMER#cust-42',
  sk: 'T#2026-03-02T09:30:00.000Z#call-7781#3-ANSWER',
  type: 'Answer',
  surveyId: 's-1',
  channel: 'chat',
  csat: 1,
  comment: 'slow',
  revision: 1,
  answeredAt: '2026-03-02T10:00:00.000Z',
  firstAnsweredAt: '2026-03-02T10:00:00.000Z',
};

function world() {
  const webhooks = new InMemoryWebhookStore();
  webhooks.subscriptions.set('sub-1', {
    id: 'sub-1',
    url: 'https://hooks.example.com/in',
    events: ['response.created', 'alert.created'],
    createdAt: NOW.toISOString(),
    createdBy: 'm',
    secret: SECRET,
  });
  webhooks.subscriptions.set('sub-2', {
    id: 'sub-2',
    url: 'https://other.example.com/in',
    events: ['response.updated'],
    createdAt: NOW.toISOString(),
    createdBy: 'm',
    secret: newWebhookSecret(),
  });
  webhooks.sources.set(`${answer.pk}|${answer.sk}`, answer);
  return { webhooks, queue: new RecordingQueue(), now: () => NOW };
}

describe('events of a table change', () => {
  it('names a first answer response.created and an edit response.updated, with ids stable across redeliveries', () => {
    const [created] = eventsOf(followedChangeOf({ eventName: 'INSERT', newImage: answer }));
    const [updated] = eventsOf(followedChangeOf({ eventName: 'MODIFY', oldImage: answer, newImage: { ...answer, revision: 2 } }));
    expect(created).toMatchObject({ event: 'response.created', occurredAt: answer.answeredAt });
    expect(updated?.event).toBe('response.updated');
    expect(eventsOf(followedChangeOf({ eventName: 'INSERT', newImage: answer }))[0]?.eventId).toBe(created!.eventId);
    expect(eventsOf(followedChangeOf({ eventName: 'MODIFY', oldImage: answer, newImage: answer }))).toEqual([]);
  });
});

describe('event ids across the move to domain sources', () => {
  it('are what they were when events were made from the item keys, so a change redelivered across a deploy keeps its id', () => {
    const [created] = eventsOf(followedChangeOf({ eventName: 'INSERT', newImage: answer }));
    const keyed = createHash('sha256').update(`response.created|${answer.pk}|${answer.sk}|1`).digest('hex').slice(0, 32);
    expect(created?.eventId).toBe(`evt_${keyed}`);
    expect(created?.source).toEqual({ kind: 'answer', customerId: 'cust-42', occurredAt: '2026-03-02T09:30:00.000Z', interactionId: 'call-7781' });
  });
});

describe('fan-out', () => {
  it('records and queues one delivery per subscriber of the event, and a redelivered change queues only what is still pending', async () => {
    // Prepare
    const deps = world();
    const events = eventsOf(followedChangeOf({ eventName: 'INSERT', newImage: answer }));

    // Act
    const first = await fanOut(events, deps);
    await deliverWebhook(deps.queue.sent[0]!, 1, { ...deps, poster: new ScriptedPoster([]), maxAttempts: 6 });
    const again = await fanOut(events, deps);

    // Assess
    expect(first).toBe(1);
    expect(deps.queue.sent.map((r) => r.subscriptionId)).toEqual(['sub-1']);
    expect(again).toBe(0);
  });
});

describe('coalescing edits of one answer', () => {
  const edit = (revision: number, minutes: number) => ({ ...answer, revision, answeredAt: `2026-03-02T10:${String(minutes).padStart(2, '0')}:00.000Z` });

  it("holds an edit's delivery for the window before its first try, and sends a first answer at once", async () => {
    const deps = { ...world(), coalesceSeconds: 60 };
    deps.webhooks.subscriptions.set('sub-1', { ...deps.webhooks.subscriptions.get('sub-1')!, events: ['response.created', 'response.updated'] });

    await fanOut(eventsOf(followedChangeOf({ eventName: 'INSERT', newImage: answer })), deps);
    await fanOut(eventsOf(followedChangeOf({ eventName: 'MODIFY', oldImage: answer, newImage: edit(2, 1) })), deps);

    expect(deps.queue.sent.map((r, i) => [r.subscriptionId, deps.queue.delays[i]])).toEqual([
      ['sub-1', 0],
      ['sub-1', 60],
      ['sub-2', 60],
    ]);
  });

  it("sends a run of edits once, as the latest: the earlier edit's delivery is logged superseded and nothing is POSTed for it", async () => {
    // Prepare: two edits within the window; the answer now stands at revision 3.
    const deps = { ...world(), coalesceSeconds: 60 };
    await fanOut(eventsOf(followedChangeOf({ eventName: 'MODIFY', oldImage: answer, newImage: edit(2, 1) })), deps);
    await fanOut(eventsOf(followedChangeOf({ eventName: 'MODIFY', oldImage: edit(2, 1), newImage: edit(3, 2) })), deps);
    deps.webhooks.sources.set(`${answer.pk}|${answer.sk}`, edit(3, 2));
    const [second, third] = deps.queue.sent;
    const poster = new ScriptedPoster([]);

    // Act: the queue hands both over once the window has passed.
    const outcomes = [
      await deliverWebhook(second!, 1, { ...deps, poster, maxAttempts: 6 }),
      await deliverWebhook(third!, 1, { ...deps, poster, maxAttempts: 6 }),
    ];

    // Assess
    expect(outcomes).toEqual(['superseded', 'delivered']);
    expect(poster.calls.map((c) => JSON.parse(c.body).data.response.revision)).toEqual([3]);
    expect(await deps.webhooks.getDelivery(second!)).toMatchObject({ status: 'superseded', attempts: [] });
  });

  it("still sends an edit's delivery when the answer has not been edited again", async () => {
    const deps = { ...world(), coalesceSeconds: 60 };
    await fanOut(eventsOf(followedChangeOf({ eventName: 'MODIFY', oldImage: answer, newImage: edit(2, 1) })), deps);
    deps.webhooks.sources.set(`${answer.pk}|${answer.sk}`, edit(2, 1));

    expect(await deliverWebhook(deps.queue.sent[0]!, 1, { ...deps, poster: new ScriptedPoster([]), maxAttempts: 6 })).toBe('delivered');
  });
});

describe('delivering a webhook', () => {
  it('POSTs the event signed by Standard Webhooks with the subscription secret, and logs it delivered', async () => {
    // Prepare
    const deps = world();
    vi.useFakeTimers({ toFake: ['Date'], now: NOW });
    await fanOut(eventsOf(followedChangeOf({ eventName: 'INSERT', newImage: answer })), deps);
    const poster = new ScriptedPoster([{ status: 204, ms: 12 }]);

    // Act
    const result = await deliverWebhook(deps.queue.sent[0]!, 1, { ...deps, poster, maxAttempts: 6 });

    // Assess
    expect(result).toBe('delivered');
    const { body, headers, url } = poster.calls[0]!;
    expect(url).toBe('https://hooks.example.com/in');
    expect(new Webhook(SECRET).verify(body, headers)).toEqual(JSON.parse(body));
    expect(headers).toMatchObject({ 'webhook-id': JSON.parse(body).id, 'webhook-timestamp': String(Math.floor(NOW.getTime() / 1000)) });
    expect(JSON.parse(body)).toMatchObject({
      type: 'response.created',
      data: { response: { surveyId: 's-1', customerId: 'cust-42', csat: 1, comment: 'slow', revision: 1 } },
    });
    expect([...deps.webhooks.deliveries.values()][0]).toMatchObject({ status: 'delivered', attempts: [{ status: 204, ms: 12 }] });
  });

  it('logs a failed attempt and asks for a retry, then logs the last one failed', async () => {
    const deps = world();
    await fanOut(eventsOf(followedChangeOf({ eventName: 'INSERT', newImage: answer })), deps);
    const poster = new ScriptedPoster([
      { status: 500, ms: 3 },
      { error: 'connect ECONNREFUSED', ms: 1 },
    ]);
    await expect(deliverWebhook(deps.queue.sent[0]!, 1, { ...deps, poster, maxAttempts: 2 })).rejects.toBeInstanceOf(RetryLater);
    await expect(deliverWebhook(deps.queue.sent[0]!, 2, { ...deps, poster, maxAttempts: 2 })).rejects.toBeInstanceOf(RetryLater);
    expect([...deps.webhooks.deliveries.values()][0]).toMatchObject({ status: 'failed', attempts: [{ status: 500 }, { error: 'connect ECONNREFUSED' }] });
  });

  it('drops a delivery whose subscription was deleted or whose customer was erased, sending nothing', async () => {
    const deps = world();
    await fanOut(eventsOf(followedChangeOf({ eventName: 'INSERT', newImage: answer })), deps);
    deps.webhooks.sources.clear();
    const poster = new ScriptedPoster([]);
    expect(await deliverWebhook(deps.queue.sent[0]!, 1, { ...deps, poster, maxAttempts: 6 })).toBe('dropped');
    expect(poster.calls).toEqual([]);
  });

  it("does not hold one subscriber's event behind a slow subscriber in the same batch, and reports only the slow one failed", async () => {
    // Prepare: a slow subscriber's message first in the batch, another subscriber's second.
    const deps = world();
    deps.webhooks.subscriptions.set('sub-slow', {
      id: 'sub-slow',
      url: 'https://slow.example.com/in',
      events: ['response.created'],
      createdAt: NOW.toISOString(),
      createdBy: 'm',
      secret: 'whsec_c2xvdw==',
    });
    await fanOut(eventsOf(followedChangeOf({ eventName: 'INSERT', newImage: answer })), deps);
    const slowRef = deps.queue.sent.find((r) => r.subscriptionId === 'sub-slow')!;
    const otherRef = deps.queue.sent.find((r) => r.subscriptionId === 'sub-1')!;
    const poster = new SlowSubscriberPoster();
    const handle = makeWebhookDeliveryHandler({ ...deps, poster, maxAttempts: 6, retryBaseSeconds: 30 });

    // Act
    const handling = handle(sqsEvent(sqsRecord('msg-slow', JSON.stringify(slowRef)), sqsRecord('msg-other', JSON.stringify(otherRef))));

    // Assess: the other subscriber's event is delivered while the slow attempt is still open...
    await vi.waitFor(async () => expect((await deps.webhooks.getDelivery(otherRef))?.status).toBe('delivered'));
    expect(await deps.webhooks.getDelivery(slowRef)).toMatchObject({ status: 'pending', attempts: [] });
    // ...and when the slow one's deadline passes, only its message is retried and reported failed.
    poster.deadlinePasses();
    expect(await handling).toEqual({ batchItemFailures: [{ itemIdentifier: 'msg-slow' }] });
    expect(deps.queue.retries).toEqual([{ receiptHandle: 'receipt-msg-slow', seconds: 30 }]);
    expect(await deps.webhooks.getDelivery(slowRef)).toMatchObject({ status: 'pending', attempts: [{ error: 'no complete answer within 5000 ms' }] });
  });

  it('does not count a 2xx whose answer did not complete within the deadline as delivered', async () => {
    const deps = world();
    await fanOut(eventsOf(followedChangeOf({ eventName: 'INSERT', newImage: answer })), deps);
    const poster = new ScriptedPoster([{ status: 200, error: 'no complete answer within 5000 ms', ms: 5000 }]);

    await expect(deliverWebhook(deps.queue.sent[0]!, 1, { ...deps, poster, maxAttempts: 6 })).rejects.toBeInstanceOf(RetryLater);

    expect([...deps.webhooks.deliveries.values()][0]).toMatchObject({
      status: 'pending',
      attempts: [{ status: 200, error: 'no complete answer within 5000 ms' }],
    });
  });

  it('backs off 30 s, 1 min, 2 min... at most 15 minutes', () => {
    expect([1, 2, 3, 10].map((n) => backoffSeconds(n, 30))).toEqual([30, 60, 120, 900]);
  });

  it('sends an alert as it is, without its keys', () => {
    // The alert as the adapter reads it back from its item (keys and index keys included in the item).
    const source = { kind: 'alert', customerId: 'c', occurredAt: '2026-03-02T09:30:00.000Z', interactionId: 'i' } as const;
    const stored = alertOf({ pk: 'p', sk: 's', gsi2pk: 'g', gsi2sk: 'h', type: 'Alert', v: 1, alertId: 'a', status: 'open' });
    const body = JSON.parse(webhookBody({ event: 'alert.created', eventId: 'evt_1', occurredAt: 'x', source } as WebhookEvent as Delivery, stored));
    expect(body.data).toEqual({ alert: { alertId: 'a', status: 'open' } });
  });
});

describe('signatures (Standard Webhooks)', () => {
  const t = Math.floor(NOW.getTime() / 1000);

  it('issues whsec_ secrets a Standard Webhooks library accepts: 32 random bytes in standard base64', () => {
    for (let i = 0; i < 20; i++) {
      const secret = newWebhookSecret();
      expect(secret).toMatch(/^whsec_[A-Za-z0-9+/]{43}=$/);
      expect(() => new Webhook(secret)).not.toThrow();
    }
  });

  it('is refused by the verifier for another body, another secret, another id or a stale timestamp', () => {
    vi.useFakeTimers({ toFake: ['Date'], now: NOW });
    const headers = signedHeaders(SECRET, 'evt_1', '{"a":1}', t);
    expect(new Webhook(SECRET).verify('{"a":1}', headers)).toEqual({ a: 1 });
    expect(() => new Webhook(SECRET).verify('{"a":2}', headers)).toThrow('No matching signature found');
    expect(() => new Webhook(newWebhookSecret()).verify('{"a":1}', headers)).toThrow('No matching signature found');
    expect(() => new Webhook(SECRET).verify('{"a":1}', { ...headers, 'webhook-id': 'evt_2' })).toThrow('No matching signature found');
    vi.setSystemTime(NOW.getTime() + 3_600_000);
    expect(() => new Webhook(SECRET).verify('{"a":1}', headers)).toThrow('Message timestamp too old');
  });

  it('signs with a secret issued before the switch (URL-safe base64) as a verifier given its standard form does', () => {
    vi.useFakeTimers({ toFake: ['Date'], now: NOW });
    const urlSafe = 'whsec_-_-_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA';
    const standard = 'whsec_+/+/AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=';
    expect(new Webhook(standard).verify('{}', signedHeaders(urlSafe, 'evt_1', '{}', t))).toEqual({});
  });
});
