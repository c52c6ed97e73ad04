// AWS list prices the cost model uses: us-east-1, on-demand, without free tiers or savings plans.
// As published on the AWS pricing pages listed below, as of 2025-06 (DynamoDB on-demand after its 2024-11-01
// reduction; Lambda INIT billed since 2025-08-01). This machine has no internet access, so they could not be
// re-checked on the run date: check the pages before quoting a figure. docs/performance.md repeats them.
export const PRICES = {
  region: 'us-east-1',
  asOf: '2025-06 (AWS pricing pages; not re-checked from the benchmark machine, which has no internet access)',
  sources: [
    'https://aws.amazon.com/lambda/pricing/',
    'https://aws.amazon.com/api-gateway/pricing/',
    'https://aws.amazon.com/dynamodb/pricing/on-demand/',
    'https://aws.amazon.com/ses/pricing/',
    'https://aws.amazon.com/sqs/pricing/',
    'https://aws.amazon.com/cloudwatch/pricing/',
    'https://aws.amazon.com/secrets-manager/pricing/',
    'https://aws.amazon.com/eventbridge/pricing/',
  ],
  lambda: {
    /** $0.20 per million requests. */
    perRequest: 0.2 / 1e6,
    /** Arm (Graviton), first 7.5 billion GB-seconds a month: $0.0000133334 per GB-second. */
    perGbSecond: 0.0000133334,
  },
  apiGateway: {
    /** HTTP APIs, first 300 million requests a month: $1.00 per million (512 KB metering unit). */
    perRequest: 1.0 / 1e6,
  },
  dynamodb: {
    /** On-demand: $0.625 per million write request units, $0.125 per million read request units. */
    perWriteUnit: 0.625 / 1e6,
    perReadUnit: 0.125 / 1e6,
    storagePerGbMonth: 0.25,
    pitrPerGbMonth: 0.2,
    /** GetRecords calls made by a Lambda event-source mapping on a DynamoDB stream are not charged. */
    streamReadByLambda: 0,
  },
  ses: {
    /** Outbound email: $0.10 per 1,000 messages (no attachments here). */
    perMessage: 0.1 / 1000,
  },
  sqs: {
    /** Standard queues: $0.40 per million requests (64 KB chunks). */
    perRequest: 0.4 / 1e6,
  },
  cloudwatchLogs: {
    /** Standard log class: $0.50 per GB ingested, $0.03 per GB-month stored. */
    perGbIngested: 0.5,
    perGbMonthStored: 0.03,
  },
  eventBridge: {
    /** Custom events: $1.00 per million. */
    perEvent: 1.0 / 1e6,
  },
  scheduler: {
    /** EventBridge Scheduler: $1.00 per million scheduled invocations (after 14 million free a month, not counted here). */
    perInvocation: 1.0 / 1e6,
  },
  secretsManager: {
    perSecretMonth: 0.4,
    /** $0.05 per 10,000 API calls. */
    perCall: 0.05 / 10_000,
  },
} as const;
