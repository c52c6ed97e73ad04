// Issue 6 on the local stack, as a CX team lives it: topics defined, a detractor's angry comment tagged negative with the
// right topic, an alert emailed to the channel's owner through SES, the manager closing it; reports showing it all.
import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Webhook } from 'standardwebhooks';
import { describe, expect, it, vi } from 'vitest';
import { TOPICS } from '../unit/support/topics.js';
import { emailsTo, getCustomer, linksOf, managerGet, newInteraction, postInteraction, settled, stack, waitForEmail } from './helpers.js';

const today = () => new Date().toISOString().slice(0, 10);

async function managerSend(method: string, path: string, body: unknown) {
  const res = await fetch(`${stack.apiUrl}${path}`, {
    method,
    headers: { authorization: `Bearer ${stack.managerToken}`, 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  return { status: res.status, body: (await res.json()) as any };
}

interface Received {
  status: number;
  verified: boolean;
  body: any;
}

/** What a subscriber runs: the Standard Webhooks library's check of the signature headers (throws when they fail). */
function verifiedByStandardWebhooks(secret: string, body: string, headers: Record<string, string>): boolean {
  try {
    new Webhook(secret).verify(body, headers);
    return true;
  } catch {
    return false;
  }
}

/** A subscriber on loopback that checks every signature; `failFirst` requests are answered 500 (to exercise retries). */
async function receiver(failFirst = 0) {
  const received: Received[] = [];
  let secret = '';
  const server = createServer(async (req: IncomingMessage, res) => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const text = Buffer.concat(chunks).toString('utf8');
    const status = received.length < failFirst ? 500 : 204;
    received.push({ status, verified: verifiedByStandardWebhooks(secret, text, req.headers as Record<string, string>), body: JSON.parse(text) });
    res.writeHead(status).end();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hooks`,
    received,
    setSecret: (s: string) => void (secret = s),
    close: () => new Promise<void>((resolve) => (server.closeAllConnections(), server.close(() => resolve()))),
  };
}

async function answer(interaction: ReturnType<typeof newInteraction>, fields: Record<string, string>) {
  const link = linksOf((await waitForEmail(interaction.customer.email)).body.html ?? '').find((l) => /\/s\/[^?]+$/.test(l))!;
  const res = await fetch(link, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams(fields).toString(),
  });
  expect(res.status).toBe(200);
}

describe('closing the loop with an unhappy customer', () => {
  it('tags an angry comment negative with its topic, alerts the owner once, and lets the manager close it; reports show it', async () => {
    // Prepare: topics, and an owner for the social channel's alerts.
    const owner = `owner-${randomUUID().slice(0, 8)}@example.com`;
    expect((await managerSend('PUT', '/topics', { topics: TOPICS })).status).toBe(200);
    expect((await managerSend('PUT', '/alert-rules/social', { csatAtMost: 2, npsAtMost: 6, owners: [owner] })).status).toBe(200);
    const interaction = newInteraction({ channel: 'social' });
    // Two subscribers: one takes everything; one takes alerts and fails its first two deliveries.
    const everything = await receiver();
    const flaky = await receiver(2);
    const subscribe = async (r: Awaited<ReturnType<typeof receiver>>, events: string[]) => {
      const created = await managerSend('POST', '/webhooks', { url: r.url, events, description: 'integration test' });
      expect(created.status).toBe(201);
      expect(created.body.secret).toMatch(/^whsec_/);
      r.setSecret(created.body.secret);
      return created.body.id as string;
    };
    const everythingId = await subscribe(everything, ['response.created', 'response.updated', 'alert.created']);
    const flakyId = await subscribe(flaky, ['alert.created']);
    try {
      expect((await postInteraction(interaction)).status).toBe(202);

      // Act: a detractor answers with an angry comment, then edits it (still angry): one alert, however often.
      await answer(interaction, { csat: '1', nps: '2', comment: 'I waited an hour on hold and the agent was rude. Terrible service!' });
      await settled();
      await answer(interaction, { csat: '1', nps: '1', comment: 'I waited an hour on hold and the agent was rude. Terrible, useless service!' });
      await settled();

      // Assess: the answer carries its analysis, and the alert sits next to it on the customer's record.
      const record = await getCustomer(interaction.customer.id);
      const entry = record.body.timeline[0];
      expect(entry.answer).toMatchObject({ revision: 2, sentiment: { label: 'negative', language: 'en' }, topics: ['waiting-time', 'staff'] });
      expect(entry.answer.keywords).toContain('waited');
      expect(entry.alert).toMatchObject({ status: 'open', channel: 'social', reasons: ['csat', 'nps'], customerId: interaction.customer.id });
      const alertId: string = entry.alert.alertId;

      // One email to the owner, linking to the customer's record.
      const emails = await emailsTo(owner);
      expect(emails).toHaveLength(1);
      expect(emails[0]!.subject).toContain('CSAT 1 of 5');
      expect(emails[0]!.body.text).toContain(`/dashboard/#/customers/${interaction.customer.id}`);

      const open = await managerGet('/alerts?status=open&channel=social&limit=100');
      expect(open.body.alerts.filter((a: { surveyId: string }) => a.surveyId === entry.answer.surveyId)).toHaveLength(1);

      // The manager calls back, then closes; invalid moves are refused, saying why.
      expect((await managerSend('PATCH', `/alerts/${alertId}`, { status: 'contacted' })).body.history.at(-1)).toMatchObject({
        status: 'contacted',
        by: 'local-manager',
      });
      const closed = await managerSend('PATCH', `/alerts/${alertId}`, { status: 'closed' });
      expect(closed.body).toMatchObject({ status: 'closed', closedAt: expect.any(String) });
      const reopen = await managerSend('PATCH', `/alerts/${alertId}`, { status: 'contacted' });
      expect(reopen).toMatchObject({ status: 409, body: { error: 'conflict', message: expect.stringContaining('closed is final') } });
      expect((await managerSend('PATCH', `/alerts/${alertId}`, { status: 'done' })).status).toBe(400);
      expect((await managerSend('PATCH', '/alerts/not-an-alert', { status: 'closed' })).status).toBe(400);
      await settled();

      // Reports: time to close, topic counts, sentiment per channel.
      const alerts = await managerGet(`/reports/alerts?from=${today()}&to=${today()}`);
      const social = alerts.body.channels.find((c: { channel: string }) => c.channel === 'social');
      expect(social).toMatchObject({ closed: expect.any(Number), exact: true });
      expect(social.closed).toBeGreaterThanOrEqual(1);
      expect(social.medianSecondsToClose).toBeGreaterThanOrEqual(0);

      const topics = await managerGet(`/reports/topics?from=${today()}&to=${today()}&channel=social`);
      const waiting = topics.body.channels[0].topics.find((t: { id: string }) => t.id === 'waiting-time');
      expect(waiting.comments).toBeGreaterThanOrEqual(1);
      expect(waiting.csat.average).not.toBeNull();

      const channels = await managerGet(`/reports/channels?from=${today()}&to=${today()}&granularity=day`);
      const sentiment = channels.body.channels.find((c: { channel: string }) => c.channel === 'social').sentiment;
      expect(sentiment.responses).toBeGreaterThanOrEqual(1);
      expect(sentiment.negative).toBeGreaterThanOrEqual(1);
      expect(channels.body.channels.find((c: { channel: string }) => c.channel === 'social').series[0].sentiment.responses).toBeGreaterThanOrEqual(1);

      // Webhooks: every body signed; the first, second and alert events reached the first subscriber once each...
      const mine = (r: Received) => r.body.data.response?.surveyId === entry.answer.surveyId || r.body.data.alert?.surveyId === entry.answer.surveyId;
      // (an edit's delivery waits out the coalescing window, 2 s locally, before its first try)
      await vi.waitFor(
        () =>
          expect(
            everything.received
              .filter(mine)
              .map((r) => r.body.type)
              .sort(),
          ).toEqual(['alert.created', 'response.created', 'response.updated']),
        { timeout: 20_000, interval: 250 },
      );
      const seen = everything.received.filter(mine);
      expect(seen.every((r) => r.verified)).toBe(true);
      expect(seen.find((r) => r.body.type === 'response.updated')!.body.data.response.revision).toBe(2);
      expect(seen.find((r) => r.body.type === 'alert.created')!.body.data.alert).toMatchObject({
        alertId,
        channel: 'social',
        customerId: interaction.customer.id,
      });
      // ...and the flaky one got the alert on the third try, after two refusals, as its delivery log says.
      const flakySeen = flaky.received.filter(mine);
      expect(flakySeen.map((r) => r.status)).toEqual([500, 500, 204]);
      expect(new Set(flakySeen.map((r) => r.body.id)).size).toBe(1);
      const log = await managerGet(`/webhooks/${flakyId}/deliveries`);
      const delivery = log.body.deliveries.find((d: { eventId: string }) => d.eventId === flakySeen[0]!.body.id);
      expect(delivery).toMatchObject({ status: 'delivered', event: 'alert.created', attempts: [{ status: 500 }, { status: 500 }, { status: 204 }] });
      expect((await managerGet('/webhooks')).body.webhooks.map((w: { id: string }) => w.id)).toEqual(expect.arrayContaining([everythingId, flakyId]));
      expect(JSON.stringify((await managerGet('/webhooks')).body)).not.toContain('whsec_');
    } finally {
      for (const id of [everythingId, flakyId])
        await fetch(`${stack.apiUrl}/webhooks/${id}`, { method: 'DELETE', headers: { authorization: `Bearer ${stack.managerToken}` } });
      await everything.close();
      await flaky.close();
    }
  });

  it('parks a delivery the subscriber keeps refusing after its last try, and says so in the log', async () => {
    // Prepare: a subscriber that always answers 500.
    const refusing = await receiver(Number.MAX_SAFE_INTEGER);
    const created = await managerSend('POST', '/webhooks', { url: refusing.url, events: ['response.created'] });
    refusing.setSecret(created.body.secret);
    const interaction = newInteraction({ channel: 'email' });
    try {
      await postInteraction(interaction);

      // Act: the answer's event is tried 6 times, backing off 1, 2, 4, 8 and 16 s (the local queue's 1 s visibility).
      await answer(interaction, { csat: '4' });
      await settled();

      // Assess
      const tries = refusing.received.filter((r) => r.body.data.response?.customerId === interaction.customer.id);
      expect(tries.map((r) => r.status)).toEqual([500, 500, 500, 500, 500, 500]);
      const log = await managerGet(`/webhooks/${created.body.id}/deliveries`);
      const delivery = log.body.deliveries.find((d: { eventId: string }) => d.eventId === tries[0]!.body.id);
      expect(delivery).toMatchObject({ status: 'failed', event: 'response.created' });
      expect(delivery.attempts).toHaveLength(6);
      // The log lists what docs/openapi.yaml says: not which customer's answer the event carried.
      expect(delivery).not.toHaveProperty('source');
      expect(JSON.stringify(log.body)).not.toContain(interaction.customer.id);
    } finally {
      await fetch(`${stack.apiUrl}/webhooks/${created.body.id}`, { method: 'DELETE', headers: { authorization: `Bearer ${stack.managerToken}` } });
      await refusing.close();
    }
  });

  it('refuses webhook URLs it must not call, naming the field', async () => {
    for (const url of [
      'http://10.0.0.5/hook',
      'https://169.254.169.254/latest',
      'https://[2002:a9fe:a9fe::1]/hook',
      'https://[::169.254.169.254]/hook',
      'ftp://example.com/x',
      'https://user:pw@example.com/x',
    ]) {
      const res = await managerSend('POST', '/webhooks', { url, events: ['alert.created'] });
      expect(res.status).toBe(400);
      expect(res.body.issues[0].field).toBe('url');
    }
    expect((await managerSend('POST', '/webhooks', { url: 'https://example.com/x', events: ['nothing.happened'] })).body.issues[0].field).toBe('events.0');
  });
});
