// Sentiment of a comment from word lists, offline: the sum of its words' AFINN valences in its language, a word flipped
// by a negator one or two words before it. The sum is squashed into -1..1 (VADER's normalisation, alpha 15), so that
// long and short comments average on one scale. (The scoring the `sentiment` package did for us, without the package:
// it loaded its English list and emoji at import, on every cold start of the survey page.)
import { labelOf, type CommentLanguage, type CommentSentiment } from '../domain/insights.js';
import { NEGATORS, lexiconOf } from './lexicons.js';

const ALPHA = 15;

/** The valence sum (AFINN units) squashed into -1..1, 3 decimals. */
export const normalise = (sum: number) => Math.round((sum / Math.sqrt(sum * sum + ALPHA)) * 1000) / 1000;

/** The valence sum of `words`: "not good", "nicht sehr gut", "no es bueno" count as bad. */
export function valenceSum(words: readonly string[], language: CommentLanguage): number {
  const lexicon = lexiconOf(language);
  const negators = NEGATORS[language];
  let sum = 0;
  // Last word first, as the package summed: the same floating-point sum, so the same scores as before.
  for (let i = words.length - 1; i >= 0; i--) {
    const valence = lexicon.get(words[i]!);
    if (valence === undefined) continue;
    sum += negators.has(words[i - 1] ?? '') || negators.has(words[i - 2] ?? '') ? -valence : valence;
  }
  return sum;
}

/** `words` as wordsOf() cut them, in the language they are in. */
export function lexiconSentiment(words: readonly string[], language: CommentLanguage): CommentSentiment {
  const normalised = normalise(valenceSum(words, language));
  return { score: normalised, label: labelOf(normalised), language };
}
