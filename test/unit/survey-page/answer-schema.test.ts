import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { answerSchema, toAnswerValues, TOKEN_PATTERN } from '../../../functions/survey-page/answer-schema.js';
import { validate } from '../../../functions/shared/http.js';
import { InvalidInput } from '../../../functions/shared/errors.js';

/** The issues of a refused answer, as "field message". */
function refusal(raw: unknown): string[] {
  try {
    validate(answerSchema, raw, 'answer');
  } catch (error) {
    if (error instanceof InvalidInput) return error.issues.map((issue) => `${issue.field} ${issue.message}`);
    throw error;
  }
  throw new Error(`accepted ${JSON.stringify(raw)}`);
}

const accept = (raw: unknown) => toAnswerValues(validate(answerSchema, raw, 'answer'));

describe('the answer schema', () => {
  it.each([0, 6, 'abc', 2.5, '2.5', -1, true])('refuses a satisfaction score of %j', (csat) => {
    expect(refusal({ csat })).toEqual(['csat must be a whole number from 1 to 5']);
  });

  it.each([
    [1, 1],
    [5, 5],
    ['3', 3],
    [' 4 ', 4],
  ])('accepts a satisfaction score of %j as %j', (csat, expected) => {
    expect(accept({ csat })).toEqual({ csat: expected });
  });

  it('accepts a satisfaction score exactly when it is a whole number from 1 to 5', () => {
    fc.assert(
      fc.property(fc.integer({ min: -1000, max: 1000 }), (csat) => {
        expect(answerSchema.safeParse({ csat }).success).toBe(csat >= 1 && csat <= 5);
        expect(answerSchema.safeParse({ csat: String(csat) }).success).toBe(csat >= 1 && csat <= 5);
      }),
    );
  });

  it('accepts a recommendation score of 0, from a form or from JSON', () => {
    expect(accept({ nps: 0 })).toEqual({ nps: 0 });
    expect(accept({ nps: '0' })).toEqual({ nps: 0 });
  });

  it.each([11, -1, 'ten'])('refuses a recommendation score of %j', (nps) => {
    expect(refusal({ nps })).toEqual(['nps must be a whole number from 0 to 10']);
  });

  it.each([1, 7, '4'])('accepts a customer effort score of %j', (ces) => {
    expect(accept({ ces })).toEqual({ ces: Number(ces) });
  });

  it.each([0, 8, 3.5])('refuses a customer effort score of %j', (ces) => {
    expect(refusal({ ces })).toEqual(['ces must be a whole number from 1 to 7']);
  });

  it.each([
    ['yes', true],
    ['no', false],
    [true, true],
    [false, false],
  ])('reads resolved %j as %j', (resolved, expected) => {
    expect(accept({ resolved })).toEqual({ resolved: expected });
  });

  it.each(['maybe', 'true', 1])('refuses resolved %j', (resolved) => {
    expect(refusal({ resolved })).toEqual(['resolved must be yes or no']);
  });

  it('refuses a comment of 2,001 characters', () => {
    expect(refusal({ comment: 'a'.repeat(2001) })).toEqual(['comment must be at most 2,000 characters']);
  });

  it('accepts a comment of 2,000 emoji, counting characters and not UTF-16 units', () => {
    const comment = '😀'.repeat(2000);

    expect(accept({ comment })).toEqual({ comment });
  });

  it('refuses a comment of 2,001 emoji', () => {
    expect(refusal({ comment: '😀'.repeat(2001) })).toEqual(['comment must be at most 2,000 characters']);
  });

  it('counts a line break sent as CRLF as one character, as the browser did', () => {
    const comment = `${'a'.repeat(999)}\r\n${'b'.repeat(1000)}`;

    expect(accept({ comment })).toEqual({ comment: `${'a'.repeat(999)}\n${'b'.repeat(1000)}` });
  });

  it('trims the comment', () => {
    expect(accept({ csat: 3, comment: '  Kind and quick.\n' })).toEqual({ csat: 3, comment: 'Kind and quick.' });
  });

  it('refuses a comment that is not text', () => {
    expect(refusal({ comment: 42 })).toEqual(['comment must be text']);
  });

  it.each([{}, { csat: '', nps: '', ces: '', resolved: '', comment: '   ' }, { csat: null }])('refuses an empty answer %j, naming (answer)', (raw) => {
    expect(refusal(raw)).toEqual(['(answer) answer at least one question']);
  });

  it('keeps only the answered questions', () => {
    expect(accept({ csat: '4', nps: '', resolved: 'yes', comment: '', extra: 'ignored' })).toEqual({ csat: 4, resolved: true });
  });
});

describe('the survey token pattern', () => {
  it('matches exactly 32 base64url characters', () => {
    expect(TOKEN_PATTERN.test('q3Vb8wXk1Lr0Zt7YpNc2Hs5Jd9Ga4Uf-')).toBe(true);
    expect(TOKEN_PATTERN.test('q3Vb8wXk1Lr0Zt7YpNc2Hs5Jd9Ga4Uf')).toBe(false);
    expect(TOKEN_PATTERN.test('q3Vb8wXk1Lr0Zt7YpNc2Hs5Jd9Ga4Uf-x')).toBe(false);
    expect(TOKEN_PATTERN.test('q3Vb8wXk1Lr0Zt7YpNc2Hs5Jd9Ga4Uf/')).toBe(false);
  });
});
