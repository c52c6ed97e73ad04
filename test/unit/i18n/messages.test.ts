import { describe, expect, it } from 'vitest';
import { LOCALES } from '../../../functions/domain/survey-definition.js';
import { fillHtml, MESSAGES, placeholders } from '../../../functions/i18n/index.js';

/** Every leaf of a catalogue as [path, text]. */
function leaves(value: unknown, path = ''): [string, string][] {
  if (typeof value === 'string') return [[path, value]];
  return Object.entries(value as Record<string, unknown>).flatMap(([key, child]) => leaves(child, path === '' ? key : `${path}.${key}`));
}

describe('the message catalogues', () => {
  const english = new Map(leaves(MESSAGES.en));

  it.each(LOCALES)('%s has every key English has, and no other', (locale) => {
    expect(leaves(MESSAGES[locale]).map(([path]) => path)).toEqual([...english.keys()]);
  });

  it.each(LOCALES)('%s fills the same placeholders as English in every message', (locale) => {
    // Which grammatical case of the channel a sentence needs is the language's business.
    const used = (text: string): string[] => [...new Set(placeholders(text).map((name) => name.replace(/^channel(Nom|Acc|Dat)$/, 'channel')))].sort();
    for (const [path, text] of leaves(MESSAGES[locale])) {
      expect([path, used(text)]).toEqual([path, used(english.get(path)!)]);
      // Nothing may be blank; a separator may be a space (French groups digits with a narrow no-break space).
      expect(path === 'formats.groupSeparator' ? text : text.trim(), path).not.toBe('');
    }
  });

  it("escapes a template's own words but not the HTML put into it", () => {
    expect(fillHtml("l'<{x}>", { x: '<b>ok</b>' })).toBe('l&#39;&lt;<b>ok</b>&gt;');
  });
});
