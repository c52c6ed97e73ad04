// EventBridge Scheduler's recurring schedule, locally: a function invoked once each time the stack's clock
// (functions/shared/clock.ts, which tests move with advanceClock) passes its next run. As in AWS, runs missed while
// the clock jumped are not replayed one by one: one invocation, at the time it is now.
import { nowMs } from '../functions/shared/clock.js';

export interface DailySchedule {
  /** Resolves once no run is due or under way (the stack's `settled` waits on it). */
  idle(): Promise<void>;
  stop(): Promise<void>;
}

export function startDailySchedule(options: {
  /** The next run strictly after an instant (epoch ms). */
  nextRun: (afterMs: number) => number;
  run: () => Promise<unknown>;
  onError: (error: unknown) => void;
  tickMs?: number;
}): DailySchedule {
  let next = options.nextRun(nowMs());
  let running: Promise<void> | null = null;
  const due = () => nowMs() >= next;
  const tick = () => {
    if (running) return;
    // The clock moved back (a test undoing its advance): the next run is the one after the new now.
    if (next - nowMs() > 86_400_000) next = options.nextRun(nowMs());
    if (!due()) return;
    next = options.nextRun(nowMs());
    running = options
      .run()
      .then(() => undefined, options.onError)
      .finally(() => (running = null));
  };
  const timer = setInterval(tick, options.tickMs ?? 100);
  return {
    idle: async () => {
      tick();
      while (running) {
        await running;
        tick();
      }
    },
    stop: async () => {
      clearInterval(timer);
      await running;
    },
  };
}
