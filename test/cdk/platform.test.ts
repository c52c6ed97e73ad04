// The whole app as bin/app.ts builds it, synthesized once with cdk-nag registered: the service stack's functions, routes,
// queues, events, outputs and the IAM each function ends up with; and the AwsSolutions findings and acknowledgements.
import { Validations, type App } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { Runtime } from 'aws-cdk-lib/aws-lambda';
import { AwsSolutionsChecks, ServerlessChecks } from 'cdk-nag';
import type { IConstruct } from 'constructs';
import { beforeAll, describe, expect, it } from 'vitest';
import { DELIVERY_LEASE_SECONDS } from '../../functions/delivery/send-invitation.js';
import { FUNCTIONS, INTERACTION_EVENT, ROUTES, SES_FEEDBACK_EVENT, THROTTLE, type Auth, type FunctionName } from '../../functions/routes.js';
import { INDEX } from '../../functions/store/keys.js';
import { ATTEMPT_DEADLINE_MS, WEBHOOK_MAX_CONCURRENCY } from '../../functions/webhooks/webhook-queue.js';
import { PLATFORM_WIDE_GUARD_ACKNOWLEDGEMENTS, addPlatformChecks } from '../../lib/checks.js';
import { SCHEDULE_GROUP_NAME } from '../../lib/delivery.js';
import type { Platform } from '../../lib/platform.js';
import { CONFIGURATION_SET_NAME } from '../../lib/ses-feedback.js';
import { SETTINGS, buildPlatform, logicalId, resourcesOf, type Resources } from './build-platform.js';

const NAMES = Object.keys(FUNCTIONS) as FunctionName[];

/**
 * The exact environment each handler reads (see each handler's loadConfig). Left unset on purpose: the local stack's
 * endpoints (*_ENDPOINT) and the settings whose defaults are what AWS runs with (DELIVERY_LEASE_SECONDS, SENTIMENT_ENGINE, LOG_LEVEL).
 */
const QUEUEING = ['QUEUE_ARN', 'QUEUE_URL', 'SCHEDULER_DEAD_LETTER_ARN', 'SCHEDULER_GROUP', 'SCHEDULER_ROLE_ARN'];
const ENVIRONMENT: Record<FunctionName, string[]> = {
  ingestHttp: [...QUEUEING, 'TABLE_NAME'],
  ingestEvents: [...QUEUEING, 'TABLE_NAME'],
  apiKeyAuthorizer: ['INGEST_API_KEY_SECRET_ARN'],
  delivery: ['BRAND_NAME', 'PUBLIC_BASE_URL', ...QUEUEING, 'SENDER_EMAIL', 'SES_CONFIGURATION_SET', 'TABLE_NAME'],
  surveyPage: ['BRAND_NAME', 'TABLE_NAME'],
  customers: ['TABLE_NAME'],
  reports: ['ESCALATION_WINDOW_HOURS', 'TABLE_NAME'],
  responses: ['TABLE_NAME'],
  surveys: ['TABLE_NAME'],
  suppression: ['TABLE_NAME'],
  aggregator: ['ESCALATION_WINDOW_HOURS', 'TABLE_NAME'],
  privacy: ['TABLE_NAME'],
  topics: ['TABLE_NAME'],
  alerts: ['TABLE_NAME'],
  followUp: ['BRAND_NAME', 'DASHBOARD_URL', 'SENDER_EMAIL', 'TABLE_NAME', 'WEBHOOK_QUEUE_URL'],
  webhooks: ['TABLE_NAME'],
  webhookDelivery: ['TABLE_NAME', 'WEBHOOK_QUEUE_URL'],
  digestSettings: ['TABLE_NAME'],
  digest: ['BRAND_NAME', 'DASHBOARD_URL', 'SENDER_EMAIL', 'TABLE_NAME'],
  anomalyJob: ['TABLE_NAME'],
};

/** Functions that only read the table, and those that write it. */
const READ_ONLY: FunctionName[] = ['customers', 'reports', 'responses'];
const WRITERS: FunctionName[] = [
  'ingestHttp',
  'ingestEvents',
  'delivery',
  'surveyPage',
  'aggregator',
  'privacy',
  'topics',
  'surveys',
  'suppression',
  'alerts',
  'followUp',
  'webhooks',
  'webhookDelivery',
  'digestSettings',
  'digest',
  'anomalyJob',
];

/** The functions that put invitations on the queue, at once or through a schedule: ingest, and delivery for reminders. */
const QUEUE_PRODUCERS: FunctionName[] = ['delivery', 'ingestEvents', 'ingestHttp'];

const WRITE_ACTIONS = ['dynamodb:PutItem', 'dynamodb:UpdateItem', 'dynamodb:DeleteItem', 'dynamodb:BatchWriteItem'];

interface Statement {
  Effect: 'Allow' | 'Deny';
  Action: string | string[];
  Resource: unknown;
}
const list = <T>(value: T | T[]): T[] => (Array.isArray(value) ? value : [value]);

let app: App;
let platform: Platform;
let template: Template;
let resources: Resources;
let statefulResources: Resources;
let fnId: Record<FunctionName, string>;

beforeAll(() => {
  ({ app, platform } = buildPlatform());
  // Registered before the one synth below, which then fails on any unacknowledged finding, as `cdk synth` does.
  addPlatformChecks(app);
  template = Template.fromStack(platform.stateless);
  resources = resourcesOf(template);
  statefulResources = resourcesOf(Template.fromStack(platform.stateful));
  fnId = Object.fromEntries(NAMES.map((name) => [name, logicalId(platform.stateless.functions[name])])) as Record<FunctionName, string>;
}, 360_000); // bundles every function, then runs the three validators

const functionProps = (name: FunctionName) => resources[fnId[name]]?.Properties ?? {};
const roleId = (name: FunctionName) => logicalId(platform.stateless.functions[name].role!);

/** Every statement of the identity policies attached to a function's role. */
function statementsOf(name: FunctionName): Statement[] {
  const role = roleId(name);
  return Object.values(resources)
    .filter((r) => r.Type === 'AWS::IAM::Policy' && JSON.stringify(r.Properties?.Roles) === JSON.stringify([{ Ref: role }]))
    .flatMap((r) => (r.Properties?.PolicyDocument as { Statement: Statement[] }).Statement);
}
const actionsOf = (name: FunctionName) => statementsOf(name).flatMap((s) => list(s.Action));

