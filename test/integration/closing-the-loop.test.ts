// Issue 6 on the local stack, as a CX team lives it: topics defined, a detractor's angry comment tagged negative with the
// right topic, an alert emailed to the channel's owner through SES, the manager closing it; reports showing it all.
import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
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

async function answer(interaction: ReturnType<typeof newInteraction>, fields: Record<string, string>) {
  const link = linksOf((await waitForEmail(interaction.customer.email)).body.html ?? '').find((l) => /\/s\/[^?]+$/.test(l))!;
  const res = await fetch(link, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams(fields).toString() });
  expect(res.status).toBe(200);
}

describe('closing the loop with an unhappy customer', () => {
  it('tags an angry comment negative with its topic, alerts the owner once, and lets the manager close it; reports show it', async () => {
    // Prepare: topics, and an owner for the social channel's alerts.
    const owner = `owner-${randomUUID().slice(0, 8)}@example.com`;
    expect((await managerSend('PUT', '/topics', { topics: TOPICS })).status).toBe(200);
    expect((await managerSend('PUT', '/alert-rules/social', { csatAtMost: 2, npsAtMost: 6, owners: [owner] })).status).toBe(200);
    const interaction = newInteraction({ channel: 'social' });
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
    expect((await managerSend('PATCH', `/alerts/${alertId}`, { status: 'contacted' })).body.history.at(-1)).toMatchObject({ status: 'contacted', by: 'local-manager' });
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
  });
});
