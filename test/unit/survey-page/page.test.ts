import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { CHANNELS } from '../../../functions/domain/channels.js';
import { LOCALES, type Question } from '../../../functions/domain/survey-definition.js';
import {
  renderMessagePage,
  renderSurveyPage,
  renderThanksPage,
  renderUnsubscribePage,
  SURVEY_PAGE_CSP,
  surveyMessages,
  type SurveyPageModel,
} from '../../../functions/survey-page/page.js';

const XSS = '<img src=x onerror=alert(1)>';
const ALL = ['csat', 'nps', 'ces', 'resolved', 'comment'] as const satisfies readonly Question[];
const CLASSIC: Question[] = ['csat', 'nps', 'resolved', 'comment'];

function page(overrides: Partial<SurveyPageModel> = {}): string {
  return renderSurveyPage({
    brandName: 'Example Co',
    channel: 'voice',
    occurredAt: '2025-03-12T14:30:00.000Z',
    values: {},
    alreadyAnswered: false,
    locale: 'en',
    questions: ['csat', 'nps', 'resolved', 'comment'],
    ...overrides,
  });
}

/** The opening tags of the form's controls. */
function controls(html: string): string[] {
  return html.match(/<(?:input|textarea|select)\b[^>]*>/g) ?? [];
}

function attribute(tag: string, name: string): string | undefined {
  return new RegExp(`\\s${name}="([^"]*)"`).exec(tag)?.[1];
}

function hasFlag(tag: string, name: string): boolean {
  return new RegExp(`\\s${name}(?=[\\s>=])`).test(tag);
}

function control(html: string, id: string): string {
  const tag = controls(html).find((t) => attribute(t, 'id') === id);
  if (tag === undefined) throw new Error(`no control with id ${id}`);
  return tag;
}

function checkedValues(html: string, name: string): string[] {
  return controls(html)
    .filter((tag) => attribute(tag, 'name') === name && hasFlag(tag, 'checked'))
    .map((tag) => attribute(tag, 'value') ?? '');
}

function textareaContent(html: string): string {
  const match = /<textarea\b[^>]*>([\s\S]*?)<\/textarea>/.exec(html);
  if (!match) throw new Error('no textarea');
  return match[1]!;
}

function inlineBlock(html: string, tag: 'style' | 'script'): string {
  const match = new RegExp(`<${tag}>([\\s\\S]*?)</${tag}>`).exec(html);
  if (!match) throw new Error(`no <${tag}>`);
  return match[1]!;
}

function sha256Source(text: string): string {
  return `'sha256-${createHash('sha256').update(text, 'utf8').digest('base64')}'`;
}

