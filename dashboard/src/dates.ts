// Windows of UTC days, as the API counts them: presets relative to today and custom ranges (the API names the window before).
import { addDays, daysIn as daysFromTo, isUtcDay, utcDay } from '../../functions/domain/utc-days.js';

export { addDays };
/** The API's limit on a report window. */
export const MAX_WINDOW_DAYS = 400;

export const PRESETS = [7, 30, 90] as const;
export type Preset = (typeof PRESETS)[number];
export const GRANULARITIES = ['day', 'week', 'month'] as const;
export type Granularity = (typeof GRANULARITIES)[number];

/** Both days inclusive, YYYY-MM-DD. */
export type DayWindow = {
  from: string;
  to: string;
};

export const todayUtc = () => utcDay(new Date());
export const daysIn = ({ from, to }: DayWindow) => daysFromTo(from, to);

export const isDay = (value: string | null | undefined): value is string => typeof value === 'string' && isUtcDay(value);

/** The last n days, today included. */
export const lastDays = (n: number, today = todayUtc()): DayWindow => ({ from: addDays(today, -(n - 1)), to: today });

/** A problem with a custom window, in words, or null. */
export function windowProblem(window: { from?: string | null; to?: string | null }): string | null {
  if (!isDay(window.from)) return 'Choose a start date.';
  if (!isDay(window.to)) return 'Choose an end date.';
  if (window.from > window.to) return 'The start date is after the end date.';
  if (daysIn({ from: window.from, to: window.to }) > MAX_WINDOW_DAYS) return `Choose at most ${MAX_WINDOW_DAYS} days.`;
  return null;
}
