import type { APIGatewayRequestAuthorizerEventV2 } from 'aws-lambda';
import { describe, expect, it } from 'vitest';
import { handler } from '../../../functions/ingest/api-key-authorizer.js';

/** The key the unit project sets as INGEST_API_KEY (vitest.config.ts). */
const INGEST_API_KEY = 'unit-test-ingest-key-0123456789';

function authorizerEvent(headers: Record<string, string>): APIGatewayRequestAuthorizerEventV2 {
  return {
    version: '2.0',
    type: 'REQUEST',
    routeArn: 'arn:aws:execute-api:us-east-1:123456789012:api-id/$default/POST/interactions',
    identitySource: [],
    routeKey: 'POST /interactions',
    rawPath: '/interactions',
    rawQueryString: '',
    cookies: [],
    headers,
    queryStringParameters: {},
    requestContext: {
      accountId: '123456789012',
      apiId: 'api-id',
      domainName: 'feedback.example.com',
      domainPrefix: 'feedback',
      http: { method: 'POST', path: '/interactions', protocol: 'HTTP/1.1', sourceIp: '192.0.2.10', userAgent: 'unit-test' },
      requestId: 'request-1',
      routeKey: 'POST /interactions',
      stage: '$default',
      time: '02/Mar/2026:10:00:00 +0000',
      timeEpoch: 1772445600000,
    },
    pathParameters: {},
    stageVariables: {},
  };
}

describe('the ingest API key authorizer', () => {
  it('refuses a request without an x-api-key header', async () => {
    // Act
    const result = await handler(authorizerEvent({}));

    // Assess
    expect(result).toEqual({ isAuthorized: false });
  });

  it('refuses a request with an empty key', async () => {
    // Act
    const result = await handler(authorizerEvent({ 'x-api-key': '' }));

    // Assess
    expect(result).toEqual({ isAuthorized: false });
  });

  it('refuses a wrong key', async () => {
    // Act
    const result = await handler(authorizerEvent({ 'x-api-key': 'unit-test-ingest-key-0123456780' }));

    // Assess
    expect(result).toEqual({ isAuthorized: false });
  });

  it('refuses the right key with something appended', async () => {
    // Act
    const result = await handler(authorizerEvent({ 'x-api-key': `${INGEST_API_KEY}x` }));

    // Assess
    expect(result).toEqual({ isAuthorized: false });
  });

  it('authorizes the configured key', async () => {
    // Act
    const result = await handler(authorizerEvent({ 'x-api-key': INGEST_API_KEY }));

    // Assess
    expect(result).toEqual({ isAuthorized: true });
  });
});