describe('functions', () => {
  it("creates exactly one function per entry of FUNCTIONS, and the dashboard deployment's handler", () => {
    const deploymentHandlers = Object.keys(template.findResources('AWS::Lambda::Function')).filter((id) => id.startsWith('CustomCDKBucketDeployment'));
    expect(deploymentHandlers).toHaveLength(1);
    template.resourceCountIs('AWS::Lambda::Function', NAMES.length + deploymentHandlers.length);
  });

  it('runs every function on the newest Node.js runtime aws-cdk-lib knows', () => {
    const newest = Runtime.ALL.filter((r) => /^nodejs\d+\.x$/.test(r.name)).sort((a, b) => parseInt(b.name.slice(6), 10) - parseInt(a.name.slice(6), 10))[0];
    expect(newest?.name).toBe('nodejs24.x');
    for (const name of NAMES) expect(functionProps(name).Runtime, name).toBe(newest?.name);
  });

  it.each(NAMES)('%s runs on ARM with 512 MB, its own log group and the bundled handler', (name) => {
    expect(functionProps(name)).toMatchObject({
      Architectures: ['arm64'],
      Handler: 'index.handler',
      MemorySize: 512,
      Description: FUNCTIONS[name].description,
      LoggingConfig: { LogGroup: { Ref: expect.any(String) } },
    });
    const logGroupId = (functionProps(name).LoggingConfig as { LogGroup: { Ref: string } }).LogGroup.Ref;
    expect(resources[logGroupId]).toMatchObject({ Type: 'AWS::Logs::LogGroup', Properties: { RetentionInDays: 30 } });
  });

  it.each(NAMES)('%s gets exactly the environment its handler reads', (name) => {
    const variables = (functionProps(name).Environment as { Variables: Record<string, unknown> }).Variables;
    expect(Object.keys(variables).sort()).toEqual(ENVIRONMENT[name]);
  });

  it('gives each function the configuration values it needs', () => {
    const env = (name: FunctionName) => (functionProps(name).Environment as { Variables: Record<string, unknown> }).Variables;
    for (const name of QUEUE_PRODUCERS) {
      expect(env(name), name).toEqual(
        expect.objectContaining({
          QUEUE_URL: { Ref: logicalId(platform.stateless.delivery.queue) },
          QUEUE_ARN: { 'Fn::GetAtt': [logicalId(platform.stateless.delivery.queue), 'Arn'] },
          SCHEDULER_ROLE_ARN: { 'Fn::GetAtt': [logicalId(platform.stateless.delivery.schedulerRole), 'Arn'] },
          SCHEDULER_GROUP: SCHEDULE_GROUP_NAME,
          SCHEDULER_DEAD_LETTER_ARN: { 'Fn::GetAtt': [logicalId(platform.stateless.delivery.deadLetterQueue), 'Arn'] },
        }),
      );
    }
    expect(env('delivery')).toMatchObject({ SENDER_EMAIL: SETTINGS.senderEmail, BRAND_NAME: SETTINGS.brandName });
    expect(env('delivery').SES_CONFIGURATION_SET).toEqual({ Ref: logicalId(platform.stateless.sesFeedback.configurationSet) });
    // Survey and unsubscribe links go through CloudFront and WAF (lib/edge-protection.ts), not to execute-api.
    expect(env('delivery').PUBLIC_BASE_URL).toEqual({
      'Fn::Join': ['', ['https://', { 'Fn::GetAtt': [logicalId(platform.stateless.apiEdge.distribution), 'DomainName'] }]],
    });
    expect(env('surveyPage').BRAND_NAME).toBe(SETTINGS.brandName);
    expect(env('apiKeyAuthorizer').INGEST_API_KEY_SECRET_ARN).toMatchObject({ 'Fn::GetStackOutput': expect.anything() });
  });

  it('gives the shortest timeout to the authorizer, which sits in front of every ingest request', () => {
    const timeouts = NAMES.map((name) => functionProps(name).Timeout as number);
    expect(functionProps('apiKeyAuthorizer').Timeout).toBe(Math.min(...timeouts));
  });

  it('lets no function behind the API run longer than the 30 s an HTTP API waits', () => {
    for (const name of new Set(ROUTES.map((r) => r.fn))) expect(functionProps(name).Timeout as number, name).toBeLessThanOrEqual(30);
  });
});

describe('HTTP API', () => {
  const authorizationType: Record<Auth, string> = { public: 'NONE', apiKey: 'CUSTOM', manager: 'JWT' };
  const routes = () => Object.values(resources).filter((r) => r.Type === 'AWS::ApiGatewayV2::Route');

  it('has exactly the routes of ROUTES', () => {
    expect(
      routes()
        .map((r) => r.Properties?.RouteKey)
        .sort(),
    ).toEqual(ROUTES.map((r) => `${r.method} ${r.path}`).sort());
  });

  it.each(ROUTES.map((route) => [`${route.method} ${route.path}`, route] as const))('%s reaches its function behind its authorizer', (_key, route) => {
    const cfnRoute = routes().find((r) => r.Properties?.RouteKey === `${route.method} ${route.path}`);
    expect(cfnRoute?.Properties?.AuthorizationType).toBe(authorizationType[route.auth]);

    const target = (cfnRoute?.Properties?.Target as { 'Fn::Join': [string, [string, { Ref: string }]] })['Fn::Join'][1][1].Ref;
    expect(resources[target]?.Properties?.IntegrationUri).toEqual({ 'Fn::GetAtt': [fnId[route.fn], 'Arn'] });

    const authorizer = resources[(cfnRoute?.Properties?.AuthorizerId as { Ref: string } | undefined)?.Ref ?? '']?.Properties;
    if (route.auth === 'public') expect(authorizer).toBeUndefined();
    if (route.auth === 'apiKey') {
      expect(authorizer).toMatchObject({
        AuthorizerType: 'REQUEST',
        EnableSimpleResponses: true,
        IdentitySource: ['$request.header.x-api-key'],
        AuthorizerResultTtlInSeconds: 300,
      });
      expect(JSON.stringify(authorizer?.AuthorizerUri)).toContain(fnId.apiKeyAuthorizer);
    }
    if (route.auth === 'manager') {
      expect(authorizer).toMatchObject({ AuthorizerType: 'JWT', IdentitySource: ['$request.header.Authorization'] });
      expect(JSON.stringify(authorizer?.JwtConfiguration)).toContain('cognito-idp.');
    }
  });

  it('throttles every route by its class, as the local server does, and logs access without request paths, which carry survey tokens', () => {
    template.hasResourceProperties('AWS::ApiGatewayV2::Stage', {
      StageName: '$default',
      AutoDeploy: true,
      DefaultRouteSettings: { ThrottlingRateLimit: THROTTLE.apiKey.rateLimit, ThrottlingBurstLimit: THROTTLE.apiKey.burstLimit },
      RouteSettings: Object.fromEntries(
        ROUTES.map((r) => [`${r.method} ${r.path}`, { ThrottlingRateLimit: THROTTLE[r.auth].rateLimit, ThrottlingBurstLimit: THROTTLE[r.auth].burstLimit }]),
      ),
      AccessLogSettings: {
        DestinationArn: { 'Fn::GetAtt': [logicalId(platform.stateless.httpApi.accessLogs), 'Arn'] },
        Format: Match.stringLikeRegexp('routeKey'),
      },
    });
    const format = JSON.stringify(template.findResources('AWS::ApiGatewayV2::Stage'));
    expect(format).not.toContain('$context.path');
  });
});

