// One card of scores (a channel, or all channels): CSAT, NPS, response rate, FCR and answers as the API gives them,
// each with its change against the previous window (the difference of the API's two figures).
import type { ScoreRow } from './api.js';
import { h, srOnly } from './dom.js';
import { change, count, nps, percentRate, percentScore, plural, signedPoints } from './format.js';

interface Metric {
  key: 'csat' | 'nps' | 'responseRate' | 'fcr' | 'answers';
  label: string;
  value: (row: ScoreRow) => number | null;
  show: (value: number | null) => string;
  /** How the change reads: points of a percentage, or a plain count. */
  unit: 'points' | 'count';
  /** Multiplies the difference: rates are 0..1, shown as percentages. */
  scale?: number;
  detail?: (row: ScoreRow) => string;
}

export const METRICS: Metric[] = [
  { key: 'csat', label: 'CSAT', value: (r) => r.csat.score, show: percentScore, unit: 'points', detail: (r) => plural(r.csat.responses, 'rating') },
  { key: 'nps', label: 'NPS', value: (r) => r.nps.score, show: nps, unit: 'points', detail: (r) => plural(r.nps.responses, 'answer') },
  {
    key: 'responseRate',
    label: 'Response rate',
    value: (r) => r.responseRate,
    show: percentRate,
    unit: 'points',
    scale: 100,
    detail: (r) => `${count(r.responses)} of ${plural(r.invitations, 'survey')} sent`,
  },
  {
    key: 'fcr',
    label: 'Resolved first time',
    value: (r) => r.fcr.rate,
    show: percentRate,
    unit: 'points',
    scale: 100,
    detail: (r) => plural(r.fcr.responses, 'answer'),
  },
  { key: 'answers', label: 'Answers', value: (r) => r.responses, show: (v) => (v === null ? '—' : count(v)), unit: 'count' },
];

function changeBadge(metric: Metric, current: ScoreRow, previous: ScoreRow | undefined, previousLabel: string): HTMLElement {
  const delta = previous ? change(metric.value(current), metric.value(previous), metric.scale) : null;
  if (delta === null) return h('span', { class: 'change change-none', 'data-change': '' }, 'no earlier figure', srOnly(` for ${previousLabel}`));
  const direction = delta > 0 ? 'up' : delta < 0 ? 'down' : 'flat';
  const text = metric.unit === 'points' ? signedPoints(delta) : `${delta > 0 ? '+' : ''}${count(delta)}`;
  return h(
    'span',
    { class: `change change-${direction}`, 'data-change': String(delta) },
    h('span', { 'aria-hidden': 'true' }, direction === 'up' ? '▲ ' : direction === 'down' ? '▼ ' : '■ '),
    text,
    srOnly(` compared with ${previousLabel}`),
  );
}

export function scoreCard(options: {
  title: Node | string;
  testId: string;
  current: ScoreRow;
  previous: ScoreRow | undefined;
  previousLabel: string;
  /** One card across the page (a channel's own view): metrics side by side. */
  wide?: boolean;
}): HTMLElement {
  const { current, previous } = options;
  return h(
    'article',
    { class: options.wide ? 'card card-wide' : 'card', 'data-card': options.testId },
    h('h3', { class: 'card-title' }, options.title),
    h(
      'dl',
      { class: 'metrics' },
      ...METRICS.map((metric) =>
        h(
          'div',
          { class: `metric metric-${metric.key}`, 'data-metric': metric.key },
          h('dt', {}, metric.label),
          h(
            'dd',
            { class: 'metric-value' },
            h('span', { class: 'value', 'data-value': '' }, metric.show(metric.value(current))),
            metric.value(current) === null ? srOnly(' (no answers)') : null,
          ),
          h(
            'dd',
            { class: 'metric-detail' },
            metric.detail ? h('span', { class: 'basis' }, metric.detail(current)) : null,
            changeBadge(metric, current, previous, options.previousLabel),
          ),
        ),
      ),
    ),
  );
}
