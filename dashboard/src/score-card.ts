// One card of scores (a channel, or all channels): CSAT, NPS, response rate, FCR and answers as the API gives them,
// each score with its interval (an error bar and its numbers in words), greyed with the reason when too few answers are
// behind it, and with the API's change against the previous window, marked only when the API finds it significant.
import type { Interval, ScoreChange, ScoreRow, Statistics } from './api.js';
import { h, srOnly } from './dom.js';
import { daysIn } from './dates.js';
import {
  confidenceLevel,
  count,
  dayRange,
  fewerThan,
  intervalText,
  nps,
  percentRate,
  percentScore,
  plural,
  ratePoints,
  signedPoints,
  signedPointsRange,
} from './format.js';

/** What a score's interval, low-sample flag and change are, whatever the metric. */
interface Uncertain {
  ci: Interval | null;
  lowSample: boolean;
  /** The previous window's score (null: it had none); absent without compare=previous. */
  previous?: number | null;
  change?: ScoreChange | null;
}

interface Metric {
  key: 'csat' | 'nps' | 'responseRate' | 'fcr' | 'answers';
  label: string;
  value: (row: ScoreRow) => number | null;
  show: (value: number | null) => string;
  detail?: (row: ScoreRow) => string;
  /** Scores only (not the count of answers): the API's interval, low-sample flag and change. */
  uncertain?: (row: ScoreRow) => Uncertain;
  /** The score's whole scale, for the error bar. */
  scale?: [number, number];
  /** A change in the score's unit, as read: CSAT and NPS in points, rates in percentage points. */
  points?: (delta: number) => number;
  /** What the low-sample threshold counts, one and many. */
  sample?: [string, string];
}

const same = (delta: number) => delta;

export const METRICS: Metric[] = [
  {
    key: 'csat',
    label: 'CSAT',
    value: (r) => r.csat.score,
    show: percentScore,
    detail: (r) => plural(r.csat.responses, 'rating'),
    uncertain: (r) => r.csat,
    scale: [0, 100],
    points: same,
    sample: ['rating', 'ratings'],
  },
  {
    key: 'nps',
    label: 'NPS',
    value: (r) => r.nps.score,
    show: nps,
    detail: (r) => plural(r.nps.responses, 'answer'),
    uncertain: (r) => r.nps,
    scale: [-100, 100],
    points: same,
    sample: ['answer', 'answers'],
  },
  {
    key: 'responseRate',
    label: 'Response rate',
    value: (r) => r.responseRate,
    show: percentRate,
    detail: (r) => `${count(r.responses)} of ${plural(r.invitations, 'survey')} sent`,
    uncertain: (r) => ({ ci: r.responseRateCi, lowSample: r.responseRateLowSample, previous: r.responseRatePrevious, change: r.responseRateChange }),
    scale: [0, 1],
    points: ratePoints,
    sample: ['survey sent', 'surveys sent'],
  },
  {
    key: 'fcr',
    label: 'Resolved first time',
    value: (r) => r.fcr.rate,
    show: percentRate,
    detail: (r) => plural(r.fcr.responses, 'answer'),
    uncertain: (r) => r.fcr,
    scale: [0, 1],
    points: ratePoints,
    sample: ['answer', 'answers'],
  },
  { key: 'answers', label: 'Answers', value: (r) => r.responses, show: (v) => (v === null ? '—' : count(v)) },
];

/** The bar under a score: its whole scale, the interval as a band, the score as a tick. A picture of the text beside it. */
function errorBar(scale: [number, number], ci: Interval, value: number): HTMLElement {
  const at = (v: number) => `${(Math.min(Math.max((v - scale[0]) / (scale[1] - scale[0]), 0), 1) * 100).toFixed(2)}%`;
  const range = h('span', { class: 'error-bar-range' });
  range.style.left = at(ci.low);
  range.style.width = `calc(${at(ci.high)} - ${at(ci.low)})`;
  const point = h('span', { class: 'error-bar-point' });
  point.style.left = at(value);
  return h('span', { class: 'error-bar', 'aria-hidden': 'true' }, range, point);
}

