// How every Lambda of the platform is built and sized, defined once: the CDK construct (lib/feedback-function.ts)
// deploys with it and the benchmark (bench/) bundles and prices with it, so that what is measured is what ships.
import { Architecture, Runtime } from 'aws-cdk-lib/aws-lambda';
import { LogLevel, OutputFormat, type BundlingOptions } from 'aws-cdk-lib/aws-lambda-nodejs';

/** The newest Node.js runtime that aws-cdk-lib knows, and the esbuild target that matches it. */
export const RUNTIME = Runtime.NODEJS_24_X;
export const ESBUILD_TARGET = 'node24';
export const ARCHITECTURE = Architecture.ARM_64;
export const MEMORY_SIZE_MB = 512;

/** The SDK's default credential chain, replaced in the bundles (a path relative to the repository, where esbuild runs). */
export const CREDENTIALS_ALIAS = { from: '@aws-sdk/credential-provider-node', to: './lib/lambda-credentials.ts' } as const;

/** NodejsFunction's bundling props: esbuild runs locally (no Docker) with exactly these. */
export const BUNDLING = {
  forceDockerBundling: false,
  format: OutputFormat.ESM,
  target: ESBUILD_TARGET,
  minify: true,
  sourceMap: false,
  logLevel: LogLevel.WARNING,
  mainFields: ['module', 'main'],
  // Ship the SDK versions the tests ran against rather than whatever the runtime carries.
  bundleAwsSDK: true,
  // CommonJS dependencies bundled into an ES module still call require().
  banner: "import { createRequire } from 'module'; const require = createRequire(import.meta.url);",
  // Credentials from the environment only, as Lambda provides them: the rest of the SDK's chain stays out (about 110 KB).
  esbuildArgs: { [`--alias:${CREDENTIALS_ALIAS.from}`]: CREDENTIALS_ALIAS.to },
} as const satisfies BundlingOptions;
