// What a CX manager may PUT as a channel's survey: every field checked, with a message naming the bad one.
import * as z from 'zod';
import { wholeNumber } from '../shared/schemas.js';
import { DEFAULT_LEAD, DEFAULT_QUESTIONS, LEAD_QUESTIONS, LOCALES, QUESTIONS } from '../domain/survey-definition.js';

const questionText = z.string({ message: 'must be text' }).trim().min(1, 'must not be empty').max(300, 'must be at most 300 characters');

export const definitionInputSchema = z
  .strictObject({
    enabled: z.boolean({ message: 'must be true or false' }).default(true),
    questions: z
      .array(z.enum(QUESTIONS, { message: `must be one of ${QUESTIONS.join(', ')}` }), { message: 'must be a list of questions' })
      .min(1, 'must ask at least one question')
      .refine((qs) => new Set(qs).size === qs.length, 'must not ask a question twice')
      .default(() => [...DEFAULT_QUESTIONS]),
    lead: z.enum(LEAD_QUESTIONS, { message: `must be one of ${LEAD_QUESTIONS.join(', ')}` }).default(DEFAULT_LEAD),
    wording: z
      .partialRecord(
        z.enum(LOCALES, { message: `must be one of ${LOCALES.join(', ')}` }),
        z.partialRecord(z.enum(QUESTIONS, { message: `must be one of ${QUESTIONS.join(', ')}` }), questionText),
      )
      .default({}),
    sendDelayMinutes: wholeNumber(0, 43_200).default(0),
    linkExpiryDays: wholeNumber(1, 90).default(30),
    reminder: z
      .strictObject({ enabled: z.boolean({ message: 'must be true or false' }), afterDays: wholeNumber(1, 30) })
      .default({ enabled: true, afterDays: 3 }),
    samplingRate: z
      .number({ message: 'must be a number from 0 to 1' })
      .min(0, 'must be a number from 0 to 1')
      .max(1, 'must be a number from 0 to 1')
      .default(1),
    throttleDays: wholeNumber(0, 365).default(0),
  })
  .superRefine((d, ctx) => {
    if (d.questions.length > 0 && !d.questions.includes(d.lead))
      ctx.addIssue({ code: 'custom', path: ['lead'], message: `must be one of the questions asked (${d.questions.join(', ')})` });
    if (d.reminder.enabled && d.reminder.afterDays >= d.linkExpiryDays) {
      ctx.addIssue({ code: 'custom', path: ['reminder', 'afterDays'], message: `must be fewer days than linkExpiryDays (${d.linkExpiryDays})` });
    }
  });

export type DefinitionInput = z.infer<typeof definitionInputSchema>;
