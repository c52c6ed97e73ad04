import { describe, expect, it } from 'vitest';
import { CHANNELS } from '../../../functions/domain/channels.js';
import { LOCALES } from '../../../functions/domain/survey-definition.js';
import { ratingUrl, renderInvitationEmail, type InvitationEmailModel } from '../../../functions/delivery/email.js';

const SURVEY_URL = 'https://feedback.example.com/s/tok_123-ABC';
const UNSUBSCRIBE_URL = 'https://feedback.example.com/u/tok_123-ABC';

function email(overrides: Partial<InvitationEmailModel> = {}) {
  return renderInvitationEmail({
    brandName: 'Example Co',
    customerName: 'Ana',
    channel: 'voice',
    occurredAt: '2025-03-12T14:30:00.000Z',
    surveyUrl: SURVEY_URL,
    unsubscribeUrl: UNSUBSCRIBE_URL,
    locale: 'en',
    lead: 'csat',
    ...overrides,
  });
}

/** Every link of the HTML part as [href, visible text]. */
function links(html: string): [string, string][] {
  return [...html.matchAll(/<a\b[^>]*\shref="([^"]*)"[^>]*>([^<]*)<\/a>/g)].map((m) => [m[1]!, m[2]!]);
}

describe('ratingUrl', () => {
  it('opens the survey page with the score', () => {
    expect(ratingUrl(SURVEY_URL, 3, 'csat')).toBe(`${SURVEY_URL}?score=3`);
  });

  it('adds the score to a URL that already has a query', () => {
    expect(ratingUrl('https://host/s/T?utm=mail', 5, 'csat')).toBe('https://host/s/T?utm=mail&score=5');
  });

  it.each([0, 6, 2.5, Number.NaN])('refuses a CSAT score of %s', (score) => {
    expect(() => ratingUrl(SURVEY_URL, score, 'csat')).toThrow(RangeError);
  });

  it("takes each lead question's own scale: NPS 0-10, CES 1-7", () => {
    expect(ratingUrl(SURVEY_URL, 0, 'nps')).toBe(`${SURVEY_URL}?score=0`);
    expect(ratingUrl(SURVEY_URL, 10, 'nps')).toBe(`${SURVEY_URL}?score=10`);
    expect(ratingUrl(SURVEY_URL, 7, 'ces')).toBe(`${SURVEY_URL}?score=7`);
    expect(() => ratingUrl(SURVEY_URL, 11, 'nps')).toThrow(RangeError);
    expect(() => ratingUrl(SURVEY_URL, 0, 'ces')).toThrow(RangeError);
    expect(() => ratingUrl(SURVEY_URL, 8, 'ces')).toThrow(RangeError);
  });
});