describe('invitation delivery', () => {
  const queueId = () => logicalId(platform.stateless.delivery.queue);
  const dlqId = () => logicalId(platform.stateless.delivery.deadLetterQueue);

  it('parks a message after five failed receives in a dead-letter queue kept 14 days', () => {
    expect(resources[queueId()]?.Properties).toMatchObject({
      RedrivePolicy: { deadLetterTargetArn: { 'Fn::GetAtt': [dlqId(), 'Arn'] }, maxReceiveCount: 5 },
      SqsManagedSseEnabled: true,
    });
    expect(resources[dlqId()]?.Properties).toMatchObject({ MessageRetentionPeriod: 14 * 24 * 3600, SqsManagedSseEnabled: true });
  });

  it('hides a message for at least six times the delivery timeout', () => {
    const visibility = resources[queueId()]?.Properties?.VisibilityTimeout as number;
    expect(visibility).toBeGreaterThanOrEqual(6 * (functionProps('delivery').Timeout as number));
  });

  it("holds a delivery lease (the handler's default) longer than the delivery timeout and shorter than the visibility timeout", () => {
    // A live sender never loses its lease, and the first redelivery after a crash can take over.
    expect(DELIVERY_LEASE_SECONDS).toBeGreaterThan(functionProps('delivery').Timeout as number);
    expect(DELIVERY_LEASE_SECONDS).toBeLessThan(resources[queueId()]?.Properties?.VisibilityTimeout as number);
  });

  it('refuses unencrypted transport on every queue', () => {
    const queues = Object.entries(resources)
      .filter(([, r]) => r.Type === 'AWS::SQS::Queue')
      .map(([id]) => id);
    const policies = Object.values(template.findResources('AWS::SQS::QueuePolicy'));
    for (const id of queues) {
      expect(JSON.stringify(policies), id).toContain(
        JSON.stringify({
          Action: 'sqs:*',
          Condition: { Bool: { 'aws:SecureTransport': 'false' } },
          Effect: 'Deny',
          Principal: { AWS: '*' },
          Resource: { 'Fn::GetAtt': [id, 'Arn'] },
        }),
      );
    }
  });

  it('feeds the delivery function in batches of 10, reporting partial failures, with bounded concurrency', () => {
    template.hasResourceProperties('AWS::Lambda::EventSourceMapping', {
      EventSourceArn: { 'Fn::GetAtt': [queueId(), 'Arn'] },
      FunctionName: { Ref: fnId.delivery },
      BatchSize: 10,
      FunctionResponseTypes: ['ReportBatchItemFailures'],
      // SES's default send rate (14/s) without a `sesSendRate` setting: two mailers.
      ScalingConfig: { MaximumConcurrency: 2 },
    });
  });
});

describe('interaction events', () => {
  const dlqId = () => logicalId(platform.stateless.events.deadLetterQueue);

  it('routes "Interaction Completed" from the custom bus to ingestEvents, with retries and a dead-letter queue', () => {
    template.hasResourceProperties('AWS::Events::Rule', {
      EventBusName: { Ref: logicalId(platform.stateless.events.bus) },
      EventPattern: { 'detail-type': [INTERACTION_EVENT.detailType] },
      Targets: [
        Match.objectLike({
          Arn: { 'Fn::GetAtt': [fnId.ingestEvents, 'Arn'] },
          DeadLetterConfig: { Arn: { 'Fn::GetAtt': [dlqId(), 'Arn'] } },
          RetryPolicy: { MaximumRetryAttempts: Match.anyValue(), MaximumEventAgeInSeconds: Match.anyValue() },
        }),
      ],
    });
  });

  it('sends events the handler failed on to the same dead-letter queue', () => {
    template.hasResourceProperties('AWS::Lambda::EventInvokeConfig', {
      FunctionName: { Ref: fnId.ingestEvents },
      DestinationConfig: { OnFailure: { Destination: { 'Fn::GetAtt': [dlqId(), 'Arn'] } } },
    });
    expect(resources[dlqId()]?.Properties).toMatchObject({ SqsManagedSseEnabled: true });
  });
});

