// Line charts of a score per channel over time, drawn by uPlot on a canvas; the same figures sit in a table below
// each chart for screen readers, keyboards and anyone who wants the numbers.
import uPlot from 'uplot';
import type { Channel } from '../../functions/domain/channels.js';
import { utcDay } from '../../functions/domain/utc-days.js';
import { h } from './dom.js';
import { day, shortDay } from './format.js';

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
}

export interface LineChartOptions {
  title: string;
  /** Bucket starts, YYYY-MM-DD. */
  starts: string[];
  series: LineSeries[];
  range: [number, number];
  format: (value: number | null) => string;
}

const HEIGHT = 260;

const everyNth = (values: number[], n: number) => values.filter((_, i) => i % n === 0);

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
  wrap?.setAttribute('aria-label', `${options.title}: line chart, one line per channel; the figures are in the table below.`);

  const resize = new ResizeObserver(() => chart.setSize({ width: Math.max(280, host.clientWidth), height: HEIGHT }));
  resize.observe(host);
  return () => {
    resize.disconnect();
    chart.destroy();
  };
}

/** The chart's figures as a table: one row per period, one column per line. */
export function chartTable(caption: string, options: Pick<LineChartOptions, 'starts' | 'series' | 'format'>, testId: string): HTMLElement {
  return h(
    'details',
    { class: 'chart-figures' },
    h('summary', {}, `${caption}: the figures`),
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
              ...options.series.map((s) => h('td', { 'data-series': s.key, class: 'num' }, options.format(s.values[i] ?? null))),
            ),
          ),
        ),
      ),
    ),
  );
}
