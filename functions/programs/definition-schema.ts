// What a CX manager may PUT as a channel's survey: every field checked, with a message naming the bad one.
import * as z from '../shared/zod.js';
import { wholeNumber } from '../shared/schemas.js';
import { DEFAULT_LEAD, DEFAULT_QUESTIONS, LEAD_QUESTIONS, LOCALES, QUESTIONS } from '../domain/survey-definition.js';

const questionText = z
  .string({ message: 'must be text' })
  .check(z.trim(), z.minLength(1, 'must not be empty'), z.maxLength(300, 'must be at most 300 characters'));

export const definitionInputSchema = z
  .strictObject({
    enabled: z._default(z.boolean({ message: 'must be true or false' }), true),
    questions: z._default(
      z.array(z.enum(QUESTIONS, { message: `must be one of ${QUESTIONS.join(', ')}` }), { message: 'must be a list of questions' }).check(
        z.minLength(1, 'must ask at least one question'),
        z.refine((qs) => new Set(qs).size === qs.length, 'must not ask a question twice'),
      ),
      () => [...DEFAULT_QUESTIONS],
    ),
    lead: z._default(z.enum(LEAD_QUESTIONS, { message: `must be one of ${LEAD_QUESTIONS.join(', ')}` }), DEFAULT_LEAD),
    wording: z._default(
      z.partialRecord(
        z.enum(LOCALES, { message: `must be one of ${LOCALES.join(', ')}` }),
        z.partialRecord(z.enum(QUESTIONS, { message: `must be one of ${QUESTIONS.join(', ')}` }), questionText),
      ),
      {},
    ),
    sendDelayMinutes: z._default(wholeNumber(0, 43_200), 0),
    linkExpiryDays: z._default(wholeNumber(1, 90), 30),
    reminder: z._default(z.strictObject({ enabled: z.boolean({ message: 'must be true or false' }), afterDays: wholeNumber(1, 30) }), {
      enabled: true,
      afterDays: 3,
    }),
    samplingRate: z._default(
      z.number({ message: 'must be a number from 0 to 1' }).check(z.minimum(0, 'must be a number from 0 to 1'), z.maximum(1, 'must be a number from 0 to 1')),
      1,
    ),
    throttleDays: z._default(wholeNumber(0, 365), 0),
  })
  .check(
    z.superRefine((d, ctx) => {
      if (d.questions.length > 0 && !d.questions.includes(d.lead))
        ctx.addIssue({ code: 'custom', path: ['lead'], message: `must be one of the questions asked (${d.questions.join(', ')})` });
      if (d.reminder.enabled && d.reminder.afterDays >= d.linkExpiryDays) {
        ctx.addIssue({ code: 'custom', path: ['reminder', 'afterDays'], message: `must be fewer days than linkExpiryDays (${d.linkExpiryDays})` });
      }
    }),
  );

export type DefinitionInput = z.infer<typeof definitionInputSchema>;
