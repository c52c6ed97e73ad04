import { defineConfig } from 'vitest/config';

// Unit tests run with a fixed, fake configuration; integration tests start the local stack once for the run.
const unitEnv = {
  TABLE_NAME: 'feedback-test',
  QUEUE_URL: 'https://sqs.us-east-1.amazonaws.com/123456789012/invitations',
  SENDER_EMAIL: 'surveys@example.com',
  PUBLIC_BASE_URL: 'https://feedback.example.com',
  BRAND_NAME: 'Example Co',
  INGEST_API_KEY: 'unit-test-ingest-key-0123456789',
  AWS_REGION: 'us-east-1',
  AWS_ACCESS_KEY_ID: 'test',
  AWS_SECRET_ACCESS_KEY: 'test',
  LOG_LEVEL: 'silent',
};

export default defineConfig({
  test: {
    projects: [
      { test: { name: 'unit', include: ['test/unit/**/*.test.ts'], env: unitEnv, setupFiles: ['test/unit/setup.ts'] } },
      // Synth bundles every function: the timeouts only guard against a hang, however busy the machine.
      { test: { name: 'cdk', include: ['test/cdk/**/*.test.ts'], globalSetup: ['test/cdk/global-setup.ts'], testTimeout: 600_000, hookTimeout: 600_000 } },
      {
        test: {
          name: 'integration',
          include: ['test/integration/**/*.test.ts'],
          globalSetup: ['test/integration/global-setup.ts'],
          // One stack for the run; the fault tests steer it, so files take turns.
          fileParallelism: false,
          // Only a guard against a hang: tests wait on the stack's own signals (settled, the email arriving), and on a busy
          // machine the fault tests' real retries and back-offs take as long as they take.
          testTimeout: 300_000,
          hookTimeout: 300_000,
        },
      },
    ],
  },
});
