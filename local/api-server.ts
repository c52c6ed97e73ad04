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
import {
  API_KEY_HEADER,
  EDGE_RULES,
  ROUTES,
  type THROTTLE,
  routeKey as keyOf,
  type Bucket,
  type EdgeRuleName,
  type FunctionName,
  type Route,
} from '../functions/routes.js';
import { secretsEqual } from '../functions/shared/secrets.js';
import { readBody as readRequestBody } from './request-body.js';

type HttpHandler = (event: APIGatewayProxyEventV2, context: Context) => Promise<APIGatewayProxyStructuredResultV2>;
type Authorizer = (event: APIGatewayRequestAuthorizerEventV2) => Promise<APIGatewaySimpleAuthorizerResult>;

export interface ApiServerOptions {
  port: number;
  /** Token buckets per class of route (API Gateway's throttling) and the edge rules (WAF's); tests may raise or lower them. */
  throttle: typeof THROTTLE;
  /**
   * Take the client address from the last entry of X-Forwarded-For (what a proxy in front appends) instead of the
   * connection's. Only behind a proxy that sets it, or in tests that play several clients: anyone else could pick their own.
   */
  trustForwardedFor?: boolean;
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
function bucket(limits: () => Bucket) {
  let tokens = limits().burstLimit;
  let last = Date.now();
  const refill = (now: number) => {
    const { rateLimit, burstLimit } = limits();
    tokens = Math.min(burstLimit, tokens + ((now - last) / 1000) * rateLimit);
    last = now;
    return burstLimit;
  };
  return {
    take: () => {
      refill(Date.now());
      if (tokens < 1) return false;
      tokens -= 1;
      return true;
    },
    /** Back to full: nothing to remember about this key any more. */
    full: (now: number) => refill(now) <= tokens,
  };
}

/** One bucket per key (a client address, a path), as WAF counts per aggregation key; full buckets are forgotten. */
function keyedBuckets(limits: () => Bucket) {
  const buckets = new Map<string, ReturnType<typeof bucket>>();
  return (key: string) => {
    if (buckets.size >= 10_000) {
      const now = Date.now();
      for (const [k, b] of buckets) if (b.full(now)) buckets.delete(k);
    }
    let found = buckets.get(key);
    if (!found) buckets.set(key, (found = bucket(limits)));
    return found.take();
  };
}

/** A WAF rate-based rule as a bucket: `limit` requests at once, refilled over the rule's window. */
const edgeBucket = (rule: { limit: number; windowSeconds: number }): Bucket => ({ burstLimit: rule.limit, rateLimit: rule.limit / rule.windowSeconds });

function clientAddress(req: IncomingMessage, trustForwardedFor: boolean): string {
  const forwarded = trustForwardedFor
    ? String(req.headers['x-forwarded-for'] ?? '')
        .split(',')
        .at(-1)
        ?.trim()
    : '';
  return forwarded || req.socket.remoteAddress || '127.0.0.1';
}

const tooMany = (res: ServerResponse) =>
  send(res, 429, JSON.stringify({ message: 'Too Many Requests: slow down and retry shortly' }), { 'content-type': 'application/json', 'retry-after': '1' });

export async function startApiServer(options: ApiServerOptions): Promise<{ url: string; server: Server }> {
  const { throttle } = options;
  const classes = {
    public: bucket(() => throttle.public),
    apiKey: bucket(() => throttle.apiKey),
    manager: bucket(() => throttle.manager),
  };
  const edge = Object.entries(EDGE_RULES).map(([name, rule]) => ({ ...rule, take: keyedBuckets(() => edgeBucket(throttle.edge[name as EdgeRuleName])) }));
  const server = createServer(async (req, res) => {
    try {
      if (options.extras?.(req, res)) return;
      const url = new URL(req.url ?? '/', 'http://localhost');
      const method = (req.method ?? 'GET').toUpperCase();
      const { route, params, pathMatched } = matchRoute(method, url.pathname);
      if (!route) return send(res, pathMatched ? 405 : 404, JSON.stringify({ message: pathMatched ? 'Method Not Allowed' : 'Not Found' }));

      // The edge (WAF in AWS) first: per client address and per survey link, before any shared bucket is spent.
      const client = clientAddress(req, options.trustForwardedFor ?? false);
      for (const rule of edge) {
        if (rule.routes === route.auth && !rule.take(rule.per === 'client' ? client : url.pathname)) return tooMany(res);
      }
      // A public route's shared bucket; the others' is spent only once the caller is authenticated (below).
      if (route.auth === 'public' && !classes.public.take()) return tooMany(res);

      const body = await readBody(req);
      if (body === 'too-large') return send(res, 413, JSON.stringify({ message: 'Request Entity Too Large' }));

      const headers: Record<string, string> = {};
      for (const [name, value] of Object.entries(req.headers)) if (value !== undefined) headers[name] = Array.isArray(value) ? value.join(',') : value;
      const query: Record<string, string> = {};
      for (const [name, value] of url.searchParams) query[name] = name in query ? `${query[name]},${value}` : value;
      const requestId = randomUUID();
      const now = new Date();
      const routeKey = keyOf(route);
      const requestContext: APIGatewayProxyEventV2['requestContext'] = {
        accountId: '000000000000',
        apiId: 'local',
        domainName: headers.host ?? 'localhost',
        domainPrefix: 'local',
        http: { method, path: url.pathname, protocol: `HTTP/${req.httpVersion}`, sourceIp: client, userAgent: headers['user-agent'] ?? '' },
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
      if (route.auth !== 'public' && !classes[route.auth].take()) return tooMany(res);

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
  // A request Node cannot parse never reaches a handler: answer it as a gateway would, with a status and a message
  // (API Gateway refuses a request line or headers over its quotas; Node's limit here is 16 KB in all).
  server.on('clientError', (error: NodeJS.ErrnoException, socket) => {
    if (!socket.writable) return socket.destroy();
    const [status, reason, message] =
      error.code === 'HPE_HEADER_OVERFLOW'
        ? [431, 'Request Header Fields Too Large', 'The URL and headers are too large: at most 16 KB together']
        : [400, 'Bad Request', 'The request is not valid HTTP'];
    const body = JSON.stringify({ message });
    socket.end(
      `HTTP/1.1 ${status} ${reason}\r\ncontent-type: application/json\r\ncontent-length: ${Buffer.byteLength(body)}\r\nconnection: close\r\n\r\n${body}`,
    );
  });
  server.keepAliveTimeout = 5_000;
  await new Promise<void>((resolve) => server.listen(options.port, '127.0.0.1', resolve));
  return { url: `http://localhost:${(server.address() as AddressInfo).port}`, server };
}
