// Random tokens and constant-time comparison: survey links and API secrets are unguessable and never compared with ===.
import { createHash, randomBytes, randomUUID, timingSafeEqual } from 'node:crypto';

/** 192 random bits, URL-safe: a survey link token. */
export function newToken(): string {
  return randomBytes(24).toString('base64url');
}

export function newId(): string {
  return randomUUID();
}

/** Compares two secrets in constant time (the digests have equal length whatever the inputs). */
export function secretsEqual(given: string, expected: string): boolean {
  const a = createHash('sha256').update(given).digest();
  const b = createHash('sha256').update(expected).digest();
  return timingSafeEqual(a, b) && expected.length > 0;
}
