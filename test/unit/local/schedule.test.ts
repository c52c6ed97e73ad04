// The local stack's recurring schedule: one run each time the stack's clock passes the next run, none before.
import { afterEach, describe, expect, it } from 'vitest';
import { nextAnomalyRun } from '../../../functions/anomalies/anomaly-schedule.js';
import { advanceClock, nowMs } from '../../../functions/shared/clock.js';
import { nextHour, startSchedule } from '../../../local/schedule.js';

let moved = 0;
const move = (ms: number) => {
  moved += ms;
  advanceClock(ms);
};
afterEach(() => {
  advanceClock(-moved);
  moved = 0;
});

describe('the local schedules', () => {
  it('runs once when the clock passes the next run, at the time it is then, and not before', async () => {
    // Prepare
    const runs: number[] = [];
    const schedule = startSchedule({ nextRun: nextAnomalyRun, run: async () => void runs.push(nowMs()), onError: () => undefined, tickMs: 5 });
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

  it('gives each run its scheduled time, the last one passed when the clock jumped', async () => {
    // Prepare
    const times: string[] = [];
    const schedule = startSchedule({ nextRun: nextHour, run: async (at) => void times.push(at), onError: () => undefined, tickMs: 5 });
    try {
      const first = nextHour(nowMs());
      // Act: just past the next hour, then five hours and a half at once
      move(first - nowMs() + 1_000);
      await schedule.idle();
      move(5.5 * 3_600_000);
      await schedule.idle();
      // Assess
      expect(times).toEqual([new Date(first).toISOString(), new Date(first + 5 * 3_600_000).toISOString()]);
      expect(schedule.pending()).toBe(false);
    } finally {
      await schedule.stop();
    }
  });

  it('tries a failing run as often as told, then goes on to the next one', async () => {
    // Prepare
    let calls = 0;
    const errors: unknown[] = [];
    const schedule = startSchedule({
      nextRun: nextHour,
      run: async () => {
        calls++;
        throw new Error('refused');
      },
      onError: (error) => errors.push(error),
      tries: 3,
      tickMs: 5,
    });
    try {
      // Act
      move(nextHour(nowMs()) - nowMs() + 1_000);
      await schedule.idle();
      // Assess: three tries of that hour, none more until the next hour
      expect(calls).toBe(3);
      expect(errors).toHaveLength(3);
      expect(schedule.pending()).toBe(false);
    } finally {
      await schedule.stop();
    }
  });

  it('goes on from the time the clock reads when it is moved back', async () => {
    // Prepare
    const times: string[] = [];
    const schedule = startSchedule({ nextRun: nextHour, run: async (at) => void times.push(at), onError: () => undefined, tickMs: 5 });
    try {
      move(2 * 86_400_000);
      await schedule.idle();
      // Act: back two days, then past the next hour
      move(-2 * 86_400_000);
      await schedule.idle(); // the schedule reads the clock moved back (the stack's settled does the same)
      expect(schedule.pending()).toBe(false);
      const next = nextHour(nowMs());
      move(next - nowMs() + 1_000);
      await schedule.idle();
      // Assess: the hour after the restored clock ran, not the one two days later
      expect(times.at(-1)).toBe(new Date(next).toISOString());
    } finally {
      await schedule.stop();
    }
  });
});
