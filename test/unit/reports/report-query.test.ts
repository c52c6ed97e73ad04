import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { InvalidInput } from '../../../functions/shared/errors.js';
import { parseReportWindow, parseScoreQuery, previousWindow } from '../../../functions/reports/report-query.js';

function refusal(query: Record<string, string>): InvalidInput | undefined {
  try {
    parseReportWindow(query);
  } catch (error) {
    return error as InvalidInput;
  }
  return undefined;
}

describe('report windows', () => {
  beforeEach(() => {
    vi.useFakeTimers();
    vi.setSystemTime(new Date('2026-03-10T23:30:00.000Z'));
  });
  afterEach(() => vi.useRealTimers());

  it('accepts a window ending tomorrow (UTC), where some time zones already are', () => {
    expect(parseReportWindow({ from: '2026-03-01', to: '2026-03-11' })).toEqual({ from: '2026-03-01', to: '2026-03-11' });
  });

  it('accepts a window starting on the earliest day', () => {
    expect(parseReportWindow({ from: '2000-01-01', to: '2000-01-31' })).toEqual({ from: '2000-01-01', to: '2000-01-31' });
  });

  it('refuses a window ending in year 9999 with 400 naming to', () => {
    const error = refusal({ from: '9999-12-01', to: '9999-12-31' });

    expect(error).toBeInstanceOf(InvalidInput);
    expect(error?.issues).toEqual([
      { field: 'from', message: 'must be on or before 2026-03-11 (tomorrow, UTC)' },
      { field: 'to', message: 'must be on or before 2026-03-11 (tomorrow, UTC)' },
    ]);
  });

  it('refuses a window ending the day after tomorrow, naming to', () => {
    expect(refusal({ from: '2026-03-01', to: '2026-03-12' })?.issues).toEqual([{ field: 'to', message: 'must be on or before 2026-03-11 (tomorrow, UTC)' }]);
  });

  it('refuses a window starting before 2000, naming from', () => {
    expect(refusal({ from: '1999-12-31', to: '2000-01-31' })?.issues).toEqual([{ field: 'from', message: 'must be on or after 2000-01-01' }]);
  });

  it('still refuses a window longer than 400 days, naming to', () => {
    expect(refusal({ from: '2025-01-01', to: '2026-03-01' })?.issues).toEqual([{ field: 'to', message: 'must be at most 400 days after from' }]);
  });
});

describe('the interval and comparison parameters of the score reports', () => {
  beforeEach(() => {
    vi.useFakeTimers();
    vi.setSystemTime(new Date('2026-03-10T12:00:00.000Z'));
  });
  afterEach(() => vi.useRealTimers());

  it('defaults to 95% and 30 answers, and reads them as numbers', () => {
    expect(parseScoreQuery({ from: '2026-03-01', to: '2026-03-02' })).toEqual({ from: '2026-03-01', to: '2026-03-02', confidence: 0.95, minSample: 30 });
    expect(parseScoreQuery({ from: '2026-03-01', to: '2026-03-02', confidence: '0.8', minSample: '5', compare: 'previous' })).toMatchObject({
      confidence: 0.8,
      minSample: 5,
      compare: 'previous',
    });
  });

  it.each([
    [{ confidence: '0.5' }, 'confidence'],
    [{ confidence: '0.995' }, 'confidence'],
    [{ confidence: 'high' }, 'confidence'],
    [{ minSample: '0' }, 'minSample'],
    [{ minSample: '2.5' }, 'minSample'],
    [{ compare: 'last-year' }, 'compare'],
  ])('refuses %o naming %s', (extra, field) => {
    let error: InvalidInput | undefined;
    try {
      parseScoreQuery({ from: '2026-03-01', to: '2026-03-02', ...extra });
    } catch (caught) {
      error = caught as InvalidInput;
    }
    expect(error).toBeInstanceOf(InvalidInput);
    expect(error?.issues.map((i) => i.field)).toEqual([field]);
  });

  it('compares a window with as many days before it, and whole months with as many whole months', () => {
    expect(previousWindow({ from: '2026-03-08', to: '2026-03-14' })).toEqual({ from: '2026-03-01', to: '2026-03-07' });
    expect(previousWindow({ from: '2026-03-01', to: '2026-03-01' })).toEqual({ from: '2026-02-28', to: '2026-02-28' });
    expect(previousWindow({ from: '2024-03-05', to: '2024-04-03' })).toEqual({ from: '2024-02-04', to: '2024-03-04' });
    expect(previousWindow({ from: '2026-09-01', to: '2026-09-30' })).toEqual({ from: '2026-08-01', to: '2026-08-31' });
    expect(previousWindow({ from: '2026-01-01', to: '2026-03-31' })).toEqual({ from: '2025-10-01', to: '2025-12-31' });
  });
});
