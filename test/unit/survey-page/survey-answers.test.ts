import { afterEach, describe, expect, it, vi } from 'vitest';
import { MAX_REVISIONS, type Invitation } from '../../../functions/domain/model.js';
import type { Question } from '../../../functions/domain/survey-definition.js';
import { Conflict, Expired, InvalidInput, NotFound } from '../../../functions/shared/errors.js';
import { ConcurrentAnswer } from '../../../functions/store/answer-store.js';
import { checkAsked, findSurvey, openSurvey, submitAnswer, unsubscribeByToken } from '../../../functions/survey-page/survey-answers.js';
import { anInvitation, aProfile, DEFAULT_SURVEY, NOW, REF, TOKEN } from '../support/fixtures.js';
import { InMemoryAnswerStore } from '../support/in-memory-survey-store.js';
import { commentInsightsOver } from '../support/topics.js';
import { captureMetrics } from '../support/metrics.js';

function setup(invitation = anInvitation(), profile = aProfile()) {
  const store = new InMemoryAnswerStore();
  store.seed(invitation, profile);
  const comments = commentInsightsOver();
  return { store, topicReads: comments.topicReads, deps: { answers: store, now: () => NOW, ...comments } };
}

afterEach(() => {
  vi.restoreAllMocks();
});

describe('openSurvey', () => {
  it('opens a live invitation with its current answer', async () => {
    // Prepare
    const { deps } = setup();

    // Act
    const opened = await openSurvey(TOKEN, deps);

    // Assess
    expect(opened).toEqual({ invitation: anInvitation(), answer: null });
  });

  it('refuses a token that is not one of ours without asking the store', async () => {
    // Prepare
    const { store, deps } = setup();
    const find = vi.spyOn(store, 'findByToken');

    // Act
    const opening = openSurvey('../../etc/passwd', deps);

    // Assess
    await expect(opening).rejects.toBeInstanceOf(NotFound);
    expect(find).not.toHaveBeenCalled();
  });

  it('refuses an unknown token with NotFound', async () => {
    // Prepare
    const { deps } = setup();

    // Act
    const opening = openSurvey('Zz'.repeat(16), deps);

    // Assess
    await expect(opening).rejects.toBeInstanceOf(NotFound);
  });

  it('refuses an invitation at its expiry with Expired', async () => {
    // Prepare
    const { deps } = setup(anInvitation({ expiresAt: NOW.toISOString() }));

    // Act
    const opening = openSurvey(TOKEN, deps);

    // Assess
    await expect(opening).rejects.toBeInstanceOf(Expired);
  });
});