describe('scheduled sends (EventBridge Scheduler)', () => {
  const queueArn = () => ({ 'Fn::GetAtt': [logicalId(platform.stateless.delivery.queue), 'Arn'] });
  const schedulerRoleId = () => logicalId(platform.stateless.delivery.schedulerRole);
  const groupId = () => logicalId(platform.stateless.delivery.scheduleGroup);

  it('has one schedule group for delayed invitations and reminders, deleted with the queue its schedules target', () => {
    expect(resources[groupId()]).toMatchObject({ Type: 'AWS::Scheduler::ScheduleGroup', Properties: { Name: SCHEDULE_GROUP_NAME }, DeletionPolicy: 'Delete' });
    template.resourceCountIs('AWS::Scheduler::ScheduleGroup', 1);
  });

  it("lets only the Scheduler assume the schedules' role, for schedules of this account's group", () => {
    expect(resources[schedulerRoleId()]?.Properties?.AssumeRolePolicyDocument).toEqual({
      Version: '2012-10-17',
      Statement: [
        {
          Effect: 'Allow',
          Principal: { Service: 'scheduler.amazonaws.com' },
          Action: 'sts:AssumeRole',
          Condition: { StringEquals: { 'aws:SourceAccount': { Ref: 'AWS::AccountId' }, 'aws:SourceArn': { 'Fn::GetAtt': [groupId(), 'Arn'] } } },
        },
      ],
    });
  });

  it("gives the schedules' role one permission: sqs:SendMessage on the invitation queue and its dead-letter queue", () => {
    const role = resources[schedulerRoleId()]?.Properties ?? {};
    expect(role.ManagedPolicyArns).toBeUndefined();
    expect(role.Policies).toBeUndefined();
    const statements = Object.values(resources)
      .filter((r) => r.Type === 'AWS::IAM::Policy' && JSON.stringify(r.Properties?.Roles).includes(JSON.stringify({ Ref: schedulerRoleId() })))
      .flatMap((r) => (r.Properties?.PolicyDocument as { Statement: Statement[] }).Statement);
    expect(statements).toHaveLength(1);
    expect((statements[0]!.Resource as unknown[]).length).toBe(2);
    expect(statements).toEqual([
      {
        Effect: 'Allow',
        Action: 'sqs:SendMessage',
        Resource: expect.arrayContaining([queueArn(), { 'Fn::GetAtt': [logicalId(platform.stateless.delivery.deadLetterQueue), 'Arn'] }]),
      },
    ]);
  });

  it.each(QUEUE_PRODUCERS)("lets %s create schedules in the group only, and pass the schedules' role to the Scheduler only", (name) => {
    const scheduling = statementsOf(name).filter((s) => list(s.Action).some((a) => a.startsWith('scheduler:') || a.startsWith('iam:')));
    expect(scheduling).toEqual([
      {
        Effect: 'Allow',
        Action: 'scheduler:CreateSchedule',
        Resource: {
          'Fn::Join': [
            '',
            ['arn:', { Ref: 'AWS::Partition' }, ':scheduler:', { Ref: 'AWS::Region' }, ':', { Ref: 'AWS::AccountId' }, `:schedule/${SCHEDULE_GROUP_NAME}/*`],
          ],
        },
      },
      {
        Effect: 'Allow',
        Action: 'iam:PassRole',
        Resource: { 'Fn::GetAtt': [schedulerRoleId(), 'Arn'] },
        Condition: { StringEquals: { 'iam:PassedToService': 'scheduler.amazonaws.com' } },
      },
    ]);
  });

  it('gives no other function any Scheduler or IAM action', () => {
    const others = NAMES.filter((name) => !QUEUE_PRODUCERS.includes(name));
    for (const name of others)
      expect(
        actionsOf(name).filter((a) => a.startsWith('scheduler:') || a.startsWith('iam:')),
        name,
      ).toEqual([]);
  });
});

describe('SES bounces and complaints', () => {
  const configurationSetId = () => logicalId(platform.stateless.sesFeedback.configurationSet);
  const dlqId = () => logicalId(platform.stateless.sesFeedback.deadLetterQueue);

  it('has a configuration set that publishes bounces and complaints, and nothing else, to the default event bus', () => {
    template.hasResourceProperties('AWS::SES::ConfigurationSet', { Name: CONFIGURATION_SET_NAME });
    const destinations = Object.values(template.findResources('AWS::SES::ConfigurationSetEventDestination'));
    expect(destinations.map((d) => d.Properties)).toEqual([
      {
        ConfigurationSetName: { Ref: configurationSetId() },
        EventDestination: {
          Enabled: true,
          MatchingEventTypes: ['bounce', 'complaint'],
          EventBridgeDestination: {
            EventBusArn: {
              'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':events:', { Ref: 'AWS::Region' }, ':', { Ref: 'AWS::AccountId' }, ':event-bus/default']],
            },
          },
        },
      },
    ]);
  });

  it('routes exactly SES_FEEDBACK_EVENT from the default bus to the suppression function, with retries and a dead-letter queue', () => {
    const rule = resources[logicalId(platform.stateless.sesFeedback.rule)]?.Properties ?? {};
    expect(rule.EventBusName).toBeUndefined();
    expect(rule.EventPattern).toEqual({ source: [SES_FEEDBACK_EVENT.source], 'detail-type': [...SES_FEEDBACK_EVENT.detailTypes] });
    expect(rule.Targets).toEqual([
      expect.objectContaining({
        Arn: { 'Fn::GetAtt': [fnId.suppression, 'Arn'] },
        DeadLetterConfig: { Arn: { 'Fn::GetAtt': [dlqId(), 'Arn'] } },
        RetryPolicy: { MaximumRetryAttempts: 8, MaximumEventAgeInSeconds: 6 * 3600 },
      }),
    ]);
  });

  it('sends events the suppression function failed on to the same dead-letter queue, kept 14 days', () => {
    template.hasResourceProperties('AWS::Lambda::EventInvokeConfig', {
      FunctionName: { Ref: fnId.suppression },
      MaximumRetryAttempts: 2,
      DestinationConfig: { OnFailure: { Destination: { 'Fn::GetAtt': [dlqId(), 'Arn'] } } },
    });
    expect(resources[dlqId()]?.Properties).toMatchObject({ SqsManagedSseEnabled: true, MessageRetentionPeriod: 14 * 24 * 3600 });
  });
});

