import { mkdtempSync, writeFileSync } from 'node:fs';
import { createServer, request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dashboardFiles } from '../../../local/dashboard-files.js';

let server: Server;
let port: number;

beforeAll(async () => {
  const dir = mkdtempSync(join(tmpdir(), 'dashboard-files-'));
  writeFileSync(join(dir, 'index.html'), '<!doctype html><title>Dashboard</title>');
  writeFileSync(join(dir, 'app.js'), 'console.log(1)');
  const files = dashboardFiles({ dir });
  server = createServer((req, res) => {
    if (!files(req, res)) res.writeHead(404, { 'content-type': 'text/plain' }).end('not the dashboard');
  });
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  port = (server.address() as AddressInfo).port;
});

afterAll(() => new Promise<void>((done) => server.close(() => done())));

/** A GET with the path exactly as written: fetch would resolve '..' and '%2e%2e' before sending. */
function get(path: string): Promise<{ status: number; body: string }> {
  return new Promise((done, fail) => {
    request({ host: '127.0.0.1', port, path, method: 'GET' }, (res) => {
      let body = '';
      res
        .setEncoding('utf8')
        .on('data', (chunk: string) => (body += chunk))
        .on('end', () => done({ status: res.statusCode ?? 0, body }));
    })
      .on('error', fail)
      .end();
  });
}

describe('the local dashboard file server', () => {
  it('serves the page and its script', async () => {
    expect(await get('/dashboard/')).toMatchObject({ status: 200, body: expect.stringContaining('<title>Dashboard</title>') });
    expect((await get('/dashboard/app.js')).status).toBe(200);
  });

  it.each([
    ['an encoded NUL', '/dashboard/index.html%00.js'],
    ['an encoded NUL alone', '/dashboard/%00'],
    ['encoded dots', '/dashboard/%2e%2e/%2e%2e/etc/passwd'],
    ['encoded dots in upper case', '/dashboard/%2E%2E/package.json'],
    ['an encoded slash', '/dashboard/..%2f..%2fpackage.json'],
    ['an encoded backslash', '/dashboard/..%5c..%5cpackage.json'],
    ['a plain ".." step', '/dashboard/../package.json'],
    ['a double-encoded NUL', '/dashboard/%2500'],
    ['an encoded control character', '/dashboard/app%0a.js'],
    ['a broken escape', '/dashboard/%E0%A4%A'],
  ])('refuses %s with 400', async (_what, path) => {
    const { status, body } = await get(path);

    expect(status).toBe(400);
    expect(body).toBe('Bad Request');
  });

  it('answers 404 for a file that is not there', async () => {
    expect((await get('/dashboard/missing.js')).status).toBe(404);
  });
});
