// The local stack as the benchmark runs it: in memory, on free loopback ports, throttling lifted (the bench measures
// what the machine can do, not the configured limits), every handler wrapped by the instrumentation.
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { startScratchStack } from '../../local/scratch-stack.js';
import type { LocalStack } from '../../local/stack.js';
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

const UNLIMITED = { rateLimit: 1_000_000_000, burstLimit: 1_000_000_000 };
const UNLIMITED_EDGE = { limit: 1_000_000_000, windowSeconds: 60 } as const;

export async function startBenchStack(instrumentation: Instrumentation): Promise<BenchStack> {
  const scratch = await startScratchStack({
    visibilityTimeoutMs: 5_000,
    throttle: {
      public: UNLIMITED,
      apiKey: UNLIMITED,
      manager: UNLIMITED,
      edge: { publicPerClient: UNLIMITED_EDGE, publicPerLink: UNLIMITED_EDGE, managerPerClient: UNLIMITED_EDGE },
    },
    wrapHandler: instrumentation.wrapHandler,
  });
  // Everything but what would change how Node.js itself starts or what belongs to the tools running the bench.
  const functionEnv: Record<string, string> = {};
  for (const [name, value] of Object.entries(process.env))
    if (value !== undefined && !/^(NODE_|npm_|VITEST|TSX|FORCE_COLOR)/.test(name)) functionEnv[name] = value;
  const raw = new DynamoDBClient({ endpoint: scratch.dynamodbUrl, region: 'us-east-1', credentials: { accessKeyId: 'local', secretAccessKey: 'local' } });
  const bench = DynamoDBDocumentClient.from(raw, { marshallOptions: { removeUndefinedValues: true } });
  return {
    ...scratch,
    bench,
    raw,
    functionEnv,
    settled: () => scratch.stack.settled(),
    stop: async () => {
      bench.destroy();
      await scratch.stop();
    },
  };
}