describe('submitAnswer', () => {
  it('stores a first answer as revision 1', async () => {
    // Prepare
    const { store, deps } = setup();

    // Act
    const { answer } = await submitAnswer(TOKEN, { csat: 4 }, deps);

    // Assess
    expect(answer).toMatchObject({ csat: 4, revision: 1, answeredAt: NOW.toISOString() });
    expect(store.answers.get(REF.interactionId)).toEqual(answer);
  });

  it('gives back the invitation it answered, so that the page can thank in its language', async () => {
    // Prepare
    const german = { ...DEFAULT_SURVEY, locale: 'de' as const };
    const { deps } = setup(anInvitation({ survey: german }));

    // Act
    const { invitation } = await submitAnswer(TOKEN, { csat: 4 }, deps);

    // Assess
    expect(invitation).toMatchObject({ surveyId: anInvitation().surveyId, survey: german });
  });

  it('refuses an answer to a question the survey did not ask, naming it, and stores nothing', async () => {
    // Prepare
    const { store, deps } = setup(anInvitation({ survey: { ...DEFAULT_SURVEY, questions: ['nps', 'comment'], lead: 'nps' } }));

    // Act
    const submitting = submitAnswer(TOKEN, { nps: 9, csat: 5 }, deps);

    // Assess
    await expect(submitting).rejects.toBeInstanceOf(InvalidInput);
    await expect(submitting).rejects.toMatchObject({ issues: [{ field: 'csat', message: 'was not asked in this survey' }] });
    expect(store.answers.size).toBe(0);
  });

  it('replaces an earlier answer: one answer remains, with the next revision', async () => {
    // Prepare
    const { store, deps } = setup();
    await submitAnswer(TOKEN, { csat: 2, comment: 'Slow' }, deps);

    // Act
    const { answer } = await submitAnswer(TOKEN, { csat: 5 }, deps);

    // Assess
    expect(answer).toMatchObject({ csat: 5, revision: 2 });
    expect(answer).not.toHaveProperty('comment');
    expect(store.answers.size).toBe(1);
  });

  it('reads again and replaces the answer of a submit that won a race', async () => {
    // Prepare
    const { store, deps } = setup();
    const save = store.saveAnswer.bind(store);
    vi.spyOn(store, 'saveAnswer').mockImplementationOnce(async (ref, answer) => {
      await save(ref, { ...answer, csat: 1 }); // another submit lands between our read and our write
      return save(ref, answer); // ours, on the revision read before it: refused
    });

    // Act
    const { answer } = await submitAnswer(TOKEN, { csat: 5 }, deps);

    // Assess
    expect(answer).toMatchObject({ csat: 5, revision: 2 });
    expect(store.answers.get(REF.interactionId)).toMatchObject({ csat: 5, revision: 2 });
  });

  it('gives up after four attempts that all lost a race', async () => {
    // Prepare
    const { store, deps } = setup();
    const save = vi.spyOn(store, 'saveAnswer').mockRejectedValue(new ConcurrentAnswer());

    // Act
    const submitting = submitAnswer(TOKEN, { csat: 5 }, deps);

    // Assess
    await expect(submitting).rejects.toBeInstanceOf(ConcurrentAnswer);
    expect(save).toHaveBeenCalledTimes(4);
  });

  it('stores the sentiment, keywords and topics of the comment with the answer', async () => {
    // Prepare
    const { store, deps } = setup();

    // Act
    const { answer } = await submitAnswer(TOKEN, { csat: 1, comment: 'I waited an hour on hold and the agent was rude.' }, deps);

    // Assess
    const expected = {
      csat: 1,
      sentiment: { label: 'negative', language: 'en' },
      keywords: ['waited', 'hour', 'hold', 'agent', 'rude'],
      topics: ['waiting-time', 'staff'],
    };
    expect(answer).toMatchObject(expected);
    expect(store.answers.get(REF.interactionId)).toMatchObject(expected);
  });

  it('analyses an edited comment again, and leaves an answer without a comment without any analysis', async () => {
    // Prepare
    const { deps, topicReads } = setup();
    await submitAnswer(TOKEN, { csat: 2, comment: 'Terrible, nobody helped.' }, deps);

    // Act
    const { answer: edited } = await submitAnswer(TOKEN, { csat: 5, comment: 'Sorted out in the end, great work!' }, deps);
    const { answer: withoutComment } = await submitAnswer(TOKEN, { csat: 5, comment: '   ' }, deps);

    // Assess
    expect(edited.sentiment?.label).toBe('positive');
    expect(withoutComment).not.toHaveProperty('sentiment');
    expect(withoutComment).not.toHaveProperty('topics');
    expect(topicReads()).toBe(2);
  });

  it("uses the customer's locale when the words alone cannot tell the language", async () => {
    // Prepare
    const { deps } = setup(anInvitation(), aProfile({ locale: 'de-DE' }));

    // Act
    const { answer } = await submitAnswer(TOKEN, { comment: 'Super!' }, deps);

    // Assess
    expect(answer.sentiment).toEqual({ score: 0.612, label: 'positive', language: 'de' });
  });

  it('analyses the comment once per submit, not again for a retry after a lost race', async () => {
    // Prepare
    const { store, deps, topicReads } = setup();
    const analyze = vi.spyOn(deps.analyzer, 'analyze');
    const save = store.saveAnswer.bind(store);
    vi.spyOn(store, 'saveAnswer').mockImplementationOnce(async (ref, answer) => {
      await save(ref, { ...answer, csat: 1 });
      return save(ref, answer);
    });

    // Act
    const { answer } = await submitAnswer(TOKEN, { csat: 2, comment: 'Nobody called back about my refund.' }, deps);

    // Assess
    expect(answer).toMatchObject({ revision: 2, topics: ['refund'] });
    expect(analyze).toHaveBeenCalledTimes(1);
    expect(topicReads()).toBe(1);
  });

  it('refuses an answer to an expired survey', async () => {
    // Prepare
    const { store, deps } = setup(anInvitation({ expiresAt: '2026-03-01T00:00:00.000Z' }));

    // Act
    const submitting = submitAnswer(TOKEN, { csat: 5 }, deps);

    // Assess
    await expect(submitting).rejects.toBeInstanceOf(Expired);
    expect(store.answers.size).toBe(0);
  });
});

