import { describe, expect, it } from 'vitest';
import { emptyCounts } from '../../../functions/domain/metrics.js';
import { SCALES, localeOf, resolveLocale, scaleValues } from '../../../functions/domain/survey-definition.js';
import { MESSAGES, scaleHint } from '../../../functions/i18n/index.js';

describe('score scales', () => {
  it('lists every value of each scale, both ends included', () => {
    expect(scaleValues('csat')).toEqual([1, 2, 3, 4, 5]);
    expect(scaleValues('nps')).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    expect(scaleValues('ces')).toEqual([1, 2, 3, 4, 5, 6, 7]);
  });

  it('counts every value of a scale from zero', () => {
    expect(Object.keys(emptyCounts().nps).map(Number)).toEqual(scaleValues('nps'));
    expect(Object.values(emptyCounts().csat)).toEqual([0, 0, 0, 0, 0]);
  });

  it("names the scale's ends in the NPS hint, in every language", () => {
    expect(scaleHint(MESSAGES.en, 'nps')).toBe('0 = Not at all likely, 10 = Extremely likely');
    for (const m of Object.values(MESSAGES)) {
      expect(scaleHint(m, 'nps')).toMatch(new RegExp(`^${SCALES.nps.min} = .+, ${SCALES.nps.max} = `));
      expect(scaleHint(m, 'ces')).toMatch(new RegExp(`^${SCALES.ces.min} = .+, ${SCALES.ces.max} = `));
    }
  });
});

describe('locales', () => {
  it('reads a language tag as the language we speak, written with a hyphen or an underscore', () => {
    expect(localeOf('de-CH')).toBe('de');
    expect(localeOf(' FR ')).toBe('fr');
    expect(localeOf('es_MX')).toBe('es');
    expect(localeOf('pt-BR')).toBeUndefined();
  });

  it('speaks English to a customer whose language we do not speak', () => {
    expect(resolveLocale('pt-BR')).toBe('en');
    expect(resolveLocale(undefined)).toBe('en');
    expect(resolveLocale('de-AT')).toBe('de');
  });
});
