// Starts the whole local stack once for the integration run: DynamoDB Local (in memory), the SES emulator,
// the local SQS/EventBridge endpoint and the API, on free ports.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';
import { newLocalSecret, startLocalStack } from '../../local/stack.js';
import { buildDashboard } from '../../scripts/build-dashboard.js';
import { freePort } from './ports.js';

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  // The stack serves the dashboard from the build: the browser tests see the current source.
  await buildDashboard();
  const dataDir = mkdtempSync(join(tmpdir(), 'feedback-it-'));
  const ingestApiKey = newLocalSecret();
  const managerToken = newLocalSecret();
  // Every level, so that the privacy test sees every line a function writes (captured by the stack, not printed).
  process.env.LOG_LEVEL ??= 'debug';
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
    visibilityTimeoutMs: 1_000,
    controls: true,
  });
  // Tests send bursts far above the production throttle; the throttling test lowers it again for itself.
  const unlimited = { rateLimit: 1_000_000, burstLimit: 1_000_000 };
  await fetch(`${stack.apiUrl}/_local/control`, { method: 'POST', body: JSON.stringify({ throttle: { public: unlimited, apiKey: unlimited, manager: unlimited } }) });
  project.provide('stack', {
    apiUrl: stack.apiUrl.replace('localhost', '127.0.0.1'),
    sesUrl: stack.sesUrl.replace('localhost', '127.0.0.1'),
    dynamodbUrl: stack.dynamodbUrl,
    emulatorUrl: stack.emulatorUrl,
    tableName: stack.tableName,
    ingestApiKey,
    managerToken,
  });
  return async () => {
    await stack.stop();
    rmSync(dataDir, { recursive: true, force: true });
  };
}

declare module 'vitest' {
  export interface ProvidedContext {
    stack: {
      apiUrl: string;
      sesUrl: string;
      dynamodbUrl: string;
      emulatorUrl: string;
      tableName: string;
      ingestApiKey: string;
      managerToken: string;
    };
  }
}
