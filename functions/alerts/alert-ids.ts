// The opaque strings the alerts API hands out: alert ids and the cursors of GET /alerts. Defined once, for the adapter
// that makes and reads them and for the in-memory fake that keeps its promises.
import { randomBytes } from 'node:crypto';
import * as z from '../shared/zod.js';
import type { AnswerRef } from '../domain/alerts.js';
import { cursorCodec, cursorPart } from '../store/cursor.js';

/** A new alert's id: random, so that it names no customer (it reaches URLs, logs and emails). */
export const newAlertId = () => `alt_${randomBytes(16).toString('hex')}`;
export const OPAQUE_ALERT_ID = /^alt_[0-9a-f]{32}$/;

/**
 * Alerts raised before ids were opaque have the base64url of `<customerId>#<occurredAt>#<interactionId>` as their id;
 * they keep it (links already emailed point to it) and are found from it without a lookup. New ids never decode so.
 */
export function legacyAlertRefOf(alertId: string): AnswerRef | null {
  if (OPAQUE_ALERT_ID.test(alertId) || !/^[A-Za-z0-9_-]{8,700}$/.test(alertId)) return null;
  const [customerId, occurredAt, interactionId, ...rest] = Buffer.from(alertId, 'base64url').toString('utf8').split('#');
  if (!customerId || !occurredAt || !interactionId || rest.length > 0 || Number.isNaN(Date.parse(occurredAt))) return null;
  return { customerId, occurredAt, interactionId };
}

/** An id this API hands out: opaque, or an old one that decodes to its survey. */
export const isAlertId = (alertId: string) => OPAQUE_ALERT_ID.test(alertId) || legacyAlertRefOf(alertId) !== null;

/** Where a page of one status's alerts ends, newest first: the last alert's creation and id (the list's order). */
export interface AlertPosition {
  createdAt: string;
  alertId: string;
}

/**
 * A page's cursor names the last alert's position for one status (the cursor's scope): a forged cursor can only be
 * refused, as a 400 naming `cursor`, never read as anything but a position in the same list.
 */
export const alertCursor = cursorCodec<AlertPosition>(
  'alerts',
  z.strictObject({ createdAt: cursorPart.instant, alertId: z.string().check(z.refine(isAlertId)) }),
);
