// Operations: every alarm of the platform, built from lists (a queue, function or stream consumer in a list gets its alarms),
// all to one encrypted SNS topic that emails `-c alarmEmail=`, and one CloudWatch dashboard of the platform's health.
import { Duration, Validations } from 'aws-cdk-lib';
import type { HttpApi } from 'aws-cdk-lib/aws-apigatewayv2';
import {
  type Alarm,
  AlarmStatusWidget,
  ComparisonOperator,
  Dashboard,
  GraphWidget,
  MathExpression,
  Metric,
  TreatMissingData,
  type IMetric,
} from 'aws-cdk-lib/aws-cloudwatch';
import { SnsAction } from 'aws-cdk-lib/aws-cloudwatch-actions';
import { AnyPrincipal, Effect, PolicyStatement, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { Key } from 'aws-cdk-lib/aws-kms';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import type { DynamoEventSource } from 'aws-cdk-lib/aws-lambda-event-sources';
import { Topic } from 'aws-cdk-lib/aws-sns';
import { EmailSubscription } from 'aws-cdk-lib/aws-sns-subscriptions';
import type { IQueue } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { SKIP_REASONS } from '../functions/domain/model.js';
import { METRIC, METRIC_NAMESPACE, REASON_DIMENSION } from '../functions/shared/metrics.js';

/** Every threshold in one place (docs/deploy.md, "Operations", explains each). */
export const THRESHOLDS = {
  /** Any message in a dead-letter queue is work that was given up on. */
  deadLetterMessages: 1,
  /** Function errors (thrown, timed out, out of memory) within 5 minutes: one is a blip, three a pattern. */
  functionErrors: 3,
  /** Throttled invocations within 5 minutes: the account's concurrency is exhausted. */
  functionThrottles: 1,
  /** The stream consumer's oldest unread record, in ms, for 15 minutes: the counters or alerts fall behind. */
  iteratorAgeMs: 10 * 60 * 1000,
  /** Records a stream consumer failed on, in each of three 5-minute periods: a failure that retries do not clear. */
  streamFailedRecords: 1,
  /** Percentage of API responses that are 5xx over 5 minutes, counted once there are at least 20 requests. */
  api5xxPercent: 1,
  api5xxMinRequests: 20,
  /** SES reviews an account near 5% bounces and pauses it near 10%: warn at 2%. */
  sesBounceRate: 0.02,
  /** SES reviews an account near 0.1% complaints and pauses it near 0.5%: warn at 0.05%. */
  sesComplaintRate: 0.0005,
} as const;

export interface OperationsProps {
  /** Every function: each gets an errors alarm and a throttles alarm. */
  readonly functions: Readonly<Record<string, IFunction>>;
  /** Every dead-letter queue, by what it holds: each alarms on its first message. */
  readonly deadLetterQueues: Readonly<Record<string, IQueue>>;
  /** Every table-stream consumer and its event source (with EventCount metrics enabled). */
  readonly streamConsumers: Readonly<Record<string, { readonly fn: IFunction; readonly eventSource: DynamoEventSource }>>;
  readonly api: HttpApi;
  /** Subscribed to the alarm topic when given; the subscriber confirms from the email SNS sends. */
  readonly alarmEmail?: string;
}

export class Operations extends Construct {
  readonly topic: Topic;
  readonly alarms: Alarm[] = [];
  readonly dashboard: Dashboard;

  constructor(scope: Construct, id: string, props: OperationsProps) {
    super(scope, id);
    // CloudWatch publishes to an encrypted topic only with a customer managed key whose policy lets it use the key.
    const key = new Key(this, 'TopicKey', { description: 'Encrypts the operations alarm topic', enableKeyRotation: true });
    key.addToResourcePolicy(
      new PolicyStatement({
        principals: [new ServicePrincipal('cloudwatch.amazonaws.com')],
        actions: ['kms:Decrypt', 'kms:GenerateDataKey*'],
        resources: ['*'],
      }),
    );
    // Grants of this key only for AWS resources (the Control Tower rule CT.KMS.PR.3): nothing of this platform needs another grant.
    key.addToResourcePolicy(
      new PolicyStatement({
        effect: Effect.DENY,
        principals: [new AnyPrincipal()],
        actions: ['kms:CreateGrant'],
        resources: ['*'],
        conditions: { BoolIfExists: { 'kms:GrantIsForAWSResource': 'false', 'aws:PrincipalIsAWSService': 'false' } },
      }),
    );
    this.topic = new Topic(this, 'AlarmTopic', { displayName: 'Feedback platform alarms', masterKey: key, enforceSSL: true });
    if (props.alarmEmail) this.topic.addSubscription(new EmailSubscription(props.alarmEmail));
    Validations.of(this.topic).acknowledge({
      id: 'Serverless-SNSRedrivePolicy',
      reason:
        'The only subscription is an email address, which SNS retries on its own delivery policy; a dead-letter queue for alarm ' +
        'emails would be one more queue whose alarm goes to this same topic.',
    });
    const action = new SnsAction(this.topic);
    const alarm = (alarmId: string, metric: Metric | MathExpression, threshold: number, description: string, evaluationPeriods = 1) => {
      const created = metric.createAlarm(this, alarmId, {
        threshold,
        evaluationPeriods,
        comparisonOperator: ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
        // No data means nothing happened: no messages, no invocations, no sends.
        treatMissingData: TreatMissingData.NOT_BREACHING,
        alarmDescription: description,
      });
      created.addAlarmAction(action);
      created.addOkAction(action);
      this.alarms.push(created);
      return created;
    };
    const fiveMinutes = Duration.minutes(5);
    // How far behind the stream a consumer is: alarmed on, and graphed on the dashboard.
    const iteratorAge = (fn: { functionName: string }, label?: string) =>
      new Metric({
        namespace: 'AWS/Lambda',
        metricName: 'IteratorAge',
        dimensionsMap: { FunctionName: fn.functionName },
        period: fiveMinutes,
        statistic: 'Maximum',
        ...(label ? { label } : {}),
      });

    for (const [name, queue] of Object.entries(props.deadLetterQueues)) {
      alarm(
        `${name}DeadLetters`,
        queue.metricApproximateNumberOfMessagesVisible({ period: Duration.minutes(1), statistic: 'Maximum' }),
        THRESHOLDS.deadLetterMessages,
        `The ${name} dead-letter queue holds a message: work was given up on. docs/deploy.md "Operations" says how to inspect and redrive it.`,
      );
      // A dead-letter queue has no dead-letter queue of its own: the alarm above is what watches it.
      Validations.of(queue).acknowledge(
        {
          id: 'Serverless-SQSRedrivePolicy',
          reason: 'This queue is itself a dead-letter queue; a message in it raises an alarm (lib/operations.ts) instead of moving on.',
        },
        {
          id: 'cdk-validator-cfnguard::sqs_dlq_check',
          reason: 'This queue is itself a dead-letter queue; a message in it raises an alarm (lib/operations.ts) instead of moving on.',
        },
      );
    }

    for (const [name, fn] of Object.entries(props.functions)) {
      alarm(
        `${name}Errors`,
        fn.metricErrors({ period: fiveMinutes, statistic: 'Sum' }),
        THRESHOLDS.functionErrors,
        `${name} failed ${THRESHOLDS.functionErrors} or more times in 5 minutes (errors, timeouts): read its log group.`,
      );
      alarm(
        `${name}Throttles`,
        fn.metricThrottles({ period: fiveMinutes, statistic: 'Sum' }),
        THRESHOLDS.functionThrottles,
        `${name} was throttled: the account's Lambda concurrency is exhausted.`,
      );
    }

    for (const [name, { fn, eventSource }] of Object.entries(props.streamConsumers)) {
      alarm(
        `${name}IteratorAge`,
        iteratorAge(fn),
        THRESHOLDS.iteratorAgeMs,
        `${name} is more than 10 minutes behind the table's stream: its results are late.`,
        3,
      );
      alarm(
        `${name}StreamFailures`,
        eventSourceMetric(eventSource, 'FailedInvokeEventCount', fiveMinutes),
        THRESHOLDS.streamFailedRecords,
        `${name} keeps failing on stream records for 15 minutes; after 10 retries or 12 hours they park in its dead-letter queue.`,
        3,
      );
    }

    const requests = props.api.metricCount({ period: fiveMinutes, statistic: 'Sum' });
    const serverErrors = props.api.metricServerError({ period: fiveMinutes, statistic: 'Sum' });
    const api5xxRate = new MathExpression({
      expression: `IF(requests >= ${THRESHOLDS.api5xxMinRequests}, 100 * errors / requests, 0)`,
      usingMetrics: { requests, errors: serverErrors },
      period: fiveMinutes,
      label: 'API 5xx %',
    });
    alarm('Api5xxRate', api5xxRate, THRESHOLDS.api5xxPercent, `${THRESHOLDS.api5xxPercent}% or more of the API's answers were 5xx over 5 minutes.`);

    // The account's reputation, as SES reviews it (AWS/SES, no dimension): a value between 0 and 1.
    const reputation = (metricName: string) => new Metric({ namespace: 'AWS/SES', metricName, period: Duration.hours(1), statistic: 'Maximum' });
    alarm(
      'SesBounceRate',
      reputation('Reputation.BounceRate'),
      THRESHOLDS.sesBounceRate,
      'The SES bounce rate reached 2%: SES reviews an account near 5% and pauses its sending near 10%.',
    );
    alarm(
      'SesComplaintRate',
      reputation('Reputation.ComplaintRate'),
      THRESHOLDS.sesComplaintRate,
      'The SES complaint rate reached 0.05%: SES reviews an account near 0.1% and pauses its sending near 0.5%.',
    );

    this.dashboard = new Dashboard(this, 'Dashboard', { defaultInterval: Duration.days(1) });
    const business = (metricName: string, dimensionsMap?: Record<string, string>, label?: string) =>
      new Metric({
        namespace: METRIC_NAMESPACE,
        metricName,
        period: Duration.hours(1),
        statistic: 'Sum',
        ...(dimensionsMap ? { dimensionsMap } : {}),
        ...(label ? { label } : {}),
      });
    const each = <T>(record: Readonly<Record<string, T>>, metric: (name: string, value: T) => IMetric) =>
      Object.entries(record).map(([name, value]) => metric(name, value));
    this.dashboard.addWidgets(new AlarmStatusWidget({ title: 'Alarms', alarms: this.alarms, width: 24, height: 6 }));
    this.dashboard.addWidgets(
      new GraphWidget({ title: 'API requests and 5xx', left: [requests], right: [serverErrors], width: 12 }),
      new GraphWidget({ title: 'API 5xx %', left: [api5xxRate], width: 12 }),
    );
    this.dashboard.addWidgets(
      new GraphWidget({
        title: 'Function errors',
        left: each(props.functions, (name, fn) => fn.metricErrors({ period: fiveMinutes, statistic: 'Sum', label: name })),
        width: 12,
      }),
      new GraphWidget({
        title: 'Function throttles',
        left: each(props.functions, (name, fn) => fn.metricThrottles({ period: fiveMinutes, statistic: 'Sum', label: name })),
        width: 12,
      }),
    );
    this.dashboard.addWidgets(
      new GraphWidget({
        title: 'Dead-letter queues (messages)',
        left: each(props.deadLetterQueues, (name, queue) =>
          queue.metricApproximateNumberOfMessagesVisible({ period: fiveMinutes, statistic: 'Maximum', label: name }),
        ),
        width: 12,
      }),
      new GraphWidget({
        title: 'Stream consumers: iterator age (ms) and failed records',
        left: each(props.streamConsumers, (name, { fn }) => iteratorAge(fn, name)),
        right: each(props.streamConsumers, (name, { eventSource }) => eventSourceMetric(eventSource, 'FailedInvokeEventCount', fiveMinutes, name)),
        width: 12,
      }),
    );
    this.dashboard.addWidgets(
      new GraphWidget({ title: 'SES reputation (0-1)', left: [reputation('Reputation.BounceRate'), reputation('Reputation.ComplaintRate')], width: 8 }),
      new GraphWidget({
        title: 'Surveys per hour',
        left: [business(METRIC.surveySent), business(METRIC.reminderSent), business(METRIC.surveyAnswered)],
        width: 8,
      }),
      new GraphWidget({ title: 'Webhooks per hour', left: [business(METRIC.webhookDelivered), business(METRIC.webhookFailed)], width: 8 }),
    );
    this.dashboard.addWidgets(
      new GraphWidget({
        title: 'Surveys skipped per hour, by reason',
        left: SKIP_REASONS.map((reason) => business(METRIC.surveySkipped, { [REASON_DIMENSION]: reason }, reason)),
        width: 24,
      }),
    );
  }
}

/** A metric of an event source mapping (its EventCount group must be enabled), by the mapping's id. */
function eventSourceMetric(eventSource: DynamoEventSource, metricName: string, period: Duration, label?: string): Metric {
  return new Metric({
    namespace: 'AWS/Lambda',
    metricName,
    dimensionsMap: { EventSourceMappingUUID: eventSource.eventSourceMappingId },
    period,
    statistic: 'Sum',
    ...(label ? { label } : {}),
  });
}
