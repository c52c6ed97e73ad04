import { describe, expect, it } from 'vitest';
import {
  aggregateMarkerKey,
  answerKey,
  interactionGuardKey,
  interactionKey,
  invitationKey,
  profileKey,
  TIMELINE_BEGINS,
  timelineRange,
  tokenKey,
} from '../../../functions/store/keys.js';

// Stored items outlive code: a change to this layout strands every item already in the table.
describe('the key layout', () => {
  const occurredAt = '2026-03-02T09:30:00.000Z';

  it('keeps a customer profile under the customer partition', () => {
    expect(profileKey('cust-42')).toEqual({ pk: 'CUSTOMER#cust-42', sk: 'PROFILE' });
  });

  it('keeps an interaction, its invitation and its answer under one timeline prefix, in that order', () => {
    const keys = [
      interactionKey('cust-42', occurredAt, 'call-7781'),
      invitationKey('cust-42', occurredAt, 'call-7781'),
      answerKey('cust-42', occurredAt, 'call-7781'),
    ];

    expect(keys).toEqual([
      { pk: 'CUSTOMER#cust-42', sk: 'T#2026-03-02T09:30:00.000Z#call-7781#1-INTERACTION' },
      { pk: 'CUSTOMER#cust-42', sk: 'T#2026-03-02T09:30:00.000Z#call-7781#2-INVITATION' },
      { pk: 'CUSTOMER#cust-42', sk: 'T#2026-03-02T09:30:00.000Z#call-7781#3-ANSWER' },
    ]);
    expect(keys.every((key) => key.sk.startsWith(TIMELINE_BEGINS))).toBe(true);
  });

  it('sorts a later interaction after an earlier one of the same customer', () => {
    const earlier = interactionKey('cust-42', '2026-03-01T23:59:59.999Z', 'zzz');
    const later = answerKey('cust-42', occurredAt, 'aaa');

    expect(earlier.sk < later.sk).toBe(true);
  });

  it('guards an interaction by its id alone, whoever the customer', () => {
    expect(interactionGuardKey('call-7781')).toEqual({ pk: 'INTERACTION#call-7781', sk: 'GUARD' });
  });

  it('keeps a survey token in a partition of its own', () => {
    expect(tokenKey('q3Vb8wXk1Lr0Zt7YpNc2Hs5Jd9Ga4Uf-')).toEqual({ pk: 'TOKEN#q3Vb8wXk1Lr0Zt7YpNc2Hs5Jd9Ga4Uf-', sk: 'TOKEN' });
  });

  it('marks a counted change in a partition of its own, named by the change', () => {
    expect(aggregateMarkerKey('answer#sv-1#2')).toEqual({ pk: 'AGGMARK#answer#sv-1#2', sk: 'MARK' });
  });

  it("bounds a customer's timeline range so that every item of the first and last interaction falls inside it", () => {
    const { start, end } = timelineRange('2026-03-01T00:00:00.000Z', '2026-03-02T09:30:00.000Z');
    const last = answerKey('cust-42', occurredAt, 'call-7781').sk;
    const before = interactionKey('cust-42', '2026-02-28T23:59:59.999Z', 'call-1').sk;

    expect(start <= last && last <= end).toBe(true);
    expect(before < start).toBe(true);
  });
});
