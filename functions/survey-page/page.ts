// The survey page's HTML, rendered on the server with no I/O, in the customer's language: the form, the thank-you page,
// the friendly 404/410 pages and the unsubscribe pages. It works without JavaScript and loads nothing from any host;
// the inline style and draft script are allowed by hash in SURVEY_PAGE_CSP.
import { createHash } from 'node:crypto';
import type { Channel } from '../domain/channels.js';
import type { AnswerValues } from '../domain/model.js';
import { SCALES, type Locale, type Question } from '../domain/survey-definition.js';
import { channelValues, dayInWords, fill, fillHtml, formatWholeNumber, messagesFor, scaleHint, type Messages } from '../i18n/index.js';
import type { FieldIssue } from '../shared/errors.js';
import { escapeHtml } from '../shared/html.js';
import { MAX_COMMENT_CHARS } from './answer-schema.js';

export interface SurveyPageModel {
  brandName: string;
  channel: Channel;
  occurredAt: string /* ISO */;
  values: AnswerValues;
  errors?: FieldIssue[];
  alreadyAnswered: boolean;
  locale: Locale;
  /** The questions to show, in order: the form has exactly these fields. */
  questions: Question[];
  /** Custom question texts for this locale, replacing the built-in ones. */
  wording?: Partial<Record<Question, string>>;
}

type TitledMessage = { title: string; message: string };

/** The copy of the pages a survey link can lead to when there is no form to show. */
export function surveyMessages(locale: Locale): { notFound: TitledMessage; closed: TitledMessage; unavailable: TitledMessage } {
  return messagesFor(locale).messages;
}

// Mobile first: one column, tap targets of 48px, a dark focus ring, text contrast of 5.9:1 or more, motion only when welcome.
const STYLE = [
  '*,::before,::after{box-sizing:border-box}',
  'html{color-scheme:light;-webkit-text-size-adjust:100%}',
  'body{margin:0;background:#f3f4f6;color:#1a1a1a;font:1.0625rem/1.5 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;overflow-wrap:break-word}',
  '.brand{margin:0;padding:.75rem 1rem;background:#0b4f8a;color:#fff;font-weight:700}',
  'main{max-width:36rem;margin:0 auto;padding:1rem 1rem 3rem}',
  'h1{font-size:1.5rem;line-height:1.25;margin:.5rem 0 1rem}',
  'h2{font-size:1.25rem;margin:1.5rem 0 .5rem}',
  'p{margin:0 0 1rem}',
  'a{color:#0b4f8a}',
  'fieldset,.field{border:0;margin:0 0 2rem;padding:0;min-width:0}',
  'legend,label.q{display:block;font-weight:700;font-size:1.125rem;margin:0 0 .5rem;padding:0}',
  '.hint{color:#4b5563;margin:0 0 .5rem}',
  '.opts{display:grid;gap:.5rem}',
  '.pair{grid-template-columns:1fr 1fr}',
  '.scale{grid-template-columns:repeat(6,1fr);gap:.25rem}',
  '@media (min-width:36rem){.scale{grid-template-columns:repeat(11,1fr)}}',
  '.opt{display:flex;align-items:center;gap:.75rem;min-height:3rem;padding:.5rem .75rem;background:#fff;border:2px solid #6b7280;border-radius:.5rem;cursor:pointer}',
  '.scale .opt{flex-direction:column;justify-content:center;gap:.25rem;min-height:4rem;padding:.5rem 0}',
  '.opt input{width:1.5rem;height:1.5rem;margin:0;flex:none;accent-color:#0b4f8a}',
  '.opt:has(:checked){border-color:#0b4f8a;background:#e6eef7}',
  ':focus-visible,.opt:has(:focus-visible){outline:3px solid #1a1a1a;outline-offset:2px}',
  '.invalid{border-left:4px solid #b3261e;padding-left:.75rem}',
  '.error{color:#b3261e;font-weight:700;margin:0 0 .5rem}',
  '.errors{border:3px solid #b3261e;background:#fff;padding:1rem;margin:0 0 1.5rem}',
  '.errors h2{margin-top:0}',
  '.errors ul{margin:0;padding-left:1.25rem}',
  '.errors a{color:#b3261e;font-weight:700}',
  '.note{background:#fff;border-left:4px solid #0b4f8a;padding:.75rem 1rem}',
  'textarea{display:block;width:100%;min-height:8rem;padding:.5rem .75rem;font:inherit;color:inherit;background:#fff;border:2px solid #6b7280;border-radius:.5rem}',
  'textarea[aria-invalid]{border-color:#b3261e}',
  'button{display:block;width:100%;min-height:3rem;padding:.75rem 1.5rem;font:inherit;font-weight:700;color:#fff;background:#0b4f8a;border:0;border-radius:.5rem;cursor:pointer}',
  'button:hover{background:#083b68}',
  '@media (min-width:36rem){button{width:auto}}',
  'dl{background:#fff;padding:1rem;border-radius:.5rem;margin:0 0 1.5rem}',
  'dt{font-weight:700}',
  'dd{margin:0 0 .75rem;white-space:pre-wrap}',
  '.sr{position:absolute;width:1px;height:1px;margin:-1px;padding:0;overflow:hidden;clip:rect(0 0 0 0);white-space:nowrap;border:0}',
  '@media (prefers-reduced-motion:no-preference){html{scroll-behavior:smooth}.opt{transition:border-color .15s,background-color .15s}}',
].join('');

