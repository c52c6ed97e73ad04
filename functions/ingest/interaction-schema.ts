// The contract of an "interaction completed" event, the same over HTTP and EventBridge.
import * as z from 'zod';
import { channelSchema } from '../shared/schemas.js';
import { oneLine } from '../shared/text.js';

/** Identifiers become parts of keys and URLs: no spaces, no control characters, no '#'. */
const identifier = z
  .string()
  .min(1, 'must not be empty')
  .max(128, 'must be at most 128 characters')
  .regex(/^[^\s#\p{Cc}]+$/u, "must not contain spaces or '#'");

/** How far ahead of our clock an event's occurredAt may be (clock skew between systems). */
export const MAX_CLOCK_SKEW_MS = 15 * 60 * 1000;

export const interactionEventSchema = z.object({
  interactionId: identifier,
  channel: channelSchema,
  occurredAt: z.iso.datetime({ offset: true, message: 'must be an ISO-8601 date-time with a time zone, e.g. 2026-11-24T10:00:00Z' }),
  customer: z.object({
    id: identifier,
    email: z.email({ message: 'must be an email address' }).max(254, 'must be at most 254 characters'),
    // Shown in the email's greeting: bidi overrides, zero-width characters and line breaks are stripped before the limits.
    name: z.string().transform(oneLine).pipe(z.string().min(1, 'must not be empty').max(200, 'must be at most 200 characters')).optional(),
    locale: z
      .string()
      .regex(/^[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})*$/, 'must be a language tag such as en or de-CH')
      .optional(),
  }),
  agentId: identifier.optional(),
  queue: z.string().trim().min(1, 'must not be empty').max(128, 'must be at most 128 characters').optional(),
  subject: z.string().max(500, 'must be at most 500 characters').optional(),
});

export type InteractionEvent = z.infer<typeof interactionEventSchema>;

/** Ingest bodies are small; anything larger is a mistake or an attack. */
export const MAX_INTERACTION_BYTES = 16 * 1024;
