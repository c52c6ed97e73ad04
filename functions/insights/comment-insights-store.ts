// The hook that analyses a comment when its answer is stored: a SurveyStore whose saveAnswer first reads the comment
// (sentiment, keywords, the topics current then) and stores the result with the answer; every other call goes through.
// An edit is a new saveAnswer, so an edited comment is analysed again; an answer without a comment carries nothing.
import type { CommentInsights } from '../domain/insights.js';
import type { AnswerValues } from '../domain/model.js';
import type { SurveyStore } from '../store/survey-store.js';
import type { TopicStore } from '../topics/topic-store.js';
import type { CommentAnalyzer } from './analyze-comment.js';
import { languageOfLocale } from './languages.js';

export interface CommentInsightDeps {
  analyzer: CommentAnalyzer;
  topics: Pick<TopicStore, 'getTopics'>;
}

export function withCommentInsights<S extends SurveyStore>(store: S, deps: CommentInsightDeps): S {
  const saveAnswer: SurveyStore['saveAnswer'] = async (invitation, previous, values, now) => {
    const comment = values.comment?.trim();
    if (!comment) return store.saveAnswer(invitation, previous, values, now);
    const { topics } = await deps.topics.getTopics();
    const insights = await deps.analyzer.analyze(comment, {
      topics,
      // Read only when the words cannot tell the language: most comments cost no extra read.
      languageHint: async () => languageOfLocale((await store.getProfile(invitation.customerId))?.locale),
    });
    // The adapter stores the values as given: the analysis travels with them, onto the answer item.
    const analysed: AnswerValues & CommentInsights = { ...values, ...insights };
    return store.saveAnswer(invitation, previous, analysed, now);
  };
  return new Proxy(store, {
    get(target, property, receiver) {
      if (property === 'saveAnswer') return saveAnswer;
      const value: unknown = Reflect.get(target, property, receiver);
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
}
