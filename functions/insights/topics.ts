// Topics a CX manager defines as keyword rules per language, their validation, and the matching of a comment against them.
import * as z from '../shared/zod.js';
import { COMMENT_LANGUAGES, type CommentLanguage } from '../domain/insights.js';
import { fold, wordsOf } from './text.js';

export const MAX_TOPICS = 50;
export const MAX_KEYWORDS_PER_LANGUAGE = 40;

const keyword = z.string().check(
  z.trim(),
  z.minLength(2, 'must be at least 2 characters'),
  z.maxLength(60, 'must be at most 60 characters'),
  z.refine((k) => /^[\p{L}\p{N}'’ -]+\*?$/u.test(k), 'may hold letters, digits, spaces, hyphens and apostrophes, and end with * (any ending)'),
);

const keywordsByLanguage = z
  .strictObject(
    Object.fromEntries(
      COMMENT_LANGUAGES.map((l) => [
        l,
        z.optional(z.array(keyword).check(z.maxLength(MAX_KEYWORDS_PER_LANGUAGE, `must hold at most ${MAX_KEYWORDS_PER_LANGUAGE} keywords`))),
      ]),
    ) as Record<CommentLanguage, z.ZodMiniOptional<z.ZodMiniArray<typeof keyword>>>,
  )
  .check(z.refine((k) => Object.values(k).some((list) => (list?.length ?? 0) > 0), 'must hold at least one keyword in one language'));

export const topicSchema = z.strictObject({
  id: z
    .string({ message: 'is required' })
    .check(
      z.regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, 'must be lower-case letters and digits, words joined by hyphens (e.g. "delivery-delay")'),
      z.maxLength(40, 'must be at most 40 characters'),
    ),
  name: z.string({ message: 'is required' }).check(z.trim(), z.minLength(1, 'must not be empty'), z.maxLength(80, 'must be at most 80 characters')),
  keywords: keywordsByLanguage,
});

export const topicSetSchema = z.strictObject({ topics: z.array(topicSchema).check(z.maxLength(MAX_TOPICS, `must hold at most ${MAX_TOPICS} topics`)) }).check(
  z.superRefine((set, ctx) => {
    const seen = new Set<string>();
    set.topics.forEach((topic, i) => {
      if (seen.has(topic.id)) ctx.addIssue({ code: 'custom', path: ['topics', i, 'id'], message: `repeats the id "${topic.id}"` });
      seen.add(topic.id);
    });
  }),
);

export type Topic = z.infer<typeof topicSchema>;
export type TopicSet = z.infer<typeof topicSetSchema>;

/** A keyword as matching uses it: folded words, and whether its last word may continue ("deliver*"). */
interface Rule {
  words: string[];
  prefix: boolean;
}

function ruleOf(keyword: string): Rule {
  const prefix = keyword.endsWith('*');
  return { words: wordsOf(prefix ? keyword.slice(0, -1) : keyword).map(fold), prefix };
}

function matches(rule: Rule, folded: readonly string[]): boolean {
  const n = rule.words.length;
  if (n === 0) return false;
  for (let i = 0; i + n <= folded.length; i++) {
    let all = true;
    for (let j = 0; j < n && all; j++) {
      const want = rule.words[j]!;
      const word = folded[i + j]!;
      all = j === n - 1 && rule.prefix ? word.startsWith(want) : word === want;
    }
    if (all) return true;
  }
  return false;
}

/** The ids of the topics whose keywords, in the comment's language, appear in it; accents and case do not matter. */
export function matchTopics(words: readonly string[], language: CommentLanguage, topics: readonly Topic[]): string[] {
  const folded = words.map(fold);
  return topics.filter((topic) => (topic.keywords[language] ?? []).some((k) => matches(ruleOf(k), folded))).map((topic) => topic.id);
}

/** Whether any topic, in any language, already covers a term: such terms are not suggested as new topics. */
export function coveredByTopics(term: string, topics: readonly Topic[]): boolean {
  const folded = [fold(term)];
  return topics.some((topic) => Object.values(topic.keywords).some((list) => (list ?? []).some((k) => matches(ruleOf(k), folded))));
}