// Keeps a draft of the form on this device, so a closed tab or a lost connection costs nothing; the thank-you page clears it.
// The server's choices win (a rating link's score is newer than a draft), the draft's typed comment wins (nothing typed is lost).
const DRAFT_SCRIPT =
  "(function(){try{var s=localStorage,k='survey-draft:'+location.pathname,f=document.getElementById('survey');" +
  'if(!f){s.removeItem(k);return}' +
  "var e=f.elements,d=JSON.parse(s.getItem(k)||'{}');" +
  "for(var n in d){var c=e.namedItem(n),v=d[n];if(c&&typeof v=='string'&&(n=='comment'?v:!c.value))c.value=v}" +
  "function save(){var o={};for(var i=0;i<e.length;i++){var x=e[i];if(x.name&&(x.type!='radio'||x.checked))o[x.name]=x.value}" +
  's.setItem(k,JSON.stringify(o))}' +
  "f.addEventListener('input',save);f.addEventListener('change',save)}catch(x){}})()";

function cspHash(source: string): string {
  return `'sha256-${createHash('sha256').update(source, 'utf8').digest('base64')}'`;
}

/** Nothing from anywhere, except our own inline style and script (by hash) and posting the form back to us. */
export const SURVEY_PAGE_CSP = [
  "default-src 'none'",
  `style-src ${cspHash(STYLE)}`,
  `script-src ${cspHash(DRAFT_SCRIPT)}`,
  "img-src 'none'",
  "form-action 'self'",
  "frame-ancestors 'none'",
  "base-uri 'none'",
].join('; ');

/** The field a zod refinement names when no single question is at fault. */
const ANSWER_FIELD = '(answer)';

interface Option {
  value: string;
  label: string;
}

/** "csat.0" and "csat" both belong to the csat question. */
function fieldOf(issue: FieldIssue): string {
  return issue.field.split('.')[0] ?? issue.field;
}

function capitalized(text: string): string {
  const trimmed = text.trim();
  return trimmed.charAt(0).toUpperCase() + trimmed.slice(1);
}

/** A problem in the page's language when we know the field, by field and scale; otherwise the message as given. */
function issueText(issue: FieldIssue, m: Messages): string {
  const field = fieldOf(issue);
  switch (field) {
    case 'csat':
    case 'nps':
    case 'ces':
      return fill(m.errors.scale, { min: String(SCALES[field].min), max: String(SCALES[field].max) });
    case 'resolved':
      return m.errors.resolved;
    case 'comment':
      return /at most|too long/i.test(issue.message) ? fill(m.errors.commentTooLong, { max: formatWholeNumber(m, MAX_COMMENT_CHARS) }) : m.errors.comment;
    case ANSWER_FIELD:
      return m.errors.answerOne;
    default:
      return capitalized(issue.message);
  }
}

