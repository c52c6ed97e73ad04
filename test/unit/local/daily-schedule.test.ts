// The local stack's recurring schedule: one run each time the stack's clock passes the next run, none before.
import { afterEach, describe, expect, it } from 'vitest';
import { nextAnomalyRun } from '../../../functions/anomalies/anomaly-schedule.js';
import { advanceClock, nowMs } from '../../../functions/shared/clock.js';
import { startDailySchedule } from '../../../local/daily-schedule.js';

let moved = 0;
const move = (ms: number) => {
  moved += ms;
  advanceClock(ms);
};
afterEach(() => {
  advanceClock(-moved);
  moved = 0;
});

describe('the local daily schedule', () => {
  it('runs once when the clock passes the next run, at the time it is then, and not before', async () => {
    // Prepare
    const runs: number[] = [];
    const schedule = startDailySchedule({ nextRun: nextAnomalyRun, run: async () => void runs.push(nowMs()), onError: () => undefined, tickMs: 5 });
    try {
      await schedule.idle();
      expect(runs).toEqual([]);
      // Act: past the next run, then three days at once
      move(nextAnomalyRun(nowMs()) - nowMs() + 1_000);
      await schedule.idle();
      move(3 * 86_400_000);
      await schedule.idle();
      await schedule.idle();
      // Assess: one run per passing, at the 01:15 UTC of the day it ran (the clock's), never replayed one by one
      expect(runs).toHaveLength(2);
      expect(new Date(runs[0]!).toISOString().slice(11, 16)).toBe('01:15');
    } finally {
      await schedule.stop();
    }
  });
});
