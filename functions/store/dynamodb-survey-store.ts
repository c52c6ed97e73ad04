// The DynamoDB adapter of SurveyStore: conditional writes and transactions hold every invariant.
import { ConditionalCheckFailedException, TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import {
  BatchGetCommand,
  GetCommand,
  QueryCommand,
  TransactWriteCommand,
  UpdateCommand,
  type DynamoDBDocumentClient,
} from '@aws-sdk/lib-dynamodb';
import type { Answer, AnswerValues, CustomerProfile, Interaction, Invitation, SurveyOutcome } from '../domain/model.js';
import { Expired, InvalidInput } from '../shared/errors.js';
import {
  ENTITY,
  ITEM_VERSION,
  TIMELINE_BEGINS,
  answerKey,
  answersByDayKey,
  customerPk,
  emailLookupKey,
  emailPk,
  interactionGuardKey,
  interactionKey,
  invitationKey,
  profileKey,
  tokenKey,
  type Key,
} from './keys.js';
import { ConcurrentAnswer, type CustomerRecord, type CustomerSearch, type InvitationRef, type NewInteraction, type RecordResult, type SurveyStore, type TimelineEntry } from './survey-store.js';

const DAY_SECONDS = 86_400;
/** Guards outlive any retry window of the company's systems. */
const GUARD_TTL_DAYS = 400;
/** A token answers 410 for this long after expiry, then the item expires and it answers 404. */
const TOKEN_GRACE_DAYS = 30;

const epochSeconds = (iso: string) => Math.floor(Date.parse(iso) / 1000);

function strip<T>(item: Record<string, unknown>): T {
  const { pk: _pk, sk: _sk, gsi1pk: _g1, gsi1sk: _g2, type: _type, v: _v, ttl: _ttl, leaseUntil: _lease, leaseOwner: _owner, ...rest } = item;
  return rest as T;
}

const refOf = (i: { customerId: string; occurredAt: string; interactionId: string }): InvitationRef => ({
  customerId: i.customerId,
  occurredAt: i.occurredAt,
  interactionId: i.interactionId,
});

export class DynamoDbSurveyStore implements SurveyStore, CustomerSearch {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async recordInteraction({ interaction, customer, invitation, outcome, now }: NewInteraction): Promise<RecordResult> {
    const { interactionId, customerId, occurredAt } = interaction;
    const guard = {
      ...interactionGuardKey(interactionId),
      type: ENTITY.interactionGuard,
      v: ITEM_VERSION,
      customerId,
      occurredAt,
      outcome,
      ttl: epochSeconds(now) + GUARD_TTL_DAYS * DAY_SECONDS,
    };
    const items: NonNullable<ConstructorParameters<typeof TransactWriteCommand>[0]['TransactItems']> = [
      {
        Put: {
          TableName: this.tableName,
          Item: guard,
          ConditionExpression: 'attribute_not_exists(pk)',
          ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
        },
      },
      {
        Put: {
          TableName: this.tableName,
          Item: { ...interactionKey(customerId, occurredAt, interactionId), type: ENTITY.interaction, v: ITEM_VERSION, ...interaction },
        },
      },
      {
        Update: {
          TableName: this.tableName,
          Key: profileKey(customerId),
          UpdateExpression:
            'SET #type = :type, v = :v, id = :id, email = :email, updatedAt = :now, createdAt = if_not_exists(createdAt, :now)' +
            (customer.name !== undefined ? ', #name = :name' : '') +
            (customer.locale !== undefined ? ', locale = :locale' : ''),
          ExpressionAttributeNames: { '#type': 'type', ...(customer.name !== undefined ? { '#name': 'name' } : {}) },
          ExpressionAttributeValues: {
            ':type': ENTITY.customer,
            ':v': ITEM_VERSION,
            ':id': customer.id,
            ':email': customer.email,
            ':now': now,
            ...(customer.name !== undefined ? { ':name': customer.name } : {}),
            ...(customer.locale !== undefined ? { ':locale': customer.locale } : {}),
          },
        },
      },
      // The address -> customer lookup, in the same transaction as the profile it points to.
      {
        Put: {
          TableName: this.tableName,
          Item: { ...emailLookupKey(customer.email, customer.id), type: ENTITY.customerEmail, v: ITEM_VERSION, customerId: customer.id },
        },
      },
    ];
    if (invitation) {
      items.push(
        {
          Put: {
            TableName: this.tableName,
            Item: { ...invitationKey(customerId, occurredAt, interactionId), type: ENTITY.invitation, v: ITEM_VERSION, ...invitation },
          },
        },
        {
          Put: {
            TableName: this.tableName,
            Item: {
              ...tokenKey(invitation.token),
              type: ENTITY.token,
              v: ITEM_VERSION,
              ...refOf(invitation),
              expiresAt: invitation.expiresAt,
              ttl: epochSeconds(invitation.expiresAt) + TOKEN_GRACE_DAYS * DAY_SECONDS,
            },
            ConditionExpression: 'attribute_not_exists(pk)',
          },
        },
      );
    }

    for (let attempt = 0; ; attempt++) {
      try {
        await this.client.send(new TransactWriteCommand({ TransactItems: items }));
        return { created: true };
      } catch (error) {
        if (!(error instanceof TransactionCanceledException)) throw error;
        const reasons = error.CancellationReasons ?? [];
        if (reasons[0]?.Code === 'ConditionalCheckFailed') {
          const existing = await this.readGuard(interactionId);
          if (existing) return { created: false, outcome: existing.outcome, ref: existing.ref };
        }
        // Concurrent duplicates conflict inside DynamoDB; once the winner commits, the guard answers the loser.
        if (attempt >= 5 || !reasons.some((r) => r.Code === 'TransactionConflict' || r.Code === 'ConditionalCheckFailed')) throw error;
        await new Promise((resolve) => setTimeout(resolve, 20 * 2 ** attempt * Math.random()));
      }
    }
  }

  private async readGuard(interactionId: string): Promise<{ outcome: SurveyOutcome; ref: InvitationRef } | null> {
    const { Item } = await this.client.send(
      new GetCommand({ TableName: this.tableName, Key: interactionGuardKey(interactionId), ConsistentRead: true }),
    );
    if (!Item) return null;
    return {
      outcome: Item.outcome as SurveyOutcome,
      ref: { customerId: Item.customerId as string, occurredAt: Item.occurredAt as string, interactionId },
    };
  }

  async getInvitation(ref: InvitationRef): Promise<Invitation | null> {
    return this.get<Invitation>(invitationKey(ref.customerId, ref.occurredAt, ref.interactionId));
  }

  async getProfile(customerId: string): Promise<CustomerProfile | null> {
    return this.get<CustomerProfile>(profileKey(customerId));
  }

  private async get<T>(key: Key): Promise<T | null> {
    const { Item } = await this.client.send(new GetCommand({ TableName: this.tableName, Key: key, ConsistentRead: true }));
    return Item ? strip<T>(Item) : null;
  }

  async claimDelivery(ref: InvitationRef, now: string, leaseUntil: string, owner: string): Promise<boolean> {
    try {
      await this.client.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: invitationKey(ref.customerId, ref.occurredAt, ref.interactionId),
          UpdateExpression: 'SET delivery = :sending, leaseUntil = :lease, leaseOwner = :owner',
          // `leaseOwner = :owner` makes the claim repeatable: an SDK retry after a lost response claims again, not "taken".
          ConditionExpression: 'delivery = :pending OR (delivery = :sending AND (leaseUntil < :now OR leaseOwner = :owner))',
          ExpressionAttributeValues: { ':sending': 'sending', ':pending': 'pending', ':lease': leaseUntil, ':now': now, ':owner': owner },
        }),
      );
      return true;
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) return false;
      throw error;
    }
  }

  async markSent(ref: InvitationRef, sentAt: string, owner: string): Promise<void> {
    const key = invitationKey(ref.customerId, ref.occurredAt, ref.interactionId);
    try {
      await this.client.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: key,
          UpdateExpression: 'SET delivery = :sent, sentAt = :at, #status = :sent REMOVE leaseUntil',
          ConditionExpression: 'leaseOwner = :owner AND #status <> :answered',
          ExpressionAttributeNames: { '#status': 'status' },
          ExpressionAttributeValues: { ':sent': 'sent', ':at': sentAt, ':answered': 'answered', ':owner': owner },
        }),
      );
    } catch (error) {
      if (!(error instanceof ConditionalCheckFailedException)) throw error;
      // Answered before a retried send was recorded: record the email, never move "answered" back to "sent".
      await this.client.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: key,
          UpdateExpression: 'SET delivery = :sent, sentAt = :at REMOVE leaseUntil',
          ConditionExpression: 'leaseOwner = :owner',
          ExpressionAttributeValues: { ':sent': 'sent', ':at': sentAt, ':owner': owner },
        }),
      );
    }
  }

  async releaseDelivery(ref: InvitationRef, owner: string): Promise<void> {
    try {
      await this.client.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: invitationKey(ref.customerId, ref.occurredAt, ref.interactionId),
          UpdateExpression: 'SET delivery = :pending REMOVE leaseUntil, leaseOwner',
          ConditionExpression: 'delivery = :sending AND leaseOwner = :owner',
          ExpressionAttributeValues: { ':pending': 'pending', ':sending': 'sending', ':owner': owner },
        }),
      );
    } catch (error) {
      if (!(error instanceof ConditionalCheckFailedException)) throw error;
    }
  }

  async findByToken(token: string): Promise<{ invitation: Invitation; answer: Answer | null } | null> {
    const { Item } = await this.client.send(new GetCommand({ TableName: this.tableName, Key: tokenKey(token) }));
    if (!Item) return null;
    const ref = refOf(Item as unknown as InvitationRef);
    const { Items = [] } = await this.client.send(
      new QueryCommand({
        TableName: this.tableName,
        KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
        ExpressionAttributeValues: {
          ':pk': customerPk(ref.customerId),
          ':prefix': invitationKey(ref.customerId, ref.occurredAt, ref.interactionId).sk.replace(/2-INVITATION$/, ''),
        },
        ConsistentRead: true,
      }),
    );
    const invitation = Items.find((i) => i.type === ENTITY.invitation);
    if (!invitation || invitation.token !== token) return null;
    const answer = Items.find((i) => i.type === ENTITY.answer);
    return { invitation: strip<Invitation>(invitation), answer: answer ? strip<Answer>(answer) : null };
  }

  async saveAnswer(invitation: Invitation, previous: Answer | null, values: AnswerValues, now: string): Promise<Answer> {
    const answer: Answer = {
      ...values,
      surveyId: invitation.surveyId,
      interactionId: invitation.interactionId,
      customerId: invitation.customerId,
      channel: invitation.channel,
      ...(invitation.agentId !== undefined ? { agentId: invitation.agentId } : {}),
      // The day the invitation went out: response rates count answered invitations by that day.
      sentAt: invitation.sentAt ?? invitation.createdAt,
      firstAnsweredAt: previous?.firstAnsweredAt ?? now,
      answeredAt: now,
      revision: (previous?.revision ?? 0) + 1,
    };
    const ref = refOf(invitation);
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
                ConditionExpression: previous ? 'revision = :rev' : 'attribute_not_exists(pk)',
                ...(previous ? { ExpressionAttributeValues: { ':rev': previous.revision } } : {}),
              },
            },
          ],
        }),
      );
      return answer;
    } catch (error) {
      if (!(error instanceof TransactionCanceledException)) throw error;
      const [invitationReason, answerReason] = error.CancellationReasons ?? [];
      if (invitationReason?.Code === 'ConditionalCheckFailed') throw new Expired('This survey has expired.');
      if (answerReason?.Code === 'ConditionalCheckFailed' || answerReason?.Code === 'TransactionConflict') throw new ConcurrentAnswer();
      throw error;
    }
  }

  async findCustomersByEmail(email: string, limit: number): Promise<CustomerProfile[]> {
    const { Items = [] } = await this.client.send(
      new QueryCommand({ TableName: this.tableName, KeyConditionExpression: 'pk = :pk', ExpressionAttributeValues: { ':pk': emailPk(email) }, Limit: limit }),
    );
    let keys = Items.map((item) => profileKey(item.customerId as string));
    const profiles: CustomerProfile[] = [];
    // BatchGetItem may leave keys unprocessed under load: ask again for those, a few times.
    for (let attempt = 0; keys.length > 0; attempt++) {
      if (attempt === 5) throw new Error('BatchGetItem kept leaving customer profiles unprocessed');
      const { Responses, UnprocessedKeys } = await this.client.send(new BatchGetCommand({ RequestItems: { [this.tableName]: { Keys: keys } } }));
      profiles.push(...(Responses?.[this.tableName] ?? []).map((item) => strip<CustomerProfile>(item)));
      keys = (UnprocessedKeys?.[this.tableName]?.Keys ?? []) as Key[];
      if (keys.length > 0) await new Promise((resolve) => setTimeout(resolve, 20 * 2 ** attempt));
    }
    return profiles.sort((a, b) => a.id.localeCompare(b.id));
  }

  async getCustomerRecord(customerId: string, limit: number, cursor?: string): Promise<CustomerRecord | null> {
    const profile = await this.getProfile(customerId);
    if (!profile) return null;
    let startSk: string | undefined;
    if (cursor !== undefined) {
      startSk = Buffer.from(cursor, 'base64url').toString('utf8');
      if (!startSk.startsWith(TIMELINE_BEGINS)) throw new InvalidInput('cursor: not a cursor this API returned', [{ field: 'cursor', message: 'not a cursor this API returned' }]);
    }
    // Each interaction has at most three items, the interaction item last in descending order.
    const { Items = [], LastEvaluatedKey } = await this.client.send(
      new QueryCommand({
        TableName: this.tableName,
        KeyConditionExpression: 'pk = :pk AND begins_with(sk, :t)',
        ExpressionAttributeValues: { ':pk': customerPk(customerId), ':t': TIMELINE_BEGINS },
        ScanIndexForward: false,
        Limit: limit * 3 + 1,
        ...(startSk ? { ExclusiveStartKey: { pk: customerPk(customerId), sk: startSk } } : {}),
      }),
    );
    const timeline: TimelineEntry[] = [];
    let pending: Partial<TimelineEntry> = {};
    let lastCompleteSk: string | undefined;
    for (const item of Items) {
      if (timeline.length === limit) break;
      if (item.type === ENTITY.answer) pending.answer = strip<Answer>(item);
      else if (item.type === ENTITY.invitation) pending.invitation = strip<Invitation>(item);
      else if (item.type === ENTITY.interaction) {
        const { token: _token, ...rest } = pending.invitation ?? ({} as Invitation);
        timeline.push({
          interaction: strip<Interaction>(item),
          ...(pending.invitation ? { invitation: rest as Invitation } : {}),
          ...(pending.answer ? { answer: pending.answer } : {}),
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
      ...(more && lastCompleteSk ? { nextCursor: Buffer.from(lastCompleteSk, 'utf8').toString('base64url') } : {}),
    };
  }
}