function changeBadge(metric: Metric, { previous, change }: Uncertain, statistics: Statistics, previousLabel: string): HTMLElement {
  // The API gives no change when either window has no answers.
  if (!change || !metric.points)
    return h(
      'span',
      { class: 'change change-none', 'data-change': '' },
      previous === null ? 'no earlier figure' : 'no change to show',
      srOnly(` for ${previousLabel}`),
    );
  const delta = signedPoints(metric.points(change.delta));
  const interval = change.ci
    ? `; ${confidenceLevel(statistics.confidence)} interval of the change ${signedPointsRange(metric.points(change.ci.low), metric.points(change.ci.high))}`
    : '';
  const attributes = { 'data-change': String(change.delta), 'data-significant': String(change.significant) };
  if (!change.significant)
    return h('span', { class: 'change change-flat', ...attributes }, 'no significant change', srOnly(` (${delta}${interval}) against ${previousLabel}`));
  const rise = change.delta > 0;
  return h(
    'span',
    { class: `change ${rise ? 'change-up' : 'change-down'}`, ...attributes },
    h('span', { 'aria-hidden': 'true' }, rise ? '▲ ' : '▼ '),
    `${delta}, significant ${rise ? 'rise' : 'fall'}`,
    srOnly(`${interval} against ${previousLabel}`),
  );
}

export function scoreCard(options: {
  title: Node | string;
  testId: string;
  current: ScoreRow;
  statistics: Statistics;
  previousLabel: string;
  /** One card across the page (a channel's own view): metrics side by side. */
  wide?: boolean;
}): HTMLElement {
  const { current, statistics } = options;
  const level = confidenceLevel(statistics.confidence);
  return h(
    'article',
    { class: options.wide ? 'card card-wide' : 'card', 'data-card': options.testId },
    h('h3', { class: 'card-title' }, options.title),
    h(
      'dl',
      { class: 'metrics' },
      ...METRICS.map((metric) => {
        const value = metric.value(current);
        const uncertain = metric.uncertain?.(current);
        // Greyed only when there is a figure to grey: no answers at all already shows a dash.
        const low = uncertain?.lowSample === true && value !== null;
        return h(
          'div',
          { class: low ? `metric metric-${metric.key} metric-low-sample` : `metric metric-${metric.key}`, 'data-metric': metric.key },
          h('dt', {}, metric.label),
          h(
            'dd',
            { class: 'metric-value' },
            h('span', { class: 'value', 'data-value': '' }, metric.show(value)),
            value === null ? srOnly(' (no answers)') : null,
          ),
          uncertain?.ci && value !== null && metric.scale
            ? h(
                'dd',
                { class: 'metric-interval', 'data-interval': `${uncertain.ci.low},${uncertain.ci.high}` },
                errorBar(metric.scale, uncertain.ci, value),
                h('span', { class: 'interval-text' }, `${level} interval ${intervalText(metric.show(uncertain.ci.low), metric.show(uncertain.ci.high))}`),
              )
            : null,
          low
            ? h(
                'dd',
                { class: 'low-sample', 'data-low-sample': '' },
                `Low sample: ${fewerThan(statistics.minSample, ...(metric.sample ?? ['answer', 'answers']))}`,
              )
            : null,
          h(
            'dd',
            { class: 'metric-detail' },
            metric.detail ? h('span', { class: 'basis' }, metric.detail(current)) : null,
            uncertain ? changeBadge(metric, uncertain, statistics, options.previousLabel) : null,
          ),
        );
      }),
    ),
  );
}

/** "the 7 days before (13 Mar 2012 – 19 Mar 2012)": the window the API compared with. */
export function previousWindowLabel(report: Pick<Statistics, 'previous'>): string {
  if (!report.previous) return 'the previous window';
  return `the ${daysIn(report.previous)} day${daysIn(report.previous) === 1 ? '' : 's'} before (${dayRange(report.previous.from, report.previous.to)})`;
}
