// The weekly digest's settings (PUT /settings/digest): who gets it, and when, in the manager's time zone.
import * as z from '../shared/zod.js';
import { WEEKDAYS, isIanaTimeZone, type DigestSchedule } from '../domain/digest-schedule.js';
import { wholeNumber } from '../shared/schemas.js';

export const MAX_DIGEST_RECIPIENTS = 20;

export const digestSettingsSchema = z.strictObject({
  recipients: z.array(z.email({ message: 'must be an email address' }), { message: 'must be a list of email addresses' }).check(
    z.minLength(1, 'must hold at least one email address'),
    z.maxLength(MAX_DIGEST_RECIPIENTS, `must hold at most ${MAX_DIGEST_RECIPIENTS} email addresses`),
    z.refine((list) => new Set(list.map((e) => e.toLowerCase())).size === list.length, 'must not repeat an address'),
  ),
  weekday: z.enum(WEEKDAYS, { message: `must be one of ${WEEKDAYS.join(', ')}` }),
  hour: wholeNumber(0, 23),
  timeZone: z
    .string({ message: 'must be an IANA time zone name (e.g. Europe/Berlin)' })
    .check(z.maxLength(64, 'must be at most 64 characters'), z.refine(isIanaTimeZone, 'must be an IANA time zone name (e.g. Europe/Berlin)')),
  enabled: z.optional(z.boolean({ message: 'must be true or false' })),
});

export type DigestSettingsInput = z.infer<typeof digestSettingsSchema>;

export interface DigestSettings extends DigestSchedule {
  recipients: string[];
  updatedAt: string;
  updatedBy: string;
}
