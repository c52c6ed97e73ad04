// Where the dashboard is: a hash route ("#/channels/chat?range=30"), so that every view has a link, the back button
// works, and static hosting needs no rewrites.
import { CHANNELS, type Channel } from '../../functions/domain/channels.js';
import { daysIn } from '../../functions/domain/utc-days.js';
import { GRANULARITIES, PRESETS, isDay, lastDays, windowProblem, type Granularity, type DayWindow } from './dates.js';

export interface Route {
  /** Path segments after "#/", decoded. */
  path: string[];
  query: URLSearchParams;
}

export function currentRoute(): Route | null {
  const hash = location.hash;
  if (hash === '' || hash === '#' || hash === '#/') return { path: ['overview'], query: new URLSearchParams() };
  // "#main" (the skip link) and other in-page anchors are not routes.
  if (!hash.startsWith('#/')) return null;
  const [path = '', search = ''] = hash.slice(2).split('?');
  const segments = path
    .split('/')
    .filter(Boolean)
    .map((s) => {
      try {
        return decodeURIComponent(s);
      } catch {
        return s;
      }
    });
  return { path: segments.length > 0 ? segments : ['overview'], query: new URLSearchParams(search) };
}

export function href(path: string[], query: Record<string, string | undefined> = {}): string {
  const search = new URLSearchParams();
  for (const [name, value] of Object.entries(query)) if (value !== undefined && value !== '') search.set(name, value);
  return `#/${path.map(encodeURIComponent).join('/')}${search.size > 0 ? `?${search}` : ''}`;
}

export const isChannel = (value: string | null | undefined): value is Channel => (CHANNELS as readonly string[]).includes(value ?? '');

/** The report window a route asks for: a preset of the last 7, 30 or 90 days (default 30), or custom days. */
export interface WindowChoice {
  range: `${(typeof PRESETS)[number]}` | 'custom';
  window: DayWindow;
  granularity: Granularity;
  problem: string | null;
}

export function windowChoice(query: URLSearchParams): WindowChoice {
  const range = query.get('range');
  const from = query.get('from');
  const to = query.get('to');
  let choice: Pick<WindowChoice, 'range' | 'window' | 'problem'>;
  if (range === 'custom' || (range === null && isDay(from) && isDay(to))) {
    const problem = windowProblem({ from, to });
    choice = { range: 'custom', window: problem ? lastDays(30) : { from: from!, to: to! }, problem };
  } else {
    const preset = PRESETS.find((p) => String(p) === range) ?? 30;
    choice = { range: `${preset}`, window: lastDays(preset), problem: null };
  }
  const g = query.get('g');
  const days = daysIn(choice.window.from, choice.window.to);
  // By default about 5 to 30 points per line: days for two weeks, weeks up to four months, then months.
  const granularity = (GRANULARITIES as readonly string[]).includes(g ?? '') ? (g as Granularity) : days <= 14 ? 'day' : days <= 120 ? 'week' : 'month';
  return { ...choice, granularity };
}

/** The query that keeps a window choice across views. */
export function windowQuery(choice: Pick<WindowChoice, 'range' | 'window'>, granularity?: Granularity): Record<string, string | undefined> {
  return choice.range === 'custom'
    ? { range: 'custom', from: choice.window.from, to: choice.window.to, g: granularity }
    : { range: choice.range, g: granularity };
}
