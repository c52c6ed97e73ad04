// The local API Gateway: matches the shared route table, runs the same authorizers, and turns each request
// into an API Gateway v2 (payload 2.0) event for the very handler that runs in Lambda.
import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type {
  APIGatewayProxyEventV2,
  APIGatewayProxyStructuredResultV2,
  APIGatewayRequestAuthorizerEventV2,
  APIGatewaySimpleAuthorizerResult,
  Context,
} from 'aws-lambda';
import { API_KEY_HEADER, ROUTES, type FunctionName, type Route } from '../functions/routes.js';
import { secretsEqual } from '../functions/shared/secrets.js';
import { readBody as readRequestBody } from './request-body.js';

type HttpHandler = (event: APIGatewayProxyEventV2, context: Context) => Promise<APIGatewayProxyStructuredResultV2>;
type Authorizer = (event: APIGatewayRequestAuthorizerEventV2) => Promise<APIGatewaySimpleAuthorizerResult>;

export interface ApiServerOptions {
  port: number;
  /** Token buckets per class of route, as API Gateway's throttling; tests may raise or lower them. */
  throttle: Record<Route['auth'], { rateLimit: number; burstLimit: number }>;
  handlers: Partial<Record<FunctionName, HttpHandler>>;
  apiKeyAuthorizer: Authorizer;
  managerToken: string;
  /** Extra pages of the local stack only (the index, health). */
  extras?: (req: IncomingMessage, res: ServerResponse) => boolean;
}

/** API Gateway's own limit on a request body. */
const MAX_BODY_BYTES = 10 * 1024 * 1024;
const TEXT_TYPES = /^(application\/json|text\/)/i;

function matchRoute(method: string, path: string): { route?: Route; params: Record<string, string>; pathMatched: boolean } {
  let pathMatched = false;
  for (const route of ROUTES) {
    const names: string[] = [];
    const pattern = new RegExp(`^${route.path.replace(/\{(\w+)\}/g, (_, name: string) => (names.push(name), '([^/]+)'))}$`);
    const found = pattern.exec(path);
    if (!found) continue;
    pathMatched = true;
    if (route.method !== method) continue;
    const params: Record<string, string> = {};
    names.forEach((name, i) => {
      try {
        params[name] = decodeURIComponent(found[i + 1]!);
      } catch {
        params[name] = found[i + 1]!;
      }
    });
    return { route, params, pathMatched };
  }
  return { params: {}, pathMatched };
}

function send(res: ServerResponse, status: number, body: string, headers: Record<string, string> = { 'content-type': 'application/json' }): void {
  res.writeHead(status, headers).end(body);
}

/** The body, up to API Gateway's limit. */
const readBody = (req: IncomingMessage) => readRequestBody(req, MAX_BODY_BYTES);

function lambdaContext(functionName: string): Context {
  const deadline = Date.now() + 30_000;
  return {
    callbackWaitsForEmptyEventLoop: false,
    functionName,
    functionVersion: '$LATEST',
    invokedFunctionArn: `arn:aws:lambda:local:000000000000:function:${functionName}`,
    memoryLimitInMB: '512',
    awsRequestId: randomUUID(),
    logGroupName: `/aws/lambda/${functionName}`,
    logStreamName: 'local',
    getRemainingTimeInMillis: () => Math.max(0, deadline - Date.now()),
    done: () => undefined,
    fail: () => undefined,
    succeed: () => undefined,
  };
}

/** A token bucket: `burstLimit` tokens, refilled at `rateLimit` per second. */
function bucket(limits: () => { rateLimit: number; burstLimit: number }) {
  let tokens = limits().burstLimit;
  let last = Date.now();
  return () => {
    const now = Date.now();
    const { rateLimit, burstLimit } = limits();
    tokens = Math.min(burstLimit, tokens + ((now - last) / 1000) * rateLimit);
    last = now;
    if (tokens < 1) return false;
    tokens -= 1;
    return true;
  };
}

