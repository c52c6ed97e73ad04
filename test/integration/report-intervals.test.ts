// Intervals and significant changes through the HTTP API on the local stack: answers given as customers would, on two
// days of the stack's clock (moved forward to days no other test answers on), then the reports' intervals and changes
// checked against the same formulas written out again here from the answers the test gave.
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { control, linksOf, managerGet, newInteraction, postInteraction, settled, stack, waitForEmail } from './helpers.js';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const CHANNEL = 'social';
/** The two-sided normal quantiles of 95% and 80%, from the published tables. */
const Z = { 0.95: 1.959963984540054, 0.8: 1.2815515655446004 };

let advanced = 0;
async function advance(ms: number) {
  advanced += ms;
  await control({ advanceClockMs: ms });
  await settled();
}
const stackDay = () => new Date(Date.now() + advanced).toISOString().slice(0, 10);

async function putSurvey(body: unknown) {
  const res = await fetch(`${stack.apiUrl}/surveys/${CHANNEL}`, {
    method: 'PUT',
    headers: { authorization: `Bearer ${stack.managerToken}`, 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  expect(res.status).toBe(200);
}

interface Given {
  csat: number;
  nps: number;
  ces: number;
  resolved: boolean;
}

/** Sends an agent's interactions, answers the first `answers.length` of them, and waits until the counters hold them. */
async function play(agentId: string, answers: Given[], unanswered: number) {
  const interactions = Array.from({ length: answers.length + unanswered }, () =>
    newInteraction({ channel: CHANNEL, agentId, occurredAt: new Date(Date.now() + advanced - 60_000).toISOString() }),
  );
  for (const interaction of interactions) expect((await postInteraction(interaction)).status).toBe(202);
  for (const [i, given] of answers.entries()) {
    const email = await waitForEmail(interactions[i]!.customer.email);
    const link = linksOf(email.body.html ?? '').find((l) => /\/s\/[^?]+$/.test(l))!;
    const fields = { csat: `${given.csat}`, nps: `${given.nps}`, ces: `${given.ces}`, resolved: given.resolved ? 'yes' : 'no' };
    const res = await fetch(link, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams(fields).toString(),
    });
    expect(res.status).toBe(200);
  }
  await settled();
}

const answersOf = (csat: number[], nps: number[], ces: number[], resolved: boolean[]): Given[] =>
  csat.map((c, i) => ({ csat: c, nps: nps[i]!, ces: ces[i]!, resolved: resolved[i]! }));

// The formulas, written out again from the answers (not imported from functions/domain/statistics.ts).
const mean = (values: number[]) => values.reduce((a, b) => a + b, 0) / values.length;
const sampleVariance = (values: number[]) => values.reduce((t, v) => t + (v - mean(values)) ** 2, 0) / (values.length - 1);
/** Wilson: (x + z²/2)/(n + z²) ± z·√n/(n + z²)·√(p̂(1 − p̂) + z²/(4n)). */
function wilson(x: number, n: number, z: number) {
  const p = x / n;
  const centre = (x + (z * z) / 2) / (n + z * z);
  const half = ((z * Math.sqrt(n)) / (n + z * z)) * Math.sqrt(p * (1 - p) + (z * z) / (4 * n));
  return { low: Math.max(0, centre - half), high: Math.min(1, centre + half) };
}
/** Each NPS answer is +100, 0 or −100; NPS is their mean, its variance the answers' (population) variance over n. */
const npsPoints = (nps: number[]): number[] => nps.map((v) => (v >= 9 ? 100 : v >= 7 ? 0 : -100));
const npsVariance = (nps: number[]) => {
  const points = npsPoints(nps);
  return points.reduce((t, v) => t + (v - mean(points)) ** 2, 0) / points.length / points.length;
};
function npsInterval(nps: number[], z: number) {
  const half = z * Math.sqrt(npsVariance(nps));
  return { low: Math.max(-100, mean(npsPoints(nps)) - half), high: Math.min(100, mean(npsPoints(nps)) + half) };
}
const meanInterval = (values: number[], z: number) => {
  const half = z * Math.sqrt(sampleVariance(values) / values.length);
  return { low: mean(values) - half, high: mean(values) + half };
};
const share = (given: Given[], test: (g: Given) => boolean) => given.filter(test).length;
/** Two proportions: the pooled z statistic. */
const pooledZ = (x1: number, n1: number, x0: number, n0: number) => {
  const pooled = (x1 + x0) / (n1 + n0);
  return (x1 / n1 - x0 / n0) / Math.sqrt(pooled * (1 - pooled) * (1 / n1 + 1 / n0));
};

/** The API rounds to `digits` decimals: equal to the exact value within half a unit of the last one. */
function expectRounded(actual: { low: number; high: number }, exact: { low: number; high: number }, digits: number) {
  const unit = 10 ** -digits;
  expect(Math.abs(actual.low - exact.low), `low ${actual.low} vs ${exact.low}`).toBeLessThanOrEqual(unit / 2 + 1e-9);
  expect(Math.abs(actual.high - exact.high), `high ${actual.high} vs ${exact.high}`).toBeLessThanOrEqual(unit / 2 + 1e-9);
}

function expectIntervals(scores: any, given: Given[], invitations: number, z: number) {
  const n = given.length;
  const csat = wilson(
    share(given, (g) => g.csat >= 4),
    n,
    z,
  );
  expectRounded(scores.csat.ci, { low: csat.low * 100, high: csat.high * 100 }, 2);
  expectRounded(
    scores.nps.ci,
    npsInterval(
      given.map((g) => g.nps),
      z,
    ),
    2,
  );
  expectRounded(
    scores.ces.ci,
    meanInterval(
      given.map((g) => g.ces),
      z,
    ),
    2,
  );
  expectRounded(
    scores.fcr.ci,
    wilson(
      share(given, (g) => g.resolved),
      n,
      z,
    ),
    4,
  );
  expectRounded(scores.responseRateCi, wilson(n, invitations, z), 4);
}

// A large planted difference (a satisfied agent's next day goes badly) and a small one (nearly the same answers).
const big = { agentId: `big-${randomUUID().slice(0, 8)}`, unansweredBefore: 2 };
const small = { agentId: `small-${randomUUID().slice(0, 8)}`, unansweredBefore: 1 };
const bigBefore = answersOf([5, 5, 5, 5, 4, 5], [10, 10, 9, 10, 9, 8], [1, 2, 1, 1, 2, 1], [true, true, true, true, true, true]);
const bigNow = answersOf([1, 2, 1, 1, 2, 1], [0, 2, 1, 0, 3, 7], [7, 6, 7, 7, 6, 7], [false, false, false, false, false, false]);
const smallBefore = answersOf([5, 4, 2, 5, 4], [9, 7, 3, 10, 8], [2, 3, 4, 2, 3], [true, false, true, true, false]);
const smallNow = answersOf([5, 4, 2, 4, 4], [9, 7, 3, 10, 6], [2, 3, 4, 3, 3], [true, false, true, false, true]);
let before: string;
let now: string;

beforeAll(async () => {
  await putSurvey({ questions: ['csat', 'nps', 'ces', 'resolved'], lead: 'csat' });
  // Noon (UTC) two days ahead: no other test answers on that day or the next, and no batch crosses midnight.
  const start = new Date();
  await advance(Date.UTC(start.getUTCFullYear(), start.getUTCMonth(), start.getUTCDate() + 2, 12) - start.getTime());
  before = stackDay();
  await play(big.agentId, bigBefore, big.unansweredBefore);
  await play(small.agentId, smallBefore, small.unansweredBefore);
  await advance(DAY);
  now = stackDay();
  await play(big.agentId, bigNow, 0);
  await play(small.agentId, smallNow, 0);
});

afterAll(async () => {
  await putSurvey({});
  await control({ advanceClockMs: -advanced });
});

const agentIn = (body: any, agentId: string) => body.agents.find((a: { agentId: string }) => a.agentId === agentId);

describe('intervals on every score', () => {
  it('gives each agent score the interval computed from the answers, at 95% and at 80%', async () => {
    const at95 = await managerGet(`/reports/agents?from=${before}&to=${before}&channel=${CHANNEL}`);
    const at80 = await managerGet(`/reports/agents?from=${before}&to=${before}&channel=${CHANNEL}&confidence=0.8`);

    expect(at95.status).toBe(200);
    expect(at95.body).toMatchObject({ confidence: 0.95, minSample: 30 });
    expect(at80.body).toMatchObject({ confidence: 0.8 });
    for (const [agent, given, unanswered] of [
      [big, bigBefore, big.unansweredBefore],
      [small, smallBefore, small.unansweredBefore],
    ] as const) {
      expect(agentIn(at95.body, agent.agentId)).toMatchObject({ invitations: given.length + unanswered, responses: given.length });
      expectIntervals(agentIn(at95.body, agent.agentId), [...given], given.length + unanswered, Z[0.95]);
      expectIntervals(agentIn(at80.body, agent.agentId), [...given], given.length + unanswered, Z[0.8]);
    }
  });

  it('flags scores below the minimum sample, and not those at or above it', async () => {
    const fewer = await managerGet(`/reports/agents?from=${before}&to=${before}&channel=${CHANNEL}`);
    const six = await managerGet(`/reports/agents?from=${before}&to=${before}&channel=${CHANNEL}&minSample=6`);

    const byDefault = agentIn(fewer.body, big.agentId);
    expect([byDefault.csat.lowSample, byDefault.nps.lowSample, byDefault.ces.lowSample, byDefault.fcr.lowSample, byDefault.responseRateLowSample]).toEqual([
      true,
      true,
      true,
      true,
      true,
    ]);
    // the big agent has 6 answers of 8 invitations, the small one 5 of 6
    expect(agentIn(six.body, big.agentId)).toMatchObject({ csat: { lowSample: false }, fcr: { lowSample: false }, responseRateLowSample: false });
    expect(agentIn(six.body, small.agentId)).toMatchObject({ csat: { lowSample: true }, responseRateLowSample: false });
  });

  it('gives the channel report and its series the same intervals, from the counts they show', async () => {
    const res = await managerGet(`/reports/channels?from=${now}&to=${now}&granularity=day`);

    const channel = res.body.channels.find((c: { channel: string }) => c.channel === CHANNEL);
    const given = [...bigNow, ...smallNow];
    // only this test answers on this day of the stack's clock
    expect(channel).toMatchObject({ invitations: given.length, responses: given.length });
    expectIntervals(channel, given, given.length, Z[0.95]);
    expectIntervals(channel.series[0], given, given.length, Z[0.95]);
    expect(res.body.total.csat.ci).toEqual(expect.objectContaining({ low: expect.any(Number), high: expect.any(Number) }));
    expect(channel.csat.previous).toBeUndefined();
  });

  it('gives null intervals where nothing is behind a score', async () => {
    const res = await managerGet('/reports/channels?from=2019-02-01&to=2019-02-02');
    expect(res.body.total).toMatchObject({
      responseRateCi: null,
      responseRateLowSample: true,
      csat: { ci: null, lowSample: true },
      nps: { ci: null },
      ces: { ci: null },
      fcr: { ci: null },
    });
  });
});

describe('compare=previous', () => {
  it('gives each score its previous value and the change, significant for a large difference and not for a small one', async () => {
    const res = await managerGet(`/reports/agents?from=${now}&to=${now}&channel=${CHANNEL}&compare=previous`);

    expect(res.status).toBe(200);
    expect(res.body.previous).toEqual({ from: before, to: before });
    const bigAgent = agentIn(res.body, big.agentId);
    const smallAgent = agentIn(res.body, small.agentId);
    for (const [agent, current, previous] of [
      [bigAgent, bigNow, bigBefore],
      [smallAgent, smallNow, smallBefore],
    ] as const) {
      const csatDelta = (share([...current], (g) => g.csat >= 4) / current.length - share([...previous], (g) => g.csat >= 4) / previous.length) * 100;
      const npsDelta = mean(npsPoints(current.map((g) => g.nps))) - mean(npsPoints(previous.map((g) => g.nps)));
      const cesDelta = mean(current.map((g) => g.ces)) - mean(previous.map((g) => g.ces));
      const fcrDelta = share([...current], (g) => g.resolved) / current.length - share([...previous], (g) => g.resolved) / previous.length;
      expect(agent.csat.change.delta).toBeCloseTo(csatDelta, 2);
      expect(agent.nps.change.delta).toBeCloseTo(npsDelta, 2);
      expect(agent.ces.change.delta).toBeCloseTo(cesDelta, 2);
      expect(agent.fcr.change.delta).toBeCloseTo(fcrDelta, 4);
      expect(agent.csat.previous).toBeCloseTo((share([...previous], (g) => g.csat >= 4) / previous.length) * 100, 2);
    }
    expect(bigAgent.responseRatePrevious).toBe(0.75);
    expect(bigAgent.responseRateChange.delta).toBe(0.25);

    // The planted drop: every score's change is significant, and its interval excludes 0.
    for (const score of ['csat', 'nps', 'ces', 'fcr']) {
      expect(bigAgent[score].change.significant, score).toBe(true);
      expect(bigAgent[score].change.ci.high < 0 || bigAgent[score].change.ci.low > 0, score).toBe(true);
    }
    // The pooled z statistic of the CSAT drop, computed here, is far beyond 1.96; the small change's well inside.
    expect(
      Math.abs(
        pooledZ(
          share(bigNow, (g) => g.csat >= 4),
          6,
          share(bigBefore, (g) => g.csat >= 4),
          6,
        ),
      ),
    ).toBeGreaterThan(Z[0.95]);
    expect(
      Math.abs(
        pooledZ(
          share(smallNow, (g) => g.csat >= 4),
          5,
          share(smallBefore, (g) => g.csat >= 4),
          5,
        ),
      ),
    ).toBeLessThan(Z[0.95]);
    for (const score of ['csat', 'nps', 'ces', 'fcr']) {
      expect(smallAgent[score].change.significant, score).toBe(false);
      expect(smallAgent[score].change.ci.low <= 0 && smallAgent[score].change.ci.high >= 0, score).toBe(true);
    }
  });

  it('compares the channel report and its total too, but not its series entries', async () => {
    const res = await managerGet(`/reports/channels?from=${now}&to=${now}&granularity=day&compare=previous`);

    const channel = res.body.channels.find((c: { channel: string }) => c.channel === CHANNEL);
    expect(channel.responseRatePrevious).toBeCloseTo(11 / 14, 4);
    expect(channel.responseRateChange.delta).toBeCloseTo(1 - 11 / 14, 4);
    expect(channel.csat.previous).toBeCloseTo((share([...bigBefore, ...smallBefore], (g) => g.csat >= 4) / 11) * 100, 2);
    expect(res.body.total.csat.change).toEqual(expect.objectContaining({ delta: expect.any(Number), significant: expect.any(Boolean) }));
    expect(channel.series[0].csat.change).toBeUndefined();
  });
});

describe('escalation shares', () => {
  it('carry a Wilson interval and a low-sample flag', async () => {
    const res = await managerGet(`/reports/escalations?from=${before}&to=${now}&minSample=1`);

    const channel = res.body.channels.find((c: { channel: string }) => c.channel === CHANNEL);
    expect(channel.shareLowSample).toBe(false);
    expectRounded(channel.shareCi, wilson(channel.escalated, channel.interactions, Z[0.95]), 4);
  });
});
