// The rules an alert lives by (functions/domain/alerts.ts): what an unhappy answer raises, where a manager may move an
// alert, and how a close counts in its day's statistics. Pure functions: both stores store what these return.
import { describe, expect, it } from 'vitest';
import { DURATION_BUCKETS, MAX_EXACT_DURATIONS, closeOf, moveAlert, raisedAlert, withClose, type Alert } from '../../../functions/domain/alerts.js';

const ref = { customerId: 'cust-42', occurredAt: '2026-03-02T09:30:00.000Z', interactionId: 'call-7781' };
const open = raisedAlert(
  { surveyId: 'survey-1', channel: 'voice', agentId: 'agent-7', csat: 1, comment: 'Nobody called me back.' },
  ref,
  ['csat'],
  'alt_00112233445566778899aabbccddeeff',
  '2026-03-02T10:00:00.000Z',
);

function moved(alert: Alert, to: Alert['status'], at: string): Alert {
  const move = moveAlert(alert, to, 'manager-1', at);
  if (!('moved' in move)) throw new Error(move.refused);
  return move.moved;
}

describe('raising an alert', () => {
  it('opens it with the answer as it is, its customer and interaction, and a first step by the system', () => {
    expect(open).toEqual({
      alertId: 'alt_00112233445566778899aabbccddeeff',
      surveyId: 'survey-1',
      customerId: 'cust-42',
      interactionId: 'call-7781',
      channel: 'voice',
      agentId: 'agent-7',
      csat: 1,
      comment: 'Nobody called me back.',
      reasons: ['csat'],
      status: 'open',
      createdAt: '2026-03-02T10:00:00.000Z',
      updatedAt: '2026-03-02T10:00:00.000Z',
      history: [{ status: 'open', by: 'system', at: '2026-03-02T10:00:00.000Z' }],
    });
  });
});

describe('moving an alert', () => {
  it('moves open -> contacted -> closed, stamping each instant and appending who and when', () => {
    const contacted = moved(open, 'contacted', '2026-03-02T11:00:00.000Z');
    const closed = moved(contacted, 'closed', '2026-03-02T12:00:00.000Z');

    expect(closed).toEqual({
      ...open,
      status: 'closed',
      updatedAt: '2026-03-02T12:00:00.000Z',
      contactedAt: '2026-03-02T11:00:00.000Z',
      closedAt: '2026-03-02T12:00:00.000Z',
      history: [
        ...open.history,
        { status: 'contacted', by: 'manager-1', at: '2026-03-02T11:00:00.000Z' },
        { status: 'closed', by: 'manager-1', at: '2026-03-02T12:00:00.000Z' },
      ],
    });
  });

  it('closes an open alert without a call, and leaves the alert it was given as it was', () => {
    const before = structuredClone(open);

    expect(moved(open, 'closed', '2026-03-02T12:00:00.000Z')).toMatchObject({ status: 'closed', closedAt: '2026-03-02T12:00:00.000Z' });
    expect(open).toEqual(before);
  });

  it.each([
    ['open', 'open', 'The alert is already open.'],
    ['contacted', 'open', 'The alert is contacted; it can move to closed, not to open.'],
    ['closed', 'contacted', 'The alert is closed; it can move to nothing (closed is final), not to contacted.'],
  ] as const)('refuses to move a %s alert to %s, saying where it may go', (from, to, why) => {
    const alert = from === 'open' ? open : moved(open, from, '2026-03-02T11:00:00.000Z');

    expect(moveAlert(alert, to, 'manager-2', '2026-03-02T13:00:00.000Z')).toEqual({ refused: why });
  });
});

describe('counting a close', () => {
  it("counts a close in its channel's row of the day it closed, in whole seconds since the alert was raised", () => {
    const close = closeOf(moved(open, 'closed', '2026-03-03T10:00:00.400Z'));

    expect(close).toEqual({ channel: 'voice', day: '2026-03-03', seconds: 86400 });
    expect(closeOf(open)).toBeNull();
  });

  it('keeps durations exactly up to the bound, then only in the histogram', () => {
    const full = {
      channel: 'voice' as const,
      day: '2026-03-02',
      closed: MAX_EXACT_DURATIONS,
      durations: Array.from({ length: MAX_EXACT_DURATIONS }, () => 60),
      histogram: DURATION_BUCKETS.map((_, i) => (i === 0 ? MAX_EXACT_DURATIONS : 0)),
    };

    const first = withClose(undefined, { channel: 'voice', day: '2026-03-02', seconds: 600 });
    const past = withClose(full, { channel: 'voice', day: '2026-03-02', seconds: 600 });

    expect(first).toEqual({ channel: 'voice', day: '2026-03-02', closed: 1, durations: [600], histogram: DURATION_BUCKETS.map((_, i) => (i === 1 ? 1 : 0)) });
    expect(past.closed).toBe(MAX_EXACT_DURATIONS + 1);
    expect(past.durations).toHaveLength(MAX_EXACT_DURATIONS);
    expect(past.histogram.slice(0, 2)).toEqual([MAX_EXACT_DURATIONS, 1]);
  });
});
