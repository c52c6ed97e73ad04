// The rule a webhook delivery's log keeps (functions/domain/webhooks.ts): attempts only while pending, a final status is
// final, and the log is bounded. Both stores keep what attemptLogged returns.
import { describe, expect, it } from 'vitest';
import { MAX_LOGGED_ATTEMPTS, attemptLogged, type DeliveryAttempt, type DeliveryStatus } from '../../../functions/domain/webhooks.js';

const pending = { status: 'pending' as DeliveryStatus, attempts: [] as DeliveryAttempt[] };
const refused: DeliveryAttempt = { at: '2026-03-02T10:00:02.000Z', status: 500, ms: 4 };
const accepted: DeliveryAttempt = { at: '2026-03-02T10:00:33.000Z', status: 204, ms: 3 };

describe("a delivery's log", () => {
  it('appends a failed attempt and stays pending, then records when it was delivered', () => {
    const retried = attemptLogged(pending, refused, 'pending');
    const delivered = retried && attemptLogged(retried, accepted, 'delivered');

    expect(retried).toEqual({ status: 'pending', attempts: [refused] });
    expect(delivered).toEqual({ status: 'delivered', attempts: [refused, accepted], deliveredAt: accepted.at });
  });

  it('drops or supersedes a delivery without an attempt', () => {
    expect(attemptLogged(pending, null, 'superseded')).toEqual({ status: 'superseded', attempts: [] });
  });

  it.each(['delivered', 'failed', 'dropped', 'superseded'] as const)('never moves a %s delivery again', (final) => {
    expect(attemptLogged({ status: final, attempts: [refused] }, accepted, 'pending')).toBeNull();
  });

  it(`keeps at most ${MAX_LOGGED_ATTEMPTS} attempts`, () => {
    const full = { status: 'pending' as const, attempts: Array.from({ length: MAX_LOGGED_ATTEMPTS }, () => refused) };

    expect(attemptLogged(full, refused, 'pending')).toBeNull();
  });
});
