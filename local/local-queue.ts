// A durable queue on disk with SQS's delivery semantics (at-least-once, visibility timeout, receive count,
// dead-letter queue after maxReceiveCount), and a poller that calls a function the way Lambda's
// event-source mapping does: batches, partial batch failures, retries.
import { randomUUID } from 'node:crypto';
import { mkdirSync, readFileSync, readdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { nowMs } from '../functions/shared/clock.js';

export interface QueuedMessage {
  id: string;
  body: string;
  sentAt: number;
  receiveCount: number;
  visibleAt: number;
}

export interface QueueOptions {
  dir: string;
  /** How long a received message stays hidden before it may be received again (SQS: VisibilityTimeout). */
  visibilityTimeoutMs: number;
  /** After this many receives without success a message moves to the dead-letter queue. */
  maxReceiveCount: number;
}

export class LocalQueue {
  private readonly messages = new Map<string, QueuedMessage>();
  /** Received by a poller (`holdUntilDone`) and not yet deleted or failed. */
  private readonly held = new Set<string>();
  private readonly deadDir: string;
  private listeners: Array<() => void> = [];

  constructor(
    readonly name: string,
    private readonly options: QueueOptions,
  ) {
    mkdirSync(options.dir, { recursive: true });
    this.deadDir = `${options.dir}-dlq`;
    mkdirSync(this.deadDir, { recursive: true });
    // After a restart every message still on disk is delivered again, as SQS does once its visibility lapses.
    for (const file of readdirSync(options.dir)) {
      if (!file.endsWith('.json')) continue;
      const message = JSON.parse(readFileSync(join(options.dir, file), 'utf8')) as QueuedMessage;
      // A delayed message never received keeps its delay; a received one is visible again at once.
      this.messages.set(message.id, { ...message, visibleAt: message.receiveCount === 0 ? message.visibleAt : 0 });
    }
  }

  /** Stored on disk before it returns: an acknowledged send survives a crash. */
  send(body: string, delayMs = 0): QueuedMessage {
    const now = nowMs();
    const message: QueuedMessage = { id: randomUUID(), body, sentAt: now, receiveCount: 0, visibleAt: now + delayMs };
    this.persist(this.options.dir, message);
    this.messages.set(message.id, message);
    for (const listener of this.listeners) listener();
    return message;
  }

  /**
   * `holdUntilDone`: the message goes to no other receiver until it is deleted or failed, whatever the visibility timeout.
   * The pollers ask for it: in AWS the visibility timeout is six times the function's timeout, so a message is never in
   * two invocations at once, and the tests' 1 s timeout (for quick retries) must not break that when pollers share a queue.
   */
  receive(max: number, options: { holdUntilDone?: boolean } = {}): QueuedMessage[] {
    const now = nowMs();
    const batch: QueuedMessage[] = [];
    for (const message of this.messages.values()) {
      if (batch.length >= max) break;
      if (message.visibleAt > now || this.held.has(message.id)) continue;
      if (options.holdUntilDone) this.held.add(message.id);
      message.receiveCount += 1;
      message.visibleAt = now + this.options.visibilityTimeoutMs;
      this.persist(this.options.dir, message);
      batch.push({ ...message });
    }
    return batch;
  }

  /** SQS's ChangeMessageVisibility: a received message stays hidden `ms` from now (a consumer's back-off). */
  changeVisibility(id: string, ms: number): boolean {
    const message = this.messages.get(id);
    if (!message) return false;
    message.visibleAt = nowMs() + ms;
    this.persist(this.options.dir, message);
    return true;
  }

  delete(id: string): void {
    this.held.delete(id);
    this.messages.delete(id);
    rmSync(join(this.options.dir, `${id}.json`), { force: true });
  }

  /** A failed message: back to the queue after its visibility timeout, or to the dead-letter queue once it has had its tries. */
  fail(id: string): void {
    this.held.delete(id);
    const message = this.messages.get(id);
    if (!message) return;
    if (message.receiveCount >= this.options.maxReceiveCount) {
      renameSync(join(this.options.dir, `${id}.json`), join(this.deadDir, `${id}.json`));
      this.messages.delete(id);
    }
  }

  depth(): { visible: number; inFlight: number } {
    const now = nowMs();
    let visible = 0;
    for (const m of this.messages.values()) if (m.visibleAt <= now) visible++;
    return { visible, inFlight: this.messages.size - visible };
  }

  /** Messages sent with a delay that has not passed yet (never received). */
  delayed(): number {
    const now = nowMs();
    let n = 0;
    for (const m of this.messages.values()) if (m.receiveCount === 0 && m.visibleAt > now) n++;
    return n;
  }

  size(): number {
    return this.messages.size;
  }

  deadLetters(): QueuedMessage[] {
    return readdirSync(this.deadDir)
      .filter((f) => f.endsWith('.json'))
      .map((f) => JSON.parse(readFileSync(join(this.deadDir, f), 'utf8')) as QueuedMessage);
  }

  /** Moves every dead letter back to the queue, with a fresh receive count (SQS's redrive). */
  redrive(): number {
    const dead = this.deadLetters();
    for (const message of dead) {
      rmSync(join(this.deadDir, `${message.id}.json`), { force: true });
      const revived = { ...message, receiveCount: 0, visibleAt: 0 };
      this.persist(this.options.dir, revived);
      this.messages.set(revived.id, revived);
    }
    for (const listener of this.listeners) listener();
    return dead.length;
  }

  /** Calls `listener` after each send; answers the function that stops it. */
  onSend(listener: () => void): () => void {
    this.listeners.push(listener);
    return () => {
      this.listeners = this.listeners.filter((l) => l !== listener);
    };
  }

  private persist(dir: string, message: QueuedMessage): void {
    const file = join(dir, `${message.id}.json`);
    writeFileSync(`${file}.tmp`, JSON.stringify(message));
    renameSync(`${file}.tmp`, file);
  }
}

export interface PollerOptions {
  batchSize: number;
  /** How often an idle poller looks again; a send wakes it at once. */
  idleMs: number;
}

/**
 * Calls `deliver` with batches from the queue until stopped. `deliver` answers the ids that failed
 * (Lambda's ReportBatchItemFailures), or throws to fail the whole batch.
 */
export function pollQueue(queue: LocalQueue, deliver: (batch: QueuedMessage[]) => Promise<string[]>, options: PollerOptions): { stop: () => Promise<void> } {
  let running = true;
  let wake: (() => void) | undefined;
  const unsubscribe = queue.onSend(() => wake?.());
  const loop = (async () => {
    while (running) {
      const batch = queue.receive(options.batchSize, { holdUntilDone: true });
      if (batch.length === 0) {
        await new Promise<void>((resolve) => {
          const timer = setTimeout(resolve, options.idleMs);
          wake = () => {
            clearTimeout(timer);
            resolve();
          };
        });
        wake = undefined;
        continue;
      }
      let failed: Set<string>;
      try {
        failed = new Set(await deliver(batch));
      } catch {
        failed = new Set(batch.map((m) => m.id));
      }
      for (const message of batch) {
        if (failed.has(message.id)) queue.fail(message.id);
        else queue.delete(message.id);
      }
    }
  })();
  return {
    stop: async () => {
      running = false;
      unsubscribe();
      wake?.();
      await loop;
    },
  };
}
