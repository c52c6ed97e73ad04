// The invitation email, rendered with no I/O: a subject, an HTML part for email clients (tables, inline styles) and a text part.
// One tap on a rating answers the survey; the full survey is one link further.
import type { Channel } from '../domain/channels.js';
import { CHANNEL_IN_WORDS, dayInWords, escapeHtml } from '../shared/html.js';

export interface InvitationEmailModel {
  brandName: string;
  customerName?: string;
  channel: Channel;
  occurredAt: string;
  surveyUrl: string /* e.g. https://host/s/TOKEN */;
}

const RATINGS = [
  { score: 1, words: 'Very dissatisfied' },
  { score: 2, words: 'Dissatisfied' },
  { score: 3, words: 'Neither satisfied nor dissatisfied' },
  { score: 4, words: 'Satisfied' },
  { score: 5, words: 'Very satisfied' },
] as const;

const FULL_SURVEY = 'Answer the full survey (3 questions, 1 minute)';
const FONT = "font-family:-apple-system,'Segoe UI',Roboto,Helvetica,Arial,sans-serif";
const BRAND_BLUE = '#0b4f8a';

/** The link of one rating button: the survey page, opened with that CSAT score. */
export function ratingUrl(surveyUrl: string, score: number): string {
  if (!Number.isInteger(score) || score < 1 || score > 5) throw new RangeError(`A rating is a whole number from 1 to 5 (got ${score}).`);
  return `${surveyUrl}${surveyUrl.includes('?') ? '&' : '?'}score=${score}`;
}

/** Names and brands go into a subject line and a text part: no line breaks or control characters from outside. */
function oneLine(text: string): string {
  return text.replace(/[\u0000-\u001f\u007f\u2028\u2029]+/g, ' ').replace(/\s+/g, ' ').trim();
}

function ratingButton(url: string, label: string): string {
  // The colour sits on the cell and the padding on the link, so the whole button is tappable in every client, Outlook too.
  return (
    `<tr><td bgcolor="${BRAND_BLUE}" style="background:${BRAND_BLUE};border-radius:6px;">` +
    `<a href="${escapeHtml(url)}" style="display:block;padding:14px 18px;${FONT};font-size:18px;line-height:24px;font-weight:bold;color:#ffffff;text-decoration:none;">${escapeHtml(label)}</a>` +
    '</td></tr><tr><td height="10" style="height:10px;font-size:0;line-height:0;">&nbsp;</td></tr>'
  );
}

export function renderInvitationEmail(model: InvitationEmailModel): { subject: string; html: string; text: string } {
  if (!/^https?:\/\//i.test(model.surveyUrl)) throw new RangeError('The survey URL must be an http(s) URL.');
  const brand = oneLine(model.brandName);
  const name = oneLine(model.customerName ?? '');
  const channel = CHANNEL_IN_WORDS[model.channel];
  const day = dayInWords(model.occurredAt);
  const onDay = day ? ` on ${day.text}` : '';
  const ratings = RATINGS.map(({ score, words }) => ({ url: ratingUrl(model.surveyUrl, score), label: `${score} ${words}` }));

  const subject = `How was your ${channel} with ${brand}?`;
  const greeting = name === '' ? 'Hello,' : `Hi ${name},`;
  const intro = `Thank you for contacting ${brand}. We'd like to know how your ${channel}${onDay} went.`;
  const question = `How satisfied were you with your ${channel}?`;
  const tapHint = 'Tap one answer: that is all it takes.';
  const footer = `You received this email because of your ${channel} with ${brand}${onDay}. We ask once per conversation; you don't have to answer.`;
  const preheader = `One tap tells us how your ${channel} went.`;

  const paragraph = (text: string, style = ''): string =>
    `<p style="margin:0 0 16px;${FONT};font-size:16px;line-height:24px;color:#1a1a1a;${style}">${escapeHtml(text)}</p>`;

  const html = [
    '<!doctype html>',
    '<html lang="en" dir="ltr">',
    '<head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1"><meta name="x-apple-disable-message-reformatting"><meta name="color-scheme" content="light">',
    `<title>${escapeHtml(subject)}</title></head>`,
    '<body style="margin:0;padding:0;background:#f3f4f6;">',
    // Shown by the inbox next to the subject, never in the message; the filler keeps the body text out of the preview.
    `<div style="display:none;max-height:0;max-width:0;overflow:hidden;opacity:0;mso-hide:all;">${escapeHtml(preheader)}${'&#847;&zwnj;&nbsp;'.repeat(40)}</div>`,
    '<table role="presentation" width="100%" cellpadding="0" cellspacing="0" border="0" style="background:#f3f4f6;"><tr><td align="center" style="padding:24px 12px;">',
    '<table role="presentation" width="100%" cellpadding="0" cellspacing="0" border="0" style="max-width:560px;background:#ffffff;border-radius:8px;"><tr><td style="padding:24px;">',
    `<p style="margin:0 0 16px;${FONT};font-size:14px;line-height:20px;font-weight:bold;color:${BRAND_BLUE};">${escapeHtml(brand)}</p>`,
    paragraph(greeting),
    paragraph(intro),
    `<h1 style="margin:0 0 8px;${FONT};font-size:22px;line-height:28px;font-weight:bold;color:#1a1a1a;">${escapeHtml(question)}</h1>`,
    paragraph(tapHint, 'color:#4b5563;'),
    '<table role="presentation" width="100%" cellpadding="0" cellspacing="0" border="0">',
    ...ratings.map((rating) => ratingButton(rating.url, rating.label)),
    '</table>',
    `<p style="margin:16px 0 24px;${FONT};font-size:16px;line-height:24px;"><a href="${escapeHtml(model.surveyUrl)}" style="color:${BRAND_BLUE};font-weight:bold;text-decoration:underline;">${escapeHtml(FULL_SURVEY)}</a></p>`,
    `<p style="margin:0;padding-top:16px;border-top:1px solid #d1d5db;${FONT};font-size:13px;line-height:20px;color:#4b5563;">${escapeHtml(footer)}</p>`,
    '</td></tr></table>',
    '</td></tr></table>',
    '</body></html>',
  ].join('\n');

  const text = [
    greeting,
    '',
    intro,
    '',
    question,
    'Open the link under your answer; one is all it takes:',
    '',
    ...ratings.flatMap((rating) => [rating.label, rating.url, '']),
    `${FULL_SURVEY}:`,
    model.surveyUrl,
    '',
    '-- ',
    footer,
    '',
  ].join('\n');

  return { subject, html, text };
}
