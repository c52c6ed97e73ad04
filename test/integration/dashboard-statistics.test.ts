// The dashboard's intervals, significance marks and low-sample greying in a real browser (Debian's Chromium), against
// the figures the API computes from answers given through it: interactions posted to POST /interactions, the emails'
// survey links answered, on two days of May 2011 (the stack's clock moved there and back). Voice's CSAT rises far
// beyond chance, email's moves within it, web has five answers: the page must mark only the first, and grey the last.
import { randomUUID } from 'node:crypto';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { axeViolations, launchChromium, screenshot } from './browser.js';
import { pool } from '../../local/pool.js';
import { control, linksOf, managerGet, newInteraction, postInteraction, settled, stack, withRetries, type StoredEmail } from './helpers.js';

const DASHBOARD = `${stack.apiUrl}/dashboard/`;
/** The browser's today: the last 7 days are 14–20 May 2011, the 7 before 7–13 May. No other test writes to 2011. */
const TODAY = '2011-05-20';
const PREVIOUS_DAY = '2011-05-10';
const CURRENT_DAY = '2011-05-17';
const REPORT = '/reports/channels?from=2011-05-14&to=2011-05-20&granularity=day&compare=previous';
const runId = randomUUID().slice(0, 6);

type Fields = Record<'csat' | 'nps' | 'resolved', string>;
const SATISFIED: Fields = { csat: '5', nps: '10', resolved: 'yes' };
const UNHAPPY: Fields = { csat: '2', nps: '3', resolved: 'no' };
/** n answers of which `satisfied` are all top marks and the rest all low. */
const answers = (n: number, satisfied: number): Fields[] => Array.from({ length: n }, (_, i) => (i < satisfied ? SATISFIED : UNHAPPY));

/** What each channel's customers answer on each day. */
const PLAN: Record<string, Array<{ channel: string; answers: Fields[] }>> = {
  // CSAT 50% -> 95% on 40 ratings each: significant. Email: 75% -> 77.5%, well within chance.
  [PREVIOUS_DAY]: [
    { channel: 'voice', answers: answers(40, 20) },
    { channel: 'email', answers: answers(40, 30) },
  ],
  [CURRENT_DAY]: [
    { channel: 'voice', answers: answers(40, 38) },
    { channel: 'email', answers: answers(40, 31) },
    // Five answers, below the default minimum of 30, and none the week before.
    { channel: 'web', answers: answers(5, 4) },
  ],
};

let advanced = 0;
/** Moves the whole stack's clock (ingest, sender, survey page, reports) to an instant. */
async function stackClockAt(instant: string): Promise<void> {
  const by = Date.parse(instant) - (Date.now() + advanced);
  advanced += by;
  await control({ advanceClockMs: by });
}
/** Back to real time, for the tests after this file. */
async function realTime(): Promise<void> {
  if (advanced === 0) return;
  await control({ advanceClockMs: -advanced });
  advanced = 0;
  await settled();
}

/** A day's interactions posted at noon (stack time), their invitations delivered, and every survey answered through its link. */
async function giveAnswers(day: string): Promise<void> {
  await stackClockAt(`${day}T12:00:00Z`);
  const planned = PLAN[day]!.flatMap(({ channel, answers }) =>
    answers.map((fields, i) => {
      const id = `${runId}-${day}-${channel}-${i}`;
      const interaction = newInteraction({
        interactionId: `stats-${id}`,
        channel,
        occurredAt: new Date(Date.parse(`${day}T11:59:00Z`)).toISOString(),
        customer: { id: `stats-${id}`, email: `stats-${id}@example.com` },
        agentId: `agent-${channel}`,
      });
      return { interaction, fields };
    }),
  );
  await pool(planned, 8, async ({ interaction }) => {
    expect((await withRetries(() => postInteraction(interaction))).status).toBe(202);
  });
  await settled();
  const emails = ((await (await fetch(`${stack.sesUrl}/store`)).json()) as { emails: StoredEmail[] }).emails;
  await pool(planned, 8, async ({ interaction, fields }) => {
    const email = emails.find((e) => e.destination.to.includes(interaction.customer.email));
    const link = linksOf(email?.body.html ?? '').find((l) => /\/s\/[^?]+$/.test(l));
    expect(link, `the survey link to ${interaction.customer.email}`).toBeDefined();
    const answered = await withRetries(() =>
      fetch(link!, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams(fields).toString() }),
    );
    expect(answered.status).toBe(200);
  });
  await settled();
}

interface Change {
  delta: number;
  ci: { low: number; high: number } | null;
  significant: boolean;
}
interface Stat {
  ci: { low: number; high: number } | null;
  lowSample: boolean;
  change?: Change | null;
}
type Row = {
  responseRate: number | null;
  responseRateCi: Stat['ci'];
  responseRateLowSample: boolean;
  responseRateChange?: Change | null;
  csat: Stat & { score: number | null };
  nps: Stat & { score: number | null };
  fcr: Stat & { rate: number | null };
  series?: Array<{ start: string; csat: Stat & { score: number | null } }>;
};
type Report = { confidence: number; minSample: number; channels: Array<Row & { channel: string }>; total: Row };

