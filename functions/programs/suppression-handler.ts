// SES bounce and complaint events (configuration set -> EventBridge): a hard bounce or a complaint suppresses the
// address for good; a soft bounce changes nothing. Locally, `npm run inject-bounce` sends the same event through here.
import type { EventBridgeEvent } from 'aws-lambda';
import * as z from '../shared/zod.js';
import { now } from '../shared/clock.js';
import { logger } from '../shared/logger.js';
import { documentClient, tableName } from '../store/dynamodb-client.js';
import { DynamoDbSuppressionList } from './dynamodb-suppression-list.js';
import type { Suppression, SuppressionList } from './suppression-list.js';

const recipients = z._default(z.array(z.looseObject({ emailAddress: z.string().check(z.minLength(3)) })), []);
const sesEventSchema = z.union([
  z.looseObject({
    eventType: z.literal('Bounce'),
    bounce: z.looseObject({ bounceType: z.string(), bouncedRecipients: recipients }),
    mail: z.optional(z.looseObject({ messageId: z.optional(z.string()) })),
  }),
  z.looseObject({
    eventType: z.literal('Complaint'),
    complaint: z.looseObject({ complainedRecipients: recipients }),
    mail: z.optional(z.looseObject({ messageId: z.optional(z.string()) })),
  }),
]);

/** Which addresses an SES event suppresses: every recipient of a permanent bounce or a complaint, none of a soft bounce. */
export function suppressionsOf(detail: unknown): Suppression[] | null {
  const parsed = z.safeParse(sesEventSchema, detail);
  if (!parsed.success) return null;
  const event = parsed.data;
  if (event.eventType === 'Complaint') return event.complaint.complainedRecipients.map((r) => ({ email: r.emailAddress, reason: 'complaint' }));
  if (event.bounce.bounceType !== 'Permanent') return [];
  return event.bounce.bouncedRecipients.map((r) => ({ email: r.emailAddress, reason: 'hard_bounce' }));
}

export const makeSuppressionHandler =
  (deps: { suppressions: SuppressionList; now: () => Date }) =>
  async (event: EventBridgeEvent<string, unknown>): Promise<void> => {
    logger.setContext({ service: 'suppression', correlationId: event.id });
    const suppressions = suppressionsOf(event.detail);
    if (suppressions === null) {
      logger.warn('event not understood, ignored', { detailType: event['detail-type'] });
      return;
    }
    const at = deps.now().toISOString();
    for (const suppression of suppressions) await deps.suppressions.suppress(suppression, at, event['detail-type']);
    logger.info('suppressions recorded', { detailType: event['detail-type'], addresses: suppressions.length });
  };

export const handler = makeSuppressionHandler({ suppressions: new DynamoDbSuppressionList(documentClient, tableName), now });
