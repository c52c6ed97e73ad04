// Follow-up: the unhappy customers to call back (open alerts), the scores that dropped significantly (anomalies), what
// comments say over time (sentiment per channel), and what they are about (topics, and the frequent words no topic covers yet). Read-only: alerts move with PATCH /alerts.
import { DEFAULT_ALERT_RULE } from '../../../functions/domain/alerts.js';
import type { Channel } from '../../../functions/domain/channels.js';
import { SCALES } from '../../../functions/domain/survey-definition.js';
import type { ChannelReport } from '../api.js';
import { chartTable, lineChart, type LineSeries } from '../charts.js';
import { h, keepTableRoles, replace, statusMessage } from '../dom.js';
import { CHANNEL_NAMES, count, dateTime, day, dayRange, nps, percentRate, percentScore, plural, signedPoints } from '../format.js';
import type { Page, PageContext } from '../page.js';
import { href, windowChoice, windowQuery } from '../route.js';
import { windowPicker } from '../window-picker.js';

interface AlertRow {
  alertId: string;
  customerId: string;
  channel: Channel;
  csat?: number;
  nps?: number;
  comment?: string;
  reasons: string[];
  createdAt: string;
}

/** GET /anomalies' items (docs/openapi.yaml). */
interface AnomalyRow {
  anomalyId: string;
  day: string;
  scope: 'channel' | 'agent';
  key: string;
  channel: Channel;
  metric: 'csat' | 'nps' | 'fcr' | 'responseRate';
  window: 'day' | 'week';
  current: { score: number; n: number };
  baseline: { score: number; n: number };
  delta: number;
}

const METRIC_NAMES: Record<AnomalyRow['metric'], string> = { csat: 'CSAT', nps: 'NPS', fcr: 'First-contact resolution', responseRate: 'Response rate' };

/** A score in its unit, as the API gives it: CSAT in %, NPS in points, the rates 0..1 shown in %. */
const anomalyScore = (metric: AnomalyRow['metric'], score: number) =>
  metric === 'csat' ? percentScore(score) : metric === 'nps' ? nps(score) : percentRate(score);
/** The API's delta, formatted: points for CSAT and NPS, percentage points for the rates. */
const anomalyDelta = (metric: AnomalyRow['metric'], delta: number) =>
  metric === 'csat' || metric === 'nps' ? signedPoints(delta) : signedPoints(Math.round(delta * 1_000_000) / 10_000);

function anomalyTable(anomalies: AnomalyRow[]): HTMLElement {
  if (anomalies.length === 0)
    return statusMessage(
      'empty',
      'No anomalies in these days.',
      'Each night the last day and the last 7 days of every channel and agent are tested against the 28 days before; a significant drop is listed here.',
    );
  return h(
    'div',
    { class: 'table-scroll', tabindex: '0', role: 'region', 'aria-labelledby': 'anomalies' },
    keepTableRoles(
      h(
        'table',
        { class: 'data', 'data-testid': 'anomalies' },
        h('caption', { class: 'sr-only' }, 'Significant drops, by day tested'),
        h('thead', {}, h('tr', {}, ...['Day', 'Who', 'Score', 'Window', 'Now', 'Before (28 days)', 'Change'].map((t) => h('th', { scope: 'col' }, t)))),
        h(
          'tbody',
          {},
          ...anomalies.map((a) =>
            h(
              'tr',
              { 'data-anomaly': a.anomalyId },
              h('td', {}, h('time', { datetime: a.day }, day(a.day))),
              h('td', {}, a.scope === 'channel' ? CHANNEL_NAMES[a.channel] : `Agent ${a.key} (${CHANNEL_NAMES[a.channel]})`),
              h('td', {}, METRIC_NAMES[a.metric]),
              h('td', {}, a.window === 'day' ? 'That day' : '7 days to then'),
              h('td', { class: 'num', 'data-field': 'current' }, `${anomalyScore(a.metric, a.current.score)} (n = ${count(a.current.n)})`),
              h('td', { class: 'num', 'data-field': 'baseline' }, `${anomalyScore(a.metric, a.baseline.score)} (n = ${count(a.baseline.n)})`),
              h('td', { class: 'num', 'data-field': 'delta' }, anomalyDelta(a.metric, a.delta)),
            ),
          ),
        ),
      ),
    ),
  );
}

interface TopicSummary {
  comments: number;
  topics: Array<{ id: string; name: string | null; comments: number; csat: { average: number | null; responses: number } }>;
  suggestions: Array<{ term: string; count: number }>;
}

const sentimentFormat = (value: number | null) => (value === null ? '—' : value.toFixed(2));

function alertTable(alerts: AlertRow[]): HTMLElement {
  if (alerts.length === 0)
    return statusMessage(
      'empty',
      'No open alerts.',
      `An answer at or below its channel’s thresholds (by default CSAT ${DEFAULT_ALERT_RULE.csatAtMost} or NPS ${DEFAULT_ALERT_RULE.npsAtMost}) raises one.`,
    );
  return h(
    'div',
    { class: 'table-scroll', tabindex: '0', role: 'region', 'aria-labelledby': 'open-alerts' },
    keepTableRoles(
      h(
        'table',
        { class: 'data', 'data-testid': 'open-alerts' },
        h('caption', { class: 'sr-only' }, 'Open alerts, newest first'),
        h('thead', {}, h('tr', {}, ...['Raised', 'Customer', 'Channel', 'CSAT', 'NPS', 'Comment'].map((t) => h('th', { scope: 'col' }, t)))),
        h(
          'tbody',
          {},
          ...alerts.map((a) =>
            h(
              'tr',
              { 'data-alert': a.alertId },
              h('td', {}, h('time', { datetime: a.createdAt }, dateTime(a.createdAt))),
              h('td', {}, h('a', { href: href(['customers', a.customerId]) }, a.customerId)),
              h('td', {}, CHANNEL_NAMES[a.channel]),
              h('td', { class: 'num' }, a.csat === undefined ? '—' : `${a.csat}`),
              h('td', { class: 'num' }, a.nps === undefined ? '—' : `${a.nps}`),
              // Customers' words, as text only.
              h('td', { 'data-field': 'comment' }, a.comment ?? ''),
            ),
          ),
        ),
      ),
    ),
  );
}

