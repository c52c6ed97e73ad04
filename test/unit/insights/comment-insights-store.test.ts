import { describe, expect, it } from 'vitest';
import { lexiconAnalyzer } from '../../../functions/insights/analyze-comment.js';
import { withCommentInsights } from '../../../functions/insights/comment-insights-store.js';
import type { SurveyStore } from '../../../functions/store/survey-store.js';
import { InMemorySurveyStore } from '../support/in-memory-survey-store.js';
import { NOW, aProfile, anInvitation } from '../support/fixtures.js';
import { TOPICS } from '../support/topics.js';

function storeWith(locale?: string) {
  const inner = new InMemorySurveyStore();
  const invitation = anInvitation({ status: 'sent', delivery: 'sent', sentAt: '2026-03-02T09:32:00.000Z' });
  inner.seed(invitation, aProfile(locale ? { locale } : {}));
  let topicReads = 0;
  const store: SurveyStore = withCommentInsights(inner as unknown as SurveyStore, {
    analyzer: lexiconAnalyzer,
    topics: { getTopics: async () => ((topicReads += 1), { topics: TOPICS, version: 1 }) },
  });
  return { store, invitation, topicReads: () => topicReads };
}

describe('withCommentInsights', () => {
  it('stores the sentiment, keywords and topics of the comment with the answer', async () => {
    // Prepare
    const { store, invitation } = storeWith();

    // Act
    const answer = await store.saveAnswer(invitation, null, { csat: 1, comment: 'I waited an hour on hold and the agent was rude.' }, NOW.toISOString());

    // Assess
    expect(answer).toMatchObject({
      csat: 1,
      sentiment: { label: 'negative', language: 'en' },
      keywords: ['waited', 'hour', 'hold', 'agent', 'rude'],
      topics: ['waiting-time', 'staff'],
    });
  });

  it('analyses an edited comment again, and leaves an answer without a comment without any analysis', async () => {
    // Prepare
    const { store, invitation, topicReads } = storeWith();
    const first = await store.saveAnswer(invitation, null, { csat: 2, comment: 'Terrible, nobody helped.' }, NOW.toISOString());

    // Act
    const edited = await store.saveAnswer(invitation, first, { csat: 5, comment: 'Sorted out in the end, great work!' }, NOW.toISOString());
    const withoutComment = await store.saveAnswer(invitation, edited, { csat: 5 }, NOW.toISOString());

    // Assess
    expect(edited.sentiment?.label).toBe('positive');
    expect(withoutComment).not.toHaveProperty('sentiment');
    expect(withoutComment).not.toHaveProperty('topics');
    expect(topicReads()).toBe(2);
  });

  it("uses the customer's locale when the words alone cannot tell the language", async () => {
    // Prepare
    const { store, invitation } = storeWith('de-DE');

    // Act
    const answer = await store.saveAnswer(invitation, null, { comment: 'Super!' }, NOW.toISOString());

    // Assess
    expect(answer.sentiment).toEqual({ score: 0.612, label: 'positive', language: 'de' });
  });

  it('passes every other call through to the store', async () => {
    const { store, invitation } = storeWith();
    expect(await store.getInvitation(invitation)).toMatchObject({ surveyId: invitation.surveyId });
  });
});
