// What a customer may submit: from the page (form fields, all strings) or as JSON (numbers, booleans or strings).
import * as z from '../shared/zod.js';
import type { AnswerValues } from '../domain/model.js';
import { SCALES } from '../domain/survey-definition.js';
import { MESSAGES, formatWholeNumber } from '../i18n/index.js';
import { wholeNumber } from '../shared/schemas.js';

export const MAX_COMMENT_CHARS = 2000;
export const MAX_ANSWER_BYTES = 32 * 1024;

const blankToUndefined = (value: unknown) => (value === '' || value === null ? undefined : value);

/** zod's preprocess: the value as `prepare` leaves it, then checked by `schema`. */
const prepared = <S extends z.ZodMiniType>(prepare: (value: unknown) => unknown, schema: S) => z.pipe(z.transform(prepare), schema);

const score = ({ min, max }: { min: number; max: number }) =>
  prepared(
    (value) => {
      const v = blankToUndefined(value);
      return typeof v === 'string' && /^\d+$/.test(v.trim()) ? Number(v) : v;
    },
    z.optional(wholeNumber(min, max)),
  );

export const answerSchema = z
  .object({
    csat: score(SCALES.csat),
    nps: score(SCALES.nps),
    ces: score(SCALES.ces),
    resolved: prepared(
      (value) => {
        const v = blankToUndefined(value);
        return v === 'yes' ? true : v === 'no' ? false : v;
      },
      z.optional(z.boolean({ message: 'must be yes or no' })),
    ),
    comment: prepared(
      // Browsers count a line break as one character against maxlength but send it as CRLF.
      (value) => (typeof value === 'string' ? blankToUndefined(value.replace(/\r\n?/g, '\n').trim()) : blankToUndefined(value)),
      z.optional(
        z
          .string({ message: 'must be text' })
          .check(z.refine((text) => [...text].length <= MAX_COMMENT_CHARS, `must be at most ${formatWholeNumber(MESSAGES.en, MAX_COMMENT_CHARS)} characters`)),
      ),
    ),
  })
  .check(
    z.refine((a) => a.csat !== undefined || a.nps !== undefined || a.ces !== undefined || a.resolved !== undefined || a.comment !== undefined, {
      message: 'answer at least one question',
      path: ['(answer)'],
    }),
  );

/** Only the four answer fields, without the undefined ones. */
export function toAnswerValues({ csat, nps, ces, resolved, comment }: AnswerValues): AnswerValues {
  return {
    ...(csat !== undefined ? { csat } : {}),
    ...(nps !== undefined ? { nps } : {}),
    ...(ces !== undefined ? { ces } : {}),
    ...(resolved !== undefined ? { resolved } : {}),
    ...(comment !== undefined ? { comment } : {}),
  };
}

/** Survey tokens are 24 random bytes in base64url; anything else is not one of ours. */
export const TOKEN_PATTERN = /^[A-Za-z0-9_-]{32}$/;
