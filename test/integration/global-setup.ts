// Starts the whole local stack once for the integration run: DynamoDB Local (in memory), the SES emulator,
// the local SQS/EventBridge endpoint and the API, on free ports.
import type { TestProject } from 'vitest/node';
import { startScratchStack } from '../../local/scratch-stack.js';
import { buildDashboard } from '../../scripts/build-dashboard.js';

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  // The stack serves the dashboard from the build: the browser tests see the current source.
  await buildDashboard();
  // Every level, so that the privacy test sees every line a function writes (captured by the stack, not printed).
  process.env.LOG_LEVEL ??= 'debug';
  const scratch = await startScratchStack({ visibilityTimeoutMs: 1_000, controls: true });
  // Tests send bursts far above the production throttle; the throttling test lowers it again for itself.
  const unlimited = { rateLimit: 1_000_000, burstLimit: 1_000_000 };
  const edge = { limit: 1_000_000, windowSeconds: 60 };
  await fetch(`${scratch.apiUrl}/_local/control`, {
    method: 'POST',
    body: JSON.stringify({
      throttle: { public: unlimited, apiKey: unlimited, manager: unlimited, edge: { publicPerClient: edge, publicPerLink: edge, managerPerClient: edge } },
    }),
  });
  const { apiUrl, sesUrl, dynamodbUrl, emulatorUrl, tableName, ingestApiKey, managerToken } = scratch;
  project.provide('stack', { apiUrl, sesUrl, dynamodbUrl, emulatorUrl, tableName, ingestApiKey, managerToken });
  return () => scratch.stop();
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