/** One sentence per distinct problem: "not a whole number" and "below 1" on one field say the same thing to a customer. */
function distinctTexts(issues: FieldIssue[], m: Messages): string[] {
  return [...new Set(issues.map((issue) => issueText(issue, m)))];
}

/** The first option carries the field's own id, so that the error summary's "#csat" lands on the question. */
function optionId(field: Question, index: number, value: string): string {
  return index === 0 ? field : `${field}-${value}`;
}

function errorMessage(field: Question, issues: FieldIssue[], m: Messages): string {
  if (issues.length === 0) return '';
  const text = distinctTexts(issues, m).join(' ');
  return `<p class="error" id="${field}-error"><span class="sr">${escapeHtml(m.page.errorPrefix)}</span>${escapeHtml(text)}</p>`;
}

function describedBy(ids: (string | false)[]): string {
  const list = ids.filter((id): id is string => id !== false);
  return list.length > 0 ? ` aria-describedby="${list.join(' ')}"` : '';
}

function radioQuestion(
  field: Question,
  legend: string,
  options: Option[],
  checked: string | undefined,
  issues: FieldIssue[],
  m: Messages,
  layout: 'list' | 'pair' | 'scale',
  hint?: string,
): string {
  const invalid = issues.length > 0;
  const inputs = options.map((option, index) => {
    const id = optionId(field, index, option.value);
    const attributes = `${option.value === checked ? ' checked' : ''}${invalid ? ' aria-invalid="true"' : ''}`;
    return `<label class="opt" for="${id}"><input type="radio" id="${id}" name="${field}" value="${escapeHtml(option.value)}"${attributes}><span>${escapeHtml(option.label)}</span></label>`;
  });
  return [
    `<fieldset${invalid ? ' class="invalid"' : ''}${describedBy([hint !== undefined && `${field}-hint`, invalid && `${field}-error`])}>`,
    `<legend>${escapeHtml(legend)}</legend>`,
    hint !== undefined ? `<p class="hint" id="${field}-hint">${escapeHtml(hint)}</p>` : '',
    errorMessage(field, issues, m),
    `<div class="opts ${layout}">${inputs.join('')}</div>`,
    '</fieldset>',
  ].join('');
}

function commentQuestion(label: string, comment: string | undefined, issues: FieldIssue[], m: Messages): string {
  const invalid = issues.length > 0;
  // The newline after <textarea> is eaten by the parser, so a comment that starts with a line break keeps it.
  return [
    `<div class="field${invalid ? ' invalid' : ''}">`,
    `<label class="q" for="comment">${escapeHtml(`${label} ${m.page.optional}`)}</label>`,
    `<p class="hint" id="comment-hint">${escapeHtml(fill(m.page.commentHint, { max: formatWholeNumber(m, MAX_COMMENT_CHARS) }))}</p>`,
    errorMessage('comment', issues, m),
    `<textarea id="comment" name="comment" rows="5" maxlength="${MAX_COMMENT_CHARS}"${describedBy(['comment-hint', invalid && 'comment-error'])}${invalid ? ' aria-invalid="true"' : ''}>\n${escapeHtml(comment ?? '')}</textarea>`,
    '</div>',
  ].join('');
}

/**
 * Problems in the order of the form, each a link to its question; "answer at least one question" comes first and leads to
 * the first question; problems with no question on this page are listed as text.
 */
function errorSummary(issues: FieldIssue[], questions: readonly Question[], m: Messages): string {
  const rank = (issue: FieldIssue): number => {
    const field = fieldOf(issue);
    if (field === ANSWER_FIELD) return -1;
    const index = (questions as readonly string[]).indexOf(field);
    return index === -1 ? questions.length : index;
  };
  const target = (issue: FieldIssue): string | undefined => {
    const field = fieldOf(issue);
    if (field === ANSWER_FIELD) return questions[0];
    return (questions as readonly string[]).includes(field) ? field : undefined;
  };
  const seen = new Set<string>();
  const items = [...issues]
    .sort((a, b) => rank(a) - rank(b))
    .flatMap((issue) => {
      const text = issueText(issue, m);
      const anchor = target(issue);
      const key = `${anchor ?? ''}\u0000${text}`;
      if (seen.has(key)) return [];
      seen.add(key);
      return [anchor !== undefined ? `<li><a href="#${anchor}">${escapeHtml(text)}</a></li>` : `<li>${escapeHtml(text)}</li>`];
    });
  // autofocus brings keyboard and screen reader users straight to the problems, with no script.
  return `<div class="errors" role="alert" tabindex="-1" autofocus aria-labelledby="errors-title"><h2 id="errors-title">${escapeHtml(m.page.errorSummaryTitle)}</h2><ul>${items.join('')}</ul></div>`;
}

