// What the bundles use instead of @aws-sdk/credential-provider-node (esbuild alias, lib/bundling.ts): in Lambda the
// credentials are always in the environment (AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY, AWS_SESSION_TOKEN), the first
// source of the SDK's default chain. The rest of that chain (SSO, profiles, web identity, IMDS, with the STS and SSO
// clients it carries) is about 110 KB of every bundle that a function never runs: cold-start time for nothing.
import { fromEnv } from '@aws-sdk/credential-provider-env';

/** The default chain's signature, reduced to its first source. */
export const defaultProvider = (init: Parameters<typeof fromEnv>[0] = {}) => fromEnv(init);
