// The zod pieces many edges share, each written once with the message that names what was wrong: a channel, and a
// whole number in a range (as JSON, or as a query string's text).
import * as z from './zod.js';
import { CHANNELS } from '../domain/channels.js';

export const channelSchema = z.enum(CHANNELS, { message: `must be one of ${CHANNELS.join(', ')}` });

/** A whole number from `min` to `max`, both included; every way to miss says the range. */
export function wholeNumber(min: number, max: number) {
  const message = `must be a whole number from ${min} to ${max}`;
  return z.number({ message }).check(z.int(message), z.minimum(min, message), z.maximum(max, message));
}

/** The same, from a query parameter's text. */
export function wholeNumberParam(min: number, max: number) {
  const message = `must be a whole number from ${min} to ${max}`;
  return z.coerce.number({ message }).check(z.int(message), z.minimum(min, message), z.maximum(max, message));
}
