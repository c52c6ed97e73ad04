// The CX dashboard in a real browser (Debian's Chromium, driven by playwright-core) against the local stack: sign-in,
// the overview, ranges, a channel, comments and their CSV, a customer. What the pages show is compared with what the
// API answers, every page is checked with axe-core for WCAG 2.1 A/AA, and markup in customers' words stays text.
// History is played, through the use cases, into March 2012: days no other test writes to, so the figures are stable.
import { createHash, randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { axeViolations, launchChromium, screenshot } from './browser.js';
import { dashboardContentSecurityPolicy } from '../../dashboard/headers.js';
import { CHANNELS } from '../../functions/domain/channels.js';
import { logSink } from '../../functions/shared/logger.js';
import { planHistory, replayDeps, replayInteraction, seedHistory, type HistoryOptions } from '../../local/history.js';
import { managerGet, settled, stack } from './helpers.js';

const DASHBOARD = `${stack.apiUrl}/dashboard/`;

/** The browser's "today": the last day of the played history. */
const TODAY = '2012-03-20';
const HISTORY: HistoryOptions = { days: 14, lastDay: TODAY, perDay: 6, seed: 2012, runId: randomUUID().slice(0, 6), concurrency: 8 };
const XSS_COMMENT = '<img src=x onerror=alert(1)>';
const XSS_NAME = '<b>Eve</b> & "Mallory" <script>alert(2)</script>';
const xss = { id: `xss-${HISTORY.runId}`, email: `eve-${HISTORY.runId}@example.com` };

const addDays = (day: string, n: number) => new Date(Date.parse(`${day}T00:00:00Z`) + n * 86_400_000).toISOString().slice(0, 10);

let browser: Browser;
let context: BrowserContext;

beforeAll(async () => {
  // The use cases run in this worker too; their "invitation sent" lines would only be noise here.
  logSink.write = () => undefined;
  const target = { dynamodbUrl: stack.dynamodbUrl, tableName: stack.tableName, sesUrl: stack.sesUrl, publicBaseUrl: stack.apiUrl };
  await seedHistory(target, HISTORY);
  // A customer whose name and comment look like markup.
  await replayInteraction(replayDeps(target), {
    event: {
      interactionId: `xss-${HISTORY.runId}`,
      channel: 'chat',
      occurredAt: `${TODAY}T09:00:00.000Z`,
      customer: { id: xss.id, email: xss.email, name: XSS_NAME },
      agentId: 'agent-gus',
      subject: 'Refund',
    },
    sendAfterMs: 60_000,
    answer: { values: { csat: 1, nps: 0, resolved: false, comment: XSS_COMMENT }, afterMs: 3_600_000 },
  });
  await settled();
  browser = await launchChromium();
  context = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'en-GB', timezoneId: 'UTC', acceptDownloads: true });
});

afterAll(async () => {
  await browser?.close();
});

interface Watched {
  page: Page;
  /** API calls the page made (path and query). */
  apiCalls: string[];
  /** Console errors, CSP refusals included, and alert() dialogs: all must stay empty. */
  problems: string[];
}

async function openDashboard(hash = '', options: { width?: number } = {}): Promise<Watched> {
  const page = await context.newPage();
  if (options.width) await page.setViewportSize({ width: options.width, height: 844 });
  await page.clock.setFixedTime(new Date(`${TODAY}T12:00:00Z`));
  const watched: Watched = { page, apiCalls: [], problems: [] };
  page.on('request', (request) => {
    const url = new URL(request.url());
    if (!url.pathname.startsWith('/dashboard')) watched.apiCalls.push(`${url.pathname}${url.search}`);
  });
  page.on('console', (message) => message.type() === 'error' && watched.problems.push(message.text()));
  page.on('pageerror', (error) => watched.problems.push(error.message));
  page.on('dialog', (dialog) => {
    watched.problems.push(`dialog: ${dialog.message()}`);
    void dialog.dismiss();
  });
  await page.goto(`${DASHBOARD}${hash}`);
  return watched;
}

async function signIn(watched: Watched, token = stack.managerToken): Promise<void> {
  await watched.page.getByLabel('Manager token').fill(token);
  await watched.page.getByRole('button', { name: 'Sign in' }).click();
}

async function signedIn(hash: string, options: { width?: number } = {}): Promise<Watched> {
  const watched = await openDashboard(hash, options);
  await signIn(watched);
  await watched.page.locator('nav[aria-label="Dashboard"]').waitFor();
  return watched;
}

