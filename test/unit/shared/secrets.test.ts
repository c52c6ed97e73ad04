import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { newId, newToken, secretsEqual } from '../../../functions/shared/secrets.js';

describe('newToken', () => {
  it('makes 32 URL-safe characters that carry 24 random bytes', () => {
    // Act
    const token = newToken();

    // Assess
    expect(token).toMatch(/^[A-Za-z0-9_-]{32}$/);
    expect(Buffer.from(token, 'base64url')).toHaveLength(24);
  });

  it('never repeats itself in ten thousand tokens', () => {
    // Act
    const tokens = new Set(Array.from({ length: 10_000 }, () => newToken()));

    // Assess
    expect(tokens.size).toBe(10_000);
  });
});

describe('newId', () => {
  it('makes a random UUID', () => {
    expect(newId()).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  });
});

describe('secretsEqual', () => {
  it('matches the same secret', () => {
    expect(secretsEqual('unit-test-ingest-key-0123456789', 'unit-test-ingest-key-0123456789')).toBe(true);
  });

  it('does not match a different secret of the same length', () => {
    expect(secretsEqual('unit-test-ingest-key-0123456780', 'unit-test-ingest-key-0123456789')).toBe(false);
  });

  it('does not match a prefix of the secret', () => {
    expect(secretsEqual('unit-test-ingest-key', 'unit-test-ingest-key-0123456789')).toBe(false);
  });

  it('never matches an empty expected secret, even when given an empty one', () => {
    expect(secretsEqual('', '')).toBe(false);
  });

  it('matches two strings exactly when they are equal and the expected one is not empty', () => {
    fc.assert(
      fc.property(fc.string(), fc.string(), (given, expected) => {
        expect(secretsEqual(given, expected)).toBe(given === expected && expected !== '');
        expect(secretsEqual(expected, expected)).toBe(expected !== '');
      }),
    );
  });
});
