// The load generator, in a process of its own (the stack under test runs in the bench's process): closed-loop
// workers over keep-alive loopback connections, bounded in count and in time. The same client makes the raw
// PutItem floor (and a raw two-item TransactWriteItems, the kind of write a survey submit makes), so that all are
// measured through the same process, event loop and machine.
import { randomUUID } from 'node:crypto';
import { Agent, request } from 'node:http';
import { performance } from 'node:perf_hooks';
import { DynamoDBClient, PutItemCommand, TransactWriteItemsCommand } from '@aws-sdk/client-dynamodb';

export type LoadSpec =
  | {
      kind: 'http';
      label: string;
      url: string;
      method: 'POST';
      headers: Record<string, string>;
      bodies: string[];
      paths?: string[];
      concurrency: number;
      maxRequests: number;
      maxMs: number;
      expectStatus: number;
    }
  | { kind: 'putItem' | 'transact'; label: string; endpoint: string; tableName: string; concurrency: number; maxRequests: number; maxMs: number };

export interface LoadResult {
  label: string;
  concurrency: number;
  completed: number;
  errors: number;
  firstError?: string;
  elapsedMs: number;
  latenciesMs: number[];
  /** CPU this client process used for the segment. */
  clientCpuMs: number;
}

const agents = new Map<number, Agent>();
const clients = new Map<string, DynamoDBClient>();

function post(agent: Agent, url: URL, path: string, headers: Record<string, string>, body: string): Promise<{ status: number; text: string }> {
  return new Promise((resolve, reject) => {
    const req = request(
      { agent, host: url.hostname, port: url.port, method: 'POST', path, headers: { ...headers, 'content-length': Buffer.byteLength(body) } },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, text: Buffer.concat(chunks).toString('utf8') }));
        res.on('error', reject);
      },
    );
    req.on('error', (error: NodeJS.ErrnoException) => {
      // The server closed an idle keep-alive socket just as this request went out on it (a race a busy machine makes
      // likely): Node's documented remedy is to send again on a fresh socket. Our requests are idempotent by their ids.
      if (req.reusedSocket && error.code === 'ECONNRESET') post(agent, url, path, headers, body).then(resolve, reject);
      else reject(error);
    });
    req.end(body);
  });
}

/** A PutItem of an item the size of an interaction item (~400 bytes), on a key of its own. */
function putItemInput(tableName: string) {
  const id = randomUUID();
  return {
    TableName: tableName,
    Item: {
      pk: { S: `BENCH#PUT#${id}` },
      sk: { S: 'PUT' },
      type: { S: 'BenchPut' },
      v: { N: '1' },
      interactionId: { S: id },
      customerId: { S: `cust-${id.slice(0, 8)}` },
      channel: { S: 'chat' },
      occurredAt: { S: new Date().toISOString() },
      receivedAt: { S: new Date().toISOString() },
      agentId: { S: 'agent-7' },
      queue: { S: 'billing' },
      subject: { S: 'Refund for order 1234, the second time this month' },
    },
  };
}

export async function runLoad(spec: LoadSpec): Promise<LoadResult> {
  const latencies: number[] = [];
  let errors = 0;
  let firstError: string | undefined;
  let issued = 0;
  const cpu = process.cpuUsage();
  const started = performance.now();
  const deadline = started + spec.maxMs;
  let one: () => Promise<void>;
  if (spec.kind === 'http') {
    const agent = agents.get(spec.concurrency) ?? new Agent({ keepAlive: true, maxSockets: spec.concurrency });
    agents.set(spec.concurrency, agent);
    const url = new URL(spec.url);
    one = async () => {
      const i = issued++;
      const body = spec.bodies[i % spec.bodies.length]!;
      const path = spec.paths ? spec.paths[i % spec.paths.length]! : url.pathname;
      const t = performance.now();
      const res = await post(agent, url, path, spec.headers, body);
      latencies.push(performance.now() - t);
      if (res.status !== spec.expectStatus) {
        errors++;
        firstError ??= `${res.status} ${res.text.slice(0, 200)}`;
      }
    };
  } else {
    const client =
      clients.get(`${spec.endpoint}|${spec.concurrency}`) ??
      new DynamoDBClient({
        endpoint: spec.endpoint,
        region: 'us-east-1',
        credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
        // The SDK's own keep-alive agent (50 sockets), as the functions have it.
        maxAttempts: 5,
      });
    clients.set(`${spec.endpoint}|${spec.concurrency}`, client);
    one = async () => {
      issued++;
      const put = new PutItemCommand(putItemInput(spec.tableName));
      const transact = new TransactWriteItemsCommand({
        TransactItems: [putItemInput(spec.tableName), putItemInput(spec.tableName)].map((item) => ({
          Put: { ...item, ConditionExpression: 'attribute_not_exists(pk)' },
        })),
      });
      const t = performance.now();
      try {
        await (spec.kind === 'putItem' ? client.send(put) : client.send(transact));
        latencies.push(performance.now() - t);
      } catch (error) {
        latencies.push(performance.now() - t);
        errors++;
        firstError ??= String(error);
      }
    };
  }
  await Promise.all(
    Array.from({ length: spec.concurrency }, async () => {
      while (issued < spec.maxRequests && performance.now() < deadline) await one();
    }),
  );
  const elapsedMs = performance.now() - started;
  const used = process.cpuUsage(cpu);
  return {
    label: spec.label,
    concurrency: spec.concurrency,
    completed: latencies.length,
    errors,
    ...(firstError ? { firstError } : {}),
    elapsedMs,
    latenciesMs: latencies,
    clientCpuMs: (used.user + used.system) / 1000,
  };
}

// As a child process: one spec in, one result out, until the parent disconnects.
if (process.send) {
  process.on('message', (message: { id: number; spec: LoadSpec }) => {
    runLoad(message.spec).then(
      (result) => process.send!({ id: message.id, result }),
      (error: Error) => process.send!({ id: message.id, error: String(error?.stack ?? error) }),
    );
  });
  process.on('disconnect', () => process.exit(0));
}
