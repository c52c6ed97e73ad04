// Every Lambda of the platform: one entry of FUNCTIONS in functions/routes.ts, bundled locally as ESM for Node 24 on ARM,
// with its own log group and a role that holds nothing but what its grants add (no AWS managed policy).
import { basename, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Validations, type Duration } from 'aws-cdk-lib';
import type { ITable } from 'aws-cdk-lib/aws-dynamodb';
import { PolicyStatement, Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { NodejsFunction, type BundlingOptions } from 'aws-cdk-lib/aws-lambda-nodejs';
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import type { Construct } from 'constructs';
import { FUNCTIONS, besideBundle, type FunctionName } from '../functions/routes.js';
import { INDEX } from '../functions/store/keys.js';
import { ARCHITECTURE, BUNDLING, MEMORY_SIZE_MB, RUNTIME } from './bundling.js';

const REPO_ROOT = fileURLToPath(new URL('..', import.meta.url));

const READ_DATA = ['dynamodb:BatchGetItem', 'dynamodb:ConditionCheckItem', 'dynamodb:DescribeTable', 'dynamodb:GetItem', 'dynamodb:Query', 'dynamodb:Scan'];
const WRITE_DATA = ['dynamodb:BatchWriteItem', 'dynamodb:DeleteItem', 'dynamodb:PutItem', 'dynamodb:UpdateItem'];

/** The function's run-time data folders, copied into its asset beside index.mjs after esbuild ran. */
function copyBesideBundle(folders: readonly string[]): Pick<BundlingOptions, 'commandHooks'> {
  if (folders.length === 0) return {};
  return {
    commandHooks: {
      beforeBundling: () => [],
      beforeInstall: () => [],
      afterBundling: (inputDir, outputDir) => folders.map((folder) => `cp -R "${join(inputDir, folder)}" "${join(outputDir, basename(folder))}"`),
    },
  };
}

export interface FeedbackFunctionProps {
  readonly name: FunctionName;
  readonly timeout: Duration;
}

export class FeedbackFunction extends NodejsFunction {
  /** This function's own role: nothing but its log group until grants add to it. */
  readonly executionRole: Role;

  constructor(scope: Construct, id: string, { name, timeout }: FeedbackFunctionProps) {
    const { entry, description } = FUNCTIONS[name];
    const role = new Role(scope, `${id}Role`, { assumedBy: new ServicePrincipal('lambda.amazonaws.com'), description: `Runs ${name}` });
    const logGroup = new LogGroup(scope, `${id}Logs`, { retention: RetentionDays.ONE_MONTH });
    // What AWSLambdaBasicExecutionRole would give, narrowed to this function's own log group.
    logGroup.grantWrite(role);
    super(scope, id, {
      entry: join(REPO_ROOT, entry),
      projectRoot: REPO_ROOT,
      depsLockFilePath: join(REPO_ROOT, 'package-lock.json'),
      handler: 'handler',
      description,
      runtime: RUNTIME,
      architecture: ARCHITECTURE,
      memorySize: MEMORY_SIZE_MB,
      timeout,
      role,
      logGroup,
      bundling: { ...BUNDLING, ...copyBesideBundle(besideBundle(name)) },
    });
    this.executionRole = role;
    Validations.of(this).acknowledge(
      {
        id: 'Serverless-LambdaDLQ',
        reason:
          'A DeadLetterConfig only keeps failed asynchronous invocations. The functions EventBridge invokes asynchronously send those to a dead-letter ' +
          'queue through an on-failure destination, which also carries the error (lib/events.ts); the others are invoked synchronously by API Gateway ' +
          "or by event-source mappings, whose failures go to the queue's redrive policy or the mapping's on-failure destination.",
      },
      {
        id: 'Serverless-LambdaTracing',
        reason:
          'X-Ray would need xray:PutTraceSegments on * in every role and bills per trace; requests are followed by the correlation id in every log line, ' +
          'and the platform is watched through the business metrics and alarms of lib/operations.ts.',
      },
    );
  }

  /**
   * TABLE_NAME plus read-only or read-write data access: what table.grantReadData / grantReadWriteData give, but on
   * the indexes named in functions/store/keys.ts instead of `index/*`, and writes on the table alone.
   */
  useTable(table: ITable, access: 'read' | 'readWrite'): this {
    this.addEnvironment('TABLE_NAME', table.tableName);
    const indexes = Object.values(INDEX).map((index) => `${table.tableArn}/index/${index.name}`);
    this.addToRolePolicy(new PolicyStatement({ actions: READ_DATA, resources: [table.tableArn, ...indexes] }));
    if (access === 'readWrite') this.addToRolePolicy(new PolicyStatement({ actions: WRITE_DATA, resources: [table.tableArn] }));
    return this;
  }
}
