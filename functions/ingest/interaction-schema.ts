// The contract of an "interaction completed" event, the same over HTTP and EventBridge.
import * as z from '../shared/zod.js';
import { channelSchema } from '../shared/schemas.js';
import { oneLine } from '../shared/text.js';

/** Identifiers become parts of keys and URLs: no spaces, no control characters, no '#'. */
const identifier = z
  .string()
  .check(
    z.minLength(1, 'must not be empty'),
    z.maxLength(128, 'must be at most 128 characters'),
    z.regex(/^[^\s#\p{Cc}]+$/u, "must not contain spaces or '#'"),
  );

/** How far ahead of our clock an event's occurredAt may be (clock skew between systems). */
export const MAX_CLOCK_SKEW_MS = 15 * 60 * 1000;

export const interactionEventSchema = z.object({
  interactionId: identifier,
  channel: channelSchema,
  occurredAt: z.iso.datetime({ offset: true, message: 'must be an ISO-8601 date-time with a time zone, e.g. 2026-11-24T10:00:00Z' }),
  customer: z.object({
    id: identifier,
    email: z.email({ message: 'must be an email address' }).check(z.maxLength(254, 'must be at most 254 characters')),
    // Shown in the email's greeting: bidi overrides, zero-width characters and line breaks are stripped before the limits.
    name: z.optional(
      z.pipe(
        z.pipe(z.string(), z.transform(oneLine)),
        z.string().check(z.minLength(1, 'must not be empty'), z.maxLength(200, 'must be at most 200 characters')),
      ),
    ),
    locale: z.optional(z.string().check(z.regex(/^[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})*$/, 'must be a language tag such as en or de-CH'))),
  }),
  agentId: z.optional(identifier),
  queue: z.optional(z.string().check(z.trim(), z.minLength(1, 'must not be empty'), z.maxLength(128, 'must be at most 128 characters'))),
  subject: z.optional(z.string().check(z.maxLength(500, 'must be at most 500 characters'))),
});

export type InteractionEvent = z.infer<typeof interactionEventSchema>;

/** Ingest bodies are small; anything larger is a mistake or an attack. */
export const MAX_INTERACTION_BYTES = 16 * 1024;
