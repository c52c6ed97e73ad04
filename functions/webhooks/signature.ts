// Each webhook body is signed with the subscription's secret: `x-feedback-signature: t=<unix seconds>,v1=<hex>`, where
// v1 = HMAC-SHA256(secret, `${t}.${body}`). A subscriber recomputes it, compares in constant time, and refuses an old t.
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

export const SIGNATURE_HEADER = 'x-feedback-signature';
/** How old a signature a subscriber should still accept (replays of older bodies are refused). */
export const SIGNATURE_TOLERANCE_SECONDS = 300;

/** 256 random bits, shown once when the subscription is created. */
export const newWebhookSecret = () => `whsec_${randomBytes(32).toString('base64url')}`;

export function signatureOf(secret: string, body: string, unixSeconds: number): string {
  const v1 = createHmac('sha256', secret).update(`${unixSeconds}.${body}`).digest('hex');
  return `t=${unixSeconds},v1=${v1}`;
}

/** What a subscriber runs: true when the header signs this body with this secret, recently enough. */
export function verifySignature(secret: string, body: string, header: string | undefined, nowSeconds = Math.floor(Date.now() / 1000)): boolean {
  const parts = new Map((header ?? '').split(',').map((p) => p.split('=', 2) as [string, string]));
  const t = Number(parts.get('t'));
  const given = parts.get('v1') ?? '';
  if (!Number.isInteger(t) || Math.abs(nowSeconds - t) > SIGNATURE_TOLERANCE_SECONDS || !/^[0-9a-f]{64}$/.test(given)) return false;
  const expected = createHmac('sha256', secret).update(`${t}.${body}`).digest();
  return timingSafeEqual(expected, Buffer.from(given, 'hex'));
}