describe('least privilege', () => {
  it('attaches no AWS managed policy to any role', () => {
    for (const role of Object.values(template.findResources('AWS::IAM::Role'))) expect(role.Properties.ManagedPolicyArns).toBeUndefined();
  });

  it('lets the delivery function send email only, as the configured sender identity with the configuration set', () => {
    const ses = statementsOf('delivery').filter((s) => list(s.Action).some((a) => a.startsWith('ses:')));
    const sesArn = (...resource: unknown[]) => ({
      'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':ses:', { Ref: 'AWS::Region' }, ':', { Ref: 'AWS::AccountId' }, ...resource]],
    });
    // SES authorizes a send against both the From address's identity and the configuration set it names.
    expect(ses).toEqual([{ Effect: 'Allow', Action: 'ses:SendEmail', Resource: expect.any(Array) }]);
    const sendResources = ses[0]!.Resource as unknown[];
    expect(sendResources).toHaveLength(2);
    expect(sendResources).toEqual(
      expect.arrayContaining([
        sesArn(`:identity/${SETTINGS.senderIdentity}`),
        sesArn(':configuration-set/', { Ref: logicalId(platform.stateless.sesFeedback.configurationSet) }),
      ]),
    );
    for (const name of NAMES.filter((n) => n !== 'delivery' && n !== 'followUp' && n !== 'digest'))
      expect(
        actionsOf(name).filter((a) => a.startsWith('ses:')),
        name,
      ).toEqual([]);
    // The follow-up emails alerts to the channel's owners, from the same identity and with the same one action; it names no
    // configuration set, so SES checks the identity alone.
    // So does the weekly digest.
    for (const name of ['followUp', 'digest'] as const)
      expect(statementsOf(name).filter((s) => list(s.Action).some((a) => a.startsWith('ses:')))).toEqual([
        { Effect: 'Allow', Action: 'ses:SendEmail', Resource: sesArn(`:identity/${SETTINGS.senderIdentity}`) },
      ]);
  });

  it.each(READ_ONLY)('gives %s, which only reads for managers, no DynamoDB write action', (name) => {
    expect(actionsOf(name)).toEqual(expect.arrayContaining(['dynamodb:GetItem', 'dynamodb:Query']));
    for (const action of WRITE_ACTIONS) expect(actionsOf(name)).not.toContain(action);
  });

  it.each(WRITERS)('gives %s, which records interactions, invitations, answers or counters, write access', (name) => {
    expect(actionsOf(name)).toEqual(expect.arrayContaining(['dynamodb:PutItem', 'dynamodb:UpdateItem']));
  });

  it('reads the indexes named in keys.ts by name, and writes the table alone', () => {
    for (const name of [...READ_ONLY, ...WRITERS]) {
      const resourcesFor = (action: string) =>
        statementsOf(name)
          .filter((s) => list(s.Action).includes(action))
          .map((s) => JSON.stringify(s.Resource));
      for (const index of Object.values(INDEX)) expect(resourcesFor('dynamodb:Query').join(), name).toContain(`/index/${index.name}`);
      expect(resourcesFor('dynamodb:PutItem').join(), name).not.toContain('/index/');
    }
  });

  it('gives every function table access except the authorizer', () => {
    expect([...READ_ONLY, ...WRITERS, 'apiKeyAuthorizer'].sort()).toEqual([...NAMES].sort());
  });

  it('gives the authorizer no DynamoDB access, only its log group and the ingest key', () => {
    expect(actionsOf('apiKeyAuthorizer').filter((a) => a.startsWith('dynamodb:'))).toEqual([]);
    expect(actionsOf('apiKeyAuthorizer').sort()).toEqual([
      'logs:CreateLogStream',
      'logs:PutLogEvents',
      'secretsmanager:DescribeSecret',
      'secretsmanager:GetSecretValue',
    ]);
  });

  it('lets only the two ingest functions and delivery (reminders) send to the invitation queue', () => {
    const queueArn = { 'Fn::GetAtt': [logicalId(platform.stateless.delivery.queue), 'Arn'] };
    const senders = NAMES.filter((name) =>
      statementsOf(name).some((s) => list(s.Action).includes('sqs:SendMessage') && JSON.stringify(list(s.Resource)).includes(JSON.stringify(queueArn))),
    );
    expect(senders.sort()).toEqual(QUEUE_PRODUCERS);
  });

  it("has no Allow statement with a wildcard action or resource in either stack, but the one the stream needs, the schedules of the group, the digest's and the anomaly job's versions, and the dashboard deployment's", () => {
    // Deny statements (enforceSSL on the queues: "sqs:*" for principal "*") are intended and not counted here.
    const allows = [...Object.entries(resources), ...Object.entries(statefulResources)].flatMap(([id, r]) => {
      const documents =
        r.Type === 'AWS::IAM::Policy' || r.Type === 'AWS::SQS::QueuePolicy'
          ? [r.Properties?.PolicyDocument]
          : r.Type === 'AWS::IAM::Role'
            ? ((r.Properties?.Policies as { PolicyDocument: unknown }[] | undefined) ?? []).map((p) => p.PolicyDocument)
            : [];
      const statements = documents.flatMap((d) => (d as { Statement: Statement[] }).Statement).filter((s) => s.Effect === 'Allow');
      return statements.map((statement) => ({ id, roles: r.Properties?.Roles, statement }));
    });
    expect(allows.length).toBeGreaterThan(0);
    // Resources are searched whole, so `${tableArn}/index/*` inside an Fn::Join counts as a wildcard too.
    const isWild = ({ Action, Resource }: Statement) => list(Action).some((a) => a.includes('*')) || JSON.stringify(Resource).includes('*');
    // The dashboard's BucketDeployment copies the build with object wildcards on two buckets only: test/cdk/dashboard.test.ts.
    const deploymentRole = JSON.stringify([{ Ref: logicalId(platform.stateless.dashboard.deploymentRole) }]);
    // dynamodb:ListStreams has no resource-level permission; the stream itself is read on its own ARN only. Schedule names
    // are per message, so creating them is allowed on the group's schedules.
    const schedulesOfGroup = {
      'Fn::Join': [
        '',
        ['arn:', { Ref: 'AWS::Partition' }, ':scheduler:', { Ref: 'AWS::Region' }, ':', { Ref: 'AWS::AccountId' }, `:schedule/${SCHEDULE_GROUP_NAME}/*`],
      ],
    };
    const wild = allows
      .filter((a) => isWild(a.statement) && JSON.stringify(a.roles) !== deploymentRole)
      .map((a) => ({ roles: a.roles, statement: a.statement }));
    expect(wild).toEqual(
      expect.arrayContaining([
        { roles: [{ Ref: roleId('aggregator') }], statement: { Effect: 'Allow', Action: 'dynamodb:ListStreams', Resource: '*' } },
        { roles: [{ Ref: roleId('followUp') }], statement: { Effect: 'Allow', Action: 'dynamodb:ListStreams', Resource: '*' } },
        ...QUEUE_PRODUCERS.map((name) => ({
          roles: [{ Ref: roleId(name) }],
          statement: { Effect: 'Allow', Action: 'scheduler:CreateSchedule', Resource: schedulesOfGroup },
        })),
        // The digest schedule's grantInvoke: the one function and its qualified ARNs.
        {
          roles: [{ Ref: logicalId(platform.stateless.digest.schedulerRole) }],
          statement: {
            Effect: 'Allow',
            Action: 'lambda:InvokeFunction',
            Resource: [{ 'Fn::GetAtt': [fnId.digest, 'Arn'] }, { 'Fn::Join': ['', [{ 'Fn::GetAtt': [fnId.digest, 'Arn'] }, ':*']] }],
          },
        },
        // The daily schedule may invoke the anomaly job (and its versions: grantInvoke's `:*`), nothing else.
        {
          roles: [{ Ref: logicalId(platform.stateless.anomalyRun.node.findChild('ScheduleRole')) }],
          statement: {
            Effect: 'Allow',
            Action: 'lambda:InvokeFunction',
            Resource: [{ 'Fn::GetAtt': [fnId.anomalyJob, 'Arn'] }, { 'Fn::Join': ['', [{ 'Fn::GetAtt': [fnId.anomalyJob, 'Arn'] }, ':*']] }],
          },
        },
      ]),
    );
    expect(wild).toHaveLength(4 + QUEUE_PRODUCERS.length);
  });
});

