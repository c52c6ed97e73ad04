// The dashboard's Follow-up view in a real browser (Debian's Chromium, as the other dashboard tests): open alerts with
// links to the customer, anomalies, comment sentiment over time, topics and suggested words; what it shows is what the API answers,
// customers' words stay text, and the page passes axe-core's WCAG 2.1 A/AA rules.
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { axeViolations, launchChromium, screenshot } from './browser.js';
import { TOPICS } from '../unit/support/topics.js';
import { linksOf, managerGet, newInteraction, postInteraction, settled, stack, waitForEmail, documentClient } from './helpers.js';
import { randomUUID } from 'node:crypto';
import { anomalyIdOf } from '../../functions/anomalies/anomaly-ids.js';
import { DynamoDbAnomalyStore } from '../../functions/anomalies/dynamodb-anomaly-store.js';
import type { Anomaly, Finding } from '../../functions/domain/anomalies.js';
import { addDays } from '../../functions/domain/utc-days.js';

const MARKUP_COMMENT = '<img src=x onerror=alert(1)> I waited forever on hold, terrible.';

let browser: Browser;
let customerId: string;
let anomaly: Anomaly;

beforeAll(async () => {
  await fetch(`${stack.apiUrl}/topics`, {
    method: 'PUT',
    headers: { authorization: `Bearer ${stack.managerToken}`, 'content-type': 'application/json' },
    body: JSON.stringify({ topics: TOPICS }),
  });
  const interaction = newInteraction({ channel: 'web' });
  customerId = interaction.customer.id;
  await postInteraction(interaction);
  const link = linksOf((await waitForEmail(interaction.customer.email)).body.html ?? '').find((l) => /\/s\/[^?]+$/.test(l))!;
  await fetch(link, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ csat: '1', comment: MARKUP_COMMENT }).toString(),
  });
  // An anomaly as the daily run stores it (its adapter, into the stack's table): yesterday's NPS drop for one agent.
  const finding: Finding = {
    day: addDays(new Date().toISOString().slice(0, 10), -1),
    scope: 'agent',
    key: `agent-fu-${randomUUID().slice(0, 8)}`,
    channel: 'email',
    metric: 'nps',
    window: 'week',
    current: { score: -12.5, n: 40 },
    baseline: { score: 31.25, n: 160 },
    delta: -43.75,
    p: 0.0000123,
  };
  anomaly = { anomalyId: anomalyIdOf(finding), ...finding, raisedAt: new Date().toISOString() };
  await new DynamoDbAnomalyStore(documentClient, stack.tableName).create(anomaly);
  await settled();
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
});

async function followUpView(width = 1280): Promise<{ page: Page; problems: string[] }> {
  const page = await (await browser.newContext({ viewport: { width, height: 900 }, locale: 'en-GB', timezoneId: 'UTC' })).newPage();
  const problems: string[] = [];
  page.on('console', (m) => m.type() === 'error' && problems.push(m.text()));
  page.on('pageerror', (e) => problems.push(e.message));
  page.on('dialog', (d) => (problems.push(`dialog: ${d.message()}`), void d.dismiss()));
  await page.goto(`${stack.apiUrl}/dashboard/#/follow-up`);
  await page.getByLabel('Manager token').fill(stack.managerToken);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('heading', { name: 'Follow-up', level: 1 }).waitFor();
  await page.getByRole('heading', { name: /Open alerts/ }).waitFor();
  return { page, problems };
}

describe('the Follow-up view', () => {
  it('lists the open alert with a link to the customer, the comment as text, and topics and sentiment as the API gives them', async () => {
    // Act
    const { page, problems } = await followUpView();

    // Assess: the alert, its link, the comment shown as typed.
    const row = page.locator('[data-testid="open-alerts"] tr', { hasText: customerId });
    await row.waitFor();
    expect(await row.getByRole('link', { name: customerId }).getAttribute('href')).toBe(`#/customers/${customerId}`);
    expect(await row.locator('[data-field="comment"]').textContent()).toBe(MARKUP_COMMENT);
    expect(await page.locator('img[src="x"]').count()).toBe(0);

    // Topics: the same counts as the report.
    const today = new Date().toISOString().slice(0, 10);
    const from = new Date(Date.now() - 29 * 86_400_000).toISOString().slice(0, 10);
    const report = await managerGet(`/reports/topics?from=${from}&to=${today}`);
    const waiting = report.body.total.topics.find((t: { id: string }) => t.id === 'waiting-time');
    expect(await page.locator('[data-topic="waiting-time"] [data-field="comments"]').textContent()).toBe(String(waiting.comments));

    // Sentiment: a figure per period and channel, in the table beside the chart.
    expect(await page.locator('[data-testid="sentiment-table"] td[data-series="web"]').count()).toBeGreaterThan(0);
    expect(problems).toEqual([]);
    await screenshot(page, 'follow-up');

    // Accessible.
    expect(await axeViolations(page)).toEqual([]);
  });

  it.each([1280, 390])('shows the anomaly the API lists, with both sides and the change, at %i px wide, accessible', async (width) => {
    // Act
    const { page, problems } = await followUpView(width);

    // Assess: the row is the API's item, formatted
    const row = page.locator(`[data-testid="anomalies"] tr[data-anomaly="${anomaly.anomalyId}"]`);
    await row.waitFor();
    const listed = (await managerGet(`/anomalies?from=${anomaly.day}&to=${anomaly.day}`)).body.anomalies;
    expect(listed).toContainEqual(anomaly);
    expect(await row.textContent()).toContain(`Agent ${anomaly.key} (Email)`);
    expect(await row.locator('[data-field="current"]').textContent()).toBe('-12.5 (n = 40)');
    expect(await row.locator('[data-field="baseline"]').textContent()).toBe('+31.25 (n = 160)');
    expect(await row.locator('[data-field="delta"]').textContent()).toBe('-43.75 pts');
    expect(problems).toEqual([]);
    await screenshot(page, `follow-up-anomalies-${width}`);
    expect(await axeViolations(page)).toEqual([]);
  });
});
