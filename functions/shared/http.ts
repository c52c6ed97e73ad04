// The HTTP edge shared by every API function: body parsing with zod, responses, security headers, and the one error mapper.
import type { MiddlewareObj } from '@middy/core';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2, Context } from 'aws-lambda';
import * as z from './zod.js';
import { AppError, Internal, InvalidInput, PayloadTooLarge, Unavailable, UnsupportedMediaType, type FieldIssue } from './errors.js';
import { correlationIdOf, describeError, logger } from './logger.js';

export type HttpResult = APIGatewayProxyStructuredResultV2;

/** Headers on every HTML page: nothing from other hosts, no framing, no token in the Referer. */
export const HTML_SECURITY_HEADERS = {
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
  'x-frame-options': 'DENY',
  'cache-control': 'no-store',
} as const;

export function json(statusCode: number, body: unknown, headers: Record<string, string> = {}): HttpResult {
  return {
    statusCode,
    headers: { 'content-type': 'application/json; charset=utf-8', 'x-content-type-options': 'nosniff', 'cache-control': 'no-store', ...headers },
    body: JSON.stringify(body),
  };
}

export function html(statusCode: number, body: string, contentSecurityPolicy: string): HttpResult {
  return {
    statusCode,
    headers: { 'content-type': 'text/html; charset=utf-8', 'content-security-policy': contentSecurityPolicy, ...HTML_SECURITY_HEADERS },
    body,
  };
}

export function header(event: APIGatewayProxyEventV2, name: string): string | undefined {
  const wanted = name.toLowerCase();
  for (const [key, value] of Object.entries(event.headers ?? {})) if (key.toLowerCase() === wanted) return value;
  return undefined;
}

/** The raw body as text, refused past maxBytes. */
export function bodyText(event: APIGatewayProxyEventV2, maxBytes: number): string {
  if (event.body === undefined || event.body === null) return '';
  const bytes = event.isBase64Encoded ? Buffer.from(event.body, 'base64') : Buffer.from(event.body, 'utf8');
  if (bytes.length > maxBytes) throw new PayloadTooLarge(`The request body is ${bytes.length} bytes; the limit is ${maxBytes}.`);
  return bytes.toString('utf8');
}

export function mediaType(event: APIGatewayProxyEventV2): string {
  return (header(event, 'content-type') ?? '').split(';')[0]!.trim().toLowerCase();
}

/** Turns zod's issues into messages that name the field, for people and for programs. */
export function fieldIssues(error: z.core.$ZodError): FieldIssue[] {
  return error.issues.map((issue) => {
    const field = issue.path.length > 0 ? issue.path.join('.') : '(body)';
    const message = /received undefined$/.test(issue.message) ? 'is required' : issue.message;
    return { field, message };
  });
}

export function validate<S extends z.ZodMiniType>(schema: S, value: unknown, what: string): z.infer<S> {
  const parsed = z.safeParse(schema, value);
  if (parsed.success) return parsed.data;
  const issues = fieldIssues(parsed.error);
  throw new InvalidInput(`Invalid ${what}: ${issues.map((i) => `${i.field} ${i.message}`).join('; ')}`, issues);
}

export function parseJson(text: string): unknown {
  if (text.trim() === '') throw new InvalidInput('The request body is empty; send a JSON object.', [{ field: '(body)', message: 'is required' }]);
  try {
    return JSON.parse(text);
  } catch {
    throw new InvalidInput('The request body is not valid JSON.', [{ field: '(body)', message: 'is not valid JSON' }]);
  }
}

/** A JSON body, checked for media type, size, syntax and schema, in that order. */
export function jsonBody<S extends z.ZodMiniType>(event: APIGatewayProxyEventV2, schema: S, maxBytes: number): z.infer<S> {
  if (mediaType(event) !== 'application/json') {
    throw new UnsupportedMediaType(`Send the body as application/json (got ${mediaType(event) || 'no content-type'}).`);
  }
  return validate(schema, parseJson(bodyText(event, maxBytes)), 'request body');
}

export type ErrorPresenter = (error: AppError, event: APIGatewayProxyEventV2) => HttpResult;

export const presentErrorAsJson: ErrorPresenter = (error) =>
  json(error.status, {
    error: error.code,
    message: error.message,
    ...(error instanceof InvalidInput && error.issues.length > 0 ? { issues: error.issues } : {}),
  });

/**
 * The HTTP middleware of every API function, registered once: it sets the log context per request
 * and maps errors to responses, showing messages only below 500.
 */
export function httpEdge(service: string, present: ErrorPresenter = presentErrorAsJson): MiddlewareObj<APIGatewayProxyEventV2, HttpResult, Error, Context> {
  return {
    before: (request) => {
      const requestId = request.event.requestContext?.requestId ?? request.context.awsRequestId;
      logger.setContext({ service, correlationId: correlationIdOf(header(request.event, 'x-correlation-id'), requestId) });
    },
    after: (request) => {
      const status = typeof request.response === 'object' ? request.response?.statusCode : undefined;
      logger.info('request', { route: request.event.routeKey, status });
    },
    onError: (request) => {
      const { error, event } = request;
      if (error instanceof AppError) {
        logger.info('request refused', { route: event.routeKey, status: error.status, code: error.code });
        request.response = present(error, event);
        return;
      }
      logger.error('request failed', { route: event.routeKey, ...describeError(error) });
      const shown = isTransient(error)
        ? new Unavailable('A service we depend on is unavailable; please try again.')
        : new Internal('Something went wrong on our side.');
      const response = present(shown, event);
      request.response = shown.status === 503 ? { ...response, headers: { ...response.headers, 'retry-after': '1' } } : response;
    },
  };
}

/** A failure of a dependency (throttling, a 5xx, the network) that a retry may cure: 503, not 500. */
export function isTransient(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  const e = error as Error & { $fault?: string; $retryable?: unknown; code?: string };
  if (e.$fault === 'server' || e.$retryable) return true;
  if (/Throttl|ProvisionedThroughputExceeded|RequestLimitExceeded|TimeoutError|ServiceUnavailable/.test(e.name)) return true;
  return typeof e.code === 'string' && /^(ECONNREFUSED|ECONNRESET|ETIMEDOUT|EPIPE|ENOTFOUND|EAI_AGAIN)$/.test(e.code);
}