/** A figure as shown ("66.67%", "+12.5", "1,234", "—") back to a number; null for the dash. */
function shown(text: string | null): number | null {
  const value = (text ?? '').trim();
  if (value === '—') return null;
  const n = Number(value.replace(/[%,+\s]/g, '').replace('−', '-'));
  if (Number.isNaN(n)) throw new Error(`Not a figure: ${JSON.stringify(value)}`);
  return n;
}

type Change = { delta: number } | null | undefined;
type ScoreRow = {
  invitations: number;
  responses: number;
  responseRate: number | null;
  responseRateChange?: Change;
  csat: { score: number | null; responses: number; change?: Change };
  nps: { score: number | null; promoters: number; passives: number; detractors: number; responses: number; change?: Change };
  fcr: { rate: number | null; responses: number; change?: Change };
  series?: Array<{ start: string } & ScoreRow>;
};

/** The API's figures, in the units the cards show (rates as percentages, to the API's 4 decimals), and the API's change of each score. */
const FIGURES: Record<string, { of: (row: ScoreRow) => number | null; percentOfRate?: boolean; change?: (row: ScoreRow) => Change }> = {
  csat: { of: (r) => r.csat.score, change: (r) => r.csat.change },
  nps: { of: (r) => r.nps.score, change: (r) => r.nps.change },
  responseRate: { of: (r) => r.responseRate, percentOfRate: true, change: (r) => r.responseRateChange },
  fcr: { of: (r) => r.fcr.rate, percentOfRate: true, change: (r) => r.fcr.change },
  answers: { of: (r) => r.responses },
};

/** Every figure of a card equals the API's, and every change is the API's (compare=previous), not one the page worked out. */
async function expectCard(page: Page, key: string, current: ScoreRow): Promise<void> {
  const card = page.locator(`[data-card="${key}"]`);
  for (const [metric, { of, percentOfRate, change }] of Object.entries(FIGURES)) {
    const value = shown(await card.locator(`[data-metric="${metric}"] [data-value]`).textContent());
    const api = of(current);
    if (api === null) expect(value, `${key} ${metric}`).toBeNull();
    else if (percentOfRate) expect(value! / 100, `${key} ${metric}`).toBeCloseTo(api, 8);
    else expect(value, `${key} ${metric}`).toBe(api);

    const shownChange = card.locator(`[data-metric="${metric}"] [data-change]`);
    if (!change) expect(await shownChange.count(), `${key} ${metric} has no change`).toBe(0);
    else expect(await shownChange.getAttribute('data-change'), `${key} ${metric} change`).toBe(String(change(current)?.delta ?? ''));
  }
}

