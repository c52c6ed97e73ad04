// The service itself: functions, API, bus and queues. It holds no data of its own, so it can be destroyed and redeployed
// freely; what it needs from the stateful stack arrives through typed props.
import { fileURLToPath } from 'node:url';
import { CfnOutput, Duration, Stack, type StackProps } from 'aws-cdk-lib';
import type { CfnDistribution } from 'aws-cdk-lib/aws-cloudfront';
import type { ITable } from 'aws-cdk-lib/aws-dynamodb';
import type { IUserPool, IUserPoolClient } from 'aws-cdk-lib/aws-cognito';
import type { ISecret } from 'aws-cdk-lib/aws-secretsmanager';
import type { Construct } from 'constructs';
import { DEFAULT_ESCALATION_WINDOW_HOURS } from '../functions/aggregates/escalations.js';
import { ROUTES, type FunctionName } from '../functions/routes.js';
import { DASHBOARD_BUILD_DIR } from '../dashboard/headers.js';
import { StreamAggregation } from './aggregation.js';
import { AlertFollowUp } from './follow-up.js';
import { AnomalyRun } from './anomalies.js';
import { WebhookDelivery } from './webhooks.js';
import { WeeklyDigest } from './digest.js';
import { ATTEMPT_DEADLINE_MS } from '../functions/webhooks/webhook-queue.js';
import { useComprehend } from './comprehend.js';
import { Dashboard } from './dashboard.js';
import { InvitationDelivery } from './delivery.js';
import { InteractionEvents } from './events.js';
import { FeedbackFunction } from './feedback-function.js';
import { FeedbackHttpApi } from './http-api.js';
import { ApiEdge } from './edge-protection.js';
import { Operations } from './operations.js';
import { SesFeedback } from './ses-feedback.js';
import { mailerConcurrencyFor, type PlatformSettings } from './settings.js';

export interface StatelessStackProps extends StackProps {
  readonly settings: PlatformSettings;
  readonly table: ITable;
  readonly userPool: IUserPool;
  readonly userPoolClient: IUserPoolClient;
  readonly ingestApiKey: ISecret;
}

/** Each function's timeout: a new entry in FUNCTIONS fails to compile until it has one. */
const TIMEOUT_SECONDS: Record<FunctionName, number> = {
  ingestHttp: 10,
  ingestEvents: 30,
  apiKeyAuthorizer: 5,
  delivery: 30,
  surveyPage: 10,
  customers: 10,
  reports: 10,
  responses: 20, // a CSV export reads a day of answers and their customers
  privacy: 30, // an erasure deletes a customer's whole history in batches
  aggregator: 60,
  topics: 10,
  surveys: 10,
  suppression: 10, // a few writes per SES event
  alerts: 10,
  followUp: 60, // emails each new alert's owners
  webhooks: 10,
  anomalyJob: 120, // reads 35 days of every channel's and agent's counters
  webhookDelivery: Math.ceil(ATTEMPT_DEADLINE_MS / 1000) + 10, // a batch's POSTs side by side, each cut at its deadline; the rest for table reads and writes
  digestSettings: 10,
  digest: 60, // a week of counters, the open alerts, then one email per recipient (at most 20)
};

export class StatelessStack extends Stack {
  readonly functions: Readonly<Record<FunctionName, FeedbackFunction>>;
  readonly httpApi: FeedbackHttpApi;
  readonly events: InteractionEvents;
  readonly delivery: InvitationDelivery;
  readonly aggregation: StreamAggregation;
  readonly sesFeedback: SesFeedback;
  readonly followUp: AlertFollowUp;
  readonly anomalyRun: AnomalyRun;
  readonly webhooks: WebhookDelivery;
  readonly digest: WeeklyDigest;
  readonly dashboard: Dashboard;
  readonly apiEdge: ApiEdge;
  readonly operations: Operations;

