import { describe, expect, it } from 'vitest';
import { coveredByTopics, topicSetSchema } from '../../../functions/insights/topics.js';
import { validate } from '../../../functions/shared/http.js';
import { InvalidInput } from '../../../functions/shared/errors.js';
import { TOPICS } from '../support/topics.js';

const issuesOf = (body: unknown) => {
  try {
    validate(topicSetSchema, body, 'topics');
    return [];
  } catch (error) {
    if (!(error instanceof InvalidInput)) throw error;
    return error.issues;
  }
};

describe('topic rules', () => {
  it('accepts keyword rules per language', () => {
    expect(issuesOf({ topics: TOPICS })).toEqual([]);
  });

  it.each([
    [{ topics: [{ id: 'Bad Id', name: 'x', keywords: { en: ['x1'] } }] }, 'topics.0.id'],
    [{ topics: [{ id: 'a', name: '', keywords: { en: ['x1'] } }] }, 'topics.0.name'],
    [{ topics: [{ id: 'a', name: 'A', keywords: {} }] }, 'topics.0.keywords'],
    [{ topics: [{ id: 'a', name: 'A', keywords: { it: ['ciao'] } }] }, 'topics.0.keywords'],
    [{ topics: [{ id: 'a', name: 'A', keywords: { en: ['<script>'] } }] }, 'topics.0.keywords.en.0'],
    [
      {
        topics: [
          { id: 'a', name: 'A', keywords: { en: ['ok1'] } },
          { id: 'a', name: 'B', keywords: { en: ['ok2'] } },
        ],
      },
      'topics.1.id',
    ],
    [{ topics: 'all' }, 'topics'],
  ])('refuses %j naming %s', (body, field) => {
    expect(issuesOf(body).map((i) => i.field)).toContain(field);
  });

  it('tells which terms a topic already covers, in any language', () => {
    expect(coveredByTopics('warteschleife', TOPICS)).toBe(true);
    expect(coveredByTopics('refunds', TOPICS)).toBe(true);
    expect(coveredByTopics('password', TOPICS)).toBe(false);
  });
});