describe('stream aggregation', () => {
  it("feeds the aggregator from the table's stream, from the oldest record, resuming at the first failed change", () => {
    const dlqId = logicalId(platform.stateless.aggregation.deadLetterQueue);
    template.hasResourceProperties('AWS::Lambda::EventSourceMapping', {
      FunctionName: { Ref: fnId.aggregator },
      EventSourceArn: { 'Fn::GetStackOutput': Match.objectLike({ StackName: platform.stateful.stackName, OutputName: Match.stringLikeRegexp('StreamArn') }) },
      StartingPosition: 'TRIM_HORIZON',
      FunctionResponseTypes: ['ReportBatchItemFailures'],
      MaximumRetryAttempts: Match.anyValue(),
      DestinationConfig: { OnFailure: { Destination: { 'Fn::GetAtt': [dlqId, 'Arn'] } } },
    });
    expect(resources[dlqId]?.Properties).toMatchObject({ SqsManagedSseEnabled: true });
  });

  it("reads the stream on the table's stream ARN only", () => {
    const streamRead = statementsOf('aggregator').find(
      (s) => list(s.Action).includes('dynamodb:GetShardIterator') && list(s.Action).includes('dynamodb:DescribeStream'),
    );
    expect(JSON.stringify(streamRead?.Resource)).toMatch(/StreamArn/);
  });
});

describe('anomaly run', () => {
  it('invokes the anomaly job once a day at 01:15 UTC, retried twice, then into its dead-letter queue', () => {
    template.hasResourceProperties('AWS::Scheduler::Schedule', {
      ScheduleExpression: 'cron(15 1 * * ? *)',
      State: 'ENABLED',
      Target: {
        Arn: { 'Fn::GetAtt': [fnId.anomalyJob, 'Arn'] },
        RetryPolicy: { MaximumRetryAttempts: 2, MaximumEventAgeInSeconds: 6 * 3600 },
        DeadLetterConfig: { Arn: { 'Fn::GetAtt': [logicalId(platform.stateless.anomalyRun.deadLetterQueue), 'Arn'] } },
      },
    });
  });
});

describe('alert follow-up', () => {
  it("feeds the follow-up function only answers, alerts and anomalies from the table's stream, resuming at the first failed change", () => {
    const dlqId = logicalId(platform.stateless.followUp.deadLetterQueue);
    template.hasResourceProperties('AWS::Lambda::EventSourceMapping', {
      FunctionName: { Ref: fnId.followUp },
      StartingPosition: 'TRIM_HORIZON',
      FunctionResponseTypes: ['ReportBatchItemFailures'],
      FilterCriteria: { Filters: [{ Pattern: JSON.stringify({ dynamodb: { NewImage: { type: { S: ['Answer', 'Alert', 'Anomaly'] } } } }) }] },
      DestinationConfig: { OnFailure: { Destination: { 'Fn::GetAtt': [dlqId, 'Arn'] } } },
    });
    expect(Object.keys(template.findOutputs('FollowUpDeadLetterQueueUrl'))).toEqual(['FollowUpDeadLetterQueueUrl']);
  });
});