function htmlPage(locale: Locale, title: string, brandName: string, main: string, withDraftScript: boolean): string {
  return [
    '<!doctype html>',
    `<html lang="${locale}">`,
    '<head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1"><meta name="robots" content="noindex">',
    `<title>${escapeHtml(title)}</title>`,
    `<style>${STYLE}</style></head>`,
    `<body><header><p class="brand">${escapeHtml(brandName)}</p></header>`,
    `<main>${main}</main>`,
    withDraftScript ? `<script>${DRAFT_SCRIPT}</script>` : '',
    '</body></html>',
  ].join('\n');
}

function checkedValue(value: number | undefined): string | undefined {
  return value === undefined ? undefined : String(value);
}

/** A built-in question's text for this brand and channel, or the CX team's own words for it. */
function questionText(question: Question, m: Messages, brandName: string, channel: Channel, wording?: Partial<Record<Question, string>>): string {
  const custom = wording?.[question];
  if (custom !== undefined && custom.trim() !== '') return custom.trim();
  return fill(m.questions[question], { brand: brandName, ...channelValues(m, channel) });
}

function scoreOptions({ min, max }: { min: number; max: number }, words?: readonly string[]): Option[] {
  return Array.from({ length: max - min + 1 }, (_, index) => {
    const score = min + index;
    const word = words?.[index];
    return { value: String(score), label: word === undefined ? String(score) : `${score} ${word}` };
  });
}

export function renderSurveyPage(model: SurveyPageModel): string {
  const { brandName, values, questions } = model;
  const m = messagesFor(model.locale);
  const errors = model.errors ?? [];
  const issuesOf = (field: Question): FieldIssue[] => errors.filter((issue) => fieldOf(issue) === field);
  const day = dayInWords(model.occurredAt, m);
  const when = day ? fillHtml(m.onDay, { date: `<time datetime="${day.isoDate}">${escapeHtml(day.text)}</time>` }) : '';
  const text = (question: Question): string => questionText(question, m, brandName, model.channel, model.wording);

  const renderQuestion = (question: Question): string => {
    switch (question) {
      case 'csat':
        return radioQuestion('csat', text('csat'), scoreOptions(SCALES.csat, m.csatWords), checkedValue(values.csat), issuesOf('csat'), m, 'list');
      case 'nps':
        return radioQuestion('nps', text('nps'), scoreOptions(SCALES.nps), checkedValue(values.nps), issuesOf('nps'), m, 'scale', scaleHint(m, 'nps'));
      case 'ces':
        return radioQuestion('ces', text('ces'), scoreOptions(SCALES.ces, m.cesWords), checkedValue(values.ces), issuesOf('ces'), m, 'list');
      case 'resolved': {
        const checked = values.resolved === undefined ? undefined : values.resolved ? 'yes' : 'no';
        const options = [
          { value: 'yes', label: m.yes },
          { value: 'no', label: m.no },
        ];
        return radioQuestion('resolved', text('resolved'), options, checked, issuesOf('resolved'), m, 'pair');
      }
      case 'comment':
        return commentQuestion(text('comment'), values.comment, issuesOf('comment'), m);
    }
  };

  const main = [
    `<h1>${escapeHtml(m.page.heading)}</h1>`,
    errors.length > 0 ? errorSummary(errors, questions, m) : '',
    `<p>${fillHtml(m.page.intro, { brand: escapeHtml(brandName), channelAcc: escapeHtml(m.channel[model.channel].acc), when })}</p>`,
    model.alreadyAnswered ? `<p class="note">${escapeHtml(m.page.alreadyAnswered)}</p>` : '',
    '<form method="post" id="survey">',
    ...[...new Set(questions)].map(renderQuestion),
    `<button type="submit">${escapeHtml(m.page.submit)}</button>`,
    '</form>',
  ].join('\n');
  const title = fill(m.page.title, { brand: brandName });
  return htmlPage(model.locale, errors.length > 0 ? fill(m.page.errorTitle, { title }) : title, brandName, main, true);
}