describe('findSurvey', () => {
  it('finds the invitation of a link even after it expired (unsubscribe links keep working)', async () => {
    // Prepare
    const { deps } = setup(anInvitation({ expiresAt: '2026-03-01T00:00:00.000Z' }));

    // Act
    const found = await findSurvey(TOKEN, deps);

    // Assess
    expect(found).toEqual({ invitation: anInvitation({ expiresAt: '2026-03-01T00:00:00.000Z' }), answer: null });
  });

  it('refuses a token that is not one of ours without asking the store', async () => {
    // Prepare
    const { store, deps } = setup();
    const find = vi.spyOn(store, 'findByToken');

    // Act
    const finding = findSurvey('not a token', deps);

    // Assess
    await expect(finding).rejects.toBeInstanceOf(NotFound);
    expect(find).not.toHaveBeenCalled();
  });
});

describe('checkAsked', () => {
  const asking = (questions: Question[]) => anInvitation({ survey: { ...DEFAULT_SURVEY, questions, lead: 'ces' } });

  /** The error a call throws, for a look at its issues. */
  function thrownBy(call: () => void): unknown {
    try {
      call();
    } catch (error) {
      return error;
    }
    throw new Error('expected the call to throw');
  }

  it('accepts answers to questions the survey asked, some or all', () => {
    // Act
    const checking = () => checkAsked({ ces: 6, comment: 'Easy' }, asking(['ces', 'resolved', 'comment']));

    // Assess
    expect(checking).not.toThrow();
  });

  it('refuses every answer to a question the survey did not ask, naming each', () => {
    // Act
    const error = thrownBy(() => checkAsked({ ces: 6, csat: 5, nps: 10 }, asking(['ces', 'comment'])));

    // Assess
    expect(error).toBeInstanceOf(InvalidInput);
    expect(error).toMatchObject({
      message: 'Invalid answer: csat, nps was not asked',
      issues: [
        { field: 'csat', message: 'was not asked in this survey' },
        { field: 'nps', message: 'was not asked in this survey' },
      ],
    });
  });

  it('holds an invitation from before survey programs to the questions every survey asked then', () => {
    // Prepare: stored before invitations kept a snapshot
    const older = { ...anInvitation(), survey: undefined } as unknown as Invitation;

    // Act
    const error = thrownBy(() => checkAsked({ csat: 4, ces: 4 }, older));

    // Assess
    expect(error).toMatchObject({ issues: [{ field: 'ces', message: 'was not asked in this survey' }] });
    expect(() => checkAsked({ csat: 4, nps: 9, resolved: true, comment: 'ok' }, older)).not.toThrow();
  });
});

describe('submitAnswer, revisions', () => {
  it(`refuses the submit after the ${MAX_REVISIONS}th with a Conflict that says why, and keeps the answer as it was`, async () => {
    // Prepare: the answer given, then changed until the limit
    const { store, deps } = setup();
    for (let csat = 1; csat <= MAX_REVISIONS; csat++) await submitAnswer(TOKEN, { csat: (csat % 5) + 1 }, deps);
    const before = structuredClone(store.answers.get(REF.interactionId));
    const save = vi.spyOn(store, 'saveAnswer');

    // Act
    const submitting = submitAnswer(TOKEN, { csat: 1 }, deps);

    // Assess
    await expect(submitting).rejects.toThrow(Conflict);
    await expect(submitAnswer(TOKEN, { csat: 1 }, deps)).rejects.toThrow(`already submitted ${MAX_REVISIONS} times`);
    expect(save).not.toHaveBeenCalled();
    expect(before?.revision).toBe(MAX_REVISIONS);
    expect(store.answers.get(REF.interactionId)).toEqual(before);
  });
});

