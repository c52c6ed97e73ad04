// API Gateway Lambda authorizer (simple responses) for ingest: the x-api-key header against the key held in
// Secrets Manager (AWS) or INGEST_API_KEY (local stack), compared in constant time.
import type { APIGatewayRequestAuthorizerEventV2, APIGatewaySimpleAuthorizerResult } from 'aws-lambda';
import * as z from '../shared/zod.js';
import { API_KEY_HEADER } from '../routes.js';
import { loadConfig } from '../shared/config.js';
import { secretsEqual } from '../shared/secrets.js';

const config = loadConfig({
  INGEST_API_KEY: z.optional(z.string().check(z.minLength(16))),
  INGEST_API_KEY_SECRET_ARN: z.optional(z.string().check(z.startsWith('arn:'))),
});
if (!config.INGEST_API_KEY && !config.INGEST_API_KEY_SECRET_ARN) {
  throw new Error('Invalid configuration: set INGEST_API_KEY_SECRET_ARN (AWS) or INGEST_API_KEY (local)');
}

const CACHE_MS = 5 * 60 * 1000;
let cached: { value: string; until: number } | undefined;

async function expectedKey(): Promise<string> {
  if (config.INGEST_API_KEY) return config.INGEST_API_KEY;
  if (cached && cached.until > Date.now()) return cached.value;
  // Loaded only on this path: the local stack never pays for the Secrets Manager client.
  const { SecretsManagerClient, GetSecretValueCommand } = await import('@aws-sdk/client-secrets-manager');
  const { SecretString } = await new SecretsManagerClient({}).send(new GetSecretValueCommand({ SecretId: config.INGEST_API_KEY_SECRET_ARN }));
  if (!SecretString) throw new Error('The ingest API key secret is empty');
  cached = { value: SecretString, until: Date.now() + CACHE_MS };
  return SecretString;
}

export async function handler(event: APIGatewayRequestAuthorizerEventV2): Promise<APIGatewaySimpleAuthorizerResult> {
  const given = event.headers?.[API_KEY_HEADER];
  if (!given) return { isAuthorized: false };
  return { isAuthorized: secretsEqual(given, await expectedKey()) };
}
