// Which language a comment is in: a vote of its function words (the stopword package's lists, read from word-lists/)
// among the languages we analyse; a comment too short to tell (no function word, or a tie) takes the customer's
// locale, then English.
import { COMMENT_LANGUAGES, type CommentLanguage } from '../domain/insights.js';
import { stopwordLists } from './word-lists.js';

/** Words the lists leave out that are still no topic: auxiliaries, fillers, polite formulas. */
const MORE_STOPWORDS: Record<CommentLanguage, string[]> = {
  en: [
    'i',
    "i'm",
    "i've",
    'im',
    'ive',
    'am',
    'was',
    'got',
    'get',
    'just',
    'really',
    'also',
    'even',
    'one',
    'two',
    'still',
    'please',
    'thank',
    'thanks',
    'yes',
    'ok',
    'okay',
    'again',
    'always',
    'every',
    'day',
    'time',
    'times',
  ],
  de: ['ich', 'habe', 'hatte', 'wurde', 'wurden', 'war', 'ist', 'sehr', 'mal', 'schon', 'noch', 'bitte', 'danke', 'ja', 'nein', 'gibt', 'mehr'],
  fr: [
    "l'",
    "d'",
    "j'",
    "n'",
    "m'",
    "t'",
    "s'",
    "c'",
    "qu'",
    'très',
    'ça',
    'cela',
    'bien',
    'tout',
    'toujours',
    'encore',
    'merci',
    'oui',
    'non',
    'plus',
    'fait',
    'ont',
  ],
  es: [
    'es',
    'fue',
    'era',
    'está',
    'estaba',
    'estoy',
    'he',
    'ha',
    'han',
    'hay',
    'muy',
    'todo',
    'nada',
    'gracias',
    'sí',
    'ya',
    'más',
    'mucho',
    'pero',
    'esta',
    'este',
  ],
};

let stopwords: Readonly<Record<CommentLanguage, ReadonlySet<string>>> | undefined;

/** Function words per language, built on the first comment. */
export function stopwordsOf(language: CommentLanguage): ReadonlySet<string> {
  if (!stopwords) {
    const lists = stopwordLists();
    stopwords = {
      en: new Set([...lists.en, ...MORE_STOPWORDS.en]),
      de: new Set([...lists.de, ...MORE_STOPWORDS.de]),
      fr: new Set([...lists.fr, ...MORE_STOPWORDS.fr]),
      es: new Set([...lists.es, ...MORE_STOPWORDS.es]),
    };
  }
  return stopwords[language];
}

/** Letters only one of our languages writes. */
const LETTERS: Record<CommentLanguage, RegExp> = { en: /(?!)/, de: /[äöüß]/, fr: /[çèêëàâîïôœù]/, es: /[ñ¿¡áíóú]/ };

export interface DetectedLanguage {
  language: CommentLanguage;
  /** False when the words alone could not tell: the caller may have a better hint (the customer's locale). */
  confident: boolean;
}

/**
 * 1. Each word votes for every language whose function words include it; letters only one language uses add a vote.
 * 2. The language with the most votes wins if it leads the next by at least one vote.
 * 3. Otherwise the hint (the customer's locale), otherwise English.
 */
export function detectLanguage(words: readonly string[], hint?: CommentLanguage): DetectedLanguage {
  const votes = new Map<CommentLanguage, number>(COMMENT_LANGUAGES.map((l) => [l, 0]));
  for (const word of words) {
    for (const language of COMMENT_LANGUAGES) {
      if (stopwordsOf(language).has(word)) votes.set(language, votes.get(language)! + 1);
      if (LETTERS[language].test(word)) votes.set(language, votes.get(language)! + 1);
    }
    // French elision ("l'attente", "qu'il"): no other language of ours writes it.
    if (/^(?:[ldjnmtsc]|qu)'\p{L}/u.test(word)) votes.set('fr', votes.get('fr')! + 1);
  }
  const ranked = [...votes].sort((a, b) => b[1] - a[1]);
  const [first, second] = [ranked[0]!, ranked[1]!];
  if (first[1] > 0 && first[1] > second[1]) return { language: first[0], confident: true };
  // A tie between the hint and others: the hint breaks it.
  if (hint && (first[1] === 0 || votes.get(hint) === first[1])) return { language: hint, confident: false };
  return { language: first[1] > 0 ? first[0] : 'en', confident: false };
}
