// Opaque page cursors, one codec for every paged route. The adapter that pages makes the cursor and checks it on the
// way back against its key layout, so a forged, truncated or foreign cursor is a 400 naming `cursor`, never a DynamoDB call.
import { createHash } from 'node:crypto';
import * as z from '../shared/zod.js';
import { isUtcDay } from '../domain/utc-days.js';
import { InvalidInput } from '../shared/errors.js';
import { wholeNumberParam } from '../shared/schemas.js';

/** Longer than any cursor the API hands out (the largest, /responses, is about 400 characters). */
export const MAX_CURSOR_LENGTH = 1024;
const VERSION = 1;

/** The query parameter at the edge: the characters and length of a cursor; the adapter checks the rest. */
export const cursorParam = z.string().check(z.regex(new RegExp(`^[A-Za-z0-9_-]{1,${MAX_CURSOR_LENGTH}}$`), 'is not a cursor this API returned'));

/** The query parameters of a paged list: a page of 1 to 100 items (50 unless asked), and the cursor of the next. */
export const pageParams = {
  limit: z._default(wholeNumberParam(1, 100), 50),
  cursor: z.optional(cursorParam),
};

export const cursorRefused = () =>
  new InvalidInput('Invalid query: cursor is not a cursor this API returned', [{ field: 'cursor', message: 'is not a cursor this API returned' }]);

/** The parts positions are made of, as the keys hold them: an instant as toISOString writes it, an id as ingest accepts it. */
export const cursorPart = {
  instant: z.string().check(
    z.regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/),
    z.refine((t) => !Number.isNaN(Date.parse(t)) && new Date(t).toISOString() === t),
  ),
  day: z.string().check(z.regex(/^\d{4}-\d{2}-\d{2}$/), z.refine(isUtcDay)),
  id: z.string().check(z.regex(/^[^\s#\p{Cc}]{1,128}$/u)),
};

export interface CursorCodec<P> {
  /** The cursor of a position in the list `scope` names (a customer, a subscription, a status...). */
  encode(position: P, scope?: string): string;
  /** The position, or InvalidInput naming `cursor` when this codec did not make the cursor for this scope. */
  decode(cursor: string, scope?: string): P;
}

/**
 * A cursor is base64url of `[version, tag, position]`: the tag, a digest of the route and scope, refuses a cursor of
 * another route, customer or subscription; the position is checked by the route's schema (the key layout), from which
 * the adapter rebuilds its start key. Cursors are not signed: one forged to pass is only a position in the same list.
 */
export function cursorCodec<P>(route: string, position: z.ZodMiniType<P>): CursorCodec<P> {
  const tagOf = (scope: string | undefined) =>
    createHash('sha256')
      .update(`${route}\n${scope ?? ''}`)
      .digest('base64url')
      .slice(0, 16);
  return {
    encode: (value, scope) => Buffer.from(JSON.stringify([VERSION, tagOf(scope), value]), 'utf8').toString('base64url'),
    decode(cursor, scope) {
      if (!/^[A-Za-z0-9_-]+$/.test(cursor) || cursor.length > MAX_CURSOR_LENGTH) throw cursorRefused();
      const bytes = Buffer.from(cursor, 'base64url');
      // Only the canonical spelling: a truncated or padded cursor decodes to other bytes than it encodes.
      if (bytes.toString('base64url') !== cursor) throw cursorRefused();
      let decoded: unknown;
      try {
        decoded = JSON.parse(bytes.toString('utf8'));
      } catch {
        throw cursorRefused();
      }
      if (!Array.isArray(decoded) || decoded.length !== 3 || decoded[0] !== VERSION || decoded[1] !== tagOf(scope)) throw cursorRefused();
      const parsed = z.safeParse(position, decoded[2]);
      if (!parsed.success) throw cursorRefused();
      return parsed.data;
    },
  };
}
