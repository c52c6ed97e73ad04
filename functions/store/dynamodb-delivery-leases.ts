// The DynamoDB adapter of DeliveryLeases: each email claimed under a lease by one sender, recorded sent by its holder only.
import { GetCommand, UpdateCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { CustomerProfile, Invitation, InvitationRef } from '../domain/model.js';
import { PHASE_FIELDS, type DeliveryLeases, type DeliveryPhase } from './delivery-leases.js';
import { invitationKey, profileKey, suppressionKey } from './keys.js';
import { readItem } from './read-item.js';
import { writtenIf } from './conditional.js';

export class DynamoDbDeliveryLeases implements DeliveryLeases {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async getInvitation(ref: InvitationRef): Promise<Invitation | null> {
    return readItem<Invitation>(this.client, this.tableName, invitationKey(ref.customerId, ref.occurredAt, ref.interactionId));
  }

  async getProfile(customerId: string): Promise<CustomerProfile | null> {
    return readItem<CustomerProfile>(this.client, this.tableName, profileKey(customerId));
  }

  async claimDelivery(ref: InvitationRef, now: string, leaseUntil: string, owner: string, phase: DeliveryPhase = 'invitation'): Promise<boolean> {
    const f = PHASE_FIELDS[phase];
    return writtenIf(
      this.client.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: invitationKey(ref.customerId, ref.occurredAt, ref.interactionId),
          UpdateExpression: `SET ${f.state} = :sending, ${f.leaseUntil} = :lease, ${f.leaseOwner} = :owner`,
          // `leaseOwner = :owner` makes the claim repeatable: an SDK retry after a lost response claims again, not "taken".
          ConditionExpression:
            `attribute_exists(pk) AND (attribute_not_exists(${f.state}) OR ${f.state} = :pending OR ` +
            `(${f.state} = :sending AND (${f.leaseUntil} < :now OR ${f.leaseOwner} = :owner)))`,
          ExpressionAttributeValues: { ':sending': 'sending', ':pending': 'pending', ':lease': leaseUntil, ':now': now, ':owner': owner },
        }),
      ),
    );
  }

  async markSent(ref: InvitationRef, sentAt: string, owner: string, phase: DeliveryPhase = 'invitation'): Promise<void> {
    const f = PHASE_FIELDS[phase];
    const key = invitationKey(ref.customerId, ref.occurredAt, ref.interactionId);
    const recorded =
      phase === 'invitation' &&
      (await writtenIf(
        this.client.send(
          new UpdateCommand({
            TableName: this.tableName,
            Key: key,
            UpdateExpression: 'SET delivery = :sent, sentAt = :at, #status = :sent REMOVE leaseUntil',
            ConditionExpression: 'leaseOwner = :owner AND #status <> :answered',
            ExpressionAttributeNames: { '#status': 'status' },
            ExpressionAttributeValues: { ':sent': 'sent', ':at': sentAt, ':answered': 'answered', ':owner': owner },
          }),
        ),
      ));
    if (recorded) return;
    // Answered before a retried send was recorded (or the reminder): record the email, never move "answered" back to "sent".
    await this.client.send(
      new UpdateCommand({
        TableName: this.tableName,
        Key: key,
        UpdateExpression: `SET ${f.state} = :sent, ${f.sentAt} = :at REMOVE ${f.leaseUntil}`,
        ConditionExpression: `${f.leaseOwner} = :owner`,
        ExpressionAttributeValues: { ':sent': 'sent', ':at': sentAt, ':owner': owner },
      }),
    );
  }

  async releaseDelivery(ref: InvitationRef, owner: string, phase: DeliveryPhase = 'invitation'): Promise<void> {
    const f = PHASE_FIELDS[phase];
    await writtenIf(
      this.client.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: invitationKey(ref.customerId, ref.occurredAt, ref.interactionId),
          UpdateExpression: `SET ${f.state} = :pending REMOVE ${f.leaseUntil}, ${f.leaseOwner}`,
          ConditionExpression: `${f.state} = :sending AND ${f.leaseOwner} = :owner`,
          ExpressionAttributeValues: { ':pending': 'pending', ':sending': 'sending', ':owner': owner },
        }),
      ),
    );
  }

  async cancelDelivery(ref: InvitationRef, reason: 'unsubscribed' | 'suppressed', phase: DeliveryPhase = 'invitation'): Promise<void> {
    const f = PHASE_FIELDS[phase];
    await writtenIf(
      this.client.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: invitationKey(ref.customerId, ref.occurredAt, ref.interactionId),
          UpdateExpression: `SET ${f.state} = :cancelled, ${f.cancelReason} = :reason`,
          ConditionExpression: `attribute_exists(pk) AND (attribute_not_exists(${f.state}) OR ${f.state} = :pending)`,
          ExpressionAttributeValues: { ':cancelled': 'cancelled', ':reason': reason, ':pending': 'pending' },
        }),
      ),
    );
  }

  async markReminderScheduled(ref: InvitationRef): Promise<void> {
    await this.client.send(
      new UpdateCommand({
        TableName: this.tableName,
        Key: invitationKey(ref.customerId, ref.occurredAt, ref.interactionId),
        UpdateExpression: 'SET reminderScheduled = :yes',
        ConditionExpression: 'attribute_exists(pk)',
        ExpressionAttributeValues: { ':yes': true },
      }),
    );
  }

  async isSuppressed(email: string): Promise<boolean> {
    const { Item } = await this.client.send(new GetCommand({ TableName: this.tableName, Key: suppressionKey(email), ConsistentRead: true }));
    return Item !== undefined;
  }
}
