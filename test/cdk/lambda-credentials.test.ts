// The bundles' credential source (lib/lambda-credentials.ts, aliased for @aws-sdk/credential-provider-node): Lambda's
// environment, and nothing else.
import { afterEach, describe, expect, it } from 'vitest';
import { defaultProvider } from '../../lib/lambda-credentials.js';

const saved = { ...process.env };
afterEach(() => {
  process.env = { ...saved };
});

describe('the credentials of a bundled function', () => {
  it('are those Lambda puts in the environment, session token included', async () => {
    Object.assign(process.env, { AWS_ACCESS_KEY_ID: 'ASIAEXAMPLE', AWS_SECRET_ACCESS_KEY: 'secret', AWS_SESSION_TOKEN: 'token' });

    await expect(defaultProvider()()).resolves.toMatchObject({ accessKeyId: 'ASIAEXAMPLE', secretAccessKey: 'secret', sessionToken: 'token' });
  });

  it('are refused, not looked for elsewhere, when the environment has none', async () => {
    delete process.env.AWS_ACCESS_KEY_ID;
    delete process.env.AWS_SECRET_ACCESS_KEY;

    await expect(defaultProvider()()).rejects.toThrow(/environment/i);
  });
});
