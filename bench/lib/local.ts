// The local stack as the benchmark runs it: in memory, on free loopback ports, throttling lifted (the bench measures
// what the machine can do, not the configured limits), every handler wrapped by the instrumentation.
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { newLocalSecret, startLocalStack, type LocalStack } from '../../local/stack.js';
import type { Instrumentation } from './instrument.js';

export interface BenchStack {
  stack: LocalStack;
  apiUrl: string;
  sesUrl: string;
  dynamodbUrl: string;
  emulatorUrl: string;
  tableName: string;
  ingestApiKey: string;
  managerToken: string;
  /** The bench's own clients: preparing data and reading it back, never counted as a function's work. */
  bench: DynamoDBDocumentClient;
  raw: DynamoDBClient;
  /** The environment the stack's functions run with (their configuration, as CDK gives it to them in AWS). */
  functionEnv: Record<string, string>;
  /** Waits until every queued message is delivered and every table change folded. */
  settled(): Promise<void>;
  stop(): Promise<void>;
}

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

const UNLIMITED = { rateLimit: 1_000_000_000, burstLimit: 1_000_000_000 };

export async function startBenchStack(instrumentation: Instrumentation): Promise<BenchStack> {
  const dataDir = mkdtempSync(join(tmpdir(), 'feedback-bench-'));
  const ingestApiKey = newLocalSecret();
  const managerToken = newLocalSecret();
  const [port, dynamodbPort, sesPort, emulatorPort] = [await freePort(), await freePort(), await freePort(), await freePort()];
  process.env.PUBLIC_BASE_URL = `http://127.0.0.1:${port}`;
  const stack = await startLocalStack({
    port: port!,
    dynamodbPort: dynamodbPort!,
    sesPort: sesPort!,
    emulatorPort: emulatorPort!,
    dataDir,
    inMemoryDatabase: true,
    ingestApiKey,
    managerToken,
    visibilityTimeoutMs: 5_000,
    throttle: { public: UNLIMITED, apiKey: UNLIMITED, manager: UNLIMITED },
    wrapHandler: instrumentation.wrapHandler,
  });
  // Everything but what would change how Node.js itself starts or what belongs to the tools running the bench.
  const functionEnv: Record<string, string> = {};
  for (const [name, value] of Object.entries(process.env)) if (value !== undefined && !/^(NODE_|npm_|VITEST|TSX|FORCE_COLOR)/.test(name)) functionEnv[name] = value;
  const raw = new DynamoDBClient({ endpoint: stack.dynamodbUrl, region: 'us-east-1', credentials: { accessKeyId: 'local', secretAccessKey: 'local' } });
  const bench = DynamoDBDocumentClient.from(raw, { marshallOptions: { removeUndefinedValues: true } });
  return {
    stack,
    apiUrl: stack.apiUrl.replace('localhost', '127.0.0.1'),
    sesUrl: stack.sesUrl.replace('localhost', '127.0.0.1'),
    dynamodbUrl: stack.dynamodbUrl,
    emulatorUrl: stack.emulatorUrl,
    tableName: stack.tableName,
    ingestApiKey,
    managerToken,
    bench,
    raw,
    functionEnv,
    settled: () => stack.settled(),
    stop: async () => {
      bench.destroy();
      await stack.stop();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
