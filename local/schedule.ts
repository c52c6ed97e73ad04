// EventBridge Scheduler's recurring schedules, locally: a function invoked each time the stack's clock
// (functions/shared/clock.ts, which tests move with advanceClock) passes the schedule's next run, with that run's time
// as its scheduled time. As in AWS, runs missed while the clock jumped are not replayed one by one: one invocation,
// for the last run passed. A run that throws is tried again up to `tries` times, like the Scheduler's retry policy.
import { nowMs } from '../functions/shared/clock.js';

export interface LocalSchedule {
  /** True while a run is due or under way. */
  pending(): boolean;
  /** Resolves once no run is due or under way (the stack's `settled` waits on it). */
  idle(): Promise<void>;
  stop(): Promise<void>;
}

export function startSchedule(options: {
  /** The next run strictly after an instant (epoch ms). */
  nextRun: (afterMs: number) => number;
  run: (scheduledTime: string) => Promise<unknown>;
  onError: (error: unknown) => void;
  /** Tries of one run before the schedule moves on (default 1). */
  tries?: number;
  tickMs?: number;
}): LocalSchedule {
  let next = options.nextRun(nowMs());
  let failures = 0;
  let running: Promise<void> | undefined;
  const tick = () => {
    if (running) return;
    const now = nowMs();
    // The clock moved back (a test undoing its advance): the schedule goes on from the time it now reads.
    next = Math.min(next, options.nextRun(now));
    if (now < next) return;
    let scheduled = next;
    for (let later = options.nextRun(scheduled); later <= now; later = options.nextRun(scheduled)) scheduled = later;
    const done = () => {
      next = options.nextRun(scheduled);
      failures = 0;
    };
    running = options
      .run(new Date(scheduled).toISOString())
      .then(done, (error: unknown) => {
        options.onError(error);
        if (++failures >= (options.tries ?? 1)) done();
      })
      .finally(() => (running = undefined));
  };
  const timer = setInterval(tick, options.tickMs ?? 100);
  return {
    pending: () => running !== undefined || nowMs() >= next,
    idle: async () => {
      for (;;) {
        tick();
        if (running) await running;
        else if (nowMs() < next) return;
      }
    },
    stop: async () => {
      clearInterval(timer);
      await running;
    },
  };
}

/** The top of the next hour (UTC). */
export const nextHour = (afterMs: number) => (Math.floor(afterMs / 3_600_000) + 1) * 3_600_000;
