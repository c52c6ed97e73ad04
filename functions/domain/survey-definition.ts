// A survey program for one channel, as a CX manager sets it: what is asked, in which words, when, and how often.
// An invitation keeps a snapshot of the definition it was created under, so a later change never alters it.
import type { Channel } from './channels.js';

export const LOCALES = ['en', 'de', 'fr', 'es'] as const;
export type Locale = (typeof LOCALES)[number];
export const DEFAULT_LOCALE: Locale = 'en';

/** The customer's language tag (`de-CH`, `fr`, `pt-BR`...) to one we speak, English when we do not. */
export function resolveLocale(tag: string | undefined): Locale {
  const language = tag?.split('-')[0]?.toLowerCase();
  return (LOCALES as readonly string[]).includes(language ?? '') ? (language as Locale) : DEFAULT_LOCALE;
}

export const QUESTIONS = ['csat', 'nps', 'ces', 'resolved', 'comment'] as const;
export type Question = (typeof QUESTIONS)[number];
/** The questions that can lead the email, as one link per score. */
export const LEAD_QUESTIONS = ['csat', 'nps', 'ces'] as const;
export type LeadQuestion = (typeof LEAD_QUESTIONS)[number];
export const SCALES: Record<LeadQuestion, { min: number; max: number }> = { csat: { min: 1, max: 5 }, nps: { min: 0, max: 10 }, ces: { min: 1, max: 7 } };

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
    questions: ['csat', 'nps', 'resolved', 'comment'],
    lead: 'csat',
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
