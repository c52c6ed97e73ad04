// The survey page's HTML, rendered on the server with no I/O: the form, the thank-you page and the friendly 404/410 pages.
// It works without JavaScript and loads nothing from any host; the inline style and draft script are allowed by hash in SURVEY_PAGE_CSP.
import { createHash } from 'node:crypto';
import type { Channel } from '../domain/channels.js';
import type { AnswerValues } from '../domain/model.js';
import type { FieldIssue } from '../shared/errors.js';
import { CHANNEL_IN_WORDS, dayInWords, escapeHtml } from '../shared/html.js';

export interface SurveyPageModel {
  brandName: string;
  channel: Channel;
  occurredAt: string /* ISO */;
  values: AnswerValues;
  errors?: FieldIssue[];
  alreadyAnswered: boolean;
}

/** The copy of the two pages a survey link can lead to when there is no form to show. */
export const SURVEY_MESSAGES = {
  notFound: { title: "We couldn't find this survey", message: 'Please check that you opened the whole link from your email.' },
  closed: { title: 'This survey has closed', message: 'Thank you for wanting to help. This survey no longer takes answers.' },
} as const;

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

const CSAT_WORDS = ['Very dissatisfied', 'Dissatisfied', 'Neither satisfied nor dissatisfied', 'Satisfied', 'Very satisfied'] as const;

type Field = 'csat' | 'nps' | 'resolved' | 'comment';
const FIELDS: readonly Field[] = ['csat', 'nps', 'resolved', 'comment'];
/** How a problem with each field is named to the customer, when a message does not name it itself. */
const FIELD_NAMES: Record<Field, string> = {
  csat: 'Your satisfaction rating',
  nps: 'Your likelihood to recommend us',
  resolved: 'Whether your issue was resolved',
  comment: 'Your comment',
};

interface Option {
  value: string;
  label: string;
}

function isField(name: string): name is Field {
  return (FIELDS as readonly string[]).includes(name);
}

/** "csat.0" and "csat" both belong to the csat question. */
function fieldOf(issue: FieldIssue): string {
  return issue.field.split('.')[0] ?? issue.field;
}

/** A message such as "is required" gets the field's name in front of it; a whole sentence is shown as it is. */
function issueSentence(issue: FieldIssue): string {
  const field = fieldOf(issue);
  const message = issue.message.trim();
  const text = isField(field) && /^[a-z]/.test(message) ? `${FIELD_NAMES[field]} ${message}` : message;
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/** The first option carries the field's own id, so that the error summary's "#csat" lands on the question. */
function optionId(field: Field, index: number, value: string): string {
  return index === 0 ? field : `${field}-${value}`;
}

function errorMessage(field: Field, issues: FieldIssue[]): string {
  if (issues.length === 0) return '';
  const text = issues.map(issueSentence).join('. ');
  return `<p class="error" id="${field}-error"><span class="sr">Error: </span>${escapeHtml(text)}</p>`;
}

function describedBy(ids: (string | false)[]): string {
  const list = ids.filter((id): id is string => id !== false);
  return list.length > 0 ? ` aria-describedby="${list.join(' ')}"` : '';
}

function radioQuestion(
  field: Field,
  legend: string,
  options: Option[],
  checked: string | undefined,
  issues: FieldIssue[],
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
    errorMessage(field, issues),
    `<div class="opts ${layout}">${inputs.join('')}</div>`,
    '</fieldset>',
  ].join('');
}

function commentQuestion(comment: string | undefined, issues: FieldIssue[]): string {
  const invalid = issues.length > 0;
  // The newline after <textarea> is eaten by the parser, so a comment that starts with a line break keeps it.
  return [
    `<div class="field${invalid ? ' invalid' : ''}">`,
    `<label class="q" for="comment">Anything else you'd like to tell us? (optional)</label>`,
    '<p class="hint" id="comment-hint">You can write up to 2,000 characters.</p>',
    errorMessage('comment', issues),
    `<textarea id="comment" name="comment" rows="5" maxlength="2000"${describedBy(['comment-hint', invalid && 'comment-error'])}${invalid ? ' aria-invalid="true"' : ''}>\n${escapeHtml(comment ?? '')}</textarea>`,
    '</div>',
  ].join('');
}

