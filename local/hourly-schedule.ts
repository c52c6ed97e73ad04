// EventBridge Scheduler's hourly schedule, locally: at the top of every hour of the stack's clock (which the tests move,
// functions/shared/clock.ts) the digest function is invoked with that hour as its scheduled time, as in AWS. A clock
// moved by several hours at once triggers the last hour passed, as a schedule does not replay the hours it missed.
import { nowMs } from '../functions/shared/clock.js';

const HOUR_MS = 3_600_000;
/** Like the Scheduler's retry policy, a run that throws is tried again, a few times. */
const MAX_TRIES = 3;

export type ScheduledTarget = (event: { scheduledTime: string }) => Promise<unknown>;

export interface HourlySchedule {
  /** True while an hour has passed whose run has not finished. */
  pending(): boolean;
  /** Resolves once no run is due or running. */
  idle(): Promise<void>;
  stop(): Promise<void>;
}

export function startHourlySchedule(target: ScheduledTarget, options: { tickMs?: number; onError?: (error: unknown) => void } = {}): HourlySchedule {
  let lastHour = Math.floor(nowMs() / HOUR_MS);
  let tries = 0;
  let running: Promise<void> | undefined;
  const hourNow = () => Math.floor(nowMs() / HOUR_MS);
  const tick = () => {
    // A clock moved back (a test restoring it): the schedule goes on from the hour it now reads.
    if (!running && hourNow() < lastHour) lastHour = hourNow();
    if (running || hourNow() <= lastHour) return;
    const hour = hourNow();
    running = target({ scheduledTime: new Date(hour * HOUR_MS).toISOString() })
      .then(
        () => {
          lastHour = hour;
          tries = 0;
        },
        (error: unknown) => {
          options.onError?.(error);
          if (++tries >= MAX_TRIES) {
            lastHour = hour;
            tries = 0;
          }
        },
      )
      .finally(() => (running = undefined));
  };
  const timer = setInterval(tick, options.tickMs ?? 250);
  return {
    pending: () => running !== undefined || hourNow() > lastHour,
    idle: async () => {
      for (;;) {
        tick();
        if (running) await running;
        else if (hourNow() <= lastHour) return;
      }
    },
    stop: async () => {
      clearInterval(timer);
      await running;
    },
  };
}
