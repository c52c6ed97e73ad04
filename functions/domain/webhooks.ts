// A webhook delivery's log: the attempts at one event for one subscriber, and the statuses it moves through (pending
// until delivered, failed, dropped or superseded; never back). Both stores keep what attemptLogged returns.
/** `superseded`: an edit's delivery not sent because a later edit of the same answer has its own (coalesced). */
export type DeliveryStatus = 'pending' | 'delivered' | 'failed' | 'dropped' | 'superseded';

export interface DeliveryAttempt {
  at: string;
  /** The subscriber's HTTP status, when it answered. */
  status?: number;
  error?: string;
  ms: number;
}

/** How long a delivery's log is kept. */
export const DELIVERY_LOG_DAYS = 30;
/** Attempts kept on a delivery's log (the queue allows fewer). */
export const MAX_LOGGED_ATTEMPTS = 20;

interface DeliveryLog {
  status: DeliveryStatus;
  attempts: DeliveryAttempt[];
  deliveredAt?: string;
}

/**
 * The log with an attempt appended (none for a delivery dropped or superseded unsent) and moved to `status`; null when
 * it may no longer change: it left pending, or its log is full.
 */
export function attemptLogged<D extends DeliveryLog>(delivery: D, attempt: DeliveryAttempt | null, status: DeliveryStatus): D | null {
  if (delivery.status !== 'pending' || delivery.attempts.length >= MAX_LOGGED_ATTEMPTS) return null;
  return {
    ...delivery,
    status,
    attempts: attempt ? [...delivery.attempts, attempt] : delivery.attempts,
    ...(status === 'delivered' && attempt ? { deliveredAt: attempt.at } : {}),
  };
}
