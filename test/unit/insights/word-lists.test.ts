// The word lists beside the survey page's bundle are exactly what scripts/word-lists.ts makes of their packages now.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { WORD_LISTS_DIR, wordListFiles } from '../../../scripts/word-lists.js';
import { lexiconOf } from '../../../functions/insights/lexicons.js';

describe('functions/insights/word-lists', () => {
  it.each(Object.entries(wordListFiles()))('%s is what the packages hold (else run npx tsx scripts/word-lists.ts)', (name, text) => {
    expect(readFileSync(`${WORD_LISTS_DIR}${name}`, 'utf8')).toBe(`${text}\n`);
  });

  it('scores our service words over the AFINN list, and emoji in every language', () => {
    expect(lexiconOf('de').get('schlecht')).toBe(-3);
    expect(lexiconOf('fr').get('😀')).toBe(lexiconOf('en').get('😀'));
    expect(lexiconOf('es').get('😀')).toBeGreaterThan(0);
  });
});
