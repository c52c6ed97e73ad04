// The DynamoDB adapter of SurveyStore: conditional writes and transactions hold every invariant.
import { ConditionalCheckFailedException, TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { BatchGetCommand, GetCommand, QueryCommand, TransactWriteCommand, UpdateCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import * as z from '../shared/zod.js';
import {
  MAX_REVISIONS,
  type Answer,
  type AnswerValues,
  type CustomerProfile,
  type Interaction,
  type Invitation,
  type SkipReason,
  type SurveyOutcome,
} from '../domain/model.js';
import { Expired } from '../shared/errors.js';
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
  normalizeEmail,
  profileKey,
  suppressionKey,
  tokenKey,
  unsubscribeTokenKey,
  type Key,
} from './keys.js';
import { FOLLOW_UP_ENTITY } from './keys.js';
import type { Alert } from '../domain/alerts.js';
import { cursorCodec, cursorPart } from './cursor.js';
import {
  ConcurrentAnswer,
  type CustomerRecord,
  type DeliveryPhase,
  type CustomerSearch,
  type InvitationRef,
  type NewInteraction,
  type RecordResult,
  type SurveyStore,
  type TimelineEntry,
} from './survey-store.js';

/** A timeline page ends after an interaction: the cursor names it, and the start key is rebuilt in the customer's partition. */
const timelineCursor = cursorCodec('customers.timeline', z.strictObject({ occurredAt: cursorPart.instant, interactionId: cursorPart.id }));

const DAY_SECONDS = 86_400;
/** Guards outlive any retry window of the company's systems. */
const GUARD_TTL_DAYS = 400;
/** A token answers 410 for this long after expiry, then the item expires and it answers 404. */
const TOKEN_GRACE_DAYS = 30;
/** An unsubscribe link keeps working this long after its survey closed: old emails keep their promise. */
const UNSUBSCRIBE_TOKEN_DAYS = 365;

const epochSeconds = (iso: string) => Math.floor(Date.parse(iso) / 1000);

/** The attributes of each sending phase: the invitation's email and its one reminder. */
const PHASE = {
  invitation: { state: 'delivery', leaseUntil: 'leaseUntil', leaseOwner: 'leaseOwner', sentAt: 'sentAt', cancelReason: 'cancelReason' },
  reminder: {
    state: 'reminderDelivery',
    leaseUntil: 'reminderLeaseUntil',
    leaseOwner: 'reminderLeaseOwner',
    sentAt: 'reminderSentAt',
    cancelReason: 'reminderCancelReason',
  },
} as const;

type TransactItem = NonNullable<ConstructorParameters<typeof TransactWriteCommand>[0]['TransactItems']>[number];

/** Why a survey's transaction was refused by a rule, from the positions in interactionItems. */
function skipReason(reasons: Array<{ Code?: string; Item?: Record<string, unknown> }>): SkipReason | undefined {
  if (reasons[6]?.Code === 'ConditionalCheckFailed') return 'suppressed';
  if (reasons[2]?.Code === 'ConditionalCheckFailed') return reasons[2].Item && 'unsubscribedAt' in reasons[2].Item ? 'unsubscribed' : 'throttled';
  return undefined;
}

function strip<T>(item: Record<string, unknown>): T {
  const {
    pk: _pk,
    sk: _sk,
    gsi1pk: _g1,
    gsi1sk: _g2,
    type: _type,
    v: _v,
    ttl: _ttl,
    leaseUntil: _lease,
    leaseOwner: _owner,
    reminderLeaseUntil: _rl,
    reminderLeaseOwner: _ro,
    addresses: _addresses,
    ...rest
  } = item;
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

  async recordInteraction(input: NewInteraction): Promise<RecordResult> {
    const { interactionId } = input.interaction;
    let { invitation, outcome } = input;
    for (let attempt = 0; ; attempt++) {
      const items = this.interactionItems({ ...input, invitation, outcome });
      try {
        await this.client.send(new TransactWriteCommand({ TransactItems: items }));
        return { created: true, outcome };
      } catch (error) {
        if (!(error instanceof TransactionCanceledException)) throw error;
        const reasons = error.CancellationReasons ?? [];
        if (reasons[0]?.Code === 'ConditionalCheckFailed') {
          const existing = await this.readGuard(interactionId);
          if (existing) return { created: false, outcome: existing.outcome, ref: existing.ref };
        }
        // A rule held by a condition said no (suppressed, unsubscribed, throttled): record the interaction as skipped.
        const skip = invitation ? skipReason(reasons) : undefined;
        if (skip) {
          invitation = null;
          outcome = { interactionId, surveyId: null, status: 'skipped', reason: skip };
          continue;
        }
        // Concurrent duplicates conflict inside DynamoDB; once the winner commits, the guard answers the loser.
        if (attempt >= 5 || !reasons.some((r) => r.Code === 'TransactionConflict' || r.Code === 'ConditionalCheckFailed')) throw error;
        await new Promise((resolve) => setTimeout(resolve, 20 * 2 ** attempt * Math.random()));
      }
    }
  }

  /**
   * The transaction of one interaction, in this order (skipReason reads the cancellation reasons by position):
   * 0 guard, 1 interaction, 2 profile, 3 email lookup, then for a survey: 4 invitation, 5 token, 6 the suppression check,
   * 7 the unsubscribe token.
   * A survey's profile update is conditioned on no unsubscribe and, with a fatigue rule, on no survey since `throttleSince`.
   */
  private interactionItems({ interaction, customer, invitation, outcome, now, throttleSince }: NewInteraction): TransactItem[] {
    const { interactionId, customerId, occurredAt } = interaction;
    const surveyed = invitation !== null;
    const names: Record<string, string> = { '#type': 'type', ...(customer.name !== undefined ? { '#name': 'name' } : {}) };
    const values: Record<string, unknown> = {
      ':type': ENTITY.customer,
      ':v': ITEM_VERSION,
      ':id': customer.id,
      ':email': customer.email,
      ':now': now,
      // Every address the customer ever used, so that an erasure finds each one's lookup item (customer-items.ts).
      ':addresses': new Set([normalizeEmail(customer.email)]),
      ...(customer.name !== undefined ? { ':name': customer.name } : {}),
      ...(customer.locale !== undefined ? { ':locale': customer.locale } : {}),
      ...(surveyed && throttleSince ? { ':since': throttleSince } : {}),
    };
    const items: TransactItem[] = [
      {
        Put: {
          TableName: this.tableName,
          Item: {
            ...interactionGuardKey(interactionId),
            type: ENTITY.interactionGuard,
            v: ITEM_VERSION,
            customerId,
            occurredAt,
            outcome,
            ttl: epochSeconds(now) + GUARD_TTL_DAYS * DAY_SECONDS,
          },
          ConditionExpression: 'attribute_not_exists(pk)',
          ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
        },
      },
      {
        Put: {
          TableName: this.tableName,
          Item: {
            ...interactionKey(customerId, occurredAt, interactionId),
            type: ENTITY.interaction,
            v: ITEM_VERSION,
            ...interaction,
            survey: outcome.status === 'scheduled' ? { status: 'scheduled', surveyId: outcome.surveyId } : { status: 'skipped', reason: outcome.reason },
          },
        },
      },
      {
        Update: {
          TableName: this.tableName,
          Key: profileKey(customerId),
          UpdateExpression:
            'SET #type = :type, v = :v, id = :id, email = :email, updatedAt = :now, createdAt = if_not_exists(createdAt, :now)' +
            (customer.name !== undefined ? ', #name = :name' : '') +
            (customer.locale !== undefined ? ', locale = :locale' : '') +
            (surveyed ? ', lastSurveyedAt = :now' : '') +
            ' ADD addresses :addresses',
          ...(surveyed
            ? {
                ConditionExpression: `attribute_not_exists(unsubscribedAt)${throttleSince ? ' AND (attribute_not_exists(lastSurveyedAt) OR lastSurveyedAt <= :since)' : ''}`,
                ReturnValuesOnConditionCheckFailure: 'ALL_OLD' as const,
              }
            : {}),
          ExpressionAttributeNames: names,
          ExpressionAttributeValues: values,
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
        { ConditionCheck: { TableName: this.tableName, Key: suppressionKey(customer.email), ConditionExpression: 'attribute_not_exists(pk)' } },
      );
      if (invitation.unsubscribeToken) {
        items.push({
          Put: {
            TableName: this.tableName,
            Item: {
              ...unsubscribeTokenKey(invitation.unsubscribeToken),
              type: ENTITY.unsubscribeToken,
              v: ITEM_VERSION,
              ...refOf(invitation),
              ttl: epochSeconds(invitation.expiresAt) + UNSUBSCRIBE_TOKEN_DAYS * DAY_SECONDS,
            },
            ConditionExpression: 'attribute_not_exists(pk)',
          },
        });
      }
    }
    return items;
  }

  private async readGuard(interactionId: string): Promise<{ outcome: SurveyOutcome; ref: InvitationRef } | null> {
    const { Item } = await this.client.send(new GetCommand({ TableName: this.tableName, Key: interactionGuardKey(interactionId), ConsistentRead: true }));
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

  async claimDelivery(ref: InvitationRef, now: string, leaseUntil: string, owner: string, phase: DeliveryPhase = 'invitation'): Promise<boolean> {
    const f = PHASE[phase];
    try {
      await this.client.send(
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
      );
      return true;
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) return false;
      throw error;
    }
  }

  async markSent(ref: InvitationRef, sentAt: string, owner: string, phase: DeliveryPhase = 'invitation'): Promise<void> {
    const f = PHASE[phase];
    const key = invitationKey(ref.customerId, ref.occurredAt, ref.interactionId);
    if (phase === 'invitation') {
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
        return;
      } catch (error) {
        if (!(error instanceof ConditionalCheckFailedException)) throw error;
        // Answered before a retried send was recorded: record the email, never move "answered" back to "sent".
      }
    }
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
    const f = PHASE[phase];
    try {
      await this.client.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: invitationKey(ref.customerId, ref.occurredAt, ref.interactionId),
          UpdateExpression: `SET ${f.state} = :pending REMOVE ${f.leaseUntil}, ${f.leaseOwner}`,
          ConditionExpression: `${f.state} = :sending AND ${f.leaseOwner} = :owner`,
          ExpressionAttributeValues: { ':pending': 'pending', ':sending': 'sending', ':owner': owner },
        }),
      );
    } catch (error) {
      if (!(error instanceof ConditionalCheckFailedException)) throw error;
    }
  }

  async cancelDelivery(ref: InvitationRef, reason: 'unsubscribed' | 'suppressed', phase: DeliveryPhase = 'invitation'): Promise<void> {
    const f = PHASE[phase];
    try {
      await this.client.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: invitationKey(ref.customerId, ref.occurredAt, ref.interactionId),
          UpdateExpression: `SET ${f.state} = :cancelled, ${f.cancelReason} = :reason`,
          ConditionExpression: `attribute_exists(pk) AND (attribute_not_exists(${f.state}) OR ${f.state} = :pending)`,
          ExpressionAttributeValues: { ':cancelled': 'cancelled', ':reason': reason, ':pending': 'pending' },
        }),
      );
    } catch (error) {
      if (!(error instanceof ConditionalCheckFailedException)) throw error;
    }
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

  async unsubscribe(customerId: string, at: string): Promise<boolean> {
    try {
      await this.client.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: profileKey(customerId),
          UpdateExpression: 'SET unsubscribedAt = if_not_exists(unsubscribedAt, :at)',
          ConditionExpression: 'attribute_exists(pk)',
          ExpressionAttributeValues: { ':at': at },
        }),
      );
      return true;
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) return false;
      throw error;
    }
  }

  async findByUnsubscribeToken(token: string): Promise<Invitation | null> {
    const { Item } = await this.client.send(new GetCommand({ TableName: this.tableName, Key: unsubscribeTokenKey(token) }));
    if (!Item) return null;
    const invitation = await this.getInvitation(refOf(Item as unknown as InvitationRef));
    return invitation?.unsubscribeToken === token ? invitation : null;
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
                // On the revision read, and never past the last one allowed: a refused write stores nothing.
                ConditionExpression: previous ? 'revision = :rev AND revision < :max' : 'attribute_not_exists(pk)',
                ...(previous ? { ExpressionAttributeValues: { ':rev': previous.revision, ':max': MAX_REVISIONS } } : {}),
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
    const after = cursor === undefined ? undefined : timelineCursor.decode(cursor, customerId);
    const profile = await this.getProfile(customerId);
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
      if (item.type === ENTITY.answer) pending.answer = strip<Answer>(item);
      else if (item.type === FOLLOW_UP_ENTITY.alert) {
        const { gsi2pk: _g1, gsi2sk: _g2, ...alert } = strip<Alert & { gsi2pk?: string; gsi2sk?: string }>(item);
        pending.alert = alert;
      } else if (item.type === ENTITY.invitation) pending.invitation = strip<Invitation>(item);
      else if (item.type === ENTITY.interaction) {
        const { token: _token, unsubscribeToken: _unsubscribe, ...rest } = pending.invitation ?? ({} as Invitation);
        lastComplete = strip<Interaction>(item);
        timeline.push({
          interaction: lastComplete,
          ...(pending.invitation ? { invitation: rest as Invitation } : {}),
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