function topicTable(summary: TopicSummary): HTMLElement {
  if (summary.topics.length === 0)
    return statusMessage('empty', 'No topics defined yet.', 'Managers define them as keyword rules per language with PUT /topics.');
  return h(
    'div',
    { class: 'table-scroll', tabindex: '0', role: 'region', 'aria-labelledby': 'topics' },
    keepTableRoles(
      h(
        'table',
        { class: 'data', 'data-testid': 'topics' },
        h('caption', { class: 'sr-only' }, 'Comments per topic and their average CSAT'),
        h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, 'Topic'), h('th', { scope: 'col' }, 'Comments'), h('th', { scope: 'col' }, 'Average CSAT'))),
        h(
          'tbody',
          {},
          ...summary.topics.map((t) =>
            h(
              'tr',
              { 'data-topic': t.id },
              h('th', { scope: 'row' }, t.name ?? `${t.id} (removed)`),
              h('td', { class: 'num', 'data-field': 'comments' }, count(t.comments)),
              h('td', { class: 'num', 'data-field': 'csat' }, t.csat.average === null ? '—' : `${t.csat.average} of ${SCALES.csat.max}`),
            ),
          ),
        ),
      ),
    ),
  );
}

export const followUpPage: Page = {
  title: 'Follow-up',
  async render(context: PageContext) {
    const { api, main, route } = context;
    const choice = windowChoice(route.query);
    const body = h('div', { class: 'page-body' }, statusMessage('loading', 'Loading alerts, anomalies, sentiment and topics…'));
    replace(
      main,
      h('h1', { tabindex: '-1' }, 'Follow-up'),
      h('p', { class: 'lede' }, `Customers to call back, scores that dropped, and what comments say, ${dayRange(choice.window.from, choice.window.to)}.`),
      windowPicker(choice, { granularity: true, onChange: (next) => context.navigate(href(['follow-up'], windowQuery(next, next.granularity))) }),
      body,
    );
    const [alerts, anomalies, channels, topics] = await Promise.all([
      api.get<{ alerts: AlertRow[] }>('/alerts', { status: 'open', limit: 50 }),
      api.get<{ anomalies: AnomalyRow[] }>('/anomalies', { from: choice.window.from, to: choice.window.to }),
      api.get<ChannelReport & { channels: Array<{ channel: Channel; series?: Array<{ start: string; sentiment?: { average: number | null } }> }> }>(
        '/reports/channels',
        {
          ...choice.window,
          granularity: choice.granularity,
        },
      ),
      api.get<{ total: TopicSummary }>('/reports/topics', choice.window),
    ]);
    if (!context.isCurrent()) return;

    const starts = channels.total.series?.map((s) => s.start) ?? [];
    const series: LineSeries[] = channels.channels.map((row) => ({
      key: row.channel,
      label: CHANNEL_NAMES[row.channel],
      values: (row.series ?? []).map((s) => (s as { sentiment?: { average: number | null } }).sentiment?.average ?? null),
    }));
    const chartHost = h('div', { class: 'chart' });
    const sentiment = { starts, series, format: sentimentFormat };
    replace(
      body,
      h(
        'section',
        { 'aria-labelledby': 'open-alerts' },
        h('h2', { id: 'open-alerts' }, `Open alerts (${count(alerts.alerts.length)})`),
        alertTable(alerts.alerts),
      ),
      h(
        'section',
        { 'aria-labelledby': 'anomalies' },
        h('h2', { id: 'anomalies' }, `Anomalies (${count(anomalies.anomalies.length)})`),
        h('p', { class: 'note' }, 'Drops unlikely to be chance: significant after the correction for every test of the night’s run.'),
        anomalyTable(anomalies.anomalies),
      ),
      h(
        'section',
        { 'aria-labelledby': 'sentiment' },
        h('h2', { id: 'sentiment' }, `Comment sentiment, by ${choice.granularity}`),
        h(
          'figure',
          { class: 'chart-figure' },
          h('figcaption', {}, 'Mean sentiment of comments (−1 negative … 1 positive)'),
          chartHost,
          chartTable('Sentiment by channel', sentiment, 'sentiment-table'),
        ),
      ),
      h(
        'section',
        { 'aria-labelledby': 'topics' },
        h('h2', { id: 'topics' }, `Topics (${plural(topics.total.comments, 'comment')})`),
        topicTable(topics.total),
        topics.total.suggestions.length > 0
          ? h(
              'p',
              { class: 'note', 'data-testid': 'suggestions' },
              'Frequent words no topic covers yet: ',
              topics.total.suggestions.map((s) => `${s.term} (${count(s.count)})`).join(', '),
            )
          : null,
      ),
    );
    context.onLeave(lineChart(chartHost, { title: 'Sentiment by channel', range: [-1, 1], ...sentiment }));
  },
};
