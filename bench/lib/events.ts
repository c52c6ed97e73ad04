// The events Lambda hands each function, built for cold-start runs that invoke a bundle directly (no local server).
import { marshall } from '@aws-sdk/util-dynamodb';
import type { APIGatewayProxyEventV2, APIGatewayRequestAuthorizerEventV2, DynamoDBStreamEvent, EventBridgeEvent, SQSEvent } from 'aws-lambda';
import { API_KEY_HEADER, INTERACTION_EVENT } from '../../functions/routes.js';

export function apiEvent(
  method: string,
  route: string,
  path: string,
  options: {
    headers?: Record<string, string>;
    query?: Record<string, string>;
    params?: Record<string, string>;
    body?: string;
    authorizer?: Record<string, unknown>;
  } = {},
): APIGatewayProxyEventV2 {
  const now = new Date();
  const query = options.query ?? {};
  return {
    version: '2.0',
    routeKey: `${method} ${route}`,
    rawPath: path,
    rawQueryString: new URLSearchParams(query).toString(),
    headers: { host: 'bench.local', 'user-agent': 'bench', ...options.headers },
    ...(Object.keys(query).length > 0 ? { queryStringParameters: query } : {}),
    ...(options.params ? { pathParameters: options.params } : {}),
    requestContext: {
      accountId: '000000000000',
      apiId: 'bench',
      domainName: 'bench.local',
      domainPrefix: 'bench',
      http: { method, path, protocol: 'HTTP/1.1', sourceIp: '127.0.0.1', userAgent: 'bench' },
      requestId: `bench-${now.getTime()}`,
      routeKey: `${method} ${route}`,
      stage: '$default',
      time: now.toUTCString(),
      timeEpoch: now.getTime(),
      ...(options.authorizer ? { authorizer: options.authorizer } : {}),
    },
    ...(options.body !== undefined ? { body: options.body } : {}),
    isBase64Encoded: false,
  } as APIGatewayProxyEventV2;
}

export const managerAuthorizer = { jwt: { claims: { sub: 'bench-manager' }, scopes: [] } };

export function authorizerEvent(apiKey: string): APIGatewayRequestAuthorizerEventV2 {
  const base = apiEvent('POST', '/interactions', '/interactions', { headers: { [API_KEY_HEADER]: apiKey } });
  return {
    version: '2.0',
    type: 'REQUEST',
    routeArn: 'arn:aws:execute-api:local:000000000000:bench/$default/POST/interactions',
    identitySource: [apiKey],
    routeKey: base.routeKey,
    rawPath: base.rawPath,
    rawQueryString: '',
    headers: base.headers,
    requestContext: base.requestContext,
  } as unknown as APIGatewayRequestAuthorizerEventV2;
}

export function eventBridgeEvent(detail: unknown): EventBridgeEvent<string, unknown> {
  return {
    version: '0',
    id: `bench-${Date.now()}`,
    'detail-type': INTERACTION_EVENT.detailType,
    source: 'bench',
    account: '000000000000',
    time: new Date().toISOString(),
    region: 'us-east-1',
    resources: [],
    detail,
  };
}

export function sqsEvent(bodies: string[]): SQSEvent {
  return {
    Records: bodies.map((body, i) => ({
      messageId: `bench-${Date.now()}-${i}`,
      receiptHandle: `bench-${i}`,
      body,
      attributes: { ApproximateReceiveCount: '1', SentTimestamp: String(Date.now()), SenderId: 'bench', ApproximateFirstReceiveTimestamp: String(Date.now()) },
      messageAttributes: {},
      md5OfBody: '',
      eventSource: 'aws:sqs',
      eventSourceARN: 'arn:aws:sqs:us-east-1:000000000000:invitations',
      awsRegion: 'us-east-1',
    })),
  };
}

let sequence = 10n ** 20n;

/** A stream batch of table changes, as the event-source mapping delivers it (new and old images). */
export function streamEvent(
  changes: Array<{ eventName: 'INSERT' | 'MODIFY'; newImage: Record<string, unknown>; oldImage?: Record<string, unknown> }>,
): DynamoDBStreamEvent {
  return {
    Records: changes.map(({ eventName, newImage, oldImage }) => {
      sequence += 1n;
      return {
        eventID: `bench-${sequence}`,
        eventName,
        eventVersion: '1.1',
        eventSource: 'aws:dynamodb',
        awsRegion: 'us-east-1',
        dynamodb: {
          Keys: marshall({ pk: newImage.pk, sk: newImage.sk }) as never,
          NewImage: marshall(newImage, { removeUndefinedValues: true }) as never,
          ...(oldImage ? { OldImage: marshall(oldImage, { removeUndefinedValues: true }) as never } : {}),
          SequenceNumber: String(sequence),
          SizeBytes: 512,
          StreamViewType: 'NEW_AND_OLD_IMAGES',
        },
        eventSourceARN: 'arn:aws:dynamodb:us-east-1:000000000000:table/feedback/stream/bench',
      };
    }),
  };
}
