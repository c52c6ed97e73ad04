import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { InvalidInput } from '../../../functions/shared/errors.js';
import { parseReportWindow } from '../../../functions/reports/report-query.js';

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
