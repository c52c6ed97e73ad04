// Line charts of a score per channel over time, drawn by uPlot on a canvas, each line in a shaded band of its interval;
// the same figures, intervals and low-sample marks sit in a table below each chart for screen readers, keyboards and
// anyone who wants the numbers.
import uPlot from 'uplot';
import type { Channel } from '../../functions/domain/channels.js';
import { utcDay } from '../../functions/domain/utc-days.js';
import type { Interval } from './api.js';
import { h, srOnly } from './dom.js';
import { day, intervalText, shortDay } from './format.js';

/** Colour-blind-safe hues dark enough for 3:1 against white, plus a dash pattern each, so no line relies on colour alone. */
export const CHANNEL_STYLE: Record<Channel | 'total', { color: string; dash: number[] }> = {
  total: { color: '#1f2933', dash: [] },
  voice: { color: '#0072b2', dash: [] },
  email: { color: '#b35900', dash: [8, 4] },
  chat: { color: '#007a5e', dash: [2, 3] },
  web: { color: '#a8327c', dash: [10, 3, 2, 3] },
  community: { color: '#5b4bd6', dash: [4, 4] },
  social: { color: '#6b5e00', dash: [12, 6] },
};

export interface LineSeries {
  key: Channel | 'total';
  label: string;
  values: Array<number | null>;
  /** Each period's interval, as the API gives it (null: nothing behind the score). */
  ci?: Array<Interval | null>;
  /** Each period: too few answers behind its score (greyed in the table, with the reason). */
  lowSample?: boolean[];
}

export interface LineChartOptions {
  title: string;
  /** Bucket starts, YYYY-MM-DD. */
  starts: string[];
  series: LineSeries[];
  range: [number, number];
  format: (value: number | null) => string;
  /** The intervals' confidence, "95%". */
  level?: string;
  /** Why a period is greyed: "fewer than 30 answers". */
  lowSampleReason?: string;
}

const HEIGHT = 260;

const everyNth = (values: number[], n: number) => values.filter((_, i) => i % n === 0);

/** "#0072b2" -> "rgba(0, 114, 178, 0.14)": a band in its line's hue, light enough for the lines over it to read. */
const translucent = (hex: string, alpha: number) => `rgba(${[1, 3, 5].map((i) => Number.parseInt(hex.slice(i, i + 2), 16)).join(', ')}, ${alpha})`;

/** Shades each line's interval, period by period (a gap where a period has none), under the lines. */
function drawBands(u: uPlot, xs: number[], series: LineSeries[]): void {
  const { ctx } = u;
  ctx.save();
  for (const s of series) {
    if (!s.ci) continue;
    ctx.fillStyle = translucent(CHANNEL_STYLE[s.key].color, 0.14);
    // Runs of consecutive periods with an interval; a lone period gets a short vertical bar.
    let run: Array<{ x: number; low: number; high: number }> = [];
    const flush = () => {
      if (run.length === 1) {
        const [only] = run;
        ctx.fillRect(only!.x - 4, only!.high, 8, only!.low - only!.high);
      } else if (run.length > 1) {
        ctx.beginPath();
        run.forEach((p, i) => (i === 0 ? ctx.moveTo(p.x, p.high) : ctx.lineTo(p.x, p.high)));
        for (const p of [...run].reverse()) ctx.lineTo(p.x, p.low);
        ctx.closePath();
        ctx.fill();
      }
      run = [];
    };
    xs.forEach((x, i) => {
      const ci = s.ci?.[i];
      if (!ci) return flush();
      run.push({ x: u.valToPos(x, 'x', true), low: u.valToPos(ci.low, 'y', true), high: u.valToPos(ci.high, 'y', true) });
    });
    flush();
  }
  ctx.restore();
}

