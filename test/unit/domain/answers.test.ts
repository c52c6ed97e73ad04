import { describe, expect, it } from 'vitest';
import { checkRevisable, nextAnswer } from '../../../functions/domain/answers.js';
import { MAX_REVISIONS, type Answer } from '../../../functions/domain/model.js';
import { Conflict } from '../../../functions/shared/errors.js';
import { anInvitation, REF } from '../support/fixtures.js';

const FIRST = '2026-03-02T09:40:00.000Z';
const LATER = '2026-03-02T11:00:00.000Z';

const answerOf = (revision: number): Answer => ({
  csat: 4,
  comment: 'Quick and kind',
  surveyId: anInvitation().surveyId,
  interactionId: REF.interactionId,
  customerId: REF.customerId,
  channel: 'voice',
  sentAt: anInvitation().createdAt,
  firstAnsweredAt: FIRST,
  answeredAt: '2026-03-02T09:45:00.000Z',
  revision,
});

describe('nextAnswer', () => {
  it('makes a first answer of the values, revision 1, first answered now, dated by the invitation', () => {
    // Act
    const answer = nextAnswer(anInvitation(), null, { csat: 5, resolved: true }, LATER);

    // Assess
    expect(answer).toEqual({
      csat: 5,
      resolved: true,
      surveyId: anInvitation().surveyId,
      interactionId: REF.interactionId,
      customerId: REF.customerId,
      channel: 'voice',
      sentAt: anInvitation().createdAt,
      firstAnsweredAt: LATER,
      answeredAt: LATER,
      revision: 1,
    });
  });

  it('replaces the answer read with the next revision, keeping when it was first answered and none of its old values', () => {
    // Act
    const answer = nextAnswer(anInvitation(), answerOf(2), { nps: 9 }, LATER);

    // Assess
    expect(answer).toMatchObject({ nps: 9, revision: 3, firstAnsweredAt: FIRST, answeredAt: LATER });
    expect(answer).not.toHaveProperty('csat');
    expect(answer).not.toHaveProperty('comment');
  });

  it("copies the invitation's agent onto the answer", () => {
    expect(nextAnswer(anInvitation({ agentId: 'agent-3' }), null, { csat: 2 }, LATER).agentId).toBe('agent-3');
  });

  it('dates the answer by when its email went out', () => {
    const answer = nextAnswer(anInvitation({ delivery: 'sent', sentAt: '2026-03-02T09:31:05.000Z' }), null, { csat: 2 }, LATER);

    expect(answer.sentAt).toBe('2026-03-02T09:31:05.000Z');
  });

  it(`makes the ${MAX_REVISIONS}th revision, and refuses the next with a Conflict that says why`, () => {
    expect(nextAnswer(anInvitation(), answerOf(MAX_REVISIONS - 1), { csat: 1 }, LATER).revision).toBe(MAX_REVISIONS);
    expect(() => nextAnswer(anInvitation(), answerOf(MAX_REVISIONS), { csat: 1 }, LATER)).toThrow(Conflict);
    expect(() => checkRevisable(answerOf(MAX_REVISIONS))).toThrow(`already submitted ${MAX_REVISIONS} times`);
    expect(() => checkRevisable(null)).not.toThrow();
  });
});
