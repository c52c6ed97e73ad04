// Dates and numbers are written from the catalogues, not with Intl (whose first use starts ICU on a cold start): they
// must read exactly as Intl writes them, in every language, for every day of a year and numbers of every length.
import { describe, expect, it } from 'vitest';
import { MESSAGES, dayInWords, formatDay, formatWholeNumber } from '../../../functions/i18n/index.js';

const LOCALES = Object.entries(MESSAGES);

describe("dates and numbers in the customer's language", () => {
  it.each(LOCALES)('%s: every day of a leap year reads as Intl writes it', (_, m) => {
    const intl = new Intl.DateTimeFormat(m.intl, { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' });
    for (let t = Date.UTC(2024, 0, 1); t < Date.UTC(2025, 0, 1); t += 86_400_000) expect(formatDay(m, new Date(t))).toBe(intl.format(t));
  });

  it.each(LOCALES)('%s: whole numbers read as Intl writes them, grouped or not', (_, m) => {
    const intl = new Intl.NumberFormat(m.intl);
    for (const n of [0, 7, 42, 999, 1000, 2000, 9999, 10_000, 20_000, 123_456, 1_000_000, 98_765_432, -1500, -20_000])
      expect(formatWholeNumber(m, n), String(n)).toBe(intl.format(n));
  });

  it('gives the day of an interaction in UTC with its ISO date, and nothing for a timestamp that is not a date', () => {
    expect(dayInWords('2025-03-12T23:30:00-02:00', MESSAGES.de)).toEqual({ text: '13. März 2025', isoDate: '2025-03-13' });
    expect(dayInWords('yesterday', MESSAGES.en)).toBeNull();
  });
});
