// UTC days as the table's keys, the reports and the API write them (YYYY-MM-DD): every computation with them, once.
// Pure and dependency-free, so that every function (and the dashboard's bundle) can import it for nothing.

export const DAY_MS = 86_400_000;

const midnight = (day: string) => Date.parse(`${day}T00:00:00Z`);

/** The UTC day of an instant: a Date, or a timestamp as toISOString writes it. */
export const utcDay = (at: Date | string): string => (typeof at === 'string' ? at : at.toISOString()).slice(0, 10);

/** The instant `n` whole days (of 24 hours) after `at`; `n` may be negative. */
export const daysAfter = (at: Date, n: number): Date => new Date(at.getTime() + n * DAY_MS);

/** The UTC day `n` days after `day`; `n` may be negative. */
export const addDays = (day: string, n: number): string => utcDay(new Date(midnight(day) + n * DAY_MS));

/** How many days from..to holds, both included: 1 for a single day, 0 or less when `from` is after `to`. */
export const daysIn = (from: string, to: string): number => Math.round((midnight(to) - midnight(from)) / DAY_MS) + 1;

/** Every UTC day from..to, in order, both included. */
export function eachDay(from: string, to: string): string[] {
  const days: string[] = [];
  for (let t = midnight(from); t <= midnight(to); t += DAY_MS) days.push(utcDay(new Date(t)));
  return days;
}

/** A string that is a real calendar day written YYYY-MM-DD (not 2025-02-30). */
export const isUtcDay = (value: string): boolean =>
  /^\d{4}-\d{2}-\d{2}$/.test(value) && !Number.isNaN(midnight(value)) && utcDay(new Date(midnight(value))) === value;

/** The Monday that starts the ISO 8601 week a day falls in. */
export function mondayOf(day: string): string {
  const weekday = new Date(midnight(day)).getUTCDay();
  return addDays(day, -((weekday + 6) % 7));
}

/** The month (YYYY-MM) after a month. */
export function monthAfter(month: string): string {
  const date = new Date(`${month}-01T00:00:00Z`);
  date.setUTCMonth(date.getUTCMonth() + 1);
  return date.toISOString().slice(0, 7);
}
