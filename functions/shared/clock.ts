// The time every use case sees. In Lambda it is the system clock; the local stack's tests can move it forward
// (advanceClock) to let a send delay, a reminder or an expiry pass without waiting.
let offsetMs = 0;

export const now = (): Date => new Date(Date.now() + offsetMs);
export const nowMs = (): number => Date.now() + offsetMs;

/** Local stack only: time passes by `ms` for every function and queue in this process. */
export function advanceClock(ms: number): void {
  offsetMs += ms;
}
