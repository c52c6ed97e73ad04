// Sentiment, language, keywords and topics of a fixed multilingual set of customer comments, with the labels expected.
import { describe, expect, it } from 'vitest';
import { analyzeComment, languageOf, lexiconAnalyzer } from '../../../functions/insights/analyze-comment.js';
import { localeOf } from '../../../functions/domain/survey-definition.js';
import { detectLanguage } from '../../../functions/insights/languages.js';
import { normalise } from '../../../functions/insights/sentiment.js';
import { wordsOf } from '../../../functions/insights/text.js';
import { TOPICS } from '../support/topics.js';

/** The fixed set: each comment with the language, label and topics it must get. */
const COMMENTS: Array<{ comment: string; language: string; label: string; topics: string[] }> = [
  { comment: 'I waited 45 minutes on hold and the agent was rude. Terrible service!', language: 'en', label: 'negative', topics: ['waiting-time', 'staff'] },
  { comment: 'Great help, thank you so much, very quick!', language: 'en', label: 'positive', topics: [] },
  { comment: 'It was not good at all, and I am still waiting for my refund.', language: 'en', label: 'negative', topics: ['waiting-time', 'refund'] },
  { comment: 'The parcel was delivered on the day I chose.', language: 'en', label: 'neutral', topics: ['delivery'] },
  {
    comment: 'Ich habe eine Stunde in der Warteschleife gewartet, total unfreundlich und langsam.',
    language: 'de',
    label: 'negative',
    topics: ['waiting-time', 'staff'],
  },
  { comment: 'Der Mitarbeiter war sehr freundlich und hat mein Problem schnell gelöst. Danke!', language: 'de', label: 'positive', topics: ['staff'] },
  { comment: 'Die Lieferung war nicht gut, das Paket kam kaputt an.', language: 'de', label: 'negative', topics: ['delivery'] },
  { comment: "Trop d'attente et le conseiller était impoli. Je suis très déçu.", language: 'fr', label: 'negative', topics: ['waiting-time', 'staff'] },
  { comment: 'Le service était parfait, merci beaucoup !', language: 'fr', label: 'positive', topics: [] },
  { comment: "Je n'ai toujours pas reçu mon remboursement, c'est inadmissible.", language: 'fr', label: 'negative', topics: ['refund'] },
  { comment: 'Esperé una hora y nadie me ayudó con el reembolso. Pésimo servicio.', language: 'es', label: 'negative', topics: ['waiting-time', 'refund'] },
  { comment: 'La agente fue muy amable y rápida, excelente atención.', language: 'es', label: 'positive', topics: ['staff'] },
  { comment: 'La entrega no es buena, el paquete llegó tarde.', language: 'es', label: 'negative', topics: ['delivery'] },
];

describe('analyzeComment on the multilingual set', () => {
  it.each(COMMENTS)('reads "$comment" as $language, $label, topics $topics', async ({ comment, language, label, topics }) => {
    // Act
    const insights = await lexiconAnalyzer.analyze(comment, { topics: TOPICS });

    // Assess
    expect(insights.sentiment).toMatchObject({ language, label });
    expect(insights.topics).toEqual(topics);
  });

  it('keeps at most five keywords, content words only, most frequent first', () => {
    const { keywords } = analyzeComment('The app crashed. The app crashed again on login 2024, invoice page, password reset, and my order!', 'en', []);
    expect(keywords).toEqual(['app', 'crashed', 'login', 'invoice', 'page']);
  });

  it('scores on -1..1 with three decimals whatever the length', () => {
    expect(normalise(0)).toBe(0);
    expect(normalise(3)).toBe(0.612);
    expect(normalise(-100)).toBeCloseTo(-0.999, 3);
  });

  it('flips a word after a negator one or two words before it', () => {
    expect(analyzeComment('not very good', 'en', []).sentiment.label).toBe('negative');
    expect(analyzeComment('nicht gut', 'de', []).sentiment.label).toBe('negative');
    expect(analyzeComment('pas satisfait', 'fr', []).sentiment.label).toBe('negative');
  });

  it('matches topic keywords without regard to accents, case, or the ending of a word given with *', () => {
    expect(analyzeComment('Le DELAI de LIVRAISON', 'fr', [{ id: 'd', name: 'D', keywords: { fr: ['délai'] } }]).topics).toEqual(['d']);
    expect(analyzeComment('Deliveries are late', 'en', [{ id: 'd', name: 'D', keywords: { en: ['deliver*'] } }]).topics).toEqual(['d']);
    expect(analyzeComment('I had to hold on', 'en', [{ id: 'h', name: 'H', keywords: { en: ['on hold'] } }]).topics).toEqual([]);
  });
});

describe('language', () => {
  it('takes the customer locale when the words cannot tell', async () => {
    expect(await languageOf('Super!', async () => 'de')).toBe('de');
    expect(await languageOf('Super!')).toBe('en');
  });

  it('trusts the words over the locale when they are clear', async () => {
    let asked = false;
    const language = await languageOf('The agent was very helpful and the problem is solved', async () => ((asked = true), 'fr'));
    expect(language).toBe('en');
    expect(asked).toBe(false);
  });

  it('reads a locale as its primary language when it is one we analyse', () => {
    expect(localeOf('de-CH')).toBe('de');
    expect(localeOf('es_MX')).toBe('es');
    expect(localeOf('it-IT')).toBeUndefined();
    expect(localeOf(undefined)).toBeUndefined();
  });

  it('calls a comment with no function word uncertain', () => {
    expect(detectLanguage(wordsOf('Terrible!'))).toEqual({ language: 'en', confident: false });
  });
});