describe('the survey form', () => {
  it('preselects the satisfaction score the customer gave', () => {
    // Prepare / Act
    const html = page({ values: { csat: 4 } });

    // Assess
    expect(checkedValues(html, 'csat')).toEqual(['4']);
  });

  it('preselects a recommendation score of 0, which is an answer and not a blank', () => {
    const html = page({ values: { nps: 0 } });

    expect(checkedValues(html, 'nps')).toEqual(['0']);
  });

  it('preselects "no" when the issue was not resolved', () => {
    const html = page({ values: { resolved: false } });

    expect(checkedValues(html, 'resolved')).toEqual(['no']);
  });

  it('preselects nothing for a customer who has not answered yet', () => {
    const html = page();

    expect(controls(html).filter((tag) => hasFlag(tag, 'checked'))).toEqual([]);
    expect(textareaContent(html)).toBe('\n');
  });

  it('offers exactly the csat 1-5, nps 0-10, resolved yes/no and comment fields, posting back to the page URL', () => {
    const html = page();

    const valuesOf = (name: string): string[] =>
      controls(html)
        .filter((tag) => attribute(tag, 'name') === name)
        .map((tag) => attribute(tag, 'value') ?? '');
    expect(new Set(controls(html).map((tag) => attribute(tag, 'name')))).toEqual(new Set(['csat', 'nps', 'resolved', 'comment']));
    expect(valuesOf('csat')).toEqual(['1', '2', '3', '4', '5']);
    expect(valuesOf('nps')).toEqual(['0', '1', '2', '3', '4', '5', '6', '7', '8', '9', '10']);
    expect(valuesOf('resolved')).toEqual(['yes', 'no']);
    expect(html).toMatch(/<form method="post"[^>]*>/);
    expect(html).not.toMatch(/<form[^>]*\saction=/);
    expect(html).toMatch(/<button type="submit">Send feedback<\/button>/);
  });

  it('words the satisfaction scale and the recommendation ends', () => {
    const html = page();

    expect(html).toContain('1 Very dissatisfied');
    expect(html).toContain('5 Very satisfied');
    expect(html).toContain('How likely are you to recommend Example Co to a friend or colleague?');
    expect(html).toContain('0 = Not at all likely, 10 = Extremely likely');
    expect(html).toContain('Was your issue resolved?');
  });

  it('limits the comment to 2,000 characters and says so', () => {
    const html = page();

    expect(attribute(control(html, 'comment'), 'maxlength')).toBe('2000');
    expect(html).toContain('up to 2,000 characters');
  });

  it('gives back the comment the customer typed, escaped', () => {
    const comment = `Tom & "Jerry" said <b>it's</b> fine`;

    const html = page({ values: { comment } });

    expect(textareaContent(html)).toBe('\nTom &amp; &quot;Jerry&quot; said &lt;b&gt;it&#39;s&lt;/b&gt; fine');
  });

  it('keeps a line break at the start of a comment', () => {
    const html = page({ values: { comment: '\nfirst line was empty' } });

    // The parser drops one newline after <textarea>: there must be two for the comment to keep its own.
    expect(textareaContent(html)).toBe('\n\nfirst line was empty');
  });

  it('shows a script-like comment as text, never as markup', () => {
    const html = page({ values: { comment: XSS } });

    expect(html).toContain('&lt;img src=x onerror=alert(1)&gt;');
    expect(html).not.toMatch(/<img/i);
  });

  it('escapes the brand name wherever it appears', () => {
    const html = page({ brandName: `<script>alert("x")</script> & Co` });

    expect(html).not.toContain('<script>alert');
    expect(html).toContain('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; Co');
  });

  it('labels every control, with one label each', () => {
    const html = page({ values: { csat: 2 }, errors: [{ field: 'nps', message: 'is required' }] });

    const labelTargets = [...html.matchAll(/<label\b[^>]*\sfor="([^"]+)"/g)].map((m) => m[1]);
    const ids = controls(html).map((tag) => attribute(tag, 'id'));
    expect(ids).toHaveLength(5 + 11 + 2 + 1);
    for (const id of ids) {
      expect(id).toBeDefined();
      expect(labelTargets.filter((target) => target === id)).toHaveLength(1);
    }
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('groups each choice question in a fieldset with a legend', () => {
    const html = page();

    const fieldsets = html.match(/<fieldset\b[^>]*>[\s\S]*?<\/fieldset>/g) ?? [];
    expect(fieldsets).toHaveLength(3);
    for (const fieldset of fieldsets) expect(fieldset).toMatch(/^<fieldset\b[^>]*><legend>[^<]+<\/legend>/);
  });

  it('names the channel in words and the day of the interaction', () => {
    const html = page({ channel: 'community', occurredAt: '2025-03-12T23:59:00Z' });

    expect(html).toContain('your community forum post with us on <time datetime="2025-03-12">12 March 2025</time>');
  });

  it.each([
    ['voice', 'phone call'],
    ['email', 'email'],
    ['chat', 'chat'],
    ['web', 'web self-service visit'],
    ['community', 'community forum post'],
    ['social', 'social media conversation'],
  ] as const)('calls a %s interaction "your %s"', (channel, words) => {
    const html = page({ channel });

    expect(html).toContain(`These questions are about your ${words} with us`);
  });

  it('has words for every channel the product knows', () => {
    for (const channel of CHANNELS) expect(page({ channel })).not.toContain('your undefined');
  });

  it('leaves the date out rather than showing an invalid one', () => {
    const html = page({ occurredAt: 'not a date' });

    expect(html).toContain('about your phone call with us.');
    expect(html).not.toContain('Invalid');
  });

  it('tells a returning customer that sending again replaces the earlier answer', () => {
    expect(page({ alreadyAnswered: true })).toContain('You&#39;ve already answered; sending again replaces your earlier answer.');
    expect(page({ alreadyAnswered: false })).not.toContain('already answered');
  });

  it('is an English, mobile-ready HTML5 document with headings in order', () => {
    const html = page({ errors: [{ field: 'csat', message: 'is required' }] });

    expect(html.startsWith('<!doctype html>')).toBe(true);
    expect(html).toContain('<html lang="en">');
    expect(html).toContain('<meta name="viewport" content="width=device-width,initial-scale=1">');
    const levels = [...html.matchAll(/<h([1-6])\b/g)].map((m) => Number(m[1]));
    expect(levels[0]).toBe(1);
    expect(levels.filter((level) => level === 1)).toHaveLength(1);
    levels.reduce((previous, level) => {
      expect(level).toBeLessThanOrEqual(previous + 1);
      return level;
    }, 1);
  });

  it('stays under 12 KB', () => {
    const html = page({ values: { csat: 3, nps: 7, resolved: true, comment: 'Quick and kind.' }, alreadyAnswered: true });

    expect(Buffer.byteLength(html, 'utf8')).toBeLessThan(12 * 1024);
  });
});

describe('the survey form with problems', () => {
  const errors = [
    { field: 'comment', message: 'is too long' },
    { field: 'csat', message: 'is required' },
    { field: 'nps', message: 'Choose a number from 0 to 10.' },
  ];

  it('lists every problem at the top, in an alert, each linking to its question', () => {
    const html = page({ errors });

    const summary = /<div class="errors" role="alert"[^>]*>([\s\S]*?)<\/div>/.exec(html)?.[1] ?? '';
    expect(html.indexOf('role="alert"')).toBeLessThan(html.indexOf('<p>Thank you for contacting'));
    const links = [...summary.matchAll(/<a href="#([^"]+)">([^<]+)<\/a>/g)].map((m) => [m[1], m[2]]);
    expect(links).toEqual([
      ['csat', 'Please choose a number from 1 to 5.'],
      ['nps', 'Please choose a number from 0 to 10.'],
      ['comment', 'Your comment is too long: please shorten it to 2,000 characters or fewer.'],
    ]);
    for (const [id] of links) expect(controls(html).some((tag) => attribute(tag, 'id') === id)).toBe(true);
  });

  it('says "Error" in the title, so a screen reader hears it first', () => {
    expect(page({ errors })).toContain('<title>Error: Your feedback – Example Co</title>');
    expect(page()).toContain('<title>Your feedback – Example Co</title>');
  });

  it('puts each message beside its field, tied to it by aria-describedby and marked aria-invalid', () => {
    const html = page({ errors });

    const textarea = control(html, 'comment');
    expect(attribute(textarea, 'aria-invalid')).toBe('true');
    expect(attribute(textarea, 'aria-describedby')?.split(' ')).toContain('comment-error');
    expect(html).toMatch(
      /<p class="error" id="comment-error"><span class="sr">Error: <\/span>Your comment is too long: please shorten it to 2,000 characters or fewer\.<\/p>/,
    );

    const csatFieldset = /<fieldset\b[^>]*>(?:(?!<\/fieldset>)[\s\S])*name="csat"/.exec(html)?.[0] ?? '';
    expect(attribute(csatFieldset, 'aria-describedby')?.split(' ')).toContain('csat-error');
    expect(csatFieldset).toContain('<p class="error" id="csat-error">');
    for (const tag of controls(html).filter((t) => attribute(t, 'name') === 'csat')) expect(attribute(tag, 'aria-invalid')).toBe('true');
    for (const tag of controls(html).filter((t) => attribute(t, 'name') === 'resolved')) expect(attribute(tag, 'aria-invalid')).toBeUndefined();
  });

  it('lists a problem with no question of its own as text', () => {
    const html = page({ errors: [{ field: '(body)', message: 'The form could not be read.' }] });

    expect(html).toContain('<li>The form could not be read.</li>');
  });

  it('escapes error messages', () => {
    const html = page({ errors: [{ field: 'referrer', message: XSS }] });

    expect(html).not.toMatch(/<img/i);
    expect(html).toContain('&lt;img src=x onerror=alert(1)&gt;');
  });
});

describe('the pages and their Content-Security-Policy', () => {
  const pages = {
    form: page({ values: { comment: XSS }, errors: [{ field: 'csat', message: 'is required' }] }),
    thanks: renderThanksPage({ brandName: 'Example Co', values: { csat: 5, nps: 10, resolved: true, comment: 'Great' }, locale: 'en', questions: [...ALL] }),
    notFound: renderMessagePage({ brandName: 'Example Co', locale: 'en', ...surveyMessages('en').notFound }),
    unsubscribe: renderUnsubscribePage({ brandName: 'Example Co', locale: 'en', state: 'confirm' }),
    unsubscribed: renderUnsubscribePage({ brandName: 'Example Co', locale: 'en', state: 'done' }),
  };

  it('allows the inline style by its hash, and nothing inline without one', () => {
    for (const html of Object.values(pages)) {
      expect(SURVEY_PAGE_CSP).toContain(`style-src ${sha256Source(inlineBlock(html, 'style'))}`);
      expect(html.match(/<style>/g)).toHaveLength(1);
      expect(html).not.toMatch(/\sstyle="/);
      expect(html).not.toMatch(/\son[a-z]+="/);
    }
    expect(SURVEY_PAGE_CSP).not.toContain('unsafe');
  });

  it('allows the draft script by its hash', () => {
    expect(SURVEY_PAGE_CSP).toContain(`script-src ${sha256Source(inlineBlock(pages.form, 'script'))}`);
    expect(inlineBlock(pages.thanks, 'script')).toBe(inlineBlock(pages.form, 'script'));
  });

  it('forbids everything else: other hosts, framing, base URLs and posting elsewhere', () => {
    const directives = SURVEY_PAGE_CSP.split('; ');

    expect(directives).toEqual(
      expect.arrayContaining(["default-src 'none'", "img-src 'none'", "form-action 'self'", "frame-ancestors 'none'", "base-uri 'none'"]),
    );
  });

  it('loads nothing and links nowhere outside the page', () => {
    for (const html of Object.values(pages)) {
      const tags = html.match(/<[a-z][^>]*>/gi) ?? [];
      expect(html).not.toMatch(/https?:/i);
      expect(tags.filter((tag) => /\ssrc=|^<link\b|^<img\b|^<iframe\b|^<object\b/i.test(tag))).toEqual([]);
      for (const [, href] of html.matchAll(/\shref="([^"]*)"/g)) expect(href).toMatch(/^#[a-z]+$/);
    }
  });
});

describe('the thank-you page', () => {
  it('shows what was stored', () => {
    const html = renderThanksPage({
      brandName: 'Example Co',
      values: { csat: 4, nps: 0, resolved: false, comment: 'Line one\nline two' },
      locale: 'en',
      questions: CLASSIC,
    });

    expect(html).toContain('<dt>Satisfaction</dt><dd>4 Satisfied</dd>');
    expect(html).toContain('<dt>Likelihood to recommend</dt><dd>0 out of 10</dd>');
    expect(html).toContain('<dt>Issue resolved</dt><dd>No</dd>');
    expect(html).toContain('<dt>Comment</dt><dd>Line one\nline two</dd>');
  });

  it('says which questions were left unanswered', () => {
    const html = renderThanksPage({ brandName: 'Example Co', values: { csat: 1 }, locale: 'en', questions: CLASSIC });

    expect(html).toContain('<dd>1 Very dissatisfied</dd>');
    expect(html).toContain('<dt>Likelihood to recommend</dt><dd>Not answered</dd>');
    expect(html).toContain('<dt>Comment</dt><dd>No comment</dd>');
  });

  it('tells the customer they can change their answers from the link', () => {
    const html = renderThanksPage({ brandName: 'Example Co', values: { csat: 3 }, locale: 'en', questions: CLASSIC });

    expect(html).toContain('Open the survey link in your email again');
    expect(html).toContain('Your new answers replace these.');
  });

  it('shows a script-like comment and brand as text', () => {
    const html = renderThanksPage({ brandName: '<b>Co</b>', values: { comment: XSS }, locale: 'en', questions: CLASSIC });

    expect(html).not.toMatch(/<img|<b>/i);
    expect(html).toContain('<dd>&lt;img src=x onerror=alert(1)&gt;</dd>');
  });
});

describe('the message pages', () => {
  it('shows a friendly title and message', () => {
    const html = renderMessagePage({ brandName: 'Example Co', locale: 'en', ...surveyMessages('en').closed });

    expect(html).toContain('<h1>This survey has closed</h1>');
    expect(html).toContain('<title>This survey has closed – Example Co</title>');
    expect(html).not.toContain('<form');
  });

  it('escapes the title, the message and the brand', () => {
    const html = renderMessagePage({ brandName: '"Co"', title: '<i>t</i>', message: XSS, locale: 'en' });

    expect(html).not.toMatch(/<img|<i>/i);
    expect(html).toContain('<h1>&lt;i&gt;t&lt;/i&gt;</h1>');
    expect(html).toContain('&quot;Co&quot;');
  });
});

describe("the survey in the customer's language", () => {
  it.each([
    ['en', 'How did we do?', '12 March 2025'],
    ['de', 'Ihre Meinung ist uns wichtig', '12. März 2025'],
    ['fr', 'Votre avis compte pour nous', '12 mars 2025'],
    ['es', 'Su opinión nos importa', '12 de marzo de 2025'],
  ] as const)('speaks %s, says so in lang, and writes the day its way', (locale, heading, day) => {
    const html = page({ locale });

    expect(html).toContain(`<html lang="${locale}">`);
    expect(html).toContain(`<h1>${heading}</h1>`);
    expect(html).toContain(`<time datetime="2025-03-12">${day}</time>`);
  });

  it('uses the right German case for the channel', () => {
    const html = page({ locale: 'de', channel: 'chat' });

    expect(html).toContain('Diese Fragen beziehen sich auf Ihren Chat mit uns am');
    expect(html).toContain('<legend>Wie zufrieden waren Sie mit Ihrem Chat?</legend>');
    expect(html).toContain('<span>1 Sehr unzufrieden</span>');
    expect(html).toContain('<span>Ja</span>');
    expect(html).toContain('<button type="submit">Antworten senden</button>');
  });

  it('has words for every channel in every language', () => {
    for (const locale of LOCALES) for (const channel of CHANNELS) expect(page({ locale, channel })).not.toMatch(/undefined|\{\w+\}/);
  });

  it('writes the thank-you, message and unsubscribe pages in the language too', () => {
    const thanks = renderThanksPage({ brandName: 'Example Co', values: { nps: 9, ces: 6 }, locale: 'fr', questions: ['nps', 'ces'] });
    const closed = renderMessagePage({ brandName: 'Example Co', locale: 'es', ...surveyMessages('es').closed });

    expect(thanks).toContain('<html lang="fr">');
    expect(thanks).toContain('<dt>Probabilité de recommandation</dt><dd>9 sur 10</dd>');
    expect(thanks).toContain('<dd>6 Facile</dd>');
    expect(closed).toContain('<html lang="es">');
    expect(closed).toContain('<h1>Esta encuesta ha finalizado</h1>');
  });
});

describe('the questions of the survey definition', () => {
  it('shows only the questions asked, in their order', () => {
    const html = page({ questions: ['ces', 'comment'] });

    const names = controls(html).map((tag) => attribute(tag, 'name'));
    expect(new Set(names)).toEqual(new Set(['ces', 'comment']));
    expect(html).not.toMatch(/name="(csat|nps|resolved)"/);
    expect(html.indexOf('name="ces"')).toBeLessThan(html.indexOf('name="comment"'));
  });

  it('asks CES on a 1-7 scale with words at every point', () => {
    const html = page({ questions: ['ces'], values: { ces: 7 } });

    const values = controls(html)
      .filter((tag) => attribute(tag, 'name') === 'ces')
      .map((tag) => attribute(tag, 'value'));
    expect(values).toEqual(['1', '2', '3', '4', '5', '6', '7']);
    expect(html).toContain('<legend>How easy was it to get your issue handled?</legend>');
    expect(html).toContain('<span>1 Very difficult</span>');
    expect(html).toContain('<span>7 Very easy</span>');
    expect(checkedValues(html, 'ces')).toEqual(['7']);
  });

  it('follows the order it is given', () => {
    const html = page({ questions: ['comment', 'nps', 'csat'] });

    const order = ['comment', 'nps', 'csat'].map((name) => html.indexOf(`name="${name}"`));
    expect(order).toEqual([...order].sort((a, b) => a - b));
  });

  it('shows the custom wording in place of the built-in question, escaped', () => {
    const html = page({ questions: ['csat', 'comment'], wording: { csat: 'Rate <Anna> & "the team"', comment: 'Tips for us?' } });

    expect(html).toContain('<legend>Rate &lt;Anna&gt; &amp; &quot;the team&quot;</legend>');
    expect(html).not.toContain('How satisfied were you');
    expect(html).toContain('<label class="q" for="comment">Tips for us? (optional)</label>');
  });

  it('keeps the built-in text of a question without custom wording', () => {
    const html = page({ wording: { nps: 'Would you recommend us?' } });

    expect(html).toContain('<legend>Would you recommend us?</legend>');
    expect(html).toContain('<legend>How satisfied were you with your phone call?</legend>');
  });

  it('shows on the thank-you page only the questions asked', () => {
    const html = renderThanksPage({ brandName: 'Example Co', values: { ces: 2, comment: 'ok' }, locale: 'en', questions: ['ces', 'comment'] });

    expect(html).toContain('<dt>Ease of getting your issue handled</dt><dd>2 Difficult</dd>');
    expect(html).not.toContain('Satisfaction');
    expect(html).not.toContain('Likelihood to recommend');
  });
});

describe("problems in the customer's language", () => {
  it.each([
    ['de', 'csat', 'Bitte wählen Sie eine Zahl von 1 bis 5.'],
    ['de', 'nps', 'Bitte wählen Sie eine Zahl von 0 bis 10.'],
    ['fr', 'ces', 'Veuillez choisir une note de 1 à 7.'],
    ['es', 'resolved', 'Elija Sí o No.'],
  ] as const)('in %s, names the %s problem by its scale', (locale, field, text) => {
    const html = page({ locale, questions: ['csat', 'nps', 'ces', 'resolved', 'comment'], errors: [{ field, message: 'must be a whole number from 1 to 5' }] });

    expect(html).toContain(`<li><a href="#${field}">${text}</a></li>`);
    expect(html).not.toContain('must be');
  });

  it('says a comment is too long with the limit written the local way', () => {
    const html = page({ locale: 'de', errors: [{ field: 'comment', message: 'must be at most 2,000 characters' }] });

    expect(html).toContain('Ihr Kommentar ist zu lang. Bitte kürzen Sie ihn auf höchstens 2.000 Zeichen.');
  });

  it('asks for at least one answer and leads to the first question', () => {
    const html = page({ locale: 'fr', questions: ['ces', 'comment'], errors: [{ field: '(answer)', message: 'answer at least one question' }] });

    expect(html).toContain('<li><a href="#ces">Veuillez répondre à au moins une question.</a></li>');
    expect(html).toContain('<title>Erreur\u00a0: Votre avis – Example Co</title>');
  });

  it('falls back to the given message for a field it does not know', () => {
    const html = page({ locale: 'de', errors: [{ field: '(body)', message: 'The form could not be read.' }] });

    expect(html).toContain('<li>The form could not be read.</li>');
  });

  it('lists a problem with a question not on the page as text, with no dead link', () => {
    const html = page({ questions: ['csat'], errors: [{ field: 'nps', message: 'x' }] });

    expect(html).toContain('<li>Please choose a number from 0 to 10.</li>');
    expect(html).not.toContain('href="#nps"');
  });

  it('says the same thing once when a field has two problems', () => {
    const html = page({
      errors: [
        { field: 'csat', message: 'must be an integer' },
        { field: 'csat', message: 'too small' },
      ],
    });

    expect(html.match(/Please choose a number from 1 to 5\./g)).toHaveLength(2); // once in the summary, once beside the field
  });
});

describe('the unsubscribe pages', () => {
  it('asks before unsubscribing, with a form that posts the one-click field', () => {
    const html = renderUnsubscribePage({ brandName: 'Example Co', locale: 'en', state: 'confirm' });

    expect(html).toContain('<h1>Stop survey emails from Example Co?</h1>');
    expect(html).toMatch(/<form method="post">/);
    expect(html).not.toMatch(/<form[^>]*\saction=/);
    expect(html).toContain('<input type="hidden" name="List-Unsubscribe" value="One-Click">');
    expect(html).toContain('<button type="submit">Unsubscribe</button>');
  });

  it("confirms in the customer's language once done, with no form", () => {
    const html = renderUnsubscribePage({ brandName: 'Example Co', locale: 'de', state: 'done' });

    expect(html).toContain('<html lang="de">');
    expect(html).toContain('Sie erhalten keine Umfrage-E-Mails mehr von Example Co.');
    expect(html).not.toContain('<form');
  });

  it('escapes the brand', () => {
    const html = renderUnsubscribePage({ brandName: XSS, locale: 'en', state: 'confirm' });

    expect(html).not.toMatch(/<img/i);
  });
});
