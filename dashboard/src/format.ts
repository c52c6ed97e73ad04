// How the API's figures are shown. Formatting only: every number on screen is the API's (scores, their intervals, their
// changes and whether a change is significant), never recomputed from counts.
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
export const plural = (n: number, noun: string, nouns = `${noun}s`) => `${count(n)} ${n === 1 ? noun : nouns}`;

export const signedPoints = (points: number) => `${signed.format(points)} pts`;
/** A change's interval in points, the unit once: "-16.1 to +21.1 pts". */
export const signedPointsRange = (low: number, high: number) => `${signed.format(low)} to ${signedPoints(high)}`;

/** A 0..1 rate's change (4 decimals in the API) in percentage points, lossless: 0.0215 -> 2.15. */
export const ratePoints = (delta: number) => Math.round(delta * 1_000_000) / 10_000;

/** The confidence level as the API echoes it: 0.95 -> "95%". */
export const confidenceLevel = (confidence: number) => `${grouped.format(Math.round(confidence * 10_000) / 100)}%`;

/** An interval in words, each end as the score is shown: "71.47% to 91.66%", "−5 to +40". */
export const intervalText = (low: string, high: string) => `${low} to ${high}`;

/** Why a figure is greyed: "fewer than 30 answers". */
export const fewerThan = (minSample: number, noun: string, nouns?: string) => `fewer than ${plural(minSample, noun, nouns)}`;

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
