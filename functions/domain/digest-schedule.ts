// When the weekly digest is due: the configured weekday and hour in the manager's time zone, once per ISO week of that
// zone. Pure (Intl only), so the scheduled function, the local stack and the tests share one rule.

export const WEEKDAYS = ['monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday', 'sunday'] as const;
export type Weekday = (typeof WEEKDAYS)[number];

export interface DigestSchedule {
  weekday: Weekday;
  /** 0-23, local wall-clock hour. */
  hour: number;
  /** An IANA name: Europe/Berlin, America/New_York, UTC. */
  timeZone: string;
  enabled: boolean;
}

/**
 * How long after the configured hour an hourly trigger still sends: the scheduler runs at the top of every UTC hour,
 * so a zone 30 or 45 minutes off UTC meets its hour at :30 or :45, a trigger delayed or retried up to this window still
 * sends, and on the night a DST change skips the configured hour (02:00 on a spring-forward Sunday) the next hour does.
 * The week's marker makes the second trigger inside the window send nothing.
 */
export const DUE_WINDOW_HOURS = 3;

/** True for a time zone the runtime knows by its IANA name (Intl.DateTimeFormat refuses the rest). */
export function isIanaTimeZone(name: string): boolean {
  if (name.trim() === '' || name !== name.trim()) return false;
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: name });
    return true;
  } catch {
    return false;
  }
}

export interface LocalTime {
  /** YYYY-MM-DD in the zone. */
  date: string;
  weekday: Weekday;
  hour: number;
  minute: number;
}

const formatters = new Map<string, Intl.DateTimeFormat>();
const formatterOf = (timeZone: string) =>
  formatters.get(timeZone) ??
  formatters
    .set(
      timeZone,
      new Intl.DateTimeFormat('en-US', {
        timeZone,
        hourCycle: 'h23',
        year: 'numeric',
        month: '2-digit',
        day: '2-digit',
        hour: '2-digit',
        minute: '2-digit',
        weekday: 'long',
      }),
    )
    .get(timeZone)!;

/** The wall clock of an instant in a time zone. */
export function localTime(at: Date, timeZone: string): LocalTime {
  const parts = Object.fromEntries(
    formatterOf(timeZone)
      .formatToParts(at)
      .map((p) => [p.type, p.value]),
  );
  return {
    date: `${parts.year}-${parts.month}-${parts.day}`,
    weekday: parts.weekday!.toLowerCase() as Weekday,
    hour: Number(parts.hour) % 24,
    minute: Number(parts.minute),
  };
}

/** The ISO 8601 week of a calendar day, as `2026-W01` (the week with the year's first Thursday is week 1). */
export function isoWeekOf(day: string): string {
  const date = new Date(`${day}T00:00:00Z`);
  const weekday = (date.getUTCDay() + 6) % 7; // Monday 0
  const thursday = new Date(date.getTime() + (3 - weekday) * 86_400_000);
  const year = thursday.getUTCFullYear();
  const week = Math.floor((thursday.getTime() - Date.UTC(year, 0, 1)) / (7 * 86_400_000)) + 1;
  return `${year}-W${String(week).padStart(2, '0')}`;
}

/**
 * Whether a trigger at `at` should send this week's digest: the zone's wall clock is in the DUE_WINDOW_HOURS after the
 * configured weekday and hour, within the same ISO week. `week` names that local week: the marker's key.
 */
export function digestDue(schedule: DigestSchedule, at: Date): { due: boolean; week: string } {
  const local = localTime(at, schedule.timeZone);
  const week = isoWeekOf(local.date);
  if (!schedule.enabled) return { due: false, week };
  const minuteOfWeek = (WEEKDAYS.indexOf(local.weekday) * 24 + local.hour) * 60 + local.minute;
  const configured = (WEEKDAYS.indexOf(schedule.weekday) * 24 + schedule.hour) * 60;
  return { due: minuteOfWeek >= configured && minuteOfWeek < configured + DUE_WINDOW_HOURS * 60, week };
}
