// Operations (lib/operations.ts): every dead-letter queue, function and stream consumer has its alarms, all to the one
// encrypted topic, the email subscription only when asked for, and a dashboard; plus the second validator really runs offline.
import { App, Stack, Validations } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { Queue } from 'aws-cdk-lib/aws-sqs';
import { CfnGuardValidator } from '@cdklabs/cdk-validator-cfnguard';
import { beforeAll, describe, expect, it } from 'vitest';
import { FUNCTIONS } from '../../functions/routes.js';
import { METRIC, METRIC_NAMESPACE } from '../../functions/shared/metrics.js';
import { addPlatform, type Platform } from '../../lib/platform.js';
import { THRESHOLDS } from '../../lib/operations.js';
import { settingsFrom } from '../../lib/settings.js';
import { SETTINGS, WITHOUT_BUNDLING, logicalId, newApp, resourcesOf, type Resources } from './build-platform.js';

/** The platform without bundling (the alarms do not depend on the code), with or without an alarm address. */
function build(context: Record<string, unknown> = {}): { platform: Platform; template: Template; resources: Resources } {
  const app = newApp({ ...SETTINGS, ...WITHOUT_BUNDLING, ...context });
  const platform = addPlatform(app, settingsFrom(app.node));
  const template = Template.fromStack(platform.stateless);
  return { platform, template, resources: resourcesOf(template) };
}

type Alarm = { Type: string; Properties: Record<string, any> };
let platform: Platform;
let template: Template;
let resources: Resources;
let alarms: Alarm[];

beforeAll(() => {
  ({ platform, template, resources } = build({ alarmEmail: 'ops@example.org' }));
  alarms = Object.values(resources).filter((r) => r.Type === 'AWS::CloudWatch::Alarm') as Alarm[];
});

const alarmsOn = (metricName: string, dimension: Record<string, unknown>) =>
  alarms.filter((a) => a.Properties.MetricName === metricName && JSON.stringify(a.Properties.Dimensions).includes(JSON.stringify(dimension).slice(1, -1)));

/** Every queue some other resource sends its failures to: redrive targets, on-failure destinations and rule-target DLQs. */
function deadLetterQueueIds(): string[] {
  const queues = Object.keys(resources).filter((id) => resources[id]!.Type === 'AWS::SQS::Queue');
  const referencesAsDeadLetter = JSON.stringify(
    Object.values(resources).map((r) => [
      (r.Properties?.RedrivePolicy as { deadLetterTargetArn?: unknown } | undefined)?.deadLetterTargetArn,
      r.Properties?.DestinationConfig as unknown,
      (r.Properties?.Targets as { DeadLetterConfig?: unknown }[] | undefined)?.map((t) => t.DeadLetterConfig),
      // An EventBridge Scheduler schedule's one target (the daily anomaly run).
      (r.Properties?.Target as { DeadLetterConfig?: unknown } | undefined)?.DeadLetterConfig,
    ]),
  );
  return queues.filter((id) => referencesAsDeadLetter.includes(`"${id}"`));
}