/** A score of a row as the card shows it: its value, interval, low-sample flag and change, straight from the API. */
const STATS: Record<string, (row: Row) => Stat & { value: number | null }> = {
  csat: (r) => ({ ...r.csat, value: r.csat.score }),
  nps: (r) => ({ ...r.nps, value: r.nps.score }),
  responseRate: (r) => ({ ci: r.responseRateCi, lowSample: r.responseRateLowSample, change: r.responseRateChange, value: r.responseRate }),
  fcr: (r) => ({ ...r.fcr, value: r.fcr.rate }),
};

let browser: Browser;
let report: Report;
const channel = (name: string) => report.channels.find((c) => c.channel === name)!;

beforeAll(async () => {
  await giveAnswers(PREVIOUS_DAY);
  await giveAnswers(CURRENT_DAY);
  await realTime();
  report = (await managerGet(REPORT)).body;
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  await realTime();
});

async function overview(width: number): Promise<{ page: Page; apiCalls: string[]; problems: string[] }> {
  const context = await browser.newContext({ viewport: { width, height: 900 }, locale: 'en-GB', timezoneId: 'UTC' });
  const page = await context.newPage();
  await page.clock.setFixedTime(new Date(`${TODAY}T12:00:00Z`));
  const apiCalls: string[] = [];
  const problems: string[] = [];
  page.on('request', (request) => {
    const url = new URL(request.url());
    if (url.pathname.startsWith('/reports')) apiCalls.push(`${url.pathname}${url.search}`);
  });
  page.on('console', (message) => message.type() === 'error' && problems.push(message.text()));
  page.on('pageerror', (error) => problems.push(error.message));
  await page.goto(`${DASHBOARD}#/overview?range=7`);
  await page.getByLabel('Manager token').fill(stack.managerToken);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.locator('[data-card="web"]').waitFor();
  return { page, apiCalls, problems };
}

/** Every score of a card shows the API's interval, low-sample flag and change, and marks the change only if the API says significant. */
async function expectCardAsApi(page: Page, key: string, row: Row): Promise<void> {
  for (const [metric, of] of Object.entries(STATS)) {
    const stat = of(row);
    const shown = page.locator(`[data-card="${key}"] [data-metric="${metric}"]`);
    const what = `${key} ${metric}`;
    const interval = await shown.locator('[data-interval]').evaluateAll((nodes) => nodes.map((n) => n.getAttribute('data-interval')));
    expect(interval, `${what} interval`).toEqual(stat.ci && stat.value !== null ? [`${stat.ci.low},${stat.ci.high}`] : []);
    expect(await shown.locator('[data-low-sample]').count(), `${what} low sample`).toBe(stat.lowSample && stat.value !== null ? 1 : 0);
    const change = shown.locator('[data-change]');
    expect(await change.getAttribute('data-change'), `${what} change`).toBe(stat.change ? String(stat.change.delta) : '');
    expect(await change.getAttribute('data-significant'), `${what} significant`).toBe(stat.change ? String(stat.change.significant) : null);
    const text = (await change.textContent()) ?? '';
    expect(/[▲▼]|significant (rise|fall)/.test(text), `${what} marked: ${text}`).toBe(stat.change?.significant === true);
  }
}

/** "95% interval 83.5% to 98.62%" -> [83.5, 98.62]. */
const intervalNumbers = (text: string | null) =>
  /^95% interval (.+) to (.+)$/
    .exec((text ?? '').trim())
    ?.slice(1)
    .map((end) => Number(end.replace(/[%+,]/g, '')));

