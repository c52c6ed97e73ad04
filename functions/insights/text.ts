// Words of a comment as the analysis sees them: lower-case, apostrophes kept inside words, emojis as words of their own.
import type { CommentLanguage } from '../domain/insights.js';

const WORD = /\p{Extended_Pictographic}|[\p{L}\p{N}]+(?:['’][\p{L}]+)*/gu;
/** French and Spanish elisions ("l'attente", "d'un") become two words: the article and the noun. */
const ELISION = /^(l|d|j|n|m|t|s|c|qu|jusqu|lorsqu|puisqu)'(.+)$/;

export function wordsOf(text: string, language?: CommentLanguage): string[] {
  const words: string[] = [];
  for (const match of text.normalize('NFC').toLowerCase().matchAll(WORD)) {
    const word = match[0].replaceAll('’', "'");
    const elided = language === 'fr' ? ELISION.exec(word) : null;
    if (elided) words.push(`${elided[1]}'`, elided[2]!);
    else words.push(word);
  }
  return words;
}

/** The same word without accents, for matching what managers type against what customers type ("délai" = "delai"). */
export function fold(word: string): string {
  return word.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase();
}

/** A word that may be counted as a term or a keyword: letters only (no numbers, ids, addresses), 3 to 24 of them. */
export const isContentWord = (word: string) => /^\p{L}{3,24}$/u.test(word);
