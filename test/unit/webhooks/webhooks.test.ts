import { describe, expect, it } from 'vitest';
import { RetryLater, backoffSeconds, deliverWebhook, webhookBody } from '../../../functions/webhooks/deliver-webhook.js';
import { eventsOf, type WebhookEvent } from '../../../functions/webhooks/events.js';
import { fanOut } from '../../../functions/webhooks/fan-out.js';
import type { PostResult, WebhookPoster } from '../../../functions/webhooks/http-poster.js';
import { signatureOf, verifySignature } from '../../../functions/webhooks/signature.js';
import { addressAllowed, urlProblem } from '../../../functions/webhooks/url-policy.js';
import type { WebhookQueue } from '../../../functions/webhooks/webhook-queue.js';
import type { Delivery, DeliveryRef } from '../../../functions/webhooks/webhook-store.js';
import { NOW } from '../support/fixtures.js';
import { InMemoryWebhookStore } from '../support/in-memory-webhook-store.js';

class RecordingQueue implements WebhookQueue {
  sent: DeliveryRef[] = [];
  async enqueue(ref: DeliveryRef) {
    this.sent.push(ref);
  }
  async retryIn() {}
}

class ScriptedPoster implements WebhookPoster {
  calls: Array<{ url: string; body: string; headers: Record<string, string> }> = [];
  constructor(private readonly answers: PostResult[]) {}
  async post(url: string, body: string, headers: Record<string, string>) {
    this.calls.push({ url, body, headers });
    return this.answers.shift() ?? { status: 200, ms: 1 };
  }
}

const answer = { pk: 'CUSTOMER#cust-42', sk: 'T#2026-03-02T09:30:00.000Z#call-7781#3-ANSWER', type: 'Answer', surveyId: 's-1', channel: 'chat', csat: 1, comment: 'slow', revision: 1, answeredAt: '2026-03-02T10:00:00.000Z', firstAnsweredAt: '2026-03-02T10:00:00.000Z' };

function world() {
  const webhooks = new InMemoryWebhookStore();
  webhooks.subscriptions.set('sub-1', { id: 'sub-1', url: 'https://hooks.example.com/in', events: ['response.created', 'alert.created'], createdAt: NOW.toISOString(), createdBy: 'm', secret: 'whsec_test' });
  webhooks.subscriptions.set('sub-2', { id: 'sub-2', url: 'https://other.example.com/in', events: ['response.updated'], createdAt: NOW.toISOString(), createdBy: 'm', secret: 'whsec_2' });
  webhooks.sources.set(`${answer.pk}|${answer.sk}`, answer);
  return { webhooks, queue: new RecordingQueue(), now: () => NOW };
}

describe('events of a table change', () => {
  it('names a first answer response.created and an edit response.updated, with ids stable across redeliveries', () => {
    const [created] = eventsOf({ eventName: 'INSERT', newImage: answer });
    const [updated] = eventsOf({ eventName: 'MODIFY', oldImage: answer, newImage: { ...answer, revision: 2 } });
    expect(created).toMatchObject({ event: 'response.created', occurredAt: answer.answeredAt });
    expect(updated?.event).toBe('response.updated');
    expect(eventsOf({ eventName: 'INSERT', newImage: answer })[0]?.eventId).toBe(created!.eventId);
    expect(eventsOf({ eventName: 'MODIFY', oldImage: answer, newImage: answer })).toEqual([]);
  });
});

