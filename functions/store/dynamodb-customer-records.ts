// The DynamoDB adapter of CustomerRecords: a customer's partition read newest first, paged by interaction; the email search.
import { QueryCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import * as z from '../shared/zod.js';
import type { Alert } from '../domain/alerts.js';
import type { Answer, CustomerProfile, Interaction, Invitation } from '../domain/model.js';
import { batchGetAll } from './batch-get.js';
import { cursorCodec, cursorPart } from './cursor.js';
import type { CustomerRecord, CustomerRecords, TimelineEntry } from './customer-records.js';
import { CREDENTIAL_ATTRIBUTES, fromItem } from './items.js';
import { ENTITY, FOLLOW_UP_ENTITY, TIMELINE_BEGINS, customerPk, emailPk, interactionKey, profileKey } from './keys.js';
import { readItem } from './read-item.js';

/** A timeline page ends after an interaction: the cursor names it, and the start key is rebuilt in the customer's partition. */
export const timelineCursor = cursorCodec('customers.timeline', z.strictObject({ occurredAt: cursorPart.instant, interactionId: cursorPart.id }));

export class DynamoDbCustomerRecords implements CustomerRecords {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async findCustomersByEmail(email: string, limit: number): Promise<CustomerProfile[]> {
    const { Items = [] } = await this.client.send(
      new QueryCommand({ TableName: this.tableName, KeyConditionExpression: 'pk = :pk', ExpressionAttributeValues: { ':pk': emailPk(email) }, Limit: limit }),
    );
    const profiles = (
      await batchGetAll(
        this.client,
        this.tableName,
        Items.map((item) => profileKey(item.customerId as string)),
      )
    ).map((item) => fromItem<CustomerProfile>(item));
    return profiles.sort((a, b) => a.id.localeCompare(b.id));
  }

  async getCustomerRecord(customerId: string, limit: number, cursor?: string): Promise<CustomerRecord | null> {
    const after = cursor === undefined ? undefined : timelineCursor.decode(cursor, customerId);
    const profile = await readItem<CustomerProfile>(this.client, this.tableName, profileKey(customerId));
    if (!profile) return null;
    const startSk = after ? interactionKey(customerId, after.occurredAt, after.interactionId).sk : undefined;
    // Each interaction has at most three items, the interaction item last in descending order.
    const { Items = [], LastEvaluatedKey } = await this.client.send(
      new QueryCommand({
        TableName: this.tableName,
        KeyConditionExpression: 'pk = :pk AND begins_with(sk, :t)',
        ExpressionAttributeValues: { ':pk': customerPk(customerId), ':t': TIMELINE_BEGINS },
        ScanIndexForward: false,
        Limit: limit * 4 + 1, // interaction, invitation, answer and alert
        ...(startSk ? { ExclusiveStartKey: { pk: customerPk(customerId), sk: startSk } } : {}),
      }),
    );
    const timeline: TimelineEntry[] = [];
    let pending: Partial<TimelineEntry> = {};
    let lastCompleteSk: string | undefined;
    let lastComplete: Interaction | undefined;
    for (const item of Items) {
      if (timeline.length === limit) break;
      if (item.type === ENTITY.answer) pending.answer = fromItem<Answer>(item);
      else if (item.type === FOLLOW_UP_ENTITY.alert) {
        pending.alert = fromItem<Alert>(item);
      } else if (item.type === ENTITY.invitation) pending.invitation = fromItem<Invitation>(item, CREDENTIAL_ATTRIBUTES);
      else if (item.type === ENTITY.interaction) {
        lastComplete = fromItem<Interaction>(item);
        timeline.push({
          interaction: lastComplete,
          ...(pending.invitation ? { invitation: pending.invitation } : {}),
          ...(pending.answer ? { answer: pending.answer } : {}),
          ...(pending.alert ? { alert: pending.alert } : {}),
        });
        lastCompleteSk = item.sk as string;
        pending = {};
      }
    }
    // A page cut short by DynamoDB's 1 MB limit (LastEvaluatedKey) has more even with fewer than `limit` entries.
    const more = LastEvaluatedKey !== undefined || (timeline.length === limit && Items.at(-1)?.sk !== lastCompleteSk);
    return {
      profile,
      timeline,
      ...(more && lastComplete
        ? { nextCursor: timelineCursor.encode({ occurredAt: lastComplete.occurredAt, interactionId: lastComplete.interactionId }, customerId) }
        : {}),
    };
  }
}