function answerRow(question: string, answer: string): string {
  return `<dt>${escapeHtml(question)}</dt><dd>${escapeHtml(answer)}</dd>`;
}

function scoreWithWords(score: number | undefined, min: number, words: readonly string[], m: Messages): string {
  if (score === undefined) return m.thanks.notAnswered;
  const word = words[score - min];
  return word === undefined ? String(score) : `${score} ${word}`;
}

/** What was stored, for the questions this survey asked, in its order. */
export function renderThanksPage(model: { brandName: string; values: AnswerValues; locale: Locale; questions: Question[] }): string {
  const m = messagesFor(model.locale);
  const { csat, nps, ces, resolved, comment } = model.values;
  const row = (question: Question): string => {
    const label = m.thanks.labels[question];
    switch (question) {
      case 'csat':
        return answerRow(label, scoreWithWords(csat, 1, m.csatWords, m));
      case 'nps':
        return answerRow(label, nps === undefined ? m.thanks.notAnswered : fill(m.thanks.npsValue, { score: String(nps) }));
      case 'ces':
        return answerRow(label, scoreWithWords(ces, 1, m.cesWords, m));
      case 'resolved':
        return answerRow(label, resolved === undefined ? m.thanks.notAnswered : resolved ? m.yes : m.no);
      case 'comment':
        return answerRow(label, comment === undefined || comment.trim() === '' ? m.thanks.noComment : comment);
    }
  };
  const main = [
    `<h1>${escapeHtml(m.thanks.heading)}</h1>`,
    `<p>${escapeHtml(fill(m.thanks.saved, { brand: model.brandName }))}</p>`,
    `<h2>${escapeHtml(m.thanks.answersHeading)}</h2>`,
    '<dl>',
    ...[...new Set(model.questions)].map(row),
    '</dl>',
    `<h2>${escapeHtml(m.thanks.changeHeading)}</h2>`,
    `<p>${escapeHtml(m.thanks.change)}</p>`,
  ].join('\n');
  return htmlPage(model.locale, fill(m.thanks.title, { brand: model.brandName }), model.brandName, main, true);
}

export function renderMessagePage(model: { brandName: string; title: string; message: string; locale: Locale }): string {
  const m = messagesFor(model.locale);
  const main = `<h1>${escapeHtml(model.title)}</h1>\n<p>${escapeHtml(model.message)}</p>`;
  return htmlPage(model.locale, fill(m.messageTitle, { title: model.title, brand: model.brandName }), model.brandName, main, false);
}

/**
 * 'confirm' asks before anything happens: opening a link never unsubscribes, as mail scanners follow links.
 * Its form posts back what a mailbox provider's one-click POST sends (RFC 8058), so both take one path.
 */
export function renderUnsubscribePage(model: { brandName: string; locale: Locale; state: 'confirm' | 'done' }): string {
  const m = messagesFor(model.locale);
  const brand = { brand: model.brandName };
  const heading = model.state === 'confirm' ? fill(m.unsubscribe.confirmHeading, brand) : m.unsubscribe.doneHeading;
  const main =
    model.state === 'confirm'
      ? [
          `<h1>${escapeHtml(heading)}</h1>`,
          `<p>${escapeHtml(m.unsubscribe.confirm)}</p>`,
          '<form method="post">',
          '<input type="hidden" name="List-Unsubscribe" value="One-Click">',
          `<button type="submit">${escapeHtml(m.unsubscribe.button)}</button>`,
          '</form>',
        ].join('\n')
      : `<h1>${escapeHtml(heading)}</h1>\n<p>${escapeHtml(fill(m.unsubscribe.done, brand))}</p>`;
  return htmlPage(model.locale, fill(m.messageTitle, { title: heading, brand: model.brandName }), model.brandName, main, false);
}
