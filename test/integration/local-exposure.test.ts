// What the local stack exposes: DynamoDB Local (no credentials checked, every customer's data) only on 127.0.0.1, and a
// dashboard file server that refuses NUL and encoded traversal.
import { connect } from 'node:net';
import { request } from 'node:http';
import { networkInterfaces } from 'node:os';
import { describe, expect, it } from 'vitest';
import { stack } from './helpers.js';

const dynamodb = new URL(stack.dynamodbUrl);
const api = new URL(stack.apiUrl);

function reach(host: string, port: number): Promise<string> {
  return new Promise((done) => {
    const socket = connect({ host, port, timeout: 3_000 });
    socket.on('connect', () => (socket.destroy(), done('open')));
    socket.on('timeout', () => (socket.destroy(), done('timeout')));
    socket.on('error', (error: NodeJS.ErrnoException) => done(error.code ?? 'error'));
  });
}

/** A GET with the path exactly as written (fetch would resolve '..' and '%2e%2e' before sending). */
function rawGet(path: string): Promise<number> {
  return new Promise((done, fail) => {
    request({ host: api.hostname, port: api.port, path, method: 'GET' }, (res) => (res.resume(), done(res.statusCode ?? 0)))
      .on('error', fail)
      .end();
  });
}

describe('the local stack', () => {
  it('serves DynamoDB Local on 127.0.0.1 only: not on other loopback addresses nor on the network interfaces', async () => {
    const others = [
      '127.0.0.2',
      ...Object.values(networkInterfaces()).flatMap((addresses) => (addresses ?? []).filter((a) => !a.internal && a.family === 'IPv4').map((a) => a.address)),
    ];

    expect(dynamodb.hostname).toBe('127.0.0.1');
    expect(await reach('127.0.0.1', Number(dynamodb.port))).toBe('open');
    for (const host of others) expect([host, await reach(host, Number(dynamodb.port))]).toEqual([host, 'ECONNREFUSED']);
  });

  it.each([
    '/dashboard/%00',
    '/dashboard/index.html%00.js',
    '/dashboard/%2e%2e/%2e%2e/package.json',
    '/dashboard/..%2f..%2fpackage.json',
    '/dashboard/..%5cpackage.json',
  ])('answers 400 to the dashboard path %s', async (path) => {
    expect(await rawGet(path)).toBe(400);
  });
});