describe('weekly digest', () => {
  it('invokes the digest function at the top of every UTC hour with the scheduled time, through a role that may invoke only it', () => {
    const scheduleId = logicalId(platform.stateless.digest.schedule);
    const dlqId = logicalId(platform.stateless.digest.deadLetterQueue);
    const schedule = resources[scheduleId]?.Properties as Record<string, any>;
    expect(schedule).toMatchObject({
      ScheduleExpression: 'cron(0 * * * ? *)',
      ScheduleExpressionTimezone: 'Etc/UTC',
      State: 'ENABLED',
      Target: {
        Arn: { 'Fn::GetAtt': [fnId.digest, 'Arn'] },
        Input: JSON.stringify({ scheduledTime: '<aws.scheduler.scheduled-time>' }),
        DeadLetterConfig: { Arn: { 'Fn::GetAtt': [dlqId, 'Arn'] } },
        RetryPolicy: { MaximumRetryAttempts: 5, MaximumEventAgeInSeconds: 3600 },
      },
    });
    const schedulerRoleId = (schedule.Target.RoleArn as { 'Fn::GetAtt': [string, string] })['Fn::GetAtt'][0];
    const statements = Object.values(resources)
      .filter((r) => r.Type === 'AWS::IAM::Policy' && JSON.stringify(r.Properties?.Roles) === JSON.stringify([{ Ref: schedulerRoleId }]))
      .flatMap((r) => (r.Properties?.PolicyDocument as { Statement: Statement[] }).Statement);
    expect([...new Set(statements.flatMap((st) => list(st.Action)))].sort()).toEqual(['lambda:InvokeFunction', 'sqs:SendMessage']);
    for (const st of statements) expect(JSON.stringify(st.Resource)).toMatch(new RegExp(`${fnId.digest}|${dlqId}`));
    expect(JSON.stringify(resources[schedulerRoleId]?.Properties?.AssumeRolePolicyDocument)).toContain('scheduler.amazonaws.com');
  });

  it('keeps a run that failed after its retries in the dead-letter queue, and lets only the digest function send it', () => {
    const dlqId = logicalId(platform.stateless.digest.deadLetterQueue);
    template.hasResourceProperties('AWS::Lambda::EventInvokeConfig', {
      FunctionName: { Ref: fnId.digest },
      MaximumRetryAttempts: 2,
      DestinationConfig: { OnFailure: { Destination: { 'Fn::GetAtt': [dlqId, 'Arn'] } } },
    });
    expect(Object.keys(template.findOutputs('DigestDeadLetterQueueUrl'))).toEqual(['DigestDeadLetterQueueUrl']);
  });
});

describe('webhook delivery', () => {
  it('parks a delivery after its last try in a dead-letter queue, and lets only the follow-up reader queue deliveries', () => {
    const queueId = logicalId(platform.stateless.webhooks.queue);
    const dlqId = logicalId(platform.stateless.webhooks.deadLetterQueue);
    expect(resources[queueId]?.Properties).toMatchObject({
      RedrivePolicy: { deadLetterTargetArn: { 'Fn::GetAtt': [dlqId, 'Arn'] }, maxReceiveCount: 6 },
      SqsManagedSseEnabled: true,
    });
    const senders = NAMES.filter((name) =>
      statementsOf(name).some((s) => list(s.Action).includes('sqs:SendMessage') && JSON.stringify(s.Resource).includes(queueId)),
    );
    expect(senders).toEqual(['followUp']);
    template.hasResourceProperties('AWS::Lambda::EventSourceMapping', {
      EventSourceArn: { 'Fn::GetAtt': [queueId, 'Arn'] },
      FunctionName: { Ref: fnId.webhookDelivery },
      FunctionResponseTypes: ['ReportBatchItemFailures'],
      ScalingConfig: { MaximumConcurrency: WEBHOOK_MAX_CONCURRENCY },
    });
    // Every attempt ends at its deadline: the function outlives a batch of them, and the queue hides a message for six runs.
    const timeout = functionProps('webhookDelivery').Timeout as number;
    expect(timeout).toBeGreaterThan(ATTEMPT_DEADLINE_MS / 1000);
    expect(resources[queueId]?.Properties?.VisibilityTimeout).toBeGreaterThanOrEqual(6 * timeout);
    // The back-off is the message's visibility, changed by the consumer: it may do so on this queue only.
    const visibility = statementsOf('webhookDelivery').filter((s) => list(s.Action).includes('sqs:ChangeMessageVisibility'));
    expect(visibility.map((s) => JSON.stringify(s.Resource))).toEqual([JSON.stringify({ 'Fn::GetAtt': [queueId, 'Arn'] })]);
    expect(Object.keys(template.findOutputs('WebhookDeadLetterQueueUrl'))).toEqual(['WebhookDeadLetterQueueUrl']);
  });
});

describe('outputs', () => {
  it.each([
    'ApiUrl',
    'SurveyBaseUrl',
    'EventBusName',
    'InvitationDeadLetterQueueUrl',
    'InteractionEventsDeadLetterQueueUrl',
    'AggregatorDeadLetterQueueUrl',
    'SesFeedbackDeadLetterQueueUrl',
    'DashboardUrl',
  ])('exports %s', (name) => {
    expect(Object.keys(template.findOutputs(name))).toEqual([name]);
  });

  it("gives the survey base URL as the API's CloudFront address (behind WAF) followed by the survey route", () => {
    template.hasOutput('SurveyBaseUrl', {
      Value: { 'Fn::Join': ['', ['https://', { 'Fn::GetAtt': [logicalId(platform.stateless.apiEdge.distribution), 'DomainName'] }, '/s/']] },
    });
  });
});

/** The dashboard's reviewed findings (lib/dashboard.ts): CloudFront without geo rules, WAF or a custom certificate, the log bucket, BucketDeployment's grants and runtime. */
function dashboardAcknowledgements(stack: Platform['stateless']): string[] {
  const site = `<${logicalId(stack.dashboard.bucket)}.Arn>`;
  const handler = stack.node.children.find((c) => c.node.id.startsWith('Custom::CDKBucketDeployment'))!.node.path;
  return [
    'FeedbackStateless/Dashboard/Logs AwsSolutions-S1',
    'FeedbackStateless/Dashboard/Distribution AwsSolutions-CFR1',
    'FeedbackStateless/Dashboard/Distribution AwsSolutions-CFR2',
    'FeedbackStateless/Dashboard/Distribution AwsSolutions-CFR4',
    `${handler} AwsSolutions-L1`,
    `${handler} Serverless-LambdaLatestVersion`,
    `${handler} Serverless-LambdaDLQ`,
    `${handler} Serverless-LambdaTracing`,
    ...[
      'Action::s3:GetBucket*',
      'Action::s3:GetObject*',
      'Action::s3:List*',
      'Action::s3:Abort*',
      'Action::s3:DeleteObject*',
      'Resource::arn:<AWS::Partition>:s3:::cdk-hnb659fds-assets-<AWS::AccountId>-<AWS::Region>/*',
      `Resource::${site}/*`,
    ].map((finding) => `FeedbackStateless/Dashboard/DeploymentRole AwsSolutions-IAM5[${finding}]`),
  ];
}

