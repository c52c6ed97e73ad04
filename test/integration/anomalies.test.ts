// Issue 17's anomaly alerts on the local stack: five weeks of answers for one agent, planted through the product's own
// use cases at their own past times (local/history.ts), a week of them bad; the stack's clock moved past the daily run;
// then the anomaly is listed by GET /anomalies, emailed to the channel's alert owner and sent as a `score.anomaly` webhook.
import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { nextAnomalyRun } from '../../functions/anomalies/anomaly-schedule.js';
import { addDays, utcDay } from '../../functions/domain/utc-days.js';
import { replayDeps, replayInteraction, type ReplayedInteraction } from '../../local/history.js';
import { control, emailsTo, managerGet, settled, stack } from './helpers.js';

const HOUR = 3_600_000;
const CHANNEL = 'community' as const;
const agentId = `agent-anm-${randomUUID().slice(0, 8)}`;
const owner = `anomaly-owner-${randomUUID().slice(0, 8)}@example.com`;

async function managerSend(method: string, path: string, body?: unknown) {
  const res = await fetch(`${stack.apiUrl}${path}`, {
    method,
    headers: { authorization: `Bearer ${stack.managerToken}`, 'content-type': 'application/json' },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  return { status: res.status, body: res.status === 204 ? undefined : ((await res.json()) as any) };
}

/** A subscriber on loopback that keeps every event it receives. */
async function receiver() {
  const received: any[] = [];
  const server = createServer(async (req: IncomingMessage, res) => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    received.push(JSON.parse(Buffer.concat(chunks).toString('utf8')));
    res.writeHead(204).end();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hooks`,
    received,
    close: () => new Promise<void>((resolve) => (server.closeAllConnections(), server.close(() => resolve()))),
  };
}

/** One answered interaction of the agent's, at noon of `day`: all good (CSAT 5, NPS 10, resolved) or all bad. */
const interactionOn = (day: string, good: boolean): ReplayedInteraction => {
  const id = randomUUID().slice(0, 8);
  return {
    event: {
      interactionId: `anm-${id}`,
      channel: CHANNEL,
      occurredAt: `${day}T12:00:00.000Z`,
      customer: { id: `cust-anm-${id}`, email: `anm-${id}@example.com` },
      agentId,
    },
    sendAfterMs: 0,
    answer: { values: good ? { csat: 5, nps: 10, resolved: true } : { csat: 1, nps: 0, resolved: false }, afterMs: HOUR },
  };
};

let advanced = 0;
async function advance(ms: number) {
  advanced += ms;
  await control({ advanceClockMs: ms });
  await settled();
}

const hook = await receiver();
let subscriptionId = '';
let previousRule: Record<string, unknown> | undefined;
// The daily run that the clock will pass next, and the day it tests (the day before it).
const runAt = nextAnomalyRun(Date.now());
const day = addDays(utcDay(new Date(runAt)), -1);

beforeAll(async () => {
  previousRule = (await managerGet('/alert-rules')).body.rules.find((r: { channel: string }) => r.channel === CHANNEL);
  expect((await managerSend('PUT', `/alert-rules/${CHANNEL}`, { csatAtMost: null, npsAtMost: null, owners: [owner] })).status).toBe(200);
  const created = await managerSend('POST', '/webhooks', { url: hook.url, events: ['score.anomaly'], description: 'anomaly test' });
  expect(created.status).toBe(201);
  subscriptionId = created.body.id;
});

afterAll(async () => {
  await control({ advanceClockMs: -advanced });
  if (subscriptionId) await managerSend('DELETE', `/webhooks/${subscriptionId}`);
  const { channel: _c, updatedAt: _u, updatedBy: _b, ...rule } = previousRule ?? { enabled: true, csatAtMost: 2, npsAtMost: 6, owners: [] };
  await managerSend('PUT', `/alert-rules/${CHANNEL}`, rule);
  await hook.close();
});

describe('anomaly alerts', () => {
  it('raises one anomaly for a week of bad answers: listed, emailed to the owner, sent as score.anomaly', async () => {
    // Prepare: one good answer a day for the 28 days before the week, then two bad ones a day for six days of the week
    const deps = replayDeps({ dynamodbUrl: stack.dynamodbUrl, tableName: stack.tableName, sesUrl: stack.sesUrl, publicBaseUrl: stack.apiUrl });
    const planted = [
      ...Array.from({ length: 28 }, (_, i) => interactionOn(addDays(day, -34 + i), true)),
      ...Array.from({ length: 12 }, (_, i) => interactionOn(addDays(day, -6 + Math.floor(i / 2)), false)),
    ];
    for (const interaction of planted) expect((await replayInteraction(deps, interaction)).answered).toBe(true);
    await settled();
    expect((await managerGet(`/anomalies?from=${day}&to=${day}&channel=${CHANNEL}`)).body.anomalies).toEqual([]);

    // Act: the stack's clock passes the next daily run
    await advance(runAt - Date.now() + 60_000);

    // Assess: the agent's CSAT drop over the week, with the counts behind it
    const listed = await managerGet(`/anomalies?from=${day}&to=${day}&channel=${CHANNEL}`);
    expect(listed.status).toBe(200);
    expect(listed.body).toMatchObject({ from: day, to: day, channel: CHANNEL });
    const ofAgent = listed.body.anomalies.filter((a: { key: string }) => a.key === agentId);
    expect(ofAgent.map((a: { metric: string }) => a.metric).sort()).toEqual(['csat', 'fcr', 'nps']);
    const csat = ofAgent.find((a: { metric: string }) => a.metric === 'csat');
    expect(csat).toEqual({
      anomalyId: expect.stringMatching(/^anm_[0-9a-f]{24}$/),
      day,
      scope: 'agent',
      key: agentId,
      channel: CHANNEL,
      metric: 'csat',
      window: 'week',
      current: { score: 0, n: 12 },
      baseline: { score: 100, n: 28 },
      delta: -100,
      p: expect.any(Number),
      raisedAt: expect.any(String),
    });
    expect(csat.p).toBeLessThan(1e-6);
    // ...emailed to the channel's alert owner, naming no customer
    const emails = await emailsTo(owner);
    const email = emails.find((e) => e.subject === `CSAT dropped for agent ${agentId} on ${CHANNEL} in the 7 days to ${day}`);
    expect(email?.body.text).toContain('was 0% in the 7 days');
    expect(email?.body.text).not.toMatch(/anm-[0-9a-f]{8}@example\.com|cust-anm/);
    // ...and sent to the subscriber
    const events = hook.received.filter((e) => e.type === 'score.anomaly' && e.data.anomaly.key === agentId);
    expect(events.map((e) => e.data.anomaly.anomalyId).sort()).toEqual(ofAgent.map((a: { anomalyId: string }) => a.anomalyId).sort());
    expect(events.find((e) => e.data.anomaly.metric === 'csat')?.data.anomaly).toEqual(csat);

    // Act again: the next day's run still sees the bad week
    const emailCount = emails.length;
    await advance(24 * HOUR);
    // Assess: the same drop is not raised again, nor emailed
    const twoDays = await managerGet(`/anomalies?from=${day}&to=${addDays(day, 1)}&channel=${CHANNEL}`);
    expect(twoDays.body.anomalies.filter((a: { key: string }) => a.key === agentId)).toEqual(ofAgent);
    expect((await emailsTo(owner)).length).toBe(emailCount);
  });

  it('lists nothing for another channel, and refuses a window it cannot read, naming the parameter', async () => {
    expect((await managerGet(`/anomalies?from=${day}&to=${day}&channel=voice`)).body.anomalies.filter((a: { key: string }) => a.key === agentId)).toEqual([]);
    const bad = await managerGet(`/anomalies?from=${day}`);
    expect(bad.status).toBe(400);
    expect(bad.body.issues.map((i: { field: string }) => i.field)).toEqual(['to']);
    expect((await managerGet(`/anomalies?from=${day}&to=${day}&channel=fax`)).body.issues[0].field).toBe('channel');
  });
});