describe('alarms', () => {
  it('alarms on the first message of every queue that serves as a dead-letter queue', () => {
    const dlqs = deadLetterQueueIds();
    expect(dlqs).toHaveLength(8);
    for (const id of dlqs) {
      expect(
        alarmsOn('ApproximateNumberOfMessagesVisible', { Value: { 'Fn::GetAtt': [id, 'QueueName'] } }).map((a) => a.Properties),
        id,
      ).toEqual([
        expect.objectContaining({
          Threshold: 1,
          ComparisonOperator: 'GreaterThanOrEqualToThreshold',
          Statistic: 'Maximum',
          Period: 60,
          TreatMissingData: 'notBreaching',
        }),
      ]);
    }
  });

  it('alarms on the errors and the throttles of every function of FUNCTIONS', () => {
    for (const name of Object.keys(FUNCTIONS) as (keyof typeof FUNCTIONS)[]) {
      const fn = { Value: { Ref: logicalId(platform.stateless.functions[name]) } };
      expect(
        alarmsOn('Errors', fn).map((a) => a.Properties.Threshold),
        name,
      ).toEqual([THRESHOLDS.functionErrors]);
      expect(
        alarmsOn('Throttles', fn).map((a) => a.Properties.Threshold),
        name,
      ).toEqual([THRESHOLDS.functionThrottles]);
    }
  });

  it("alarms on each stream consumer's iterator age and on its failed records, by its event source mapping", () => {
    for (const [name, source] of [
      ['aggregator', platform.stateless.aggregation.eventSource],
      ['followUp', platform.stateless.followUp.eventSource],
    ] as const) {
      expect(alarmsOn('IteratorAge', { Value: { Ref: logicalId(platform.stateless.functions[name]) } }), name).toHaveLength(1);
      const mapping = platform.stateless.resolve(source.eventSourceMappingId) as unknown;
      expect(alarmsOn('FailedInvokeEventCount', { Name: 'EventSourceMappingUUID', Value: mapping }), name).toHaveLength(1);
    }
    // The failed-record metrics exist only when the mappings publish their EventCount group.
    const streamMappings = Object.values(resources).filter(
      (r) => r.Type === 'AWS::Lambda::EventSourceMapping' && r.Properties?.StartingPosition === 'TRIM_HORIZON',
    );
    expect(streamMappings).toHaveLength(2);
    for (const mapping of streamMappings) expect(mapping.Properties?.MetricsConfig).toEqual({ Metrics: ['EventCount'] });
    expect(alarms.filter((a) => a.Properties.MetricName === 'FailedInvokeEventCount')).toHaveLength(2);
  });

  it("alarms on the API's 5xx share and on the SES account's bounce and complaint rates", () => {
    const apiRate = alarms.find((a) => JSON.stringify(a.Properties.Metrics ?? []).includes('5xx'));
    expect(apiRate?.Properties).toMatchObject({ Threshold: THRESHOLDS.api5xxPercent });
    expect(alarms.find((a) => a.Properties.MetricName === 'Reputation.BounceRate')?.Properties).toMatchObject({ Namespace: 'AWS/SES', Threshold: 0.02 });
    expect(alarms.find((a) => a.Properties.MetricName === 'Reputation.ComplaintRate')?.Properties).toMatchObject({ Namespace: 'AWS/SES', Threshold: 0.0005 });
  });

  it('sends every alarm, and its recovery, to the one topic', () => {
    const topic = { Ref: logicalId(platform.stateless.operations.topic) };
    expect(alarms.length).toBe(8 + 2 * Object.keys(FUNCTIONS).length + 2 * 2 + 1 + 2);
    for (const alarm of alarms) {
      expect(alarm.Properties.AlarmActions).toEqual([topic]);
      expect(alarm.Properties.OKActions).toEqual([topic]);
      expect(alarm.Properties.AlarmDescription.length).toBeGreaterThan(20);
    }
  });
});

describe('the alarm topic', () => {
  it('is encrypted with a rotated key that CloudWatch may use, and refuses plain HTTP', () => {
    const keyId = logicalId(platform.stateless.operations.topic.masterKey!);
    expect(resources[logicalId(platform.stateless.operations.topic)]?.Properties).toMatchObject({ KmsMasterKeyId: { 'Fn::GetAtt': [keyId, 'Arn'] } });
    expect(resources[keyId]?.Properties).toMatchObject({ EnableKeyRotation: true });
    expect(JSON.stringify(resources[keyId]?.Properties?.KeyPolicy)).toContain('cloudwatch.amazonaws.com');
    template.hasResourceProperties('AWS::SNS::TopicPolicy', {
      PolicyDocument: { Statement: Match.arrayWith([Match.objectLike({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } })]) },
    });
  });

  it('emails the address given as alarmEmail, and has no subscription without one', () => {
    template.resourcePropertiesCountIs('AWS::SNS::Subscription', { Protocol: 'email', Endpoint: 'ops@example.org' }, 1);
    build().template.resourceCountIs('AWS::SNS::Subscription', 0);
  });
});

describe('the operations dashboard', () => {
  it("graphs the alarms, the platform's health and every business metric", () => {
    const body = JSON.stringify(Object.values(resources).find((r) => r.Type === 'AWS::CloudWatch::Dashboard')?.Properties?.DashboardBody);
    for (const text of ['Alarms', 'IteratorAge', 'ApproximateNumberOfMessagesVisible', 'Reputation.BounceRate', METRIC_NAMESPACE, ...Object.values(METRIC)])
      expect(body, text).toContain(text);
  });
});

describe('the second validator (cfn-guard)', () => {
  it('runs offline and fails a synth on a finding nobody acknowledged', () => {
    const app = new App();
    const stack = new Stack(app, 'Probe');
    new Queue(stack, 'WithoutDeadLetterQueue', { enforceSSL: true });
    Validations.of(app).addPlugins(new CfnGuardValidator());
    expect(() => app.synth()).toThrow(/CT\.SQS\.PR\.1/);
  });
});
