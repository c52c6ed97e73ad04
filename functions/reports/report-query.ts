// The query parameters of every report: a window of UTC days and a granularity, validated with messages naming them.
import * as z from 'zod';
import { CHANNELS } from '../domain/channels.js';
import { now } from '../shared/clock.js';
import { InvalidInput, type FieldIssue } from '../shared/errors.js';
import { validate } from '../shared/http.js';

export const MAX_WINDOW_DAYS = 400;
/** No answer is older than the platform: earlier days are a mistake. */
export const EARLIEST_DAY = '2000-01-01';
const DAY_MS = 86_400_000;
/** The last day a window may reach: tomorrow (UTC), so that every time zone's today is inside, and no later. */
export const latestDay = () => new Date(now().getTime() + DAY_MS).toISOString().slice(0, 10);

export const utcDate = z
  .string({ message: 'is required (YYYY-MM-DD)' })
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a date as YYYY-MM-DD')
  .refine((d) => !Number.isNaN(Date.parse(`${d}T00:00:00Z`)) && new Date(`${d}T00:00:00Z`).toISOString().startsWith(d), 'is not a real date');

export const GRANULARITIES = ['day', 'week', 'month'] as const;
export type Granularity = (typeof GRANULARITIES)[number];

const windowSchema = z.object({
  from: utcDate,
  to: utcDate,
  granularity: z.enum(GRANULARITIES, { message: `must be one of ${GRANULARITIES.join(', ')}` }).optional(),
  channel: z.enum(CHANNELS, { message: `must be one of ${CHANNELS.join(', ')}` }).optional(),
});

export type ReportWindow = z.infer<typeof windowSchema>;

export function parseReportWindow(query: Record<string, string | undefined> | undefined): ReportWindow {
  return checkWindow(validate(windowSchema, query ?? {}, 'query'));
}

/** Both days from EARLIEST_DAY to latestDay(), from <= to, and at most MAX_WINDOW_DAYS days. */
export function checkWindow<W extends { from: string; to: string }>(window: W): W {
  const latest = latestDay();
  const outside: FieldIssue[] = (['from', 'to'] as const).flatMap((field) =>
    window[field] < EARLIEST_DAY
      ? [{ field, message: `must be on or after ${EARLIEST_DAY}` }]
      : window[field] > latest
        ? [{ field, message: `must be on or before ${latest} (tomorrow, UTC)` }]
        : [],
  );
  if (outside.length > 0) throw new InvalidInput(`Invalid query: ${outside.map((i) => `${i.field} ${i.message}`).join('; ')}`, outside);
  const days = (Date.parse(window.to) - Date.parse(window.from)) / DAY_MS + 1;
  if (days < 1) throw new InvalidInput('Invalid query: from must not be after to', [{ field: 'from', message: 'must not be after to' }]);
  if (days > MAX_WINDOW_DAYS) {
    throw new InvalidInput(`Invalid query: the window from..to is ${days} days; at most ${MAX_WINDOW_DAYS}`, [
      { field: 'to', message: `must be at most ${MAX_WINDOW_DAYS} days after from` },
    ]);
  }
  return window;
}

/** Every UTC day of the window, in order. */
export function daysOf(from: string, to: string): string[] {
  const days: string[] = [];
  for (let t = Date.parse(from); t <= Date.parse(to); t += DAY_MS) days.push(new Date(t).toISOString().slice(0, 10));
  return days;
}

/** The first day of the bucket a day falls in (weeks start on Monday, ISO 8601), never before the window's start. */
export function bucketStart(day: string, granularity: Granularity, from: string): string {
  let start = day;
  if (granularity === 'week') {
    const date = new Date(`${day}T00:00:00Z`);
    date.setUTCDate(date.getUTCDate() - ((date.getUTCDay() + 6) % 7));
    start = date.toISOString().slice(0, 10);
  } else if (granularity === 'month') {
    start = `${day.slice(0, 7)}-01`;
  }
  return start < from ? from : start;
}
