// The digest email: every section, intervals and significant changes when the report has them, text never HTML, no pixels.
import { describe, expect, it } from 'vitest';
import type { DigestContent, DigestScore } from '../../../functions/digest/build-digest.js';
import { renderDigestEmail } from '../../../functions/digest/digest-email.js';

const score = (value: number | null, responses: number, extra: Partial<DigestScore> = {}): DigestScore => ({ score: value, responses, ...extra });

function content(overrides: Partial<DigestContent> = {}): DigestContent {
  return {
    brandName: 'Example Co',
    from: '2026-12-01',
    to: '2026-12-07',
    channels: [
      {
        channel: 'chat',
        csat: score(84, 50),
        nps: score(20, 40),
        ces: score(2.4, 30),
        fcr: score(0.8, 45),
        responseRate: score(0.42, 120),
      },
    ],
    anomalies: [],
    alerts: { overdue: [], overdueCount: 0, overdueCountIsLowerBound: false, closedThisWeek: 0, medianSecondsToClose: null },
    negativeTopics: [],
    dashboardUrl: 'https://dash.example.com/dashboard/',
    ...overrides,
  };
}

describe('renderDigestEmail', () => {
  it('gives the scores per channel in both parts, with the brand and a link to the dashboard', () => {
    const { subject, html, text } = renderDigestEmail(content());
    expect(subject).toBe('Example Co weekly feedback digest, 2026-12-01 to 2026-12-07');
    for (const part of [html, text]) {
      expect(part).toContain('CSAT: 84%, 50 answers');
      expect(part).toContain('NPS: 20, 40 answers');
      expect(part).toContain('CES: 2.4, 30 answers');
      expect(part).toContain('Resolved first time: 80%, 45 answers');
      expect(part).toContain('Response rate: 42%, 120 invitations');
    }
    expect(html).toContain('<a href="https://dash.example.com/dashboard/">');
    expect(text).toContain('The dashboard: https://dash.example.com/dashboard/');
  });

  it('shows each interval, and a change only when it is significant', () => {
    const chat = content().channels[0]!;
    const { text } = renderDigestEmail(
      content({
        channels: [
          {
            ...chat,
            csat: score(84, 50, { ci: { low: 71.47, high: 91.66 }, change: { delta: 12.5, significant: true } }),
            nps: score(20, 40, { ci: { low: -5.2, high: 45.1 }, change: { delta: 4, significant: false } }),
          },
        ],
      }),
    );
    expect(text).toContain('CSAT: 84% (71.47% to 91.66%), 50 answers; +12.5 pts against the week before, significant');
    expect(text).toContain('NPS: 20 (-5.2 to 45.1), 40 answers\n');
    expect(text).toContain('Each score with its 95% interval');
  });

  it('counts one answer and one invitation in the singular, and reads a negative interval with "to"', () => {
    const chat = content().channels[0]!;
    const { text } = renderDigestEmail(content({ channels: [{ ...chat, nps: score(-100, 1, { ci: { low: -100, high: -40 } }), responseRate: score(1, 1) }] }));
    expect(text).toContain('NPS: -100 (-100 to -40), 1 answer\n');
    expect(text).toContain('Response rate: 100%, 1 invitation\n');
  });

  it('escapes every name from outside in the HTML, and keeps the text part as it was written', () => {
    const hostile = '<img src=x onerror=alert(1)>';
    const { html, text } = renderDigestEmail(
      content({
        brandName: 'Tom & Jerry',
        negativeTopics: [{ id: 'billing', name: hostile, negative: 4, comments: 9 }],
        alerts: {
          overdue: [{ alertId: 'a1', channel: 'chat', agentId: '"><script>x</script>', status: 'open', createdAt: '2026-12-01T00:00:00Z', hoursOpen: 150 }],
          overdueCount: 1,
          overdueCountIsLowerBound: false,
          closedThisWeek: 3,
          medianSecondsToClose: 7200,
        },
      }),
    );
    expect(html).not.toContain(hostile);
    expect(html).not.toContain('<script>');
    expect(html).toContain('&lt;img src=x onerror=alert(1)&gt;: 4 negative of 9 comments');
    expect(html).toContain('Tom &amp; Jerry');
    expect(text).toContain(`${hostile}: 4 negative of 9 comments`);
    expect(text).toContain('1 alert still not closed more than 48 hours after it was raised');
    expect(text).toContain('3 closed these 7 days; median time to close 2 hours.');
  });

  it('carries no image, pixel or resource from another host: the only URL is the dashboard link', () => {
    const { html } = renderDigestEmail(content());
    expect(html).not.toMatch(/<img|<link|<script|<iframe|background=|url\(/i);
    expect([...html.matchAll(/https?:\/\/[^"'\s<]+/g)].map((m) => m[0])).toEqual(['https://dash.example.com/dashboard/']);
  });

  it('lists the anomalies, and says when there is none', () => {
    expect(renderDigestEmail(content()).text).toContain('No anomaly was raised these 7 days.');
    const { text } = renderDigestEmail(
      content({
        anomalies: [
          {
            day: '2026-12-05',
            scope: 'channel',
            key: 'chat',
            metric: 'csat',
            window: 'week',
            current: { score: 70, n: 280 },
            baseline: { score: 85, n: 1100 },
            delta: -15,
            anomalyId: 'a1',
            channel: 'chat',
            p: 0.0001,
            raisedAt: '2026-12-06T01:15:00.000Z',
          },
        ],
      }),
    );
    expect(text).toContain('2026-12-05: CSAT of channel chat over the week 70% (280 answers) against 85% over the 28 days before');
  });
});
