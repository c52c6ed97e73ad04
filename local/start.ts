// `npm start`: the whole platform on this machine. Settings: PORT, DYNAMODB_PORT, SES_PORT, EMULATOR_PORT, DATA_DIR,
// INGEST_API_KEY and MANAGER_TOKEN (generated and printed when unset).
import { resolve } from 'node:path';
import { z } from 'zod';
import { writeRunningStack } from './running-stack.js';
import { newLocalSecret, startLocalStack } from './stack.js';

const env = z
  .object({
    PORT: z.coerce.number().int().min(1).max(65535).default(3000),
    DYNAMODB_PORT: z.coerce.number().int().min(1).max(65535).default(8000),
    SES_PORT: z.coerce.number().int().min(1).max(65535).default(8005),
    EMULATOR_PORT: z.coerce.number().int().min(1).max(65535).default(4566),
    DATA_DIR: z.string().min(1).default('.data'),
    INGEST_API_KEY: z.string().min(16, 'INGEST_API_KEY must be at least 16 characters').optional(),
    MANAGER_TOKEN: z.string().min(16, 'MANAGER_TOKEN must be at least 16 characters').optional(),
    BRAND_NAME: z.string().min(1).default('Example Co'),
    /** SQS's visibility timeout for the local queues: how long a failed delivery waits before it is retried. */
    QUEUE_VISIBILITY_SECONDS: z.coerce.number().positive().max(43_200).default(30),
  })
  .safeParse(process.env);
if (!env.success) {
  console.error(`Invalid settings: ${env.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
  process.exit(1);
}
const settings = env.data;
const ingestApiKey = settings.INGEST_API_KEY ?? newLocalSecret();
const managerToken = settings.MANAGER_TOKEN ?? newLocalSecret();

console.log('Starting the feedback platform locally...');
const stack = await startLocalStack({
  port: settings.PORT,
  dynamodbPort: settings.DYNAMODB_PORT,
  sesPort: settings.SES_PORT,
  emulatorPort: settings.EMULATOR_PORT,
  dataDir: resolve(settings.DATA_DIR),
  ingestApiKey,
  managerToken,
  brandName: settings.BRAND_NAME,
  visibilityTimeoutMs: settings.QUEUE_VISIBILITY_SECONDS * 1000,
  say: (line) => console.log(`  ${line}`),
}).catch((error: Error) => {
  console.error(`\nCould not start: ${error.message}`);
  process.exit(1);
});

// So that `npm run demo` and other local tools find the running stack without copy-paste (.data is git-ignored).
writeRunningStack(settings.DATA_DIR, {
  apiUrl: stack.apiUrl,
  sesUrl: stack.sesUrl,
  emulatorUrl: stack.emulatorUrl,
  dynamodbUrl: stack.dynamodbUrl,
  tableName: stack.tableName,
  ingestApiKey,
  managerToken,
});

console.log(`
Ready. Data is kept in ${resolve(settings.DATA_DIR)} and survives a restart.

  INGEST_API_KEY=${ingestApiKey}${settings.INGEST_API_KEY ? '' : '   (generated: set it to keep it)'}
  MANAGER_TOKEN=${managerToken}${settings.MANAGER_TOKEN ? '' : '   (generated: set it to keep it)'}

Try it:
  curl -s -X POST ${stack.apiUrl}/interactions -H 'content-type: application/json' -H 'x-api-key: ${ingestApiKey}' \\
    -d '{"interactionId":"demo-1","channel":"chat","occurredAt":"${new Date().toISOString()}","customer":{"id":"c-1","email":"ada@example.com","name":"Ada"}}'
  then open ${stack.sesUrl} for the email, and:
  curl -s ${stack.apiUrl}/customers/c-1 -H 'authorization: Bearer ${managerToken}'
  or, in another terminal, send sample traffic:  npm run demo

Ctrl-C stops it.`);

let stopping = false;
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => {
    if (stopping) return;
    stopping = true;
    console.log('\nStopping...');
    void stack.stop().then(() => process.exit(0));
  });
}
