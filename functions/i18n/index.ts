// The message catalogues by locale, and the two ways a template is filled: as text, or as HTML with every literal part escaped.
import { SCALES, type Locale } from '../domain/survey-definition.js';
import { utcDay } from '../domain/utc-days.js';
import { escapeHtml } from '../shared/html.js';
import { de } from './de.js';
import { en } from './en.js';
import { es } from './es.js';
import { fr } from './fr.js';
import type { Messages } from './messages.js';

export type { ChannelWords, Formats, Messages } from './messages.js';

/** A whole number as Intl.NumberFormat writes it in the catalogue's language, without starting ICU. */
export function formatWholeNumber(m: Pick<Messages, 'formats'>, value: number): string {
  const digits = String(Math.abs(Math.trunc(value)));
  const grouped = digits.length < m.formats.groupFromDigits ? digits : digits.replace(/\B(?=(\d{3})+$)/g, m.formats.groupSeparator);
  return value < 0 ? `-${grouped}` : grouped;
}

export interface DayInWords {
  /** "12 March 2025", "12. März 2025", "12 mars 2025": the month in words, unambiguous to every reader. */
  text: string;
  /** "2025-03-12", for a <time datetime>. */
  isoDate: string;
}

/** The day of an interaction, in UTC as we do not know the customer's time zone; null when the timestamp is not a date. */
export function dayInWords(iso: string, m: Pick<Messages, 'formats'>): DayInWords | null {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return null;
  return { text: formatDay(m, date), isoDate: utcDay(date) };
}

/** A UTC day in words as Intl.DateTimeFormat's long date writes it in the catalogue's language, without starting ICU. */
export function formatDay(m: Pick<Messages, 'formats'>, date: Date): string {
  return fill(m.formats.date, { day: String(date.getUTCDate()), month: m.formats.months[date.getUTCMonth()]!, year: String(date.getUTCFullYear()) });
}

/** A Record over Locale: a new language cannot be added without its catalogue. */
export const MESSAGES: Readonly<Record<Locale, Messages>> = { en, de, fr, es };

export function messagesFor(locale: Locale): Messages {
  return MESSAGES[locale];
}

/** The {placeholders} of a template, in order. */
export function placeholders(template: string): string[] {
  return [...template.matchAll(/\{(\w+)\}/g)].map((m) => m[1]!);
}

/** A template filled with plain text: for subjects, text parts, and text that is escaped as a whole afterwards. */
export function fill(template: string, values: Readonly<Record<string, string>>): string {
  return template.replace(/\{(\w+)\}/g, (whole, name: string) => values[name] ?? whole);
}

/** The hint under the NPS or CES scale, its two ends from SCALES: "0 = Not at all likely, 10 = Extremely likely". */
export function scaleHint(m: Pick<Messages, 'npsHint' | 'cesHint'>, question: 'nps' | 'ces'): string {
  const { min, max } = SCALES[question];
  return fill(question === 'nps' ? m.npsHint : m.cesHint, { min: String(min), max: String(max) });
}

/** A template as HTML: its own words escaped, the values inserted as they are, so they must be HTML already. */
export function fillHtml(template: string, html: Readonly<Record<string, string>>): string {
  return template
    .split(/\{(\w+)\}/)
    .map((part, index) => (index % 2 === 1 ? (html[part] ?? escapeHtml(`{${part}}`)) : escapeHtml(part)))
    .join('');
}

/** The channel phrase in each case, as fill() values. */
export function channelValues(m: Messages, channel: keyof Messages['channel']): { channelNom: string; channelAcc: string; channelDat: string } {
  const words = m.channel[channel];
  return { channelNom: words.nom, channelAcc: words.acc, channelDat: words.dat };
}
