// The weekly digest's trigger: EventBridge Scheduler invokes it every hour with its scheduled time (locally the stack's
// own hourly tick does the same, and `npm run digest -- --now` invokes it forced); it sends when due (send-digest.ts).
import { SESv2Client } from '@aws-sdk/client-sesv2';
import * as z from '../shared/zod.js';
import { DynamoDbAggregateStore } from '../aggregates/dynamodb-aggregate-store.js';
import { DynamoDbAlertStore } from '../alerts/dynamodb-alert-store.js';
import { SesMailer } from '../delivery/ses-mailer.js';
import { now } from '../shared/clock.js';
import { endpointUrl, loadConfig } from '../shared/config.js';
import { validate } from '../shared/http.js';
import { describeError, logger } from '../shared/logger.js';
import { documentClient, tableName } from '../store/dynamodb-client.js';
import { DynamoDbTopicStore } from '../topics/dynamodb-topic-store.js';
import { DynamoDbAnomalyStore } from '../anomalies/dynamodb-anomaly-store.js';
import { DynamoDbDigestStore } from './dynamodb-digest-store.js';
import { sendDigest, type DigestOutcome, type SendDigestDeps } from './send-digest.js';

/** The Scheduler's input (`{"scheduledTime":"<aws.scheduler.scheduled-time>"}`), or `{ force: true }` from the local script. */
export const digestTriggerSchema = z.object({
  scheduledTime: z.optional(z.iso.datetime({ message: 'must be an ISO 8601 time' })),
  force: z.optional(z.boolean()),
});
export type DigestTrigger = z.infer<typeof digestTriggerSchema>;

export const makeDigestHandler =
  (deps: SendDigestDeps & { now: () => Date }) =>
  async (event: unknown): Promise<DigestOutcome> => {
    logger.setContext({ service: 'digest' });
    const trigger = validate(digestTriggerSchema, event ?? {}, 'trigger');
    const at = trigger.scheduledTime ? new Date(trigger.scheduledTime) : deps.now();
    try {
      const outcome = await sendDigest({ at, force: trigger.force ?? false }, deps);
      // Counts and the week only: never the recipients.
      logger.info('digest', { ...outcome, forced: trigger.force ?? false });
      return outcome;
    } catch (error) {
      logger.warn('digest will be retried', describeError(error));
      throw error;
    }
  };

const config = loadConfig({
  SENDER_EMAIL: z.email(),
  BRAND_NAME: z.string().check(z.minLength(1)),
  DASHBOARD_URL: z.url(),
  SES_ENDPOINT: endpointUrl,
});

export const handler = makeDigestHandler({
  store: new DynamoDbDigestStore(documentClient, tableName),
  aggregates: new DynamoDbAggregateStore(documentClient, tableName),
  topics: new DynamoDbTopicStore(documentClient, tableName),
  alerts: new DynamoDbAlertStore(documentClient, tableName),
  anomalies: new DynamoDbAnomalyStore(documentClient, tableName),
  mailer: new SesMailer(new SESv2Client({ endpoint: config.SES_ENDPOINT, maxAttempts: 3 }), config.SENDER_EMAIL),
  brandName: config.BRAND_NAME,
  dashboardUrl: config.DASHBOARD_URL,
  now,
});
