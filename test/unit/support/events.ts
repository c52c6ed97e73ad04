// Lambda events and context as AWS delivers them, with only what a test cares about to fill in.
import type { APIGatewayProxyEventV2, Context, EventBridgeEvent, SQSEvent, SQSRecord } from 'aws-lambda';
import type { RouteKey } from '../../../functions/routes.js';

export interface HttpRequest {
  method?: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  path?: string;
  /** The route the event comes by (API Gateway's route key); the method and path by default, which match no route. */
  routeKey?: RouteKey;
  headers?: Record<string, string>;
  body?: string;
  isBase64Encoded?: boolean;
  pathParameters?: Record<string, string>;
  queryStringParameters?: Record<string, string>;
}

/** An HTTP API (payload 2.0) event. */
export function httpEvent(request: HttpRequest = {}): APIGatewayProxyEventV2 {
  const method = request.method ?? 'GET';
  const path = request.path ?? '/';
  const routeKey = request.routeKey ?? `${method} ${path}`;
  return {
    version: '2.0',
    routeKey,
    rawPath: path,
    rawQueryString: new URLSearchParams(request.queryStringParameters ?? {}).toString(),
    headers: request.headers ?? {},
    requestContext: {
      accountId: '123456789012',
      apiId: 'api-id',
      domainName: 'feedback.example.com',
      domainPrefix: 'feedback',
      http: { method, path, protocol: 'HTTP/1.1', sourceIp: '192.0.2.10', userAgent: 'unit-test' },
      requestId: 'request-1',
      routeKey,
      stage: '$default',
      time: '02/Mar/2026:10:00:00 +0000',
      timeEpoch: 1772445600000,
    },
    isBase64Encoded: request.isBase64Encoded ?? false,
    ...(request.body !== undefined ? { body: request.body } : {}),
    ...(request.pathParameters ? { pathParameters: request.pathParameters } : {}),
    ...(request.queryStringParameters ? { queryStringParameters: request.queryStringParameters } : {}),
  };
}

export const lambdaContext: Context = {
  callbackWaitsForEmptyEventLoop: true,
  functionName: 'unit-test',
  functionVersion: '$LATEST',
  invokedFunctionArn: 'arn:aws:lambda:us-east-1:123456789012:function:unit-test',
  memoryLimitInMB: '256',
  awsRequestId: 'aws-request-1',
  logGroupName: '/aws/lambda/unit-test',
  logStreamName: 'stream',
  getRemainingTimeInMillis: () => 30_000,
  done: () => undefined,
  fail: () => undefined,
  succeed: () => undefined,
};

export function sqsRecord(messageId: string, body: string): SQSRecord {
  return {
    messageId,
    receiptHandle: `receipt-${messageId}`,
    body,
    attributes: {
      ApproximateReceiveCount: '1',
      SentTimestamp: '1772445600000',
      SenderId: 'AIDAEXAMPLE',
      ApproximateFirstReceiveTimestamp: '1772445600000',
    },
    messageAttributes: {},
    md5OfBody: 'not-checked',
    eventSource: 'aws:sqs',
    eventSourceARN: 'arn:aws:sqs:us-east-1:123456789012:invitations',
    awsRegion: 'us-east-1',
  };
}

export function sqsEvent(...records: SQSRecord[]): SQSEvent {
  return { Records: records };
}

export function interactionCompletedEvent(detail: unknown): EventBridgeEvent<string, unknown> {
  return {
    id: 'event-1',
    version: '0',
    account: '123456789012',
    time: '2026-03-02T10:00:00Z',
    region: 'us-east-1',
    resources: [],
    source: 'contact-center',
    'detail-type': 'Interaction Completed',
    detail,
  };
}