  constructor(scope: Construct, id: string, props: StatelessStackProps) {
    super(scope, id, props);
    const { settings, table } = props;
    const make = (name: FunctionName) => new FeedbackFunction(this, name, { name, timeout: Duration.seconds(TIMEOUT_SECONDS[name]) });
    const fn = (this.functions = {
      ingestHttp: make('ingestHttp'),
      ingestEvents: make('ingestEvents'),
      apiKeyAuthorizer: make('apiKeyAuthorizer'),
      delivery: make('delivery'),
      surveyPage: make('surveyPage'),
      customers: make('customers'),
      reports: make('reports'),
      responses: make('responses'),
      privacy: make('privacy'),
      aggregator: make('aggregator'),
      topics: make('topics'),
      surveys: make('surveys'),
      suppression: make('suppression'),
      alerts: make('alerts'),
      followUp: make('followUp'),
      webhooks: make('webhooks'),
      webhookDelivery: make('webhookDelivery'),
      digestSettings: make('digestSettings'),
      digest: make('digest'),
      anomalyJob: make('anomalyJob'),
    });

    // Data access, least privilege: the authorizer touches no table at all.
    fn.ingestHttp.useTable(table, 'readWrite');
    fn.ingestEvents.useTable(table, 'readWrite');
    fn.delivery.useTable(table, 'readWrite'); // marks the invitation sent
    fn.surveyPage.useTable(table, 'readWrite'); // stores the answer
    fn.customers.useTable(table, 'read');
    fn.reports.useTable(table, 'read');
    fn.responses.useTable(table, 'read');
    fn.aggregator.useTable(table, 'readWrite'); // writes the counters next to the data
    fn.topics.useTable(table, 'readWrite'); // the one topics item
    fn.alerts.useTable(table, 'readWrite'); // follow-up status, alert rules
    fn.followUp.useTable(table, 'readWrite'); // creates alerts, records webhook deliveries
    fn.webhooks.useTable(table, 'readWrite'); // subscriptions
    fn.webhookDelivery.useTable(table, 'readWrite'); // the delivery log
    fn.digestSettings.useTable(table, 'readWrite'); // the one settings item
    fn.digest.useTable(table, 'readWrite'); // reads counters and alerts; writes the week's sent markers
    fn.anomalyJob.useTable(table, 'readWrite'); // reads the counters, writes anomalies
    // Sentiment from Amazon Comprehend instead of the offline word lists: off unless `-c sentimentEngine=comprehend`.
    if (this.node.tryGetContext('sentimentEngine') === 'comprehend') useComprehend(fn.surveyPage);
    fn.privacy.useTable(table, 'readWrite'); // erasure deletes; the read-only customers function cannot
    fn.surveys.useTable(table, 'readWrite'); // a channel's survey program, written with a version check
    fn.suppression.useTable(table, 'readWrite'); // one suppression item per bounced or complaining address
    fn.surveyPage.addEnvironment('BRAND_NAME', settings.brandName);
    // One window for the aggregator that counts escalations and the reports that name it.
    for (const reader of [fn.aggregator, fn.reports]) reader.addEnvironment('ESCALATION_WINDOW_HOURS', String(DEFAULT_ESCALATION_WINDOW_HOURS));

    props.ingestApiKey.grantRead(fn.apiKeyAuthorizer);
    fn.apiKeyAuthorizer.addEnvironment('INGEST_API_KEY_SECRET_ARN', props.ingestApiKey.secretArn);

    this.httpApi = new FeedbackHttpApi(this, 'Http', {
      functions: fn,
      userPool: props.userPool,
      userPoolClient: props.userPoolClient,
      surveyPageRateLimit: settings.surveyPageRateLimit,
    });
    this.dashboard = new Dashboard(this, 'Dashboard', {
      api: this.httpApi.api,
      assetsDir: fileURLToPath(new URL(`../${DASHBOARD_BUILD_DIR}`, import.meta.url)),
      ...(settings.managerSignInDomain ? { signIn: { domain: settings.managerSignInDomain, clientId: props.userPoolClient.userPoolClientId } } : {}),
    });
    this.events = new InteractionEvents(this, 'Events', { handler: fn.ingestEvents });
    this.sesFeedback = new SesFeedback(this, 'SesFeedback', { handler: fn.suppression });
    this.delivery = new InvitationDelivery(this, 'Delivery', {
      producers: [fn.ingestHttp, fn.ingestEvents],
      mailer: fn.delivery,
      ...settings,
      configurationSet: this.sesFeedback.configurationSet,
      // Sized from the account's SES send rate (`-c sesSendRate=`): 2 instances at SES's default 14 emails/s.
      maxConcurrency: mailerConcurrencyFor(settings.sesSendRate),
    });
    this.aggregation = new StreamAggregation(this, 'Aggregation', { table, aggregator: fn.aggregator });
    // Customers reach the API through CloudFront and WAF (lib/edge-protection.ts); so does the dashboard's API traffic.
    this.apiEdge = new ApiEdge(this, 'ApiEdge', {
      api: this.httpApi.api,
      logBucket: this.dashboard.logBucket,
      ...(settings.edgeWebAclArn ? { webAclArn: settings.edgeWebAclArn } : {}),
    });
    if (settings.edgeWebAclArn)
      (this.dashboard.distribution.node.defaultChild as CfnDistribution).addPropertyOverride('DistributionConfig.WebACLId', settings.edgeWebAclArn);
    // The mailer is behind no route, so pointing it at the API's edge adds no cycle.
    fn.delivery.addEnvironment('PUBLIC_BASE_URL', this.apiEdge.url);

    const apiUrl = this.apiEdge.url;
    const surveyRoute = ROUTES.find((route) => route.fn === 'surveyPage');
    if (!surveyRoute) throw new Error('ROUTES has no surveyPage route');
    const surveyPath = surveyRoute.path.replace(/\{token\}$/, '');
    new CfnOutput(this, 'ApiUrl', { value: apiUrl, description: 'Base URL of the HTTP API' });
    new CfnOutput(this, 'SurveyBaseUrl', { value: `${apiUrl}${surveyPath}`, description: 'Survey links are this URL followed by the token' });
    new CfnOutput(this, 'EventBusName', { value: this.events.bus.eventBusName, description: `Send "Interaction Completed" events here` });
    new CfnOutput(this, 'InvitationDeadLetterQueueUrl', { value: this.delivery.deadLetterQueue.queueUrl });
    new CfnOutput(this, 'InteractionEventsDeadLetterQueueUrl', { value: this.events.deadLetterQueue.queueUrl });
    // The alert email links to the customer's record in the dashboard, on its CloudFront address.
    this.followUp = new AlertFollowUp(this, 'FollowUp', { table, followUp: fn.followUp, ...settings, dashboardUrl: this.dashboard.url });
    new CfnOutput(this, 'AggregatorDeadLetterQueueUrl', { value: this.aggregation.deadLetterQueue.queueUrl });
    new CfnOutput(this, 'FollowUpDeadLetterQueueUrl', { value: this.followUp.deadLetterQueue.queueUrl });
    this.webhooks = new WebhookDelivery(this, 'Webhooks', { producer: fn.followUp, sender: fn.webhookDelivery });
    new CfnOutput(this, 'WebhookDeadLetterQueueUrl', { value: this.webhooks.deadLetterQueue.queueUrl });
    this.digest = new WeeklyDigest(this, 'Digest', { digest: fn.digest, ...settings, dashboardUrl: this.dashboard.url });
    new CfnOutput(this, 'DigestDeadLetterQueueUrl', { value: this.digest.deadLetterQueue.queueUrl });
    this.anomalyRun = new AnomalyRun(this, 'Anomalies', { job: fn.anomalyJob });
    new CfnOutput(this, 'AnomalyRunDeadLetterQueueUrl', { value: this.anomalyRun.deadLetterQueue.queueUrl });
    new CfnOutput(this, 'SesFeedbackDeadLetterQueueUrl', { value: this.sesFeedback.deadLetterQueue.queueUrl });
    new CfnOutput(this, 'DashboardUrl', { value: this.dashboard.url, description: 'The CX dashboard (CloudFront), which also forwards the manager API' });

    // Every dead-letter queue and every function of the platform is in these lists, so each gets its alarms (test/cdk/operations.test.ts).
    this.operations = new Operations(this, 'Operations', {
      functions: fn,
      deadLetterQueues: {
        invitations: this.delivery.deadLetterQueue,
        interactionEvents: this.events.deadLetterQueue,
        aggregator: this.aggregation.deadLetterQueue,
        followUp: this.followUp.deadLetterQueue,
        webhooks: this.webhooks.deadLetterQueue,
        sesFeedback: this.sesFeedback.deadLetterQueue,
        digest: this.digest.deadLetterQueue,
        anomalyRun: this.anomalyRun.deadLetterQueue,
      },
      streamConsumers: {
        aggregator: { fn: fn.aggregator, eventSource: this.aggregation.eventSource },
        followUp: { fn: fn.followUp, eventSource: this.followUp.eventSource },
      },
      api: this.httpApi.api,
      ...(settings.alarmEmail ? { alarmEmail: settings.alarmEmail } : {}),
    });
    new CfnOutput(this, 'AlarmTopicArn', { value: this.operations.topic.topicArn, description: 'Every operations alarm publishes here' });
    new CfnOutput(this, 'OperationsDashboardName', {
      value: this.operations.dashboard.dashboardName,
      description: "The CloudWatch dashboard of the platform's health",
    });
  }
}