/** Draws the chart into `host`, following its width; returns what removes it. */
export function lineChart(host: HTMLElement, options: LineChartOptions): () => void {
  const xs = options.starts.map((start) => Date.parse(`${start}T00:00:00Z`) / 1000);
  const plot = h('div', { class: 'chart-canvas' });
  host.append(plot);
  const chart = new uPlot(
    {
      width: Math.max(280, host.clientWidth),
      height: HEIGHT,
      tzDate: (ts) => uPlot.tzDate(new Date(ts * 1000), 'Etc/UTC'),
      scales: { x: { time: true }, y: { range: options.range } },
      cursor: { drag: { x: false, y: false, setScale: false } },
      legend: { live: true },
      // After the axes and grid, before the lines: the bands sit under every line.
      hooks: { drawAxes: [(u) => drawBands(u, xs, options.series)] },
      series: [
        { label: 'Period starting', value: (_u, ts) => (ts === null ? '—' : day(utcDay(new Date(ts * 1000)))) },
        ...options.series.map((s) => ({
          label: s.label,
          stroke: CHANNEL_STYLE[s.key].color,
          dash: CHANNEL_STYLE[s.key].dash,
          width: s.key === 'total' ? 3 : 2,
          spanGaps: false,
          points: { show: true, size: 6, fill: CHANNEL_STYLE[s.key].color },
          value: (_u: uPlot, v: number | null) => options.format(v),
        })),
      ],
      axes: [
        {
          stroke: '#3e4c59',
          grid: { stroke: '#e4e7eb', width: 1 },
          ticks: { stroke: '#cbd2d9', width: 1 },
          // Ticks on the periods themselves (a day, a week's Monday, a month's 1st), as many as fit.
          splits: (u) => everyNth(xs, Math.ceil(xs.length / Math.max(2, Math.floor(u.bbox.width / devicePixelRatio / 64)))),
          values: (_u, ticks) => ticks.map((t) => shortDay(t)),
        },
        {
          stroke: '#3e4c59',
          grid: { stroke: '#e4e7eb', width: 1 },
          ticks: { stroke: '#cbd2d9', width: 1 },
          size: 56,
          values: (_u, ticks) => ticks.map((t) => options.format(t)),
        },
      ],
    },
    [xs, ...options.series.map((s) => s.values)] as uPlot.AlignedData,
    plot,
  );
  // The canvas is a picture of the table below it: name it as one.
  const wrap = plot.querySelector('.u-wrap');
  wrap?.setAttribute('role', 'img');
  wrap?.setAttribute(
    'aria-label',
    `${options.title}: line chart, one line per channel, each in a shaded band of its interval; the figures are in the table below.`,
  );

  const resize = new ResizeObserver(() => chart.setSize({ width: Math.max(280, host.clientWidth), height: HEIGHT }));
  resize.observe(host);
  return () => {
    resize.disconnect();
    chart.destroy();
  };
}

/** A score in a table cell: the figure, its interval in words, and a dagger with the reason when too few answers are behind it. */
export function figureCell(
  attributes: Record<string, string>,
  figure: { value: number | null; ci: Interval | null; low: boolean },
  options: Pick<LineChartOptions, 'format' | 'level' | 'lowSampleReason'>,
): HTMLTableCellElement {
  const { value, ci, low } = figure;
  return h(
    'td',
    { ...attributes, class: low ? 'num low-sample-figure' : 'num', 'data-low-sample': low ? '' : null },
    h('span', { 'data-value': '' }, options.format(value)),
    low ? h('span', { 'aria-hidden': 'true' }, ' †') : null,
    low ? srOnly(` (low sample: ${options.lowSampleReason ?? 'few answers'})`) : null,
    ci && value !== null
      ? h(
          'span',
          { class: 'cell-interval', 'data-interval': `${ci.low},${ci.high}` },
          srOnly(`${options.level ?? ''} interval `),
          intervalText(options.format(ci.low), options.format(ci.high)),
        )
      : null,
  );
}

/** The chart's figures as a table: one row per period, one column per line. */
export function chartTable(
  caption: string,
  options: Pick<LineChartOptions, 'starts' | 'series' | 'format' | 'level' | 'lowSampleReason'>,
  testId: string,
): HTMLElement {
  const anyLow = options.series.some((s) => s.lowSample?.some(Boolean));
  return h(
    'details',
    { class: 'chart-figures' },
    h('summary', {}, `${caption}: the figures${options.level ? `, each with its ${options.level} interval` : ''}`),
    h(
      'div',
      { class: 'table-scroll', tabindex: '0', role: 'region', 'aria-label': `${caption}, figures` },
      h(
        'table',
        { class: 'data', 'data-testid': testId },
        h('caption', { class: 'sr-only' }, caption),
        h(
          'thead',
          {},
          h('tr', {}, h('th', { scope: 'col' }, 'Period starting'), ...options.series.map((s) => h('th', { scope: 'col', 'data-series': s.key }, s.label))),
        ),
        h(
          'tbody',
          {},
          ...options.starts.map((start, i) =>
            h(
              'tr',
              {},
              h('th', { scope: 'row' }, h('time', { datetime: start }, day(start))),
              ...options.series.map((s) =>
                figureCell({ 'data-series': s.key }, { value: s.values[i] ?? null, ci: s.ci?.[i] ?? null, low: s.lowSample?.[i] === true }, options),
              ),
            ),
          ),
        ),
      ),
    ),
    anyLow ? h('p', { class: 'note' }, `† Low sample, greyed: ${options.lowSampleReason ?? 'few answers'}.`) : null,
  );
}