describe('fan-out', () => {
  it('records and queues one delivery per subscriber of the event, and a redelivered change queues only what is still pending', async () => {
    // Prepare
    const deps = world();
    const events = eventsOf({ eventName: 'INSERT', newImage: answer });

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

describe('delivering a webhook', () => {
  it('POSTs the event signed with the subscription secret, and logs it delivered', async () => {
    // Prepare
    const deps = world();
    await fanOut(eventsOf({ eventName: 'INSERT', newImage: answer }), deps);
    const poster = new ScriptedPoster([{ status: 204, ms: 12 }]);

    // Act
    const result = await deliverWebhook(deps.queue.sent[0]!, 1, { ...deps, poster, maxAttempts: 6 });

    // Assess
    expect(result).toBe('delivered');
    const { body, headers, url } = poster.calls[0]!;
    expect(url).toBe('https://hooks.example.com/in');
    expect(verifySignature('whsec_test', body, headers['x-feedback-signature'], Math.floor(NOW.getTime() / 1000))).toBe(true);
    expect(JSON.parse(body)).toMatchObject({ type: 'response.created', data: { response: { surveyId: 's-1', customerId: 'cust-42', csat: 1, comment: 'slow', revision: 1 } } });
    expect([...deps.webhooks.deliveries.values()][0]).toMatchObject({ status: 'delivered', attempts: [{ status: 204, ms: 12 }] });
  });

  it('logs a failed attempt and asks for a retry, then logs the last one failed', async () => {
    const deps = world();
    await fanOut(eventsOf({ eventName: 'INSERT', newImage: answer }), deps);
    const poster = new ScriptedPoster([{ status: 500, ms: 3 }, { error: 'connect ECONNREFUSED', ms: 1 }]);
    await expect(deliverWebhook(deps.queue.sent[0]!, 1, { ...deps, poster, maxAttempts: 2 })).rejects.toBeInstanceOf(RetryLater);
    await expect(deliverWebhook(deps.queue.sent[0]!, 2, { ...deps, poster, maxAttempts: 2 })).rejects.toBeInstanceOf(RetryLater);
    expect([...deps.webhooks.deliveries.values()][0]).toMatchObject({ status: 'failed', attempts: [{ status: 500 }, { error: 'connect ECONNREFUSED' }] });
  });

  it('drops a delivery whose subscription was deleted or whose customer was erased, sending nothing', async () => {
    const deps = world();
    await fanOut(eventsOf({ eventName: 'INSERT', newImage: answer }), deps);
    deps.webhooks.sources.clear();
    const poster = new ScriptedPoster([]);
    expect(await deliverWebhook(deps.queue.sent[0]!, 1, { ...deps, poster, maxAttempts: 6 })).toBe('dropped');
    expect(poster.calls).toEqual([]);
  });

  it('backs off 30 s, 1 min, 2 min... at most 15 minutes', () => {
    expect([1, 2, 3, 10].map((n) => backoffSeconds(n, 30))).toEqual([30, 60, 120, 900]);
  });

  it('sends an alert as it is, without its keys', () => {
    const body = JSON.parse(webhookBody({ event: 'alert.created', eventId: 'evt_1', occurredAt: 'x', source: { pk: 'p', sk: 's' } } as WebhookEvent as Delivery, { pk: 'p', sk: 's', gsi2pk: 'g', alertId: 'a', status: 'open' }));
    expect(body.data).toEqual({ alert: { alertId: 'a', status: 'open' } });
  });
});

describe('signatures', () => {
  it('refuses another body, another secret, a stale timestamp and a malformed header', () => {
    const t = 1_772_445_600;
    const header = signatureOf('s3cret', '{"a":1}', t);
    expect(verifySignature('s3cret', '{"a":1}', header, t + 10)).toBe(true);
    expect(verifySignature('s3cret', '{"a":2}', header, t)).toBe(false);
    expect(verifySignature('other', '{"a":1}', header, t)).toBe(false);
    expect(verifySignature('s3cret', '{"a":1}', header, t + 3600)).toBe(false);
    expect(verifySignature('s3cret', '{"a":1}', 'v1=zz', t)).toBe(false);
  });
});

describe('where webhooks may go (SSRF)', () => {
  it.each([
    ['https://hooks.example.com/in', null],
    ['http://hooks.example.com/in', 'must be https'],
    ['https://user:pw@hooks.example.com/', 'must not carry a user name or password'],
    ['https://169.254.169.254/latest/meta-data', 'must not point to a private, loopback or link-local address'],
    ['https://10.0.0.5/in', 'must not point to a private, loopback or link-local address'],
    ['https://[::1]/in', 'must not point to a private, loopback or link-local address'],
    ['https://localhost/in', 'must be a public host name'],
    ['https://metadata.internal/in', 'must be a public host name'],
    ['http://127.0.0.1:8080/in', 'must be https'],
    ['ftp://example.com/x', 'must be https'],
    ['not a url', 'must be an absolute URL'],
  ])('in AWS, %s: %s', (url, problem) => {
    expect(urlProblem(url, false)).toBe(problem);
  });

  it('allows plain http to loopback only where the local stack allows it', () => {
    expect(urlProblem('http://127.0.0.1:8080/in', true)).toBeNull();
    expect(urlProblem('http://localhost:8080/in', true)).toBeNull();
    expect(urlProblem('http://10.0.0.5/in', true)).toBe('must be https');
  });

  it('checks resolved addresses at connection time: public ones only, loopback when allowed', () => {
    expect(addressAllowed('93.184.216.34', false)).toBe(true);
    expect(addressAllowed('127.0.0.1', false)).toBe(false);
    expect(addressAllowed('127.0.0.1', true)).toBe(true);
    expect(addressAllowed('169.254.169.254', true)).toBe(false);
    expect(addressAllowed('fd00::1', false)).toBe(false);
    expect(addressAllowed('::ffff:10.0.0.1', false)).toBe(false);
    expect(addressAllowed('::ffff:a00:1', false)).toBe(false);
    expect(addressAllowed('2606:4700::1111', false)).toBe(true);
  });
});
