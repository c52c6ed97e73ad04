import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { readBody, readJson } from '../../../local/request-body.js';

let server: Server | undefined;

afterEach(async () => {
  await new Promise<void>((done) => (server ? server.close(() => done()) : done()));
  server = undefined;
});

/** Serves one request with `read` and answers with what it made of the body. */
async function post(body: string | Buffer, read: (req: IncomingMessage) => Promise<unknown>): Promise<unknown> {
  server = createServer((req, res) => {
    read(req).then(
      (value) => res.end(JSON.stringify({ value: Buffer.isBuffer(value) ? value.toString('utf8') : value })),
      (error: Error) => res.end(JSON.stringify({ error: error.name })),
    );
  });
  await new Promise<void>((done) => server!.listen(0, '127.0.0.1', done));
  const res = await fetch(`http://127.0.0.1:${(server.address() as AddressInfo).port}/`, { method: 'POST', body });
  return res.json();
}

describe('readBody', () => {
  it('reads a body sent in many chunks whole', async () => {
    // Prepare
    const body = 'x'.repeat(200_000);

    // Act
    const answer = await post(body, (req) => readBody(req));

    // Assess
    expect(answer).toEqual({ value: body });
  });

  it('reads a body of exactly the limit', async () => {
    // Act
    const answer = await post('12345', (req) => readBody(req, 5));

    // Assess
    expect(answer).toEqual({ value: '12345' });
  });

  it('says too-large for a body past the limit', async () => {
    // Act
    const answer = await post('123456', (req) => readBody(req, 5));

    // Assess
    expect(answer).toEqual({ value: 'too-large' });
  });
});

describe('readJson', () => {
  it('reads an empty body as an empty object', async () => {
    // Act
    const answer = await post('', readJson);

    // Assess
    expect(answer).toEqual({ value: {} });
  });

  it('parses a JSON body', async () => {
    // Act
    const answer = await post('{"clearLogs":true}', readJson);

    // Assess
    expect(answer).toEqual({ value: { clearLogs: true } });
  });

  it('rejects a body that is not JSON with a SyntaxError', async () => {
    // Act
    const answer = await post('{not json', readJson);

    // Assess
    expect(answer).toEqual({ error: 'SyntaxError' });
  });
});
