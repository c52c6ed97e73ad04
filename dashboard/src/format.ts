// How the API's figures are shown. Formatting only: every number on screen is the API's, never recomputed from counts,
// except the "change" figures, which are the difference of two API figures and say so.
import type { Channel } from '../../functions/domain/channels.js';

export const CHANNEL_NAMES: Record<Channel, string> = {
  voice: 'Voice',
  email: 'Email',
  chat: 'Chat',
  web: 'Web self-service',
  community: 'Community',
  social: 'Social media',
};

const grouped = new Intl.NumberFormat('en-GB', { maximumFractionDigits: 2 });
const signed = new Intl.NumberFormat('en-GB', { maximumFractionDigits: 2, signDisplay: 'exceptZero' });

/** A dash for "no answers": a score without answers is null in the API, never 0. */
export const NONE = '—';

/** CSAT, already a percentage with 2 decimals in the API: 66.67 -> "66.67%". */
export const percentScore = (score: number | null) => (score === null ? NONE : `${grouped.format(score)}%`);

/** A 0..1 rate with 4 decimals (response rate, FCR, escalation share) as a percentage: 0.6667 -> "66.67%" (lossless). */
export const percentRate = (rate: number | null) => (rate === null ? NONE : `${grouped.format(Math.round(rate * 1_000_000) / 10_000)}%`);

/** NPS, -100..100 with 2 decimals, signed as NPS usually is: 12.5 -> "+12.5". */
export const nps = (score: number | null) => (score === null ? NONE : signed.format(score));

export const count = (n: number) => grouped.format(n);
export const plural = (n: number, noun: string) => `${count(n)} ${noun}${n === 1 ? '' : 's'}`;

/** The difference of two API figures, in points, rounded to the API's 2 decimals; null when either side has no answers. */
export function change(current: number | null, previous: number | null, scale = 1): number | null {
  if (current === null || previous === null) return null;
  return Math.round((current - previous) * scale * 100) / 100;
}

export const signedPoints = (points: number) => `${signed.format(points)} pts`;

const dayFormat = new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'short', year: 'numeric', timeZone: 'UTC' });
const dateTimeFormat = new Intl.DateTimeFormat('en-GB', {
  day: 'numeric',
  month: 'short',
  year: 'numeric',
  hour: '2-digit',
  minute: '2-digit',
  timeZone: 'UTC',
  timeZoneName: 'short',
});

/** "2026-11-24" -> "24 Nov 2026" (the API's days are UTC days). */
export const day = (isoDay: string) => dayFormat.format(new Date(`${isoDay}T00:00:00Z`));
export const dateTime = (iso: string) => dateTimeFormat.format(new Date(iso));
const shortDayFormat = new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'short', timeZone: 'UTC' });
/** An axis label: epoch seconds -> "26 Oct". */
export const shortDay = (epochSeconds: number) => shortDayFormat.format(new Date(epochSeconds * 1000));
export const dayRange = (from: string, to: string) => (from === to ? day(from) : `${day(from)} – ${day(to)}`);
