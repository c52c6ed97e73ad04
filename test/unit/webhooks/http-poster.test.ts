// The poster against real sockets on loopback: a receiver that trickles its answer is cut at the attempt's deadline,
// and addresses the policy refuses are never connected to, whether named or written as IP literals.
import { createServer as createHttpServer } from 'node:http';
import { createServer as createTcpServer, type AddressInfo, type Server, type Socket } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { NodeWebhookPoster } from '../../../functions/webhooks/http-poster.js';

const DEADLINE_MS = 1_000;
/** A trickle of one byte a second for a minute: far past any deadline. */
const TRICKLE_BYTES = 60;

interface Trickle {
  url: string;
  /** Resolves when the receiver's socket closes, with how many of the trickled bytes it had sent. */
  closed: Promise<{ sent: number; byPeer: boolean }>;
  connections: () => number;
}

const servers: Server[] = [];
afterEach(async () => {
  for (const server of servers.splice(0)) await new Promise<void>((resolve) => server.close(() => resolve()));
});

/** Writes `head` (if any), then one more byte a second; notes who ended the connection. */
function trickleOn(socket: Socket, head: string, byte: string, resolveClosed: (r: { sent: number; byPeer: boolean }) => void) {
  let sent = 0;
  let byPeer = false;
  socket.write(head);
  const timer = setInterval(() => {
    if (sent === TRICKLE_BYTES) return void (clearInterval(timer), socket.end());
    sent++;
    socket.write(byte);
  }, 1_000);
  socket.on('end', () => (byPeer = true));
  socket.on('error', () => (byPeer = true));
  socket.on('close', () => (clearInterval(timer), resolveClosed({ sent, byPeer: byPeer || sent < TRICKLE_BYTES })));
}

async function listening(server: Server): Promise<number> {
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return (server.address() as AddressInfo).port;
}

/** A receiver that answers 200 at once, then trickles its body. */
async function bodyTrickle(): Promise<Trickle> {
  let resolveClosed!: (r: { sent: number; byPeer: boolean }) => void;
  const closed = new Promise<{ sent: number; byPeer: boolean }>((resolve) => (resolveClosed = resolve));
  let connections = 0;
  const server = createTcpServer((socket) => {
    connections++;
    socket.once('data', () => trickleOn(socket, `HTTP/1.1 200 OK\r\ncontent-length: ${TRICKLE_BYTES}\r\n\r\n`, 'x', resolveClosed));
  });
  const port = await listening(server);
  return { url: `http://127.0.0.1:${port}/hooks`, closed, connections: () => connections };
}

/** A receiver that trickles its status line and headers, never finishing them. */
async function headerTrickle(): Promise<Trickle> {
  let resolveClosed!: (r: { sent: number; byPeer: boolean }) => void;
  const closed = new Promise<{ sent: number; byPeer: boolean }>((resolve) => (resolveClosed = resolve));
  let connections = 0;
  const server = createTcpServer((socket) => {
    connections++;
    socket.once('data', () => trickleOn(socket, 'HTTP/1.1 200 OK\r\nx-slow: ', 'a', resolveClosed));
  });
  const port = await listening(server);
  return { url: `http://127.0.0.1:${port}/hooks`, closed, connections: () => connections };
}

describe('an attempt has a hard deadline', () => {
  it('cuts a receiver that trickles its body one byte a second at the deadline, destroying the socket', async () => {
    // Prepare
    const receiver = await bodyTrickle();

    // Act
    const result = await new NodeWebhookPoster(true, DEADLINE_MS).post(receiver.url, '{}', {});
    const closed = await receiver.closed;

    // Assess: a failed attempt (the 200 alone is no delivery), and the receiver saw us hang up mid-trickle.
    expect(result).toMatchObject({ status: 200, error: `no complete answer within ${DEADLINE_MS} ms` });
    expect(closed.byPeer).toBe(true);
    expect(closed.sent).toBeLessThan(TRICKLE_BYTES);
  });

  it('cuts a receiver that trickles its headers one byte a second at the deadline, destroying the socket', async () => {
    const receiver = await headerTrickle();

    const result = await new NodeWebhookPoster(true, DEADLINE_MS).post(receiver.url, '{}', {});
    const closed = await receiver.closed;

    expect(result.status).toBeUndefined();
    expect(result.error).toBe(`no complete answer within ${DEADLINE_MS} ms`);
    expect(closed).toMatchObject({ byPeer: true });
    expect(closed.sent).toBeLessThan(TRICKLE_BYTES);
  });

  it('reports the status of a receiver that answers in time', async () => {
    const server = createHttpServer((req, res) => req.resume().on('end', () => res.writeHead(204).end()));
    const port = await listening(server);

    const result = await new NodeWebhookPoster(true, DEADLINE_MS).post(`http://127.0.0.1:${port}/hooks`, '{"a":1}', {});

    expect(result).toEqual({ status: 204, ms: expect.any(Number) });
  });
});

describe('addresses are checked at every connection', () => {
  it('never connects to an IP literal the policy refuses (no name is resolved, the literal itself is checked)', async () => {
    const receiver = await headerTrickle();

    const result = await new NodeWebhookPoster(false, DEADLINE_MS).post(receiver.url, '{}', {});

    expect(result.error).toBe('refused address for 127.0.0.1');
    expect(receiver.connections()).toBe(0);
  });

  it('never connects to a name that resolves to a refused address', async () => {
    const receiver = await headerTrickle();

    const result = await new NodeWebhookPoster(false, DEADLINE_MS).post(receiver.url.replace('127.0.0.1', 'localhost'), '{}', {});

    expect(result.error).toBe('refused address for localhost');
    expect(receiver.connections()).toBe(0);
  });
});
