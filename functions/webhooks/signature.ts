// Each webhook is signed by the Standard Webhooks spec (https://www.standardwebhooks.com): `webhook-id` (the event id,
// the same on every retry), `webhook-timestamp` (unix seconds) and `webhook-signature: v1,<base64>`, the HMAC-SHA256 of
// `${id}.${timestamp}.${body}` keyed with the base64-decoded secret after its `whsec_` prefix. Any Standard Webhooks
// library verifies it; a subscriber refuses a timestamp more than 5 minutes from its clock (a replay).
import { createHmac, randomBytes } from 'node:crypto';

/** 256 random bits in standard base64 behind `whsec_`, shown once when the subscription is created. */
export const newWebhookSecret = () => `whsec_${randomBytes(32).toString('base64')}`;

/** The three signature headers for one body. */
export function signedHeaders(secret: string, id: string, body: string, unixSeconds: number): Record<string, string> {
  // Node decodes URL-safe base64 too: secrets issued before the switch to Standard Webhooks sign the same way.
  const key = Buffer.from(secret.replace(/^whsec_/, ''), 'base64');
  const signature = createHmac('sha256', key).update(`${id}.${unixSeconds}.${body}`).digest('base64');
  return { 'webhook-id': id, 'webhook-timestamp': String(unixSeconds), 'webhook-signature': `v1,${signature}` };
}
