// Reports through the HTTP API on the local stack, after the aggregator has folded the table's stream.
import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { linksOf, managerGet, newInteraction, postInteraction, settled, waitForEmail } from './helpers.js';

const today = () => new Date().toISOString().slice(0, 10);

async function answer(interaction: ReturnType<typeof newInteraction>, fields: Record<string, string>) {
  const link = linksOf((await waitForEmail(interaction.customer.email)).body.html ?? '').find((l) => /\/s\/[^?]+$/.test(l))!;
  const res = await fetch(link, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams(fields).toString(),
  });
  expect(res.status).toBe(200);
}

describe('GET /reports/agents', () => {
  it('scores an agent from exact counts, and moves them when an answer is edited', async () => {
    const agentId = `agent-${randomUUID().slice(0, 8)}`;
    const interactions = [0, 1, 2].map(() => newInteraction({ channel: 'chat', agentId }));
    for (const i of interactions) expect((await postInteraction(i)).status).toBe(202);
    await answer(interactions[0]!, { csat: '5', nps: '10', resolved: 'yes' });
    await answer(interactions[1]!, { csat: '2', nps: '3', resolved: 'no', comment: 'slow' });
    await settled();

    const first = await managerGet(`/reports/agents?from=${today()}&to=${today()}&channel=chat`);

    expect(first.status).toBe(200);
    const agent = first.body.agents.find((a: { agentId: string }) => a.agentId === agentId);
    expect(agent).toMatchObject({
      agentId,
      invitations: 3,
      responses: 2,
      responseRate: 0.6667,
      csat: { score: 50, responses: 2 },
      nps: { score: 0, promoters: 1, passives: 0, detractors: 1, responses: 2 },
      ces: { average: null, responses: 0 },
      fcr: { rate: 0.5, responses: 2 },
    });

    await answer(interactions[1]!, { csat: '4', nps: '8', resolved: 'yes' });
    await settled();
    const edited = await managerGet(`/reports/agents?from=${today()}&to=${today()}`);
    expect(edited.body.agents.find((a: { agentId: string }) => a.agentId === agentId)).toMatchObject({
      invitations: 3,
      responses: 2,
      csat: { score: 100, responses: 2 },
      nps: { score: 50, promoters: 1, passives: 1, detractors: 0, responses: 2 },
      fcr: { rate: 1, responses: 2 },
    });
  });
});

describe('GET /reports/escalations', () => {
  it('counts where a customer went next within 72 hours, whatever order the interactions arrive in', async () => {
    // A day of its own, far in the past, so that no other test's interactions share its counters.
    const day = new Date(Date.UTC(2020, 0, 1) + Math.floor(Math.random() * 1500) * 86_400_000);
    const at = (hours: number) => new Date(day.getTime() + hours * 3_600_000).toISOString();
    const customer = { id: `cust-${randomUUID().slice(0, 8)}`, email: `esc-${randomUUID().slice(0, 8)}@example.com` };
    const from = at(0).slice(0, 10);
    const to = at(24 * 6).slice(0, 10);

    await postInteraction(newInteraction({ customer, channel: 'chat', occurredAt: at(10) }));
    await postInteraction(newInteraction({ customer, channel: 'voice', occurredAt: at(12) }));
    await postInteraction(newInteraction({ customer, channel: 'web', occurredAt: at(12 + 24 * 4) }));
    await settled();
    const first = await managerGet(`/reports/escalations?from=${from}&to=${to}`);

    expect(first.status).toBe(200);
    expect(first.body.windowHours).toBe(72);
    // Each share also carries its Wilson interval and a low-sample flag (report-intervals.test.ts checks their values).
    expect(first.body.channels).toMatchObject([
      { channel: 'voice', interactions: 1, escalated: 0, share: 0, shareLowSample: true, to: {} },
      { channel: 'chat', interactions: 1, escalated: 1, share: 1, to: { voice: 1 } },
      { channel: 'web', interactions: 1, escalated: 0, share: 0, to: {} },
    ]);

    // An email that happened between the chat and the call arrives late: the chat's customer went to email first.
    await postInteraction(newInteraction({ customer, channel: 'email', occurredAt: at(11) }));
    await settled();
    const second = await managerGet(`/reports/escalations?from=${from}&to=${to}`);
    expect(second.body.channels).toMatchObject([
      { channel: 'voice', interactions: 1, escalated: 0, share: 0, to: {} },
      { channel: 'email', interactions: 1, escalated: 1, share: 1, to: { voice: 1 } },
      { channel: 'chat', interactions: 1, escalated: 1, share: 1, to: { email: 1 } },
      { channel: 'web', interactions: 1, escalated: 0, share: 0, to: {} },
    ]);
  });
});