describe('the invitation email', () => {
  it('asks about the interaction in the subject, in words', () => {
    expect(email().subject).toBe('How was your phone call with Example Co?');
    expect(email({ channel: 'social' }).subject).toBe('How was your social media conversation with Example Co?');
  });

  it('keeps line breaks from outside out of the subject', () => {
    expect(email({ brandName: 'Example\r\nBcc: x@evil.test' }).subject).toBe('How was your phone call with Example Bcc: x@evil.test?');
  });

  it('has exactly five rating buttons, scores 1 to 5 in order, with visible words', () => {
    const { html } = email();

    const ratings = links(html).filter(([href]) => href.includes('score='));
    expect(ratings).toEqual([
      [`${SURVEY_URL}?score=1`, '1 Very dissatisfied'],
      [`${SURVEY_URL}?score=2`, '2 Dissatisfied'],
      [`${SURVEY_URL}?score=3`, '3 Neither satisfied nor dissatisfied'],
      [`${SURVEY_URL}?score=4`, '4 Satisfied'],
      [`${SURVEY_URL}?score=5`, '5 Very satisfied'],
    ]);
  });

  it('has one link to the full survey, one to unsubscribe, and no other links', () => {
    const { html } = email();

    expect(links(html).filter(([href]) => href === SURVEY_URL)).toEqual([[SURVEY_URL, 'Answer the full survey (about 1 minute)']]);
    expect(links(html).filter(([href]) => href === UNSUBSCRIBE_URL)).toEqual([[UNSUBSCRIBE_URL, 'Unsubscribe']]);
    expect(links(html)).toHaveLength(7);
  });

  it('asks the satisfaction question about the channel and names the day', () => {
    const { html } = email({ channel: 'chat' });

    expect(html).toContain('How satisfied were you with your chat?');
    expect(html).toContain('how your chat on 12 March 2025 went');
  });

  it('greets the customer by name, escaped', () => {
    const { html, text } = email({ customerName: `<img src=x onerror=alert(1)> O'Brien & "Co"` });

    expect(html).toContain('Hi &lt;img src=x onerror=alert(1)&gt; O&#39;Brien &amp; &quot;Co&quot;,');
    expect(html).not.toMatch(/<img/i);
    expect(text.split('\n')[0]).toBe(`Hi <img src=x onerror=alert(1)> O'Brien & "Co",`);
  });

  it('greets a name stored before names were cleaned without its bidi overrides, zero-width characters or line separators', () => {
    const { html, text, subject } = email({ customerName: 'Ana\u202Egnp\u200B\u0085Lopez\u2028' });

    expect(text.split('\n')[0]).toBe('Hi Anagnp Lopez,');
    expect(html).toContain('>Hi Anagnp Lopez,</p>');
    expect(`${subject}${text}${html}`).not.toMatch(/[\u202E\u200B\u0085\u2028]/);
  });

  it.each([undefined, '', '   ', '\u200B\u202E'])('greets a customer with no name (%j) neutrally', (customerName) => {
    const { html, text } = email(customerName === undefined ? { customerName } : { customerName });

    expect(html).toContain('>Hello,</p>');
    expect(text.startsWith('Hello,\n')).toBe(true);
  });

  it('escapes the brand name in the HTML part', () => {
    const { html } = email({ brandName: '<b>Bold</b> & Co' });

    expect(html).not.toContain('<b>');
    expect(html).toContain('&lt;b&gt;Bold&lt;/b&gt; &amp; Co');
  });

  it('escapes the survey URL in attributes', () => {
    const { html } = email({ surveyUrl: 'https://host/s/T?a=1&b="x"' });

    expect(html).toContain('href="https://host/s/T?a=1&amp;b=&quot;x&quot;&amp;score=1"');
    expect(html).toContain('href="https://host/s/T?a=1&amp;b=&quot;x&quot;"');
  });

  it('refuses a survey URL that is not http(s)', () => {
    expect(() => email({ surveyUrl: 'javascript:alert(1)' })).toThrow(RangeError);
  });

  it('is an English email of layout tables with inline styles, a hidden preheader and no external images', () => {
    const { html } = email();

    expect(html).toContain('<html lang="en"');
    expect(html).toMatch(/<body[^>]*>\n<div style="display:none;[^"]*">One tap tells us how your phone call went\./);
    const tables = html.match(/<table\b[^>]*>/g) ?? [];
    expect(tables.length).toBeGreaterThan(0);
    for (const table of tables) expect(table).toContain('role="presentation"');
    expect(html).not.toMatch(/<img\b|<link\b|<style\b|<script\b|\ssrc=/i);
  });

  it('says why the customer got it', () => {
    expect(email().html).toContain('You received this email because of your phone call with Example Co on 12 March 2025.');
  });

  it('has a text part with the same content and the seven URLs on their own lines', () => {
    const { text } = email();
    const lines = text.split('\n');

    for (const score of [1, 2, 3, 4, 5]) expect(lines).toContain(`${SURVEY_URL}?score=${score}`);
    expect(lines).toContain(SURVEY_URL);
    expect(lines).toContain(UNSUBSCRIBE_URL);
    expect(lines[lines.indexOf(UNSUBSCRIBE_URL) - 1]).toBe("Don't want survey emails? Unsubscribe:");
    expect(lines.filter((line) => line.includes('https://'))).toHaveLength(7);
    expect(lines).toContain('How satisfied were you with your phone call?');
    expect(lines[lines.indexOf(`${SURVEY_URL}?score=2`) - 1]).toBe('2 Dissatisfied');
    expect(lines).toContain('Answer the full survey (about 1 minute):');
    expect(text).toContain('You received this email because of your phone call with Example Co on 12 March 2025.');
  });
});

