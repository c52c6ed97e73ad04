import { afterEach, describe, expect, it, vi } from 'vitest';
import { Expired, NotFound } from '../../../functions/shared/errors.js';
import { ConcurrentAnswer } from '../../../functions/store/survey-store.js';
import { openSurvey, submitAnswer } from '../../../functions/survey-page/survey-answers.js';
import { anInvitation, aProfile, NOW, REF, TOKEN } from '../support/fixtures.js';
import { InMemorySurveyStore } from '../support/in-memory-survey-store.js';

function setup(invitation = anInvitation()) {
  const store = new InMemorySurveyStore();
  store.seed(invitation, aProfile());
  return { store, deps: { store, now: () => NOW } };
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
    const answer = await submitAnswer(TOKEN, { csat: 4 }, deps);

    // Assess
    expect(answer).toMatchObject({ csat: 4, revision: 1, answeredAt: NOW.toISOString() });
    expect(store.answers.get(REF.interactionId)).toEqual(answer);
  });

  it('replaces an earlier answer: one answer remains, with the next revision', async () => {
    // Prepare
    const { store, deps } = setup();
    await submitAnswer(TOKEN, { csat: 2, comment: 'Slow' }, deps);

    // Act
    const answer = await submitAnswer(TOKEN, { csat: 5 }, deps);

    // Assess
    expect(answer).toMatchObject({ csat: 5, revision: 2 });
    expect(answer).not.toHaveProperty('comment');
    expect(store.answers.size).toBe(1);
  });

  it('reads again and replaces the answer of a submit that won a race', async () => {
    // Prepare
    const { store, deps } = setup();
    const save = store.saveAnswer.bind(store);
    vi.spyOn(store, 'saveAnswer').mockImplementationOnce(async (invitation, previous, values, now) => {
      await save(invitation, previous, { csat: 1 }, now); // another submit lands between our read and our write
      return save(invitation, previous, values, now); // ours, on the revision read before it: refused
    });

    // Act
    const answer = await submitAnswer(TOKEN, { csat: 5 }, deps);

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