describe('report parameters', () => {
  it.each([
    ['from=2026-13-01&to=2026-12-01', 'from'],
    ['from=2026-01-01', 'to'],
    ['from=2026-02-01&to=2026-01-01', 'from'],
    ['from=2025-01-01&to=2026-12-31', 'to'],
    ['from=2026-01-01&to=2026-01-31&granularity=year', 'granularity'],
    ['from=2026-01-01&to=2026-01-31&channel=fax', 'channel'],
    ['from=2026-01-01&to=2026-01-31&confidence=0.5', 'confidence'],
    ['from=2026-01-01&to=2026-01-31&confidence=0.999', 'confidence'],
    ['from=2026-01-01&to=2026-01-31&confidence=sure', 'confidence'],
    ['from=2026-01-01&to=2026-01-31&minSample=0', 'minSample'],
    ['from=2026-01-01&to=2026-01-31&minSample=1.5', 'minSample'],
    ['from=2026-01-01&to=2026-01-31&compare=last-year', 'compare'],
  ])('refuses %s with 400 naming %s', async (query, parameter) => {
    for (const report of ['channels', 'agents', 'escalations']) {
      const res = await managerGet(`/reports/${report}?${query}`);
      expect(res.status).toBe(400);
      expect(res.body.issues.map((i: { field: string }) => i.field)).toContain(parameter);
    }
  });

  it('answers 401 without the manager token', async () => {
    const { stack } = await import('./helpers.js');
    expect((await fetch(`${stack.apiUrl}/reports/channels?from=2026-01-01&to=2026-01-02`)).status).toBe(401);
  });
});

describe('GET /reports/channels', () => {
  it('gives every channel with invitations, a total, and a series per bucket with nulls where nothing was answered', async () => {
    const interaction = newInteraction({ channel: 'community' });
    await postInteraction(interaction);
    await answer(interaction, { csat: '4' });
    await settled();

    const res = await managerGet(`/reports/channels?from=${today()}&to=${today()}&granularity=day`);

    expect(res.status).toBe(200);
    const community = res.body.channels.find((c: { channel: string }) => c.channel === 'community');
    expect(community.invitations).toBeGreaterThanOrEqual(1);
    expect(community.csat.responses).toBeGreaterThanOrEqual(1);
    expect(community.series).toHaveLength(1);
    expect(community.series[0].start).toBe(today());
    const sum = (field: string) => res.body.channels.reduce((n: number, c: Record<string, number>) => n + c[field]!, 0);
    expect(res.body.total.invitations).toBe(sum('invitations'));
    expect(res.body.total.responses).toBe(sum('responses'));
    const empty = await managerGet('/reports/channels?from=2019-01-01&to=2019-01-14&granularity=week');
    expect(empty.body).toEqual({
      from: '2019-01-01',
      to: '2019-01-14',
      granularity: 'week',
      confidence: 0.95,
      minSample: 30,
      channels: [],
      total: expect.objectContaining({
        invitations: 0,
        responseRate: null,
        responseRateCi: null,
        csat: { score: null, responses: 0, ci: null, lowSample: true },
        series: expect.any(Array),
      }),
    });
    expect(empty.body.total.series.map((s: { start: string }) => s.start)).toEqual(['2019-01-01', '2019-01-07', '2019-01-14']);
  });
});
