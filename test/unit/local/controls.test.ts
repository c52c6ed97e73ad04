import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { DynamoDBStreamEvent } from 'aws-lambda';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { THROTTLE } from '../../../functions/routes.js';
import { crashInjection, localEndpoints, overrideThrottle, type LocalEndpointOptions } from '../../../local/controls.js';
import { LocalQueue } from '../../../local/local-queue.js';

const MANAGER_TOKEN = 'manager-token-for-tests';
let root: string;
let invitations: LocalQueue;
let server: Server | undefined;

beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), 'controls-'));
  invitations = new LocalQueue('invitations', { dir: join(root, 'invitations'), visibilityTimeoutMs: 30_000, maxReceiveCount: 1 });
});

afterEach(async () => {
  await new Promise<void>((done) => (server ? server.close(() => done()) : done()));
  server = undefined;
  rmSync(root, { recursive: true, force: true });
});

/** The endpoints on a server of their own; a request they do not answer gets a 404. */
async function serve(options: Partial<LocalEndpointOptions> = {}): Promise<string> {
  const endpoints = localEndpoints({ managerToken: MANAGER_TOKEN, invitations, settled: async () => undefined, ...options });
  server = createServer((req, res) => endpoints(req, res) || res.writeHead(404).end());
  await new Promise<void>((done) => server!.listen(0, '127.0.0.1', done));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

describe('localEndpoints', () => {
  it('redrives the dead letters only for the manager token', async () => {
    // Prepare
    const { id } = invitations.send('{"n":1}');
    invitations.receive(1);
    invitations.fail(id);
    const url = await serve();

    // Act
    const anonymous = await fetch(`${url}/_local/redrive`, { method: 'POST' });
    const manager = await fetch(`${url}/_local/redrive`, { method: 'POST', headers: { authorization: `Bearer ${MANAGER_TOKEN}` } });

    // Assess
    expect(anonymous.status).toBe(401);
    expect(await manager.json()).toEqual({ redriven: 1 });
    expect(invitations.depth().visible).toBe(1);
  });

  it('answers /_local/settled once the stack has settled', async () => {
    // Prepare
    let settle!: () => void;
    const settled = vi.fn(() => new Promise<void>((resolve) => (settle = resolve)));
    const url = await serve({ settled });

    // Act
    const answer = fetch(`${url}/_local/settled`);
    await vi.waitFor(() => expect(settled).toHaveBeenCalledOnce());
    settle();

    // Assess
    expect(await (await answer).json()).toEqual({ settled: true });
  });

  it('has no /_local/control without test controls', async () => {
    // Prepare
    const url = await serve();

    // Act
    const res = await fetch(`${url}/_local/control`, { method: 'POST', body: '{}' });

    // Assess
    expect(res.status).toBe(404);
  });

  it('hands a control request to the controls and answers with their state', async () => {
    // Prepare
    const control = vi.fn(() => ({ aggregatorCrashesLeft: 2 }));
    const url = await serve({ control });

    // Act
    const res = await fetch(`${url}/_local/control`, { method: 'POST', body: '{"aggregatorCrashes":2}' });

    // Assess
    expect(await res.json()).toEqual({ aggregatorCrashesLeft: 2 });
    expect(control).toHaveBeenCalledWith({ aggregatorCrashes: 2 });
  });

  it.each(['{"aggregatorCrashes":', 'null', '[1]'])('refuses the control request %s with a 400, changing nothing', async (body) => {
    // Prepare
    const control = vi.fn(() => ({}));
    const url = await serve({ control });

    // Act
    const res = await fetch(`${url}/_local/control`, { method: 'POST', body });

    // Assess
    expect(res.status).toBe(400);
    expect(await res.json()).toEqual({ message: 'The control request must be a JSON object' });
    expect(control).not.toHaveBeenCalled();
  });
});

describe('crashInjection', () => {
  const event = (n: number): DynamoDBStreamEvent => ({ Records: Array.from({ length: n }, (_, i) => ({ eventID: String(i) })) });

  it('folds the first half of a batch, then dies, as many times as asked', async () => {
    // Prepare
    const aggregator = vi.fn(async (_event: DynamoDBStreamEvent) => ({ batchItemFailures: [] }));
    const { handler, crashes } = crashInjection(aggregator);
    crashes.left = 1;

    // Act
    const first = handler(event(5));
    await expect(first).rejects.toThrow(/Injected/);
    await handler(event(5));

    // Assess
    expect(aggregator.mock.calls.map(([e]) => e.Records.length)).toEqual([3, 5]);
    expect(crashes.left).toBe(0);
  });
});

describe('overrideThrottle', () => {
  it("changes only the fields an override names: a rule's limit alone keeps its window", () => {
    // Prepare
    const throttle = structuredClone(THROTTLE);

    // Act
    overrideThrottle(throttle, { manager: { rateLimit: 1, burstLimit: 2 }, edge: { publicPerLink: { limit: 3 } } });

    // Assess
    expect(throttle.manager).toEqual({ rateLimit: 1, burstLimit: 2 });
    expect(throttle.edge.publicPerLink).toMatchObject({ limit: 3, windowSeconds: THROTTLE.edge.publicPerLink.windowSeconds });
    expect(throttle.edge.publicPerClient).toEqual(THROTTLE.edge.publicPerClient);
    expect(throttle.public).toEqual(THROTTLE.public);
  });
});
