import { describe, expect, it } from 'vitest';
import { addDays, daysAfter, daysIn, eachDay, isUtcDay, mondayOf, monthAfter, utcDay } from '../../../functions/domain/utc-days.js';

describe('UTC days', () => {
  it('takes the UTC day of an instant, whatever the local time zone says', () => {
    expect(utcDay(new Date('2025-03-09T23:59:59.999Z'))).toBe('2025-03-09');
    expect(utcDay('2025-03-10T00:00:00.000Z')).toBe('2025-03-10');
  });

  it('adds and subtracts days across month, year and leap-day boundaries', () => {
    expect(addDays('2024-02-28', 1)).toBe('2024-02-29');
    expect(addDays('2024-03-01', -1)).toBe('2024-02-29');
    expect(addDays('2025-03-01', -1)).toBe('2025-02-28');
    expect(addDays('2025-12-31', 1)).toBe('2026-01-01');
    expect(addDays('2025-01-10', -29)).toBe('2024-12-12');
  });

  it('moves an instant by whole days of 24 hours', () => {
    expect(daysAfter(new Date('2025-03-30T00:30:00.000Z'), 3).toISOString()).toBe('2025-04-02T00:30:00.000Z');
    expect(daysAfter(new Date('2025-03-01T12:00:00.000Z'), -1).toISOString()).toBe('2025-02-28T12:00:00.000Z');
  });

  it('counts the days of a window with both ends included', () => {
    expect(daysIn('2025-01-01', '2025-01-01')).toBe(1);
    expect(daysIn('2024-01-01', '2024-12-31')).toBe(366);
    expect(daysIn('2025-01-02', '2025-01-01')).toBe(0);
  });

  it('lists every day of a window in order, and none when it is reversed', () => {
    expect(eachDay('2024-02-27', '2024-03-02')).toEqual(['2024-02-27', '2024-02-28', '2024-02-29', '2024-03-01', '2024-03-02']);
    expect(eachDay('2025-01-02', '2025-01-01')).toEqual([]);
  });

  it('accepts only real calendar days written YYYY-MM-DD', () => {
    expect(isUtcDay('2024-02-29')).toBe(true);
    expect(isUtcDay('2025-02-29')).toBe(false);
    expect(isUtcDay('2025-02-30')).toBe(false);
    expect(isUtcDay('2025-13-01')).toBe(false);
    expect(isUtcDay('2025-1-01')).toBe(false);
    expect(isUtcDay('2025-01-01T00:00:00Z')).toBe(false);
  });

  it('starts a week on its Monday (ISO 8601)', () => {
    expect(mondayOf('2025-01-05')).toBe('2024-12-30'); // a Sunday
    expect(mondayOf('2025-01-06')).toBe('2025-01-06'); // a Monday
    expect(mondayOf('2025-01-08')).toBe('2025-01-06');
  });

  it('steps a month forward, over the end of a year', () => {
    expect(monthAfter('2025-01')).toBe('2025-02');
    expect(monthAfter('2025-12')).toBe('2026-01');
  });
});