describe('the CX dashboard in a browser', () => {
  it('shows only the sign-in form and calls no API before sign-in, and refuses a wrong token', async () => {
    // Prepare
    const watched = await openDashboard();

    // Act
    await watched.page.getByRole('heading', { name: 'Sign in' }).waitFor();
    const before = [...watched.apiCalls];
    const violations = await axeViolations(watched.page);
    await screenshot(watched.page, 'sign-in');
    await signIn(watched, 'not-the-token');

    // Assess
    expect(before).toEqual([]);
    await expect.poll(() => watched.page.getByRole('alert').textContent()).toContain('did not accept this token');
    expect(await watched.page.locator('nav[aria-label="Dashboard"]').count()).toBe(0);
    expect(violations).toEqual([]);
    expect(watched.problems.filter((p) => !/401/.test(p))).toEqual([]);
    await watched.page.close();
  });

  it("shows each channel's figures for the last 7 days exactly as /reports/channels gives them, with the API's change against the 7 days before", async () => {
    // Prepare
    const window = { from: addDays(TODAY, -6), to: TODAY };
    const current = (await managerGet(`/reports/channels?from=${window.from}&to=${window.to}&granularity=day&compare=previous`)).body;

    // Act
    const { page, apiCalls, problems } = await signedIn('#/overview?range=7');
    await page.locator('[data-card="total"]').waitFor();

    // Assess
    // One report per view (besides sign-in's token check on today): the API compares with the 7 days before.
    expect(apiCalls.filter((call) => call.startsWith('/reports/channels') && call !== `/reports/channels?from=${TODAY}&to=${TODAY}`)).toEqual([
      `/reports/channels?from=${window.from}&to=${window.to}&granularity=day&compare=previous`,
    ]);
    expect(await page.locator('[data-card]').evaluateAll((cards) => cards.map((c) => c.getAttribute('data-card')))).toEqual([
      'total',
      ...current.channels.map((c: { channel: string }) => c.channel),
    ]);
    await expectCard(page, 'total', current.total);
    for (const row of current.channels) await expectCard(page, row.channel, row);
    // The charts' figures: one row per day, one column per channel, each the API's score for that day.
    const csatTable = await page
      .locator('[data-testid="csat-table"] tbody tr')
      .evaluateAll((rows) =>
        rows.map((r) => [...r.querySelectorAll('td')].map((td) => [td.getAttribute('data-series'), td.querySelector('[data-value]')!.textContent])),
      );
    expect(csatTable).toHaveLength(7);
    current.channels.forEach((row: ScoreRow & { channel: string }) =>
      row.series!.forEach((bucket, i) => expect(shown(csatTable[i]!.find(([series]) => series === row.channel)![1])).toBe(bucket.csat.score)),
    );
    expect(await axeViolations(page)).toEqual([]);
    await screenshot(page, 'overview');
    expect(problems).toEqual([]);
    await page.close();
  });

  it('follows a change of range and grouping, and refuses a custom range that ends before it starts', async () => {
    // Prepare
    const { page, problems } = await signedIn('#/overview?range=7');
    await page.locator('[data-card="total"]').waitFor();
    const month = (await managerGet(`/reports/channels?from=${addDays(TODAY, -29)}&to=${TODAY}&granularity=week&compare=previous`)).body;

    // Act: the last 30 days, by week.
    await page.getByLabel('Range', { exact: true }).selectOption('30');
    await page.getByText('Scores per channel, 20 Feb 2012 – 20 Mar 2012.').waitFor();
    await page.getByLabel('Group by').selectOption('week');
    await page.getByRole('heading', { name: 'Over time, by week' }).waitFor();

    // Assess
    expect(page.url()).toContain('#/overview?range=30&g=week');
    await expectCard(page, 'total', month.total);
    const weeks = await page.locator('[data-testid="nps-table"] tbody th time').evaluateAll((cells) => cells.map((c) => c.getAttribute('datetime')));
    expect(weeks).toEqual(month.total.series.map((s: { start: string }) => s.start));

    // Act: a custom range, first backwards, then right.
    await page.getByLabel('Range', { exact: true }).selectOption('custom');
    await page.getByLabel('From', { exact: true }).fill('2012-03-15');
    await page.getByLabel('To', { exact: true }).fill('2012-03-10');
    await page.getByRole('button', { name: 'Apply' }).click();
    await expect.poll(() => page.locator('#range-problem').textContent()).toBe('The start date is after the end date.');
    await page.getByLabel('To', { exact: true }).fill('2012-03-18');
    await page.getByRole('button', { name: 'Apply' }).click();
    await page.getByText('Scores per channel, 15 Mar 2012 – 18 Mar 2012.').waitFor();
    const custom = (await managerGet('/reports/channels?from=2012-03-15&to=2012-03-18&compare=previous')).body;
    await expectCard(page, 'total', custom.total);
    expect(problems).toEqual([]);
    await page.close();
  });

  it('opens a channel: its NPS split, its agents ranked by CSAT with their counts, and where its customers went next, as the API gives them', async () => {
    // Prepare
    const window = { from: addDays(TODAY, -29), to: TODAY };
    const agents = (await managerGet(`/reports/agents?from=${window.from}&to=${window.to}&channel=chat`)).body.agents;
    const channel = (await managerGet(`/reports/channels?from=${window.from}&to=${window.to}`)).body.channels.find(
      (c: { channel: string }) => c.channel === 'chat',
    );
    const escalations = (await managerGet(`/reports/escalations?from=${window.from}&to=${window.to}`)).body.channels.find(
      (c: { channel: string }) => c.channel === 'chat',
    );
    const { page, problems } = await signedIn('#/overview?range=30');

    // Act
    await page.getByRole('link', { name: 'Chat', exact: true }).click();
    await page.locator('[data-testid="agents"]').waitFor();

    // Assess
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Chat');
    for (const part of ['promoters', 'passives', 'detractors'] as const) {
      expect(shown(await page.locator(`[data-part="${part}"] [data-value]`).textContent()), part).toBe(channel.nps[part]);
    }
    const ranked = [...agents].sort(
      (a, b) => (b.csat.score ?? -1) - (a.csat.score ?? -1) || b.csat.responses - a.csat.responses || a.agentId.localeCompare(b.agentId),
    );
    const rows = await page.locator('[data-testid="agents"] tbody tr').evaluateAll((trs) =>
      trs.map((tr) => ({
        agent: tr.getAttribute('data-agent'),
        csat: tr.querySelector('[data-metric="csat"] [data-value]')!.textContent,
        ratings: tr.querySelector('[data-metric="ratings"]')!.textContent,
        answers: tr.querySelector('[data-metric="answers"]')!.textContent,
      })),
    );
    expect(rows.map((r) => r.agent)).toEqual(ranked.map((a) => a.agentId));
    rows.forEach((row, i) => {
      expect(shown(row.csat)).toBe(ranked[i].csat.score);
      expect(shown(row.ratings)).toBe(ranked[i].csat.responses);
      expect(shown(row.answers)).toBe(ranked[i].responses);
    });
    const escalated = page.locator('[data-testid="escalations"]');
    expect(shown(await escalated.locator('[data-value="escalated"]').textContent())).toBe(escalations.escalated);
    expect(shown(await escalated.locator('[data-value="share"]').textContent())! / 100).toBeCloseTo(escalations.share, 8);
    for (const [to, n] of Object.entries(escalations.to)) expect(shown(await escalated.locator(`[data-to="${to}"] td`).textContent()), to).toBe(n);
    expect(await axeViolations(page)).toEqual([]);
    await screenshot(page, 'channel');
    expect(problems).toEqual([]);
    await page.close();
  });

  it('filters comments by channel, score and days, and downloads as CSV exactly the rows shown', async () => {
    // Prepare
    const query = 'channel=chat&maxCsat=2&from=2012-03-10&to=2012-03-20&hasComment=true';
    const api = (await managerGet(`/responses?${query}&limit=50`)).body.responses as Array<{ surveyId: string }>;
    const { page, problems } = await signedIn('#/comments');
    await page.getByRole('heading', { name: 'Comments' }).waitFor();

    // Act
    await page.getByLabel('Channel').selectOption('chat');
    await page.getByLabel('CSAT').selectOption('2');
    await page.getByLabel('From', { exact: true }).fill('2012-03-10');
    await page.getByLabel('To', { exact: true }).fill('2012-03-20');
    await page.getByRole('button', { name: 'Show' }).click();
    await page.waitForURL(/channel=chat/);
    await page.locator('[data-testid="comments"]').waitFor();
    const rows = await page.locator('[data-testid="comments"] tbody tr').evaluateAll((trs) => trs.map((tr) => tr.getAttribute('data-survey')));
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: /as CSV/ }).click()]);
    const file = readFileSync((await download.path())!, 'utf8');

    // Assess
    expect(api.length).toBeGreaterThan(0);
    expect(rows).toEqual(api.map((r) => r.surveyId));
    expect(download.suggestedFilename()).toBe('responses-2012-03-10-to-2012-03-20.csv');
    expect(file).toBe((await managerGet(`/responses?${query}&limit=${rows.length}&format=csv`)).text);
    expect(
      file
        .trimEnd()
        .split('\r\n')
        .slice(1)
        .map((line) => line.split(',').at(-1)),
    ).toEqual(rows);
    expect(await axeViolations(page)).toEqual([]);
    await screenshot(page, 'comments');
    expect(problems).toEqual([]);
    await page.close();
  });

  it("shows a customer's comment and name that look like markup as the characters they are", async () => {
    // Act
    const { page, problems } = await signedIn('#/comments?channel=chat&maxCsat=1&from=2012-03-20&to=2012-03-20');
    const row = page.locator('[data-testid="comments"] tbody tr', { hasText: 'onerror' });
    await row.waitFor();

    // Assess
    expect(await row.locator('[data-field="comment"]').textContent()).toBe(XSS_COMMENT);
    expect(await row.getByRole('link').textContent()).toBe(XSS_NAME);
    expect(await page.locator('[data-testid="comments"] img, [data-testid="comments"] b, main script').count()).toBe(0);
    await page.goto(`${DASHBOARD}#/customers/${xss.id}`);
    await page.locator('[data-testid="profile"]').waitFor();
    expect(await page.locator('[data-field="name"]').textContent()).toBe(XSS_NAME);
    expect(await page.locator('blockquote[data-field="comment"]').textContent()).toBe(XSS_COMMENT);
    expect(problems).toEqual([]);
    await page.close();
  });

  it('finds a customer by id and by email, and shows their timeline across channels as /customers/{id} gives it', async () => {
    // Prepare: the history's customer with the most interactions on the most channels.
    const plan = planHistory(HISTORY);
    const byCustomer = new Map<string, Set<string>>();
    for (const item of plan) byCustomer.set(item.event.customer.id, (byCustomer.get(item.event.customer.id) ?? new Set()).add(item.event.channel));
    const [customerId] = [...byCustomer.entries()].sort((a, b) => b[1].size - a[1].size || a[0].localeCompare(b[0]))[0]!;
    const record = (await managerGet(`/customers/${customerId}?limit=25`)).body;
    const { page, problems } = await signedIn('#/customers');

    // Act: by id
    await page.getByLabel('Customer id or email').fill(customerId);
    await page.getByRole('button', { name: 'Find' }).click();
    await page.locator('[data-testid="profile"]').waitFor();

    // Assess
    expect(await page.locator('[data-field="email"]').textContent()).toBe(record.profile.email);
    const entries = await page.locator('.timeline-entry').evaluateAll((lis) =>
      lis.map((li) => ({
        id: li.getAttribute('data-interaction'),
        csat: li.querySelector('[data-field="csat"]')?.textContent ?? null,
        comment: li.querySelector('[data-field="comment"]')?.textContent ?? null,
      })),
    );
    expect(entries.map((e) => e.id)).toEqual(record.timeline.map((t: { interaction: { interactionId: string } }) => t.interaction.interactionId));
    record.timeline.forEach((t: { answer?: { csat?: number; comment?: string } }, i: number) => {
      expect(entries[i]!.csat).toBe(t.answer?.csat === undefined ? null : `${t.answer.csat} of 5`);
      expect(entries[i]!.comment).toBe(t.answer?.comment ?? null);
    });
    expect(new Set(record.timeline.map((t: { interaction: { channel: string } }) => t.interaction.channel)).size).toBeGreaterThan(1);
    expect(await axeViolations(page)).toEqual([]);
    await screenshot(page, 'customer');

    // Act: by email, typed in capitals
    await page.getByLabel('Customer id or email').fill(record.profile.email.toUpperCase());
    await page.getByRole('button', { name: 'Find' }).click();
    await page.locator('[data-testid="matches"]').waitFor();

    // Assess
    expect(await page.locator('[data-testid="matches"] a').evaluateAll((links) => links.map((a) => a.getAttribute('href')))).toEqual([
      `#/customers/${customerId}`,
    ]);
    expect(await axeViolations(page)).toEqual([]);
    await page.locator('[data-testid="matches"] a').click();
    await page.locator('[data-testid="profile"]').waitFor();
    expect(problems).toEqual([]);
    await page.close();
  });

  it('returns to sign-in when the API refuses the token the page holds', async () => {
    // Prepare: a session whose token the API no longer accepts (revoked, expired).
    // The page's start-up reads config.json after the load event: wait until it has drawn the sign-in form, or it
    // could still find the token set below, have it refused, and clear it before the reload.
    const watched = await openDashboard('#/overview');
    await watched.page.getByLabel('Manager token').waitFor();
    await watched.page.evaluate(`sessionStorage.setItem('feedback-dashboard.session', JSON.stringify({ token: 'revoked-token' }))`);

    // Act
    await watched.page.reload();

    // Assess
    await watched.page.getByRole('heading', { name: 'Sign in' }).waitFor();
    expect(await watched.page.getByRole('alert').textContent()).toContain('sign in again');
    expect(await watched.page.evaluate(`sessionStorage.getItem('feedback-dashboard.session')`)).toBeNull();
    await watched.page.close();
  });

  it("signs in through Cognito's hosted UI with PKCE when config.json says so, and signs out there too", async () => {
    // Prepare: what AWS serves with managerSignInDomain set (config.json, the CSP's connect-src), and a stand-in for
    // Cognito's hosted UI that checks the PKCE exchange and hands out a token the local API accepts.
    const cognito = 'https://signin.cognito.test';
    const page = await context.newPage();
    await page.clock.setFixedTime(new Date(`${TODAY}T12:00:00Z`));
    const problems: string[] = [];
    page.on('console', (message) => message.type() === 'error' && problems.push(message.text()));
    await page.route(`${DASHBOARD}config.json`, (route) =>
      route.fulfill({ json: { apiBaseUrl: '', auth: { mode: 'cognito', domain: cognito, clientId: 'dashboard-client', scopes: ['openid', 'email'] } } }),
    );
    await page.route(
      (url) => url.href.split(/[?#]/)[0] === DASHBOARD,
      async (route) => {
        const response = await route.fetch();
        await route.fulfill({ response, headers: { ...response.headers(), 'content-security-policy': dashboardContentSecurityPolicy([cognito]) } });
      },
    );
    let authorize: URLSearchParams | undefined;
    let exchange: URLSearchParams | undefined;
    // The hosted UI's page, after the manager signed in, sends the browser back with a code (a page of its own, as Cognito's).
    const sendBack = (to: string) => ({
      contentType: 'text/html',
      body: `<!doctype html><meta http-equiv="refresh" content="0;url=${to.replaceAll('&', '&amp;')}">`,
    });
    await page.route(`${cognito}/oauth2/authorize?*`, (route) => {
      authorize = new URL(route.request().url()).searchParams;
      return route.fulfill(sendBack(`${authorize.get('redirect_uri')}?code=code-1&state=${authorize.get('state')}`));
    });
    await page.route(`${cognito}/oauth2/token`, (route) => {
      exchange = new URLSearchParams(route.request().postData() ?? '');
      const verified =
        createHash('sha256')
          .update(exchange.get('code_verifier') ?? '')
          .digest('base64url') === authorize?.get('code_challenge');
      return route.fulfill({
        status: verified ? 200 : 400,
        headers: { 'access-control-allow-origin': new URL(DASHBOARD).origin },
        json: verified ? { access_token: stack.managerToken, expires_in: 3600, token_type: 'Bearer' } : { error: 'invalid_grant' },
      });
    });
    await page.route(`${cognito}/logout?*`, (route) => route.fulfill(sendBack(new URL(route.request().url()).searchParams.get('logout_uri')!)));
    await page.goto(`${DASHBOARD}#/overview?range=7`);

    // Act
    await page.getByRole('button', { name: 'Sign in with your company account' }).click();
    await page.locator('[data-card="total"]').waitFor();

    // Assess
    expect(Object.fromEntries(authorize!)).toMatchObject({
      response_type: 'code',
      client_id: 'dashboard-client',
      redirect_uri: DASHBOARD,
      scope: 'openid email',
      code_challenge_method: 'S256',
    });
    expect(Object.fromEntries(exchange!)).toMatchObject({
      grant_type: 'authorization_code',
      client_id: 'dashboard-client',
      code: 'code-1',
      redirect_uri: DASHBOARD,
    });
    expect(page.url()).toBe(`${DASHBOARD}#/overview?range=7`);
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.getByRole('button', { name: 'Sign in with your company account' }).waitFor();
    expect(await page.evaluate(`sessionStorage.getItem('feedback-dashboard.session')`)).toBeNull();
    expect(problems).toEqual([]);
    await page.close();
  });

  it('fits a phone screen without sideways scrolling, and passes axe there too', async () => {
    // Act
    const { page, problems } = await signedIn('#/overview?range=7', { width: 390 });
    await page.locator('[data-card="total"]').waitFor();
    const overflow = await page.evaluate('document.documentElement.scrollWidth - document.documentElement.clientWidth');
    const violations = await axeViolations(page);
    await screenshot(page, 'overview-phone');
    await page.goto(`${DASHBOARD}#/comments?from=2012-03-01&to=2012-03-20`);
    await page.locator('[data-testid="comments"]').waitFor();
    const commentsOverflow = await page.evaluate('document.documentElement.scrollWidth - document.documentElement.clientWidth');
    await screenshot(page, 'comments-phone');

    // Assess
    expect(overflow).toBe(0);
    expect(commentsOverflow).toBe(0);
    expect(violations).toEqual([]);
    expect(await axeViolations(page)).toEqual([]);
    expect(problems).toEqual([]);
    await page.close();
  });
});

// Every channel of the history appears somewhere: a sanity check on the seed, not on the dashboard.
it('plays a history with every channel in it', () => {
  expect(new Set(planHistory(HISTORY).map((p) => p.event.channel))).toEqual(new Set(CHANNELS));
});