describe('unsubscribeByToken', () => {
  const UNSUBSCRIBE_TOKEN = 'U'.repeat(32);

  it("opts the customer out by the invitation's unsubscribe token", async () => {
    const { store, deps } = setup(anInvitation({ unsubscribeToken: UNSUBSCRIBE_TOKEN }));

    await unsubscribeByToken(UNSUBSCRIBE_TOKEN, deps);

    expect(store.profiles.get(REF.customerId)?.unsubscribedAt).toBe(NOW.toISOString());
  });

  it('refuses the survey token of an invitation that has an unsubscribe token, and unsubscribes nobody', async () => {
    const { store, deps } = setup(anInvitation({ unsubscribeToken: UNSUBSCRIBE_TOKEN }));

    await expect(unsubscribeByToken(TOKEN, deps)).rejects.toThrow(NotFound);
    expect(store.profiles.get(REF.customerId)).not.toHaveProperty('unsubscribedAt');
  });

  it('does not open the survey by the unsubscribe token', async () => {
    const { deps } = setup(anInvitation({ unsubscribeToken: UNSUBSCRIBE_TOKEN }));

    await expect(openSurvey(UNSUBSCRIBE_TOKEN, deps)).rejects.toThrow(NotFound);
    await expect(submitAnswer(UNSUBSCRIBE_TOKEN, { csat: 5 }, deps)).rejects.toThrow(NotFound);
  });

  // The fixture's invitation has no unsubscribe token, as those emailed before it existed: their link holds the survey token.
  it("opts the link's customer out of all surveys, at the time of the click (a link from before unsubscribe tokens)", async () => {
    // Prepare
    const { store, deps } = setup();

    // Act
    const invitation = await unsubscribeByToken(TOKEN, deps);

    // Assess
    expect(invitation.customerId).toBe(REF.customerId);
    expect(store.profiles.get(REF.customerId)?.unsubscribedAt).toBe(NOW.toISOString());
  });

  it('works from the link of an expired survey', async () => {
    // Prepare
    const { store, deps } = setup(anInvitation({ expiresAt: '2026-03-01T00:00:00.000Z' }));

    // Act
    await unsubscribeByToken(TOKEN, deps);

    // Assess
    expect(store.profiles.get(REF.customerId)?.unsubscribedAt).toBe(NOW.toISOString());
  });

  it('keeps the time of the first unsubscribe when the link is used again', async () => {
    // Prepare
    const { store, deps } = setup();
    await unsubscribeByToken(TOKEN, { ...deps, now: () => new Date('2026-03-01T00:00:00.000Z') });

    // Act
    await unsubscribeByToken(TOKEN, deps);

    // Assess
    expect(store.profiles.get(REF.customerId)?.unsubscribedAt).toBe('2026-03-01T00:00:00.000Z');
  });

  it('refuses an unknown token with NotFound', async () => {
    // Prepare
    const { deps } = setup();

    // Act
    const unsubscribing = unsubscribeByToken('Zz'.repeat(16), deps);

    // Assess
    await expect(unsubscribing).rejects.toBeInstanceOf(NotFound);
  });

  it('answers NotFound when the customer is gone (erased), creating no profile', async () => {
    // Prepare
    const { store, deps } = setup();
    store.profiles.clear();

    // Act
    const unsubscribing = unsubscribeByToken(TOKEN, deps);

    // Assess
    await expect(unsubscribing).rejects.toBeInstanceOf(NotFound);
    expect(store.profiles.size).toBe(0);
  });
});

describe('submitAnswer business metrics', () => {
  afterEach(() => vi.unstubAllEnvs());

  it('counts a survey answered once: its first submit, not a later edit', async () => {
    // Prepare
    const { deps } = setup();
    const counted = captureMetrics();

    // Act
    await submitAnswer(TOKEN, { csat: 4 }, deps);
    await submitAnswer(TOKEN, { csat: 2 }, deps);

    // Assess
    expect(counted).toEqual([{ name: 'SurveyAnswered', dimensions: {} }]);
  });
});