/** The Serverless pack's and cfn-guard's reviewed findings: platform-wide choices, dead-letter queues, public routes, the static dashboard. */
function serverlessAndGuardAcknowledgements(): string[] {
  const guard = (rule: string) => `cdk-validator-cfnguard::${rule}`;
  const deadLetterQueues = ['Delivery', 'Events', 'Aggregation', 'FollowUp', 'Webhooks', 'SesFeedback', 'Digest', 'Anomalies'].map(
    (id) => `FeedbackStateless/${id}/DeadLetterQueue`,
  );
  const publicRoutes = ROUTES.filter((r) => r.auth === 'public').map((r) => `FeedbackStateless/Http/Api/${r.method}${r.path.replaceAll('/', '--')}`);
  return [
    ...['FeedbackStateful', 'FeedbackStateless', 'FeedbackEdge'].flatMap((s) => PLATFORM_WIDE_GUARD_ACKNOWLEDGEMENTS.map((a) => `${s} ${a.id}`)),
    ...NAMES.flatMap((name) => [`FeedbackStateless/${name} Serverless-LambdaDLQ`, `FeedbackStateless/${name} Serverless-LambdaTracing`]),
    'FeedbackStateless/delivery Serverless-LambdaEventSourceMappingDestination',
    'FeedbackStateless/webhookDelivery Serverless-LambdaEventSourceMappingDestination',
    ...deadLetterQueues.flatMap((q) => [`${q} Serverless-SQSRedrivePolicy`, `${q} ${guard('sqs_dlq_check')}`]),
    'FeedbackStateless/Operations/AlarmTopic Serverless-SNSRedrivePolicy',
    `FeedbackStateless/Http/Api ${guard('lambda_function_public_access_prohibited_check')}`,
    ...publicRoutes.map((route) => `${route} ${guard('api_gw_v2_authorization_type_configured_check')}`),
    ...['Site', 'Logs'].flatMap((b) =>
      ['s3_bucket_default_encryption_kms_check', 's3_bucket_object_lock_enabled_check', 's3_event_notifications_enabled_check'].map(
        (rule) => `FeedbackStateless/Dashboard/${b} ${guard(rule)}`,
      ),
    ),
    ...['s3_bucket_logging_enabled_check', 's3_bucket_versioning_enabled_check'].map((rule) => `FeedbackStateless/Dashboard/Logs ${guard(rule)}`),
    ...[
      'cloudfront_custom_ssl_certificate_check',
      'cloudfront_sni_enabled_check',
      'cloudfront_security_policy_check',
      'cloudfront_default_root_object_configured_check',
      'cloudfront_origin_failover_enabled_check',
    ].map((rule) => `FeedbackStateless/Dashboard/Distribution ${guard(rule)}`),
  ];
}

describe('cdk-nag (AwsSolutions, Serverless) and cfn-guard', () => {
  const acknowledgements = (root: IConstruct) =>
    root.node
      .findAll()
      .flatMap((c) =>
        c.node.metadata
          .filter((m) => m.type === Validations.ACKNOWLEDGED_RULES_METADATA_KEY)
          .map((m) => [c.node.path, m.data as Record<string, string>] as const),
      );

  it.each([
    ['AwsSolutions', () => new AwsSolutionsChecks(undefined, { verbose: true })],
    ['Serverless', () => new ServerlessChecks(undefined, { verbose: true })],
  ])('reports no unacknowledged %s error or warning in either stack', (_pack, pack) => {
    const { violations } = pack().validateScope(app);
    expect(violations.map((v) => `${v.severity} ${v.ruleName}: ${v.violatingResources.map((r) => r.constructPath).join(', ')}`)).toEqual([]);
  });

  it('acknowledges only the reviewed findings, each with a reason', () => {
    const publicRoutes = ROUTES.filter((r) => r.auth === 'public').map(
      (r) => `FeedbackStateless/Http/Api/${r.method}${r.path.replaceAll('/', '--')} AwsSolutions-APIG4`,
    );
    const acknowledged = acknowledgements(app).flatMap(([path, data]) => Object.keys(data).map((id) => `${path} ${id.replace(/^annotation::/i, '')}`));
    expect(acknowledged.sort()).toEqual(
      [
        'FeedbackStateful/IngestApiKey AwsSolutions-SMG4',
        'FeedbackStateless/Events/DeadLetterQueue AwsSolutions-SQS3',
        'FeedbackStateless/Aggregation/DeadLetterQueue AwsSolutions-SQS3',
        'FeedbackStateless/aggregatorRole AwsSolutions-IAM5[Resource::*]',
        'FeedbackStateless/SesFeedback/DeadLetterQueue AwsSolutions-SQS3',
        ...QUEUE_PRODUCERS.map(
          (name) =>
            `FeedbackStateless/${name}Role AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:scheduler:<AWS::Region>:<AWS::AccountId>:schedule/${SCHEDULE_GROUP_NAME}/*]`,
        ),
        'FeedbackStateless/followUpRole AwsSolutions-IAM5[Resource::*]',
        'FeedbackStateless/FollowUp/DeadLetterQueue AwsSolutions-SQS3',
        'FeedbackStateless/Digest/DeadLetterQueue AwsSolutions-SQS3',
        `FeedbackStateless/Digest/SchedulerRole AwsSolutions-IAM5[Resource::<${fnId.digest}.Arn>:*]`,
        'FeedbackStateless/Anomalies/DeadLetterQueue AwsSolutions-SQS3',
        `FeedbackStateless/Anomalies/ScheduleRole AwsSolutions-IAM5[Resource::<${fnId.anomalyJob}.Arn>:*]`,
        ...publicRoutes,
        ...dashboardAcknowledgements(platform.stateless),
        // lib/edge-protection.ts: customers in every country, the default certificate, and (without -c edgeWebAclArn) no web ACL yet.
        ...['CFR1', 'CFR2', 'CFR4'].map((rule) => `FeedbackStateless/ApiEdge/Distribution AwsSolutions-${rule}`),
        ...serverlessAndGuardAcknowledgements(),
      ].sort(),
    );
    for (const [, data] of acknowledgements(app)) for (const reason of Object.values(data)) expect(reason.length).toBeGreaterThan(60);
  });
});
