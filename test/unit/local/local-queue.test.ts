import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { LocalQueue, pollQueue, type QueuedMessage, type QueueOptions } from '../../../local/local-queue.js';

let root: string;
let dir: string;
const pollers: { stop: () => Promise<void> }[] = [];

beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), 'local-queue-'));
  dir = join(root, 'invitations');
});

afterEach(async () => {
  await Promise.all(pollers.splice(0).map((poller) => poller.stop()));
  vi.useRealTimers();
  rmSync(root, { recursive: true, force: true });
});

function queue(options: Partial<QueueOptions> = {}): LocalQueue {
  return new LocalQueue('invitations', { dir, visibilityTimeoutMs: 30_000, maxReceiveCount: 3, ...options });
}

function deferred(): { promise: Promise<void>; resolve: () => void } {
  let resolve!: () => void;
  const promise = new Promise<void>((r) => (resolve = r));
  return { promise, resolve };
}

describe('LocalQueue', () => {
  it('keeps a sent message across a restart', () => {
    // Prepare
    queue().send('{"interactionId":"call-1"}');

    // Act
    const restarted = queue();

    // Assess
    expect(restarted.receive(10).map((m) => m.body)).toEqual(['{"interactionId":"call-1"}']);
  });

  it('delivers a message again after a restart that interrupted its processing, counting the earlier receive', () => {
    // Prepare
    const before = queue();
    before.send('m');
    before.receive(10);

    // Act
    const [again] = queue().receive(10);

    // Assess
    expect(again).toMatchObject({ body: 'm', receiveCount: 2 });
  });

  it('forgets a deleted message, also across a restart', () => {
    // Prepare
    const q = queue();
    const { id } = q.send('m');

    // Act
    q.delete(id);

    // Assess
    expect(q.size()).toBe(0);
    expect(queue().size()).toBe(0);
  });

  it('hides a received message until its visibility timeout lapses', () => {
    // Prepare
    vi.useFakeTimers({ toFake: ['Date'], now: new Date('2026-03-02T10:00:00Z') });
    const q = queue({ visibilityTimeoutMs: 30_000 });
    q.send('m');
    q.receive(10);

    // Act
    const whileHidden = q.receive(10);
    vi.setSystemTime(new Date('2026-03-02T10:00:30Z'));
    const afterTimeout = q.receive(10);

    // Assess
    expect(whileHidden).toEqual([]);
    expect(afterTimeout).toMatchObject([{ body: 'm', receiveCount: 2 }]);
  });

  it('never hands a message a poller holds to another receiver, even after its visibility lapses, until it is failed', () => {
    // Prepare: pollers that share a queue, with the tests' short visibility timeout.
    vi.useFakeTimers({ toFake: ['Date'], now: new Date('2026-03-02T10:00:00Z') });
    const q = queue({ visibilityTimeoutMs: 1_000 });
    const { id } = q.send('m');
    q.receive(10, { holdUntilDone: true });
    vi.setSystemTime(new Date('2026-03-02T10:00:05Z'));

    // Act
    const whileHeld = q.receive(10);
    q.fail(id);
    const afterFailing = q.receive(10);

    // Assess
    expect(whileHeld).toEqual([]);
    expect(afterFailing).toMatchObject([{ body: 'm', receiveCount: 2 }]);
  });

  it('counts a received message as in flight, not visible', () => {
    // Prepare
    const q = queue();
    q.send('a');
    q.send('b');

    // Act
    q.receive(1);

    // Assess
    expect(q.depth()).toEqual({ visible: 1, inFlight: 1 });
  });

  it('hands out at most the batch size asked for', () => {
    // Prepare
    const q = queue();
    for (const body of ['a', 'b', 'c']) q.send(body);

    // Act
    const batch = q.receive(2);

    // Assess
    expect(batch).toHaveLength(2);
  });

  it('holds back a delayed message until its delay has passed', () => {
    // Prepare
    vi.useFakeTimers({ toFake: ['Date'], now: new Date('2026-03-02T10:00:00Z') });
    const q = queue();
    q.send('later', 5_000);

    // Act
    const early = q.receive(10);
    vi.setSystemTime(new Date('2026-03-02T10:00:05Z'));
    const onTime = q.receive(10);

    // Assess
    expect(early).toEqual([]);
    expect(onTime.map((m) => m.body)).toEqual(['later']);
  });

  it('keeps a failed message in the queue while it has tries left', () => {
    // Prepare
    const q = queue({ maxReceiveCount: 3, visibilityTimeoutMs: 0 });
    const { id } = q.send('m');
    q.receive(10);
    q.receive(10);

    // Act
    q.fail(id);

    // Assess
    expect(q.size()).toBe(1);
    expect(q.deadLetters()).toEqual([]);
  });

  it('moves a message to the dead-letter queue when it fails after maxReceiveCount receives', () => {
    // Prepare
    const q = queue({ maxReceiveCount: 3, visibilityTimeoutMs: 0 });
    const { id } = q.send('m');
    for (let i = 0; i < 3; i++) q.receive(10);

    // Act
    q.fail(id);

    // Assess
    expect(q.size()).toBe(0);
    expect(q.deadLetters()).toMatchObject([{ id, body: 'm', receiveCount: 3 }]);
    expect(queue().size()).toBe(0);
  });

  it('brings dead letters back with a fresh receive count, and tells how many', () => {
    // Prepare
    const q = queue({ maxReceiveCount: 1 });
    const { id } = q.send('m');
    q.receive(10);
    q.fail(id);

    // Act
    const revived = q.redrive();

    // Assess
    expect(revived).toBe(1);
    expect(q.deadLetters()).toEqual([]);
    expect(q.receive(10)).toMatchObject([{ id, body: 'm', receiveCount: 1 }]);
  });

  it('keeps redriven messages across a restart', () => {
    // Prepare
    const q = queue({ maxReceiveCount: 1 });
    const { id } = q.send('m');
    q.receive(10);
    q.fail(id);
    q.redrive();

    // Act
    const restarted = queue();

    // Assess
    expect(restarted.receive(10).map((m) => m.id)).toEqual([id]);
  });

  it('tells its listeners about every send', () => {
    // Prepare
    const q = queue();
    const listener = vi.fn();
    q.onSend(listener);

    // Act
    q.send('a');
    q.send('b');

    // Assess
    expect(listener).toHaveBeenCalledTimes(2);
  });
});