/** Problems in the order of the form, each a link to its question; problems with no question of their own are listed as text. */
function errorSummary(issues: FieldIssue[]): string {
  const rank = (issue: FieldIssue): number => {
    const index = (FIELDS as readonly string[]).indexOf(fieldOf(issue));
    return index === -1 ? FIELDS.length : index;
  };
  const items = [...issues]
    .sort((a, b) => rank(a) - rank(b))
    .map((issue) => {
      const field = fieldOf(issue);
      const text = escapeHtml(issueSentence(issue));
      return isField(field) ? `<li><a href="#${field}">${text}</a></li>` : `<li>${text}</li>`;
    });
  // autofocus brings keyboard and screen reader users straight to the problems, with no script.
  return `<div class="errors" role="alert" tabindex="-1" autofocus aria-labelledby="errors-title"><h2 id="errors-title">There is a problem</h2><ul>${items.join('')}</ul></div>`;
}

function htmlPage(title: string, brandName: string, main: string, withDraftScript: boolean): string {
  return [
    '<!doctype html>',
    '<html lang="en">',
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

export function renderSurveyPage(model: SurveyPageModel): string {
  const { brandName, values } = model;
  const errors = model.errors ?? [];
  const issuesOf = (field: Field): FieldIssue[] => errors.filter((issue) => fieldOf(issue) === field);
  const channel = CHANNEL_IN_WORDS[model.channel];
  const day = dayInWords(model.occurredAt);
  const when = day ? ` on <time datetime="${day.isoDate}">${escapeHtml(day.text)}</time>` : '';
  const resolved = values.resolved === undefined ? undefined : values.resolved ? 'yes' : 'no';

  const main = [
    '<h1>How did we do?</h1>',
    errors.length > 0 ? errorSummary(errors) : '',
    `<p>Thank you for contacting ${escapeHtml(brandName)}. These questions are about your ${escapeHtml(channel)} with us${when}.</p>`,
    model.alreadyAnswered ? `<p class="note">You've already answered; sending again replaces your earlier answer.</p>` : '',
    '<form method="post" id="survey">',
    radioQuestion(
      'csat',
      `How satisfied were you with your ${channel}?`,
      CSAT_WORDS.map((words, index) => ({ value: String(index + 1), label: `${index + 1} ${words}` })),
      checkedValue(values.csat),
      issuesOf('csat'),
      'list',
    ),
    radioQuestion(
      'nps',
      `How likely are you to recommend ${brandName} to a friend or colleague?`,
      Array.from({ length: 11 }, (_, score) => ({ value: String(score), label: String(score) })),
      checkedValue(values.nps),
      issuesOf('nps'),
      'scale',
      '0 = Not at all likely, 10 = Extremely likely',
    ),
    radioQuestion(
      'resolved',
      'Was your issue resolved?',
      [
        { value: 'yes', label: 'Yes' },
        { value: 'no', label: 'No' },
      ],
      resolved,
      issuesOf('resolved'),
      'pair',
    ),
    commentQuestion(values.comment, issuesOf('comment')),
    '<button type="submit">Send feedback</button>',
    '</form>',
  ].join('\n');
  const title = `Your feedback – ${brandName}`;
  return htmlPage(errors.length > 0 ? `Error: ${title}` : title, brandName, main, true);
}

function answerRow(question: string, answer: string): string {
  return `<dt>${escapeHtml(question)}</dt><dd>${escapeHtml(answer)}</dd>`;
}

export function renderThanksPage(model: { brandName: string; values: AnswerValues }): string {
  const { csat, nps, resolved, comment } = model.values;
  const csatWords = csat === undefined ? undefined : CSAT_WORDS[csat - 1];
  const main = [
    '<h1>Thank you for your feedback</h1>',
    `<p>We've saved your answers and will use them to improve ${escapeHtml(model.brandName)}.</p>`,
    '<h2>Your answers</h2>',
    '<dl>',
    answerRow('Satisfaction', csat === undefined ? 'Not answered' : csatWords ? `${csat} ${csatWords}` : String(csat)),
    answerRow('Likelihood to recommend', nps === undefined ? 'Not answered' : `${nps} out of 10`),
    answerRow('Issue resolved', resolved === undefined ? 'Not answered' : resolved ? 'Yes' : 'No'),
    answerRow('Comment', comment === undefined || comment.trim() === '' ? 'No comment' : comment),
    '</dl>',
    '<h2>Want to change something?</h2>',
    '<p>Open the survey link in your email again, change your answers and send them. Your new answers replace these.</p>',
  ].join('\n');
  return htmlPage(`Thank you – ${model.brandName}`, model.brandName, main, true);
}

export function renderMessagePage(model: { brandName: string; title: string; message: string }): string {
  const main = `<h1>${escapeHtml(model.title)}</h1>\n<p>${escapeHtml(model.message)}</p>`;
  return htmlPage(`${model.title} – ${model.brandName}`, model.brandName, main, false);
}
