// A survey program for one channel, as a CX manager sets it: what is asked, in which words, when, and how often.
// An invitation keeps a snapshot of the definition it was created under, so a later change never alters it.
import type { Channel } from './channels.js';

export const LOCALES = ['en', 'de', 'fr', 'es'] as const;
export type Locale = (typeof LOCALES)[number];
export const DEFAULT_LOCALE: Locale = 'en';

/** The language of a tag (`de-CH`, `es_MX`, `fr`...) when we speak it; undefined for any other (`pt-BR`) or none. */
export function localeOf(tag: string | undefined): Locale | undefined {
  const language = tag?.trim().toLowerCase().split(/[-_]/)[0];
  return (LOCALES as readonly string[]).includes(language ?? '') ? (language as Locale) : undefined;
}

/** The customer's language tag to one we speak, English when we do not. */
export const resolveLocale = (tag: string | undefined): Locale => localeOf(tag) ?? DEFAULT_LOCALE;

export const QUESTIONS = ['csat', 'nps', 'ces', 'resolved', 'comment'] as const;
export type Question = (typeof QUESTIONS)[number];
/** The questions that can lead the email, as one link per score. */
export const LEAD_QUESTIONS = ['csat', 'nps', 'ces'] as const;
export type LeadQuestion = (typeof LEAD_QUESTIONS)[number];
/** Each score's scale, both ends included: every bound, list of values and "of 5" in the product reads it here. */
export const SCALES = {
  csat: { min: 1, max: 5 },
  nps: { min: 0, max: 10 },
  ces: { min: 1, max: 7 },
} as const satisfies Record<LeadQuestion, { min: number; max: number }>;

/** The whole numbers below N (0 to N - 1), as a type. */
type Below<N extends number, Counted extends number[] = []> = Counted['length'] extends N ? Counted[number] : Below<N, [...Counted, Counted['length']]>;
/** A value on a question's scale: 1 | 2 | 3 | 4 | 5 for CSAT. */
export type ScaleValue<Q extends LeadQuestion> = Exclude<Below<(typeof SCALES)[Q]['max']> | (typeof SCALES)[Q]['max'], Below<(typeof SCALES)[Q]['min']>>;

/** One `string` per value from Min to Max: counts up to Max, collecting from Min on. */
type WordsFrom<Min extends number, Max extends number, Counted extends unknown[] = [], Out extends string[] = []> = Counted['length'] extends Max
  ? Readonly<[...Out, string]>
  : WordsFrom<Min, Max, [...Counted, unknown], Counted['length'] extends Min ? [string] : Out extends [] ? [] : [...Out, string]>;
/** One word per value of a question's scale, lowest first: five for CSAT, seven for CES (the page's labels). */
export type ScaleWords<Q extends LeadQuestion> = { [K in LeadQuestion]: WordsFrom<(typeof SCALES)[K]['min'], (typeof SCALES)[K]['max']> }[Q];

/** Every value on a question's scale, lowest first. */
export function scaleValues<Q extends LeadQuestion>(question: Q): readonly ScaleValue<Q>[] {
  const { min, max } = SCALES[question];
  return Array.from({ length: max - min + 1 }, (_, i) => (min + i) as ScaleValue<Q>);
}

/** What a survey asks when its CX team has not said otherwise. */
export const DEFAULT_QUESTIONS: readonly Question[] = ['csat', 'nps', 'resolved', 'comment'];
export const DEFAULT_LEAD: LeadQuestion = 'csat';

/** Custom question texts, per language: what the CX team wrote replaces the built-in wording. */
export type Wording = Partial<Record<Locale, Partial<Record<Question, string>>>>;

export interface SurveyDefinition {
  channel: Channel;
  enabled: boolean;
  questions: Question[];
  lead: LeadQuestion;
  wording: Wording;
  /** Minutes after the interaction before the email goes out. */
  sendDelayMinutes: number;
  linkExpiryDays: number;
  reminder: { enabled: boolean; afterDays: number };
  /** Share of interactions surveyed, 0..1. */
  samplingRate: number;
  /** At most one survey per customer in this many days, across all channels; 0 = a survey after every interaction. */
  throttleDays: number;
  version: number;
  updatedAt?: string;
  updatedBy?: string;
}

export function defaultDefinition(channel: Channel): SurveyDefinition {
  return {
    channel,
    enabled: true,
    questions: [...DEFAULT_QUESTIONS],
    lead: DEFAULT_LEAD,
    wording: {},
    sendDelayMinutes: 0,
    linkExpiryDays: 30,
    reminder: { enabled: true, afterDays: 3 },
    samplingRate: 1,
    throttleDays: 0,
    version: 0,
  };
}

/** What an invitation keeps of the definition it was created under, and the language it speaks. */
export interface SurveySnapshot {
  locale: Locale;
  questions: Question[];
  lead: LeadQuestion;
  /** The custom texts for this locale only. */
  wording: Partial<Record<Question, string>>;
  definitionVersion: number;
}
