// The invitation email (or its one reminder), rendered with no I/O in the customer's language: a subject, an HTML part for
// email clients (tables, inline styles) and a text part. One tap on a score of the lead question answers the survey.
import type { Channel } from '../domain/channels.js';
import { SCALES, type LeadQuestion, type Locale } from '../domain/survey-definition.js';
import { channelValues, dayInWords, fill, fillHtml, messagesFor, scaleHint, type Messages } from '../i18n/index.js';
import { escapeHtml } from '../shared/html.js';
import { oneLine } from '../shared/text.js';

export interface InvitationEmailModel {
  brandName: string;
  customerName?: string;
  channel: Channel;
  occurredAt: string;
  surveyUrl: string /* e.g. https://host/s/TOKEN */;
  /** The page that confirms an unsubscribe; the List-Unsubscribe header is the sender's business. */
  unsubscribeUrl: string;
  locale: Locale;
  /** The question asked in the email, as one link per score. */
  lead: LeadQuestion;
  /** The lead question's custom text for this locale, if any. */
  leadWording?: string;
  /** The one reminder: its own subject and first line. */
  reminder?: boolean;
}

const FONT = "font-family:-apple-system,'Segoe UI',Roboto,Helvetica,Arial,sans-serif";
const BRAND_BLUE = '#0b4f8a';

/** The link of one score: the survey page, opened with that score of the lead question preselected. */
export function ratingUrl(surveyUrl: string, score: number, lead: LeadQuestion): string {
  const { min, max } = SCALES[lead];
  if (!Number.isInteger(score) || score < min || score > max) {
    throw new RangeError(`A ${lead} score is a whole number from ${min} to ${max} (got ${score}).`);
  }
  return `${surveyUrl}${surveyUrl.includes('?') ? '&' : '?'}score=${score}`;
}

interface Rating {
  score: number;
  url: string;
  label: string;
}

/** One link per score; the labelled scales (CSAT, CES) carry their words, NPS only numbers under a line naming its ends. */
function ratingsOf(model: InvitationEmailModel, m: Messages): Rating[] {
  const { min, max } = SCALES[model.lead];
  const words = model.lead === 'csat' ? m.csatWords : model.lead === 'ces' ? m.cesWords : undefined;
  return Array.from({ length: max - min + 1 }, (_, index) => {
    const score = min + index;
    const word = words?.[index];
    return { score, url: ratingUrl(model.surveyUrl, score, model.lead), label: word === undefined ? String(score) : `${score} ${word}` };
  });
}

function ratingButton(url: string, label: string): string {
  // The colour sits on the cell and the padding on the link, so the whole button is tappable in every client, Outlook too.
  return (
    `<tr><td bgcolor="${BRAND_BLUE}" style="background:${BRAND_BLUE};border-radius:6px;">` +
    `<a href="${escapeHtml(url)}" style="display:block;padding:14px 18px;${FONT};font-size:18px;line-height:24px;font-weight:bold;color:#ffffff;text-decoration:none;">${escapeHtml(label)}</a>` +
    '</td></tr><tr><td height="10" style="height:10px;font-size:0;line-height:0;">&nbsp;</td></tr>'
  );
}

/** Eleven numbers in two rows (0-5, 6-10), so each stays a 44px target on a phone. */
function numberGrid(ratings: Rating[]): string {
  const cell = (rating: Rating): string =>
    `<td width="16%" bgcolor="${BRAND_BLUE}" style="background:${BRAND_BLUE};border:3px solid #ffffff;border-radius:6px;text-align:center;">` +
    `<a href="${escapeHtml(rating.url)}" style="display:block;padding:12px 0;${FONT};font-size:18px;line-height:24px;font-weight:bold;color:#ffffff;text-decoration:none;">${escapeHtml(rating.label)}</a></td>`;
  const rows = [ratings.slice(0, 6), ratings.slice(6)];
  return rows.map((row) => `<tr>${row.map(cell).join('')}</tr>`).join('');
}

export function renderInvitationEmail(model: InvitationEmailModel): { subject: string; html: string; text: string } {
  if (!/^https?:\/\//i.test(model.surveyUrl)) throw new RangeError('The survey URL must be an http(s) URL.');
  if (!/^https?:\/\//i.test(model.unsubscribeUrl)) throw new RangeError('The unsubscribe URL must be an http(s) URL.');
  const m = messagesFor(model.locale);
  const brand = oneLine(model.brandName);
  const name = oneLine(model.customerName ?? '');
  const channel = channelValues(m, model.channel);
  const day = dayInWords(model.occurredAt, m);
  const when = day ? fill(m.onDay, { date: day.text }) : '';
  const values = { brand, ...channel, when };
  const ratings = ratingsOf(model, m);
  const npsHint = model.lead === 'nps' ? scaleHint(m, 'nps') : undefined;

  const subject = fill(model.reminder ? m.email.reminderSubject : m.email.subject, values);
  const greeting = name === '' ? m.email.greeting : fill(m.email.greetingNamed, { name });
  const intro = fill(model.reminder ? m.email.reminderIntro : m.email.intro, values);
  const custom = oneLine(model.leadWording ?? '');
  const question = custom !== '' ? custom : fill(m.questions[model.lead], values);
  const footer = fill(m.email.footer, values);
  const preheader = fill(m.email.preheader, values);

  const paragraph = (text: string, style = ''): string =>
    `<p style="margin:0 0 16px;${FONT};font-size:16px;line-height:24px;color:#1a1a1a;${style}">${escapeHtml(text)}</p>`;
  const small = `${FONT};font-size:13px;line-height:20px;color:#4b5563;`;

  const html = [
    '<!doctype html>',
    `<html lang="${model.locale}" dir="ltr">`,
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
    paragraph(m.email.tapHint, 'color:#4b5563;'),
    npsHint !== undefined ? paragraph(npsHint, 'font-size:14px;color:#4b5563;') : '',
    '<table role="presentation" width="100%" cellpadding="0" cellspacing="0" border="0">',
    model.lead === 'nps' ? numberGrid(ratings) : ratings.map((rating) => ratingButton(rating.url, rating.label)).join('\n'),
    '</table>',
    `<p style="margin:16px 0 24px;${FONT};font-size:16px;line-height:24px;"><a href="${escapeHtml(model.surveyUrl)}" style="color:${BRAND_BLUE};font-weight:bold;text-decoration:underline;">${escapeHtml(m.email.fullSurvey)}</a></p>`,
    `<p style="margin:0 0 8px;padding-top:16px;border-top:1px solid #d1d5db;${small}">${escapeHtml(footer)}</p>`,
    `<p style="margin:0;${small}">${fillHtml('{prompt} {link}', {
      prompt: escapeHtml(m.email.unsubscribePrompt),
      link: `<a href="${escapeHtml(model.unsubscribeUrl)}" style="color:#4b5563;text-decoration:underline;">${escapeHtml(m.email.unsubscribeLink)}</a>`,
    })}</p>`,
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
    m.email.textHint,
    ...(npsHint !== undefined ? [npsHint] : []),
    '',
    ...ratings.flatMap((rating) => [rating.label, rating.url, '']),
    `${m.email.fullSurvey}${m.colon}`,
    model.surveyUrl,
    '',
    '-- ',
    footer,
    `${m.email.unsubscribePrompt} ${m.email.unsubscribeLink}${m.colon}`,
    model.unsubscribeUrl,
    '',
  ].join('\n');

  return { subject, html, text };
}
