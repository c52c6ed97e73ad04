// The DynamoDB adapter of IngestLedger: one transaction per interaction, whose conditions hold the ingest rules.
import { TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { GetCommand, TransactWriteCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { invitationRefOf, type Invitation, type InvitationRef, type SkipReason, type SurveyOutcome } from '../domain/model.js';
import type { IngestLedger, NewInteraction, RecordResult } from './ingest-ledger.js';
import {
  ENTITY,
  ITEM_VERSION,
  emailLookupKey,
  interactionGuardKey,
  interactionKey,
  invitationKey,
  normalizeEmail,
  profileKey,
  suppressionKey,
  tokenKey,
  unsubscribeTokenKey,
} from './keys.js';
import { readItem } from './read-item.js';

const DAY_SECONDS = 86_400;
/** Guards outlive any retry window of the company's systems. */
const GUARD_TTL_DAYS = 400;
/** A token answers 410 for this long after expiry, then the item expires and it answers 404. */
const TOKEN_GRACE_DAYS = 30;
/** An unsubscribe link keeps working this long after its survey closed: old emails keep their promise. */
const UNSUBSCRIBE_TOKEN_DAYS = 365;

const epochSeconds = (iso: string) => Math.floor(Date.parse(iso) / 1000);

type TransactItem = NonNullable<ConstructorParameters<typeof TransactWriteCommand>[0]['TransactItems']>[number];

/** Why a survey's transaction was refused by a rule, from the positions in interactionItems. */
function skipReason(reasons: Array<{ Code?: string; Item?: Record<string, unknown> }>): SkipReason | undefined {
  if (reasons[6]?.Code === 'ConditionalCheckFailed') return 'suppressed';
  if (reasons[2]?.Code === 'ConditionalCheckFailed') return reasons[2].Item && 'unsubscribedAt' in reasons[2].Item ? 'unsubscribed' : 'throttled';
  return undefined;
}

export class DynamoDbIngestLedger implements IngestLedger {
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
              ...invitationRefOf(invitation),
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
              ...invitationRefOf(invitation),
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
    return readItem<Invitation>(this.client, this.tableName, invitationKey(ref.customerId, ref.occurredAt, ref.interactionId));
  }
}