describe('the lead question', () => {
  it('has eleven NPS links, 0 to 10, numbers only, under a line naming the ends', () => {
    const { html, text } = email({ lead: 'nps' });

    const ratings = links(html).filter(([href]) => href.includes('score='));
    expect(ratings).toEqual(Array.from({ length: 11 }, (_, score) => [`${SURVEY_URL}?score=${score}`, String(score)]));
    expect(html).toContain('How likely are you to recommend Example Co to a friend or colleague?');
    expect(html.indexOf('0 = Not at all likely, 10 = Extremely likely')).toBeLessThan(html.indexOf('?score=0'));
    expect(text).toContain('0 = Not at all likely, 10 = Extremely likely');
    expect(text.split('\n')).toContain(`${SURVEY_URL}?score=10`);
  });

  it('has seven CES links, 1 to 7, with their words', () => {
    const { html } = email({ lead: 'ces' });

    const ratings = links(html).filter(([href]) => href.includes('score='));
    expect(ratings.map(([href]) => href)).toEqual([1, 2, 3, 4, 5, 6, 7].map((score) => `${SURVEY_URL}?score=${score}`));
    expect(ratings[0]![1]).toBe('1 Very difficult');
    expect(ratings[6]![1]).toBe('7 Very easy');
    expect(html).toContain('How easy was it to get your issue handled?');
  });

  it('asks the lead question in the custom wording, escaped', () => {
    const { html, text } = email({ lead: 'ces', leadWording: 'Was it <easy> & quick?' });

    expect(html).toContain('Was it &lt;easy&gt; &amp; quick?');
    expect(html).not.toContain('How easy was it');
    expect(text.split('\n')).toContain('Was it <easy> & quick?');
  });
});

describe("the email in the customer's language", () => {
  it.each([
    ['en', 'How was your chat with Example Co?', 'Unsubscribe', '12 March 2025'],
    ['de', 'Wie war Ihr Chat mit Example Co?', 'Abmelden', '12. März 2025'],
    ['fr', 'Que pensez-vous de votre échange par chat avec Example Co\u00a0?', 'Se désabonner', '12 mars 2025'],
    ['es', '¿Qué tal fue su chat con Example Co?', 'Darse de baja', '12 de marzo de 2025'],
  ] as const)('in %s, words the subject, the unsubscribe link and the day', (locale, subject, unsubscribe, day) => {
    const { subject: actual, html, text } = email({ locale, channel: 'chat' });

    expect(actual).toBe(subject);
    expect(html).toContain(`<html lang="${locale}" dir="ltr">`);
    expect(links(html)).toContainEqual([UNSUBSCRIBE_URL, unsubscribe]);
    expect(html).toContain(day);
    expect(text).toContain(day);
  });

  it('greets formally in German and words the CSAT scale', () => {
    const { html } = email({ locale: 'de', customerName: 'Frau Müller' });

    expect(html).toContain('>Guten Tag Frau Müller,</p>');
    expect(links(html).map(([, label]) => label)).toContain('5 Sehr zufrieden');
    expect(html).toContain('Wie zufrieden waren Sie mit Ihrem Telefonat?');
  });

  it('has words for every channel in every language', () => {
    for (const locale of LOCALES) {
      for (const channel of CHANNELS) {
        const { subject, html, text } = email({ locale, channel });
        for (const part of [subject, html, text]) expect(part).not.toMatch(/undefined|\{\w+\}/);
      }
    }
  });
});

describe('the unsubscribe link', () => {
  it('is in the footer of both parts', () => {
    const { html, text } = email();

    expect(html).toContain(`Don&#39;t want survey emails? <a href="${UNSUBSCRIBE_URL}"`);
    expect(text.split('\n')).toContain(UNSUBSCRIBE_URL);
  });

  it('refuses an unsubscribe URL that is not http(s)', () => {
    expect(() => email({ unsubscribeUrl: 'javascript:alert(1)' })).toThrow(RangeError);
  });
});

describe('the reminder', () => {
  it('has its own subject and first line', () => {
    const first = email();
    const reminder = email({ reminder: true });

    expect(reminder.subject).toBe('A reminder: how was your phone call with Example Co?');
    expect(reminder.subject).not.toBe(first.subject);
    expect(reminder.text.split('\n')[2]).toMatch(/^A reminder: /);
    expect(email({ reminder: true, locale: 'de' }).subject).toBe('Erinnerung: Wie war Ihr Telefonat mit Example Co?');
  });

  it('keeps the same links', () => {
    expect(links(email({ reminder: true }).html)).toEqual(links(email().html));
  });
});