export async function startApiServer(options: ApiServerOptions): Promise<{ url: string; server: Server }> {
  const take = {
    public: bucket(() => options.throttle.public),
    apiKey: bucket(() => options.throttle.apiKey),
    manager: bucket(() => options.throttle.manager),
  };
  const server = createServer(async (req, res) => {
    try {
      if (options.extras?.(req, res)) return;
      const url = new URL(req.url ?? '/', 'http://localhost');
      const method = (req.method ?? 'GET').toUpperCase();
      const { route, params, pathMatched } = matchRoute(method, url.pathname);
      if (!route) return send(res, pathMatched ? 405 : 404, JSON.stringify({ message: pathMatched ? 'Method Not Allowed' : 'Not Found' }));

      if (!take[route.auth]()) {
        return send(res, 429, JSON.stringify({ message: 'Too Many Requests: slow down and retry shortly' }), { 'content-type': 'application/json', 'retry-after': '1' });
      }

      const body = await readBody(req);
      if (body === 'too-large') return send(res, 413, JSON.stringify({ message: 'Request Entity Too Large' }));

      const headers: Record<string, string> = {};
      for (const [name, value] of Object.entries(req.headers)) if (value !== undefined) headers[name] = Array.isArray(value) ? value.join(',') : value;
      const query: Record<string, string> = {};
      for (const [name, value] of url.searchParams) query[name] = name in query ? `${query[name]},${value}` : value;
      const requestId = randomUUID();
      const now = new Date();
      const routeKey = `${route.method} ${route.path}`;
      const requestContext: APIGatewayProxyEventV2['requestContext'] = {
        accountId: '000000000000',
        apiId: 'local',
        domainName: headers.host ?? 'localhost',
        domainPrefix: 'local',
        http: { method, path: url.pathname, protocol: `HTTP/${req.httpVersion}`, sourceIp: req.socket.remoteAddress ?? '127.0.0.1', userAgent: headers['user-agent'] ?? '' },
        requestId,
        routeKey,
        stage: '$default',
        time: now.toUTCString(),
        timeEpoch: now.getTime(),
      };

      // Authorizers run before the function, as in API Gateway: 401 without a credential, 403 for a wrong key.
      let authorizer: Record<string, unknown> | undefined;
      if (route.auth === 'apiKey') {
        if (!headers[API_KEY_HEADER]) return send(res, 401, JSON.stringify({ message: 'Unauthorized' }));
        const result = await options.apiKeyAuthorizer({
          version: '2.0',
          type: 'REQUEST',
          routeArn: `arn:aws:execute-api:local:000000000000:local/$default/${route.method}${route.path}`,
          identitySource: [headers[API_KEY_HEADER]],
          routeKey,
          rawPath: url.pathname,
          rawQueryString: url.search.slice(1),
          headers,
          requestContext,
        } as APIGatewayRequestAuthorizerEventV2);
        if (!result.isAuthorized) return send(res, 403, JSON.stringify({ message: 'Forbidden' }));
        authorizer = { lambda: {} };
      } else if (route.auth === 'manager') {
        const bearer = /^Bearer (.+)$/i.exec(headers.authorization ?? '')?.[1];
        if (!bearer || !secretsEqual(bearer, options.managerToken)) {
          return send(res, 401, JSON.stringify({ message: 'Unauthorized' }), { 'content-type': 'application/json', 'www-authenticate': 'Bearer' });
        }
        authorizer = { jwt: { claims: { sub: 'local-manager', 'cognito:username': 'manager' }, scopes: [] } };
      }

      const contentType = headers['content-type'] ?? '';
      const isText = TEXT_TYPES.test(contentType);
      const event = {
        version: '2.0',
        routeKey,
        rawPath: url.pathname,
        rawQueryString: url.search.slice(1),
        headers,
        ...(Object.keys(query).length > 0 ? { queryStringParameters: query } : {}),
        ...(Object.keys(params).length > 0 ? { pathParameters: params } : {}),
        requestContext: { ...requestContext, ...(authorizer ? { authorizer } : {}) },
        ...(body.length > 0 ? { body: isText ? body.toString('utf8') : body.toString('base64') } : {}),
        isBase64Encoded: body.length > 0 && !isText,
      } as APIGatewayProxyEventV2;

      const handler = options.handlers[route.fn];
      if (!handler) return send(res, 500, JSON.stringify({ message: 'Internal Server Error' }));
      const result = await handler(event, lambdaContext(route.fn));
      const responseBody = result.isBase64Encoded && result.body ? Buffer.from(result.body, 'base64') : (result.body ?? '');
      res.writeHead(result.statusCode ?? 200, { ...(result.headers as Record<string, string>), 'x-request-id': requestId });
      res.end(responseBody);
    } catch {
      // API Gateway's answer when a function fails: the function's own error never reaches the client.
      if (!res.headersSent) send(res, 500, JSON.stringify({ message: 'Internal Server Error' }));
      else res.end();
    }
  });
  server.keepAliveTimeout = 5_000;
  await new Promise<void>((resolve) => server.listen(options.port, '127.0.0.1', resolve));
  return { url: `http://localhost:${(server.address() as AddressInfo).port}`, server };
}
