import { describe, expect, it } from 'vitest';
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

  it('takes each lead question\'s own scale: NPS 0-10, CES 1-7', () => {
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

  it.each([undefined, '', '   '])('greets a customer with no name (%j) neutrally', (customerName) => {
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
