import middy from '@middy/core';
import { describe, expect, it, vi } from 'vitest';
import { z } from 'zod';
import { PayloadTooLarge, UnsupportedMediaType } from '../../../functions/shared/errors.js';
import { bodyText, header, httpEdge, isTransient, json, jsonBody, mediaType } from '../../../functions/shared/http.js';
import { logSink } from '../../../functions/shared/logger.js';
import { httpEvent, lambdaContext } from '../support/events.js';

describe('reading a request', () => {
  it('finds a header whatever its case', () => {
    expect(header(httpEvent({ headers: { 'X-Correlation-Id': 'c-1' } }), 'x-correlation-id')).toBe('c-1');
  });

  it('reads the media type without its parameters, in lower case', () => {
    expect(mediaType(httpEvent({ headers: { 'content-type': 'Application/JSON; charset=UTF-8' } }))).toBe('application/json');
  });

  it('decodes a base64-encoded body as UTF-8', () => {
    const event = httpEvent({ body: Buffer.from('comment=Grüße', 'utf8').toString('base64'), isBase64Encoded: true });

    expect(bodyText(event, 100)).toBe('comment=Grüße');
  });

  it('measures the limit in bytes, not characters', () => {
    const event = httpEvent({ body: 'ü'.repeat(6) });

    expect(() => bodyText(event, 11)).toThrow(PayloadTooLarge);
    expect(bodyText(event, 12)).toBe('ü'.repeat(6));
  });

  it('checks the media type before anything else', () => {
    const event = httpEvent({ headers: {}, body: 'x'.repeat(100) });

    expect(() => jsonBody(event, z.object({}), 10)).toThrow(UnsupportedMediaType);
  });
});

describe('isTransient', () => {
  it.each([
    ['a server fault', Object.assign(new Error('boom'), { $fault: 'server' })],
    ['a retryable error', Object.assign(new Error('boom'), { $retryable: { throttling: true } })],
    ['throttling', Object.assign(new Error('slow down'), { name: 'ThrottlingException' })],
    ['exceeded throughput', Object.assign(new Error('slow down'), { name: 'ProvisionedThroughputExceededException' })],
    ['a timeout', Object.assign(new Error('timed out'), { name: 'TimeoutError' })],
    ['a refused connection', Object.assign(new Error('connect'), { code: 'ECONNREFUSED' })],
  ])('treats %s as transient', (_what, error) => {
    expect(isTransient(error)).toBe(true);
  });

  it.each([
    ['a client fault', Object.assign(new Error('bad request'), { $fault: 'client', name: 'ValidationException' })],
    ['a plain error', new Error('bug')],
    ['something not an error', { $fault: 'server' }],
  ])('does not treat %s as transient', (_what, error) => {
    expect(isTransient(error)).toBe(false);
  });
});

describe('the correlation id of a request', () => {
  /** The correlation id of the log line the edge writes for one request carrying these headers. */
  async function loggedCorrelationId(headers: Record<string, string>): Promise<unknown> {
    const lines: string[] = [];
    const write = vi.spyOn(logSink, 'write').mockImplementation((_level, line) => void lines.push(line));
    vi.stubEnv('LOG_LEVEL', 'info'); // the unit tests run silent
    try {
      const handler = middy(async () => json(200, {})).use(httpEdge('test'));
      await handler(httpEvent({ headers }), lambdaContext);
    } finally {
      vi.unstubAllEnvs();
      write.mockRestore();
    }
    return (JSON.parse(lines.at(-1)!) as { correlationId?: unknown }).correlationId;
  }

  it.each(['c-1', 'trace:4bf92f3577b34da6.a3ce929d0e0e4736', 'A'.repeat(128)])('keeps a plain id the caller sent (%s)', async (id) => {
    expect(await loggedCorrelationId({ 'x-correlation-id': id })).toBe(id);
  });

  it.each([
    ['one over 128 characters', 'A'.repeat(129)],
    ['one of 100,000 characters', 'x'.repeat(100_000)],
    ['a line break and a forged log line', 'c-1\n{"level":"error","message":"forged"}'],
    ['spaces and quotes', 'a b "c"'],
    ['an email address', 'ana@example.com'],
    ['an empty one', ''],
  ])('replaces %s with the request id', async (_what, id) => {
    expect(await loggedCorrelationId({ 'x-correlation-id': id })).toBe('request-1');
  });

  it('uses the request id when the caller sent none', async () => {
    expect(await loggedCorrelationId({})).toBe('request-1');
  });
});
