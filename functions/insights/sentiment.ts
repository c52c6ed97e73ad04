// Sentiment of a comment from word lists, offline: the `sentiment` package (AFINN) with our four languages registered,
// each with its negators. The sum of the words' valences is squashed into -1..1 (VADER's normalisation, alpha 15), so
// that long and short comments average on one scale.
import Sentiment from 'sentiment';
import { labelOf, type CommentLanguage, type CommentSentiment } from '../domain/insights.js';
import { LEXICONS, NEGATORS } from './lexicons.js';

const analyzer = new Sentiment();
for (const [language, labels] of Object.entries(LEXICONS) as Array<[CommentLanguage, Record<string, number>]>) {
  const negators = NEGATORS[language];
  analyzer.registerLanguage(language, {
    labels: { ...labels },
    scoringStrategy: {
      // A negator one or two words before flips the word: "not good", "nicht sehr gut", "no es bueno".
      apply: (tokens, cursor, score) => (negators.has(tokens[cursor - 1] ?? '') || negators.has(tokens[cursor - 2] ?? '') ? -score : score),
    },
  });
}

const ALPHA = 15;

/** The valence sum (AFINN units) squashed into -1..1, 3 decimals. */
export const normalise = (sum: number) => Math.round((sum / Math.sqrt(sum * sum + ALPHA)) * 1000) / 1000;

/** `words` as wordsOf() cut them, in the language they are in. */
export function lexiconSentiment(words: readonly string[], language: CommentLanguage): CommentSentiment {
  // The package splits on spaces only: our words, joined, are exactly its tokens.
  const { score } = analyzer.analyze(words.join(' '), { language });
  const normalised = normalise(score);
  return { score: normalised, label: labelOf(normalised), language };
}
