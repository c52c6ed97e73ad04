// The query parameters of every report: a window of UTC days and a granularity, validated with messages naming them.
import * as z from '../shared/zod.js';
import { DEFAULT_INTERVALS } from '../domain/metrics.js';
import { addDays, daysIn, isUtcDay, mondayOf, utcDay } from '../domain/utc-days.js';
import { now } from '../shared/clock.js';
import { InvalidInput, type FieldIssue } from '../shared/errors.js';
import { validate } from '../shared/http.js';
import { channelSchema, wholeNumberParam } from '../shared/schemas.js';

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

const confidenceMessage = 'must be a number from 0.8 to 0.99';
/** The reports with scores also take how sure their intervals are, the low-sample threshold, and a comparison. */
const scoreQuerySchema = z.extend(windowSchema, {
  confidence: z._default(
    z.coerce.number({ message: confidenceMessage }).check(z.minimum(0.8, confidenceMessage), z.maximum(0.99, confidenceMessage)),
    DEFAULT_INTERVALS.confidence,
  ),
  minSample: z._default(wholeNumberParam(1, 10_000), DEFAULT_INTERVALS.minSample),
  compare: z.optional(z.enum(['previous'], { message: 'must be previous' })),
});

export type ScoreQuery = ReportWindow & Partial<Omit<z.infer<typeof scoreQuerySchema>, keyof ReportWindow>>;

export function parseScoreQuery(query: Record<string, string | undefined> | undefined): ScoreQuery {
  return checkWindow(validate(scoreQuerySchema, query ?? {}, 'query'));
}

const monthsBefore = (day: string, months: number) => {
  const date = new Date(`${day}T00:00:00.000Z`);
  return utcDay(new Date(Date.UTC(date.getUTCFullYear(), date.getUTCMonth() - months, 1)));
};

/**
 * The window a report compares with: as many days, ending the day before `from`; for a window of whole calendar months,
 * as many whole months before (September against August), which also reads the same number of monthly rollups.
 */
export function previousWindow(window: { from: string; to: string }): { from: string; to: string } {
  const to = addDays(window.from, -1);
  if (window.from.endsWith('-01') && addDays(window.to, 1).endsWith('-01')) {
    const [fromYear, fromMonth] = window.from.split('-').map(Number) as [number, number];
    const [toYear, toMonth] = window.to.split('-').map(Number) as [number, number];
    return { from: monthsBefore(window.from, (toYear - fromYear) * 12 + toMonth - fromMonth + 1), to };
  }
  return { from: addDays(window.from, -daysIn(window.from, window.to)), to };
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
