// The word lists the offline analysis reads: AFINN valences per language, emoji valences and function words, in the
// folder beside this module (scripts/word-lists.ts writes it from their packages). They ship as files beside the survey
// page's bundle, not inside it (about 170 KiB that every cold start would load, the click on a rating link included),
// and are read on the first comment that needs them, each file once per container.
import { readFileSync } from 'node:fs';
import type { CommentLanguage } from '../domain/insights.js';

/** In the source tree and in the bundle alike, `word-lists/` sits beside the module that reads it. */
const FOLDER = new URL('./word-lists/', import.meta.url);

const cache = new Map<string, unknown>();
function read<T>(name: string): T {
  if (!cache.has(name)) cache.set(name, JSON.parse(readFileSync(new URL(name, FOLDER), 'utf8')));
  return cache.get(name) as T;
}

/** A language's AFINN list: one-word entries, NFC and lower-case, valence -5..5. */
export const afinnValences = (language: CommentLanguage) => read<Readonly<Record<string, number>>>(`afinn-${language}.json`);

/** Emoji valences, which count in every language. */
export const emojiValences = () => read<Readonly<Record<string, number>>>('emoji.json');

/** The stopword package's function words per language, lower-case. */
export const stopwordLists = () => read<Readonly<Record<CommentLanguage, readonly string[]>>>('stopwords.json');
