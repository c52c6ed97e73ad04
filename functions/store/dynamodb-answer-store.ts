// The DynamoDB adapter of AnswerStore: a link's items in one read, an answer stored under the conditions that hold its rules.
import { TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { GetCommand, QueryCommand, TransactWriteCommand, UpdateCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { MAX_REVISIONS, invitationRefOf, type Answer, type CustomerProfile, type Invitation, type InvitationRef } from '../domain/model.js';
import { Expired } from '../shared/errors.js';
import { ConcurrentAnswer, type AnswerStore } from './answer-store.js';
import { writtenIf } from './conditional.js';
import { fromItem } from './items.js';
import {
  ENTITY,
  ITEM_VERSION,
  answerKey,
  answersByDayKey,
  customerPk,
  invitationKey,
  profileKey,
  timelinePrefix,
  tokenKey,
  unsubscribeTokenKey,
} from './keys.js';
import { readItem } from './read-item.js';

export class DynamoDbAnswerStore implements AnswerStore {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async getProfile(customerId: string): Promise<CustomerProfile | null> {
    return readItem<CustomerProfile>(this.client, this.tableName, profileKey(customerId));
  }

  async unsubscribe(customerId: string, at: string): Promise<boolean> {
    return writtenIf(
      this.client.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: profileKey(customerId),
          UpdateExpression: 'SET unsubscribedAt = if_not_exists(unsubscribedAt, :at)',
          ConditionExpression: 'attribute_exists(pk)',
          ExpressionAttributeValues: { ':at': at },
        }),
      ),
    );
  }

  async findByUnsubscribeToken(token: string): Promise<Invitation | null> {
    const { Item } = await this.client.send(new GetCommand({ TableName: this.tableName, Key: unsubscribeTokenKey(token) }));
    if (!Item) return null;
    const ref = invitationRefOf(Item as unknown as InvitationRef);
    const invitation = await readItem<Invitation>(this.client, this.tableName, invitationKey(ref.customerId, ref.occurredAt, ref.interactionId));
    return invitation?.unsubscribeToken === token ? invitation : null;
  }

  async findByToken(token: string): Promise<{ invitation: Invitation; answer: Answer | null } | null> {
    const { Item } = await this.client.send(new GetCommand({ TableName: this.tableName, Key: tokenKey(token) }));
    if (!Item) return null;
    const ref = invitationRefOf(Item as unknown as InvitationRef);
    const { Items = [] } = await this.client.send(
      new QueryCommand({
        TableName: this.tableName,
        KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
        ExpressionAttributeValues: {
          ':pk': customerPk(ref.customerId),
          ':prefix': timelinePrefix(ref.occurredAt, ref.interactionId),
        },
        ConsistentRead: true,
      }),
    );
    const invitation = Items.find((i) => i.type === ENTITY.invitation);
    if (!invitation || invitation.token !== token) return null;
    const answer = Items.find((i) => i.type === ENTITY.answer);
    return { invitation: fromItem<Invitation>(invitation), answer: answer ? fromItem<Answer>(answer) : null };
  }

  async saveAnswer(ref: InvitationRef, answer: Answer): Promise<void> {
    const now = answer.answeredAt;
    const previousRevision = answer.revision - 1;
    try {
      await this.client.send(
        new TransactWriteCommand({
          TransactItems: [
            {
              Update: {
                TableName: this.tableName,
                Key: invitationKey(ref.customerId, ref.occurredAt, ref.interactionId),
                UpdateExpression: 'SET #status = :answered, answeredAt = :now',
                ConditionExpression: 'attribute_exists(pk) AND expiresAt > :now',
                ExpressionAttributeNames: { '#status': 'status' },
                ExpressionAttributeValues: { ':answered': 'answered', ':now': now },
              },
            },
            {
              Put: {
                TableName: this.tableName,
                Item: {
                  ...answerKey(ref.customerId, ref.occurredAt, ref.interactionId),
                  ...answersByDayKey(answer.answeredAt, answer.surveyId),
                  type: ENTITY.answer,
                  v: ITEM_VERSION,
                  ...answer,
                },
                // Over the revision before it, and never past the last one allowed: a refused write stores nothing.
                ConditionExpression: previousRevision > 0 ? 'revision = :rev AND revision < :max' : 'attribute_not_exists(pk)',
                ...(previousRevision > 0 ? { ExpressionAttributeValues: { ':rev': previousRevision, ':max': MAX_REVISIONS } } : {}),
              },
            },
          ],
        }),
      );
    } catch (error) {
      if (!(error instanceof TransactionCanceledException)) throw error;
      const [invitationReason, answerReason] = error.CancellationReasons ?? [];
      if (invitationReason?.Code === 'ConditionalCheckFailed') throw new Expired('This survey has expired.');
      if (answerReason?.Code === 'ConditionalCheckFailed' || answerReason?.Code === 'TransactionConflict') throw new ConcurrentAnswer();
      throw error;
    }
  }
}
