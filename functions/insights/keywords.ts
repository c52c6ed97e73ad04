// The words a comment is about: content words (no function words, negators or numbers), most frequent first.
import { MAX_KEYWORDS, type CommentLanguage } from '../domain/insights.js';
import { stopwordsOf } from './languages.js';
import { NEGATORS } from './lexicons.js';
import { isContentWord } from './text.js';

export function keywordsOf(words: readonly string[], language: CommentLanguage, max = MAX_KEYWORDS): string[] {
  const counts = new Map<string, number>();
  for (const word of words) {
    if (!isContentWord(word) || stopwordsOf(language).has(word) || NEGATORS[language].has(word)) continue;
    counts.set(word, (counts.get(word) ?? 0) + 1);
  }
  // A Map keeps first-seen order, and the sort is stable: ties stay in the order the customer wrote them.
  return [...counts]
    .sort((a, b) => b[1] - a[1])
    .slice(0, max)
    .map(([word]) => word);
}
