// What the survey page and the invitation email share: one HTML escaper and the day of an interaction in the customer's language.
// The words themselves live in the message catalogues (functions/i18n).

const HTML_ESCAPES: Readonly<Record<string, string>> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** Text from outside made safe as element content and as a quoted attribute value. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => HTML_ESCAPES[c] ?? c);
}

export interface DayInWords {
  /** "12 March 2025", "12. März 2025", "12 mars 2025": the month in words, unambiguous to every reader. */
  text: string;
  /** "2025-03-12", for a <time datetime>. */
  isoDate: string;
}

const dayFormats = new Map<string, Intl.DateTimeFormat>();

function dayFormat(intlLocale: string): Intl.DateTimeFormat {
  let format = dayFormats.get(intlLocale);
  if (format === undefined) {
    format = new Intl.DateTimeFormat(intlLocale, { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' });
    dayFormats.set(intlLocale, format);
  }
  return format;
}

/** The day of an interaction, in UTC as we do not know the customer's time zone; null when the timestamp is not a date. */
export function dayInWords(iso: string, intlLocale = 'en-GB'): DayInWords | null {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return null;
  return { text: dayFormat(intlLocale).format(date), isoDate: date.toISOString().slice(0, 10) };
}
