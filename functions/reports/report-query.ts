// The query parameters of every report: a window of UTC days and a granularity, validated with messages naming them.
import * as z from '../shared/zod.js';
import { addDays, daysIn, isUtcDay, mondayOf, utcDay } from '../domain/utc-days.js';
import { now } from '../shared/clock.js';
import { InvalidInput, type FieldIssue } from '../shared/errors.js';
import { validate } from '../shared/http.js';
import { channelSchema } from '../shared/schemas.js';

export const MAX_WINDOW_DAYS = 400;
/** No answer is older than the platform: earlier days are a mistake. */
export const EARLIEST_DAY = '2000-01-01';
/** The last day a window may reach: tomorrow (UTC), so that every time zone's today is inside, and no later. */
export const latestDay = () => addDays(utcDay(now()), 1);

export const utcDate = z
  .string({ message: 'is required (YYYY-MM-DD)' })
  .check(z.regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a date as YYYY-MM-DD'), z.refine(isUtcDay, 'is not a real date'));

export const GRANULARITIES = ['day', 'week', 'month'] as const;
export type Granularity = (typeof GRANULARITIES)[number];

const windowSchema = z.object({
  from: utcDate,
  to: utcDate,
  granularity: z.optional(z.enum(GRANULARITIES, { message: `must be one of ${GRANULARITIES.join(', ')}` })),
  channel: z.optional(channelSchema),
});

export type ReportWindow = z.infer<typeof windowSchema>;

export function parseReportWindow(query: Record<string, string | undefined> | undefined): ReportWindow {
  return checkWindow(validate(windowSchema, query ?? {}, 'query'));
}

const anomalyQuerySchema = z.object({ from: utcDate, to: utcDate, channel: z.optional(channelSchema) });

/** GET /anomalies: the days of a report window (same limits), of one channel if given. */
export function parseAnomalyQuery(query: Record<string, string | undefined> | undefined): z.infer<typeof anomalyQuerySchema> {
  return checkWindow(validate(anomalyQuerySchema, query ?? {}, 'query'));
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
  const days = daysIn(window.from, window.to);
  if (days < 1) throw new InvalidInput('Invalid query: from must not be after to', [{ field: 'from', message: 'must not be after to' }]);
  if (days > MAX_WINDOW_DAYS) {
    throw new InvalidInput(`Invalid query: the window from..to is ${days} days; at most ${MAX_WINDOW_DAYS}`, [
      { field: 'to', message: `must be at most ${MAX_WINDOW_DAYS} days after from` },
    ]);
  }
  return window;
}

/** The first day of the bucket a day falls in (weeks start on Monday, ISO 8601), never before the window's start. */
export function bucketStart(day: string, granularity: Granularity, from: string): string {
  const start = granularity === 'week' ? mondayOf(day) : granularity === 'month' ? `${day.slice(0, 7)}-01` : day;
  return start < from ? from : start;
}
