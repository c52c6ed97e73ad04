// A throwaway local stack for the integration tests and the benchmark: DynamoDB Local in memory, fresh secrets, every
// server on a free loopback port; stop() removes its data folder too.
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { newLocalSecret, startLocalStack, type LocalStack, type LocalStackOptions } from './stack.js';

/** A port free on loopback right now. */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

export interface ScratchStack {
  stack: LocalStack;
  /** The stack's addresses on 127.0.0.1 (clients resolving localhost to ::1 would miss the servers). */
  apiUrl: string;
  sesUrl: string;
  dynamodbUrl: string;
  emulatorUrl: string;
  tableName: string;
  ingestApiKey: string;
  managerToken: string;
  stop(): Promise<void>;
}

type Settings = Omit<
  LocalStackOptions,
  'port' | 'dynamodbPort' | 'sesPort' | 'emulatorPort' | 'dataDir' | 'inMemoryDatabase' | 'ingestApiKey' | 'managerToken'
>;

export async function startScratchStack(settings: Settings = {}): Promise<ScratchStack> {
  const dataDir = mkdtempSync(join(tmpdir(), 'feedback-scratch-'));
  const ingestApiKey = newLocalSecret();
  const managerToken = newLocalSecret();
  const [port, dynamodbPort, sesPort, emulatorPort] = [await freePort(), await freePort(), await freePort(), await freePort()];
  // The links in invitation emails point at this stack's API.
  process.env.PUBLIC_BASE_URL = `http://127.0.0.1:${port}`;
  const stack = await startLocalStack({ port, dynamodbPort, sesPort, emulatorPort, dataDir, inMemoryDatabase: true, ingestApiKey, managerToken, ...settings });
  return {
    stack,
    apiUrl: stack.apiUrl.replace('localhost', '127.0.0.1'),
    sesUrl: stack.sesUrl.replace('localhost', '127.0.0.1'),
    dynamodbUrl: stack.dynamodbUrl,
    emulatorUrl: stack.emulatorUrl,
    tableName: stack.tableName,
    ingestApiKey,
    managerToken,
    stop: async () => {
      await stack.stop();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
