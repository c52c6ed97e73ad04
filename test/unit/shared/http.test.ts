import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { PayloadTooLarge, UnsupportedMediaType } from '../../../functions/shared/errors.js';
import { bodyText, header, isTransient, jsonBody, mediaType } from '../../../functions/shared/http.js';
import { httpEvent } from '../support/events.js';

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
