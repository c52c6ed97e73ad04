// When the weekly digest is due: the configured weekday and hour in the configured zone, across zones and DST changes.
import { describe, expect, it } from 'vitest';
import { digestDue, isIanaTimeZone, isoWeekOf, localTime, type DigestSchedule } from '../../../functions/domain/digest-schedule.js';

const at = (iso: string) => new Date(iso);
const schedule = (overrides: Partial<DigestSchedule> = {}): DigestSchedule => ({ weekday: 'monday', hour: 9, timeZone: 'UTC', enabled: true, ...overrides });

describe('isoWeekOf', () => {
  it.each([
    ['2026-01-01', '2026-W01'], // a Thursday: week 1 is the week with the year's first Thursday
    ['2027-01-01', '2026-W53'], // a Friday: still the last week of 2026
    ['2024-12-30', '2025-W01'], // a Monday in December already in 2025's first week
    ['2026-12-06', '2026-W49'], // a Sunday ends its week
    ['2026-12-07', '2026-W50'],
  ])('puts %s in %s', (day, week) => expect(isoWeekOf(day)).toBe(week));
});

describe('isIanaTimeZone', () => {
  it.each(['Europe/Berlin', 'America/New_York', 'Asia/Kolkata', 'UTC'])('accepts %s', (zone) => expect(isIanaTimeZone(zone)).toBe(true));
  it.each(['Mars/Olympus', 'CEST+2', '', ' Europe/Berlin', 'Europe/Berlin\n', '../../etc'])('refuses %j', (zone) => expect(isIanaTimeZone(zone)).toBe(false));
});

describe('digestDue', () => {
  it('is due at the configured hour in UTC, and not the hour before', () => {
    expect(digestDue(schedule(), at('2026-12-07T09:00:00Z'))).toEqual({ due: true, week: '2026-W50' });
    expect(digestDue(schedule(), at('2026-12-07T08:00:00Z')).due).toBe(false);
    expect(digestDue(schedule(), at('2026-12-08T09:00:00Z')).due).toBe(false); // Tuesday
  });

  it('reads the hour in the configured zone: 09:00 in New York is 14:00 UTC in winter and 13:00 UTC in summer', () => {
    const newYork = schedule({ timeZone: 'America/New_York' });
    expect(digestDue(newYork, at('2026-12-07T14:00:00Z')).due).toBe(true);
    expect(digestDue(newYork, at('2026-12-07T09:00:00Z')).due).toBe(false);
    expect(digestDue(newYork, at('2026-06-01T13:00:00Z')).due).toBe(true);
    expect(digestDue(newYork, at('2026-06-01T12:00:00Z')).due).toBe(false);
  });

  it('names the week by the zone’s own date: Monday 08:00 in Tokyo is still Sunday in UTC', () => {
    const tokyo = schedule({ hour: 8, timeZone: 'Asia/Tokyo' });
    expect(digestDue(tokyo, at('2026-12-06T23:00:00Z'))).toEqual({ due: true, week: '2026-W50' });
  });

  it('meets a half-hour zone’s hour at the top of the UTC hour (09:30 in Kolkata at 04:00 UTC)', () => {
    expect(digestDue(schedule({ timeZone: 'Asia/Kolkata' }), at('2026-12-07T04:00:00Z')).due).toBe(true);
    expect(digestDue(schedule({ timeZone: 'Asia/Kolkata' }), at('2026-12-07T03:00:00Z')).due).toBe(false);
  });

  it('still sends on the night spring-forward skips the configured hour (02:00 in Berlin on 2026-03-29)', () => {
    const berlin = schedule({ weekday: 'sunday', hour: 2, timeZone: 'Europe/Berlin' });
    // 00:00 UTC is 01:00 CET; 01:00 UTC is already 03:00 CEST: 02:00 never happens that night.
    expect(localTime(at('2026-03-29T01:00:00Z'), 'Europe/Berlin').hour).toBe(3);
    expect(digestDue(berlin, at('2026-03-29T00:00:00Z')).due).toBe(false);
    expect(digestDue(berlin, at('2026-03-29T01:00:00Z'))).toEqual({ due: true, week: '2026-W13' });
  });

  it('is due at both passes of an hour that fall-back repeats, in the same week (the marker sends once)', () => {
    const berlin = schedule({ weekday: 'sunday', hour: 2, timeZone: 'Europe/Berlin' });
    // 2026-10-25: 00:00 UTC is 02:00 CEST, 01:00 UTC is 02:00 CET.
    expect(digestDue(berlin, at('2026-10-25T00:00:00Z'))).toEqual({ due: true, week: '2026-W43' });
    expect(digestDue(berlin, at('2026-10-25T01:00:00Z'))).toEqual({ due: true, week: '2026-W43' });
  });

  it('stays due for a late or retried trigger within the window, and not after it', () => {
    expect(digestDue(schedule(), at('2026-12-07T11:59:00Z')).due).toBe(true);
    expect(digestDue(schedule(), at('2026-12-07T12:00:00Z')).due).toBe(false);
  });

  it('is never due when disabled', () => {
    expect(digestDue(schedule({ enabled: false }), at('2026-12-07T09:00:00Z')).due).toBe(false);
  });
});
