// What the survey page and the invitation email share: one HTML escaper and the words we use for a customer's interaction.
import type { Channel } from '../domain/channels.js';

const HTML_ESCAPES: Readonly<Record<string, string>> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** Text from outside made safe as element content and as a quoted attribute value. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => HTML_ESCAPES[c] ?? c);
}

/** How we name each channel to a customer ("your phone call"); a Record, so a new channel cannot be forgotten here. */
export const CHANNEL_IN_WORDS: Readonly<Record<Channel, string>> = {
  voice: 'phone call',
  email: 'email',
  chat: 'chat',
  web: 'web self-service visit',
  community: 'community forum post',
  social: 'social media conversation',
};

export interface DayInWords {
  /** "12 March 2025": day first and the month in words, unambiguous to every English reader. */
  text: string;
  /** "2025-03-12", for a <time datetime>. */
  isoDate: string;
}

const DAY_FORMAT = new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' });

/** The day of an interaction, in UTC as we do not know the customer's time zone; null when the timestamp is not a date. */
export function dayInWords(iso: string): DayInWords | null {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return null;
  return { text: DAY_FORMAT.format(date), isoDate: date.toISOString().slice(0, 10) };
}
