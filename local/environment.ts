// The functions' configuration, as the CDK app sets it in AWS (lib/), pointed at the local servers instead.
import { TABLE_NAME } from './table.js';

/** The SDK's region and credentials, for the emulators (which accept any). Settings already given win. */
export function useLocalCredentials(): void {
  process.env.AWS_REGION ??= 'us-east-1';
  process.env.AWS_ACCESS_KEY_ID ??= 'local';
  process.env.AWS_SECRET_ACCESS_KEY ??= 'local';
}

export interface FunctionEnvironmentSettings {
  /** The local API's port: the base of the links in emails unless PUBLIC_BASE_URL is set. */
  port: number;
  /** Where the functions reach DynamoDB and SES (a fault proxy's address under test controls). */
  dynamodbUrl: string;
  sesUrl: string;
  /** The local SQS/EventBridge/Scheduler endpoint. */
  emulatorUrl: string;
  invitationsQueue: string;
  webhooksQueue: string;
  /** The local queues' visibility timeout: the webhook back-off starts from it. */
  visibilityTimeoutMs: number;
  ingestApiKey: string;
  senderEmail?: string;
  brandName?: string;
}

/** Every variable the functions read, as the CDK app gives them (PUBLIC_BASE_URL, SURVEY_TTL_DAYS, DASHBOARD_URL may be preset). */
export function functionEnvironment(settings: FunctionEnvironmentSettings): Record<string, string> {
  const publicBaseUrl = process.env.PUBLIC_BASE_URL ?? `http://localhost:${settings.port}`;
  return {
    TABLE_NAME,
    DYNAMODB_ENDPOINT: settings.dynamodbUrl,
    SES_ENDPOINT: settings.sesUrl,
    SQS_ENDPOINT: settings.emulatorUrl,
    QUEUE_URL: `${settings.emulatorUrl}/000000000000/${settings.invitationsQueue}`,
    QUEUE_ARN: `arn:aws:sqs:local:000000000000:${settings.invitationsQueue}`,
    SCHEDULER_ENDPOINT: settings.emulatorUrl,
    SCHEDULER_ROLE_ARN: 'arn:aws:iam::000000000000:role/local-scheduler',
    SCHEDULER_GROUP: 'feedback-invitations',
    PUBLIC_BASE_URL: publicBaseUrl,
    SENDER_EMAIL: settings.senderEmail ?? 'surveys@example.com',
    BRAND_NAME: settings.brandName ?? 'Example Co',
    INGEST_API_KEY: settings.ingestApiKey,
    SURVEY_TTL_DAYS: process.env.SURVEY_TTL_DAYS ?? '30',
    DASHBOARD_URL: process.env.DASHBOARD_URL ?? `${publicBaseUrl}/dashboard/`,
    WEBHOOK_QUEUE_URL: `${settings.emulatorUrl}/000000000000/${settings.webhooksQueue}`,
    // Back-off between refused webhook tries: the stack's visibility setting, doubling (1 s, 2 s, 4 s... in the tests).
    WEBHOOK_RETRY_BASE_SECONDS: String(Math.max(1, Math.round(settings.visibilityTimeoutMs / 1000))),
    // Locally a developer's receiver is on loopback; in AWS only https to public addresses (functions/webhooks/url-policy.ts).
    WEBHOOK_ALLOW_LOOPBACK: 'true',
    // Edits of one answer within this window reach subscribers once, as the latest (60 s in AWS; short for a developer).
    WEBHOOK_COALESCE_SECONDS: '2',
  };
}