describe('pollQueue', () => {
  it('delivers the messages in a batch and deletes those that succeeded', async () => {
    // Prepare
    const q = queue();
    q.send('a');
    q.send('b');
    const delivered = deferred();
    const batches: string[][] = [];

    // Act
    pollers.push(
      pollQueue(
        q,
        async (batch) => {
          batches.push(batch.map((m) => m.body));
          delivered.resolve();
          return [];
        },
        { batchSize: 10, idleMs: 10 },
      ),
    );
    await delivered.promise;
    await pollers.pop()!.stop();

    // Assess
    expect(batches).toEqual([['a', 'b']]);
    expect(q.size()).toBe(0);
  });

  it('retries only the messages reported as failed', async () => {
    // Prepare
    const q = queue({ visibilityTimeoutMs: 0 });
    const { id: failing } = q.send('failing');
    q.send('fine');
    const retried = deferred();
    const batches: Pick<QueuedMessage, 'body' | 'receiveCount'>[][] = [];

    // Act
    pollers.push(
      pollQueue(
        q,
        async (batch) => {
          batches.push(batch.map(({ body, receiveCount }) => ({ body, receiveCount })));
          if (batches.length === 1) return [failing];
          retried.resolve();
          return [];
        },
        { batchSize: 10, idleMs: 10 },
      ),
    );
    await retried.promise;
    await pollers.pop()!.stop();

    // Assess
    expect(batches).toEqual([
      [
        { body: 'failing', receiveCount: 1 },
        { body: 'fine', receiveCount: 1 },
      ],
      [{ body: 'failing', receiveCount: 2 }],
    ]);
    expect(q.size()).toBe(0);
  });

  it('retries the whole batch when delivery throws', async () => {
    // Prepare
    const q = queue({ visibilityTimeoutMs: 0 });
    q.send('a');
    q.send('b');
    const retried = deferred();
    const batches: string[][] = [];

    // Act
    pollers.push(
      pollQueue(
        q,
        async (batch) => {
          batches.push(batch.map((m) => m.body));
          if (batches.length === 1) throw new Error('function crashed');
          retried.resolve();
          return [];
        },
        { batchSize: 10, idleMs: 10 },
      ),
    );
    await retried.promise;
    await pollers.pop()!.stop();

    // Assess
    expect(batches).toEqual([
      ['a', 'b'],
      ['a', 'b'],
    ]);
    expect(q.size()).toBe(0);
  });

  it('parks a message that keeps failing in the dead-letter queue', async () => {
    // Prepare
    const q = queue({ visibilityTimeoutMs: 0, maxReceiveCount: 2 });
    q.send('poison');
    const lastTry = deferred();
    let tries = 0;

    // Act
    pollers.push(
      pollQueue(
        q,
        async (batch) => {
          tries += 1;
          if (tries === 2) lastTry.resolve();
          return batch.map((m) => m.id);
        },
        { batchSize: 10, idleMs: 10 },
      ),
    );
    await lastTry.promise;
    await pollers.pop()!.stop();

    // Assess
    expect(tries).toBe(2);
    expect(q.size()).toBe(0);
    expect(q.deadLetters().map((m) => m.body)).toEqual(['poison']);
  });

  it('wakes an idle poller as soon as a message is sent', async () => {
    // Prepare: an idle wait far longer than the test may run, so only the wake can deliver in time.
    const q = queue();
    const delivered = deferred();
    pollers.push(
      pollQueue(
        q,
        async () => {
          delivered.resolve();
          return [];
        },
        { batchSize: 10, idleMs: 600_000 },
      ),
    );
    await new Promise((resolve) => setImmediate(resolve));

    // Act
    q.send('m');

    // Assess
    await expect(delivered.promise).resolves.toBeUndefined();
  });
});