describe('the dashboard shows the API’s intervals and significant changes', () => {
  it('gave the three situations the page must tell apart (the API says so)', () => {
    expect(report.confidence).toBe(0.95);
    expect(report.minSample).toBe(30);
    expect(channel('voice').csat.change?.significant).toBe(true);
    expect(channel('email').csat.change?.significant).toBe(false);
    expect(channel('email').csat.change?.delta).toBe(2.5);
    expect(channel('web').csat).toMatchObject({ score: 80, responses: 5, lowSample: true, change: null });
  });

  it('marks only the significant change, shows every interval in words, and greys the few-answer channel with its reason, at desktop width', async () => {
    // Act
    const { page, apiCalls, problems } = await overview(1280);

    // Assess: one report, compared by the API; nothing fetched to compute a change in the page (besides sign-in's token check).
    expect(apiCalls.filter((call) => call !== `/reports/channels?from=${TODAY}&to=${TODAY}`)).toEqual([REPORT]);
    await expectCardAsApi(page, 'total', report.total);
    for (const row of report.channels) await expectCardAsApi(page, row.channel, row);

    const voice = page.locator('[data-card="voice"] [data-metric="csat"]');
    expect(intervalNumbers(await voice.locator('.interval-text').textContent())).toEqual([channel('voice').csat.ci!.low, channel('voice').csat.ci!.high]);
    expect(await voice.locator('[data-change]').textContent()).toMatch(
      /^▲ \+45 pts, significant rise; 95% interval of the change \+[\d.]+ to \+[\d.]+ pts against the 7 days before/,
    );

    const email = page.locator('[data-card="email"] [data-metric="csat"] [data-change]');
    expect(await email.textContent()).toMatch(/^no significant change \(\+2\.5 pts; 95% interval of the change -[\d.]+ to \+[\d.]+ pts\) against/);
    expect(await email.locator('.sr-only').textContent()).toContain('+2.5 pts');

    const web = page.locator('[data-card="web"] [data-metric="csat"]');
    expect(await web.locator('[data-low-sample]').textContent()).toBe('Low sample: fewer than 30 ratings');
    // Greyed: the few-answer figure is drawn in the softer ink, the others in the page's ink.
    const colour = (card: string) => page.evaluate(`getComputedStyle(document.querySelector('[data-card="${card}"] [data-metric="csat"] [data-value]')).color`);
    expect(await colour('web')).toBe('rgb(82, 96, 109)');
    expect(await colour('voice')).toBe('rgb(31, 41, 51)');
    expect(await web.locator('[data-change]').textContent()).toMatch(/^no earlier figure/);

    // The chart's figures: each day's interval as the API's series gives it; the few-answer day marked with the reason.
    const day = (name: string) => channel(name).series!.find((s) => s.start === CURRENT_DAY)!.csat;
    const row = page.locator('[data-testid="csat-table"] tbody tr', { has: page.locator(`time[datetime="${CURRENT_DAY}"]`) });
    expect(await row.locator('[data-series="voice"] [data-interval]').getAttribute('data-interval')).toBe(`${day('voice').ci!.low},${day('voice').ci!.high}`);
    expect(await row.locator('[data-series="voice"][data-low-sample]').count()).toBe(0);
    expect(await row.locator('[data-series="web"][data-low-sample] .sr-only').first().textContent()).toBe(' (low sample: fewer than 30 answers)');

    expect(await axeViolations(page)).toEqual([]);
    await screenshot(page, 'statistics');
    expect(problems).toEqual([]);
    await page.close();
  });

  it("greys an agent's CSAT on few ratings with the reason, and gives every agent's interval, on the channel page", async () => {
    // Prepare
    const agents = async (name: string) => (await managerGet(`/reports/agents?from=2011-05-14&to=2011-05-20&channel=${name}`)).body.agents[0];
    const [voiceAgent, webAgent] = [await agents('voice'), await agents('web')];
    const { page, problems } = await overview(1280);

    // Act
    await page.getByRole('link', { name: 'Web self-service', exact: true }).click();
    await page.locator('[data-testid="agents"]').waitFor();

    // Assess
    const web = page.locator('[data-agent="agent-web"] [data-metric="csat"]');
    expect(webAgent.csat.lowSample).toBe(true);
    expect(await web.getAttribute('data-low-sample')).toBe('');
    expect(await web.locator('[data-interval]').getAttribute('data-interval')).toBe(`${webAgent.csat.ci.low},${webAgent.csat.ci.high}`);
    expect(await web.locator('.sr-only').first().textContent()).toBe(' (low sample: fewer than 30 ratings)');
    expect(await page.getByText('† Low sample, greyed: fewer than 30 ratings.').count()).toBe(1);
    expect(await page.locator('[data-card="web"] [data-metric="csat"] [data-low-sample]').textContent()).toBe('Low sample: fewer than 30 ratings');
    expect(await axeViolations(page)).toEqual([]);

    await page.getByRole('navigation', { name: 'Breadcrumb' }).getByRole('link', { name: 'Overview' }).click();
    await page.getByRole('link', { name: 'Voice', exact: true }).click();
    const voice = page.locator('[data-agent="agent-voice"] [data-metric="csat"]');
    await voice.waitFor();
    expect(voiceAgent.csat.lowSample).toBe(false);
    expect(await voice.getAttribute('data-low-sample')).toBeNull();
    expect(await voice.locator('[data-interval]').getAttribute('data-interval')).toBe(`${voiceAgent.csat.ci.low},${voiceAgent.csat.ci.high}`);
    expect(await page.locator('[data-card="voice"] [data-metric="csat"] [data-change]').getAttribute('data-significant')).toBe('true');
    await screenshot(page, 'statistics-channel');
    expect(problems).toEqual([]);
    await page.close();
  });

  it('shows the same marks, intervals and reasons on a phone, without sideways scrolling, and passes axe there too', async () => {
    // Act
    const { page, problems } = await overview(390);

    // Assess
    for (const row of report.channels) await expectCardAsApi(page, row.channel, row);
    await expect.poll(() => page.locator('[data-card="web"] [data-low-sample]').first().isVisible()).toBe(true);
    expect(await page.locator('[data-card="voice"] [data-metric="csat"] .interval-text').isVisible()).toBe(true);
    expect(await page.evaluate('document.documentElement.scrollWidth - document.documentElement.clientWidth')).toBe(0);
    expect(await axeViolations(page)).toEqual([]);
    await screenshot(page, 'statistics-phone');
    expect(problems).toEqual([]);
    await page.close();
  });
});
