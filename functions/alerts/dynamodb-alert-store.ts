// The DynamoDB adapter of AlertStore (alert-store.ts). An alert lives in the customer's partition next to the answer it
// follows up (one per survey, by its key), so the customer record shows it and an erasure removes it.
import { ConditionalCheckFailedException, TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { GetCommand, PutCommand, QueryCommand, TransactWriteCommand, UpdateCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { CHANNELS, type Channel } from '../domain/channels.js';
import {
  DEFAULT_ALERT_RULE,
  DURATION_BUCKETS,
  MAX_EXACT_DURATIONS,
  bucketOf,
  closeOf,
  type Alert,
  type AlertRule,
  type AlertStatus,
  type AnswerRef,
  type CloseStat,
} from '../domain/alerts.js';
import { InvalidInput } from '../shared/errors.js';
import {
  ALERT_RULES_PK,
  FOLLOW_UP_ENTITY,
  INDEX,
  ITEM_VERSION,
  alertKey,
  alertLookupKey,
  answerKey,
  alertRuleKey,
  alertStatKey,
  alertStatPk,
  alertsByStatusKey,
  alertsByStatusPk,
  type Key,
} from '../store/keys.js';
import { queryAll } from '../store/query-all.js';
import { alertOf } from '../store/timeline-items.js';
import { OPAQUE_ALERT_ID, alertCursor, legacyAlertRefOf } from './alert-ids.js';
import type { AlertPage, AlertStore } from './alert-store.js';

/** The index sort key of a page's last alert, as the cursor's position (`gsi2sk` is `<createdAt>#<alertId>`). */
function positionOf(gsi2sk: string): { createdAt: string; alertId: string } {
  const [createdAt = '', alertId = ''] = gsi2sk.split('#');
  return { createdAt, alertId };
}

/** A cursor read back as a key condition (`gsi2sk < cursor`, newest first), never handed to DynamoDB as a start key. */
function cursorOf(status: AlertStatus, cursor: string): string {
  const { createdAt, alertId } = alertCursor.decode(cursor, status);
  return `${createdAt}#${alertId}`;
}

export class DynamoDbAlertStore implements AlertStore {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async rules(): Promise<AlertRule[]> {
    const { Items = [] } = await this.client.send(
      new QueryCommand({ TableName: this.tableName, KeyConditionExpression: 'pk = :pk', ExpressionAttributeValues: { ':pk': ALERT_RULES_PK } }),
    );
    const stored = new Map(Items.map((item) => [item.sk as string, item]));
    return CHANNELS.map((channel) => {
      const item = stored.get(channel);
      return item
        ? {
            channel,
            enabled: item.enabled,
            csatAtMost: item.csatAtMost,
            npsAtMost: item.npsAtMost,
            owners: item.owners,
            updatedAt: item.updatedAt,
            updatedBy: item.updatedBy,
          }
        : { channel, ...DEFAULT_ALERT_RULE };
    }) as AlertRule[];
  }

  async rule(channel: Channel): Promise<AlertRule> {
    const { Item } = await this.client.send(new GetCommand({ TableName: this.tableName, Key: alertRuleKey(channel) }));
    return Item
      ? ({ channel, enabled: Item.enabled, csatAtMost: Item.csatAtMost, npsAtMost: Item.npsAtMost, owners: Item.owners } as AlertRule)
      : { channel, ...DEFAULT_ALERT_RULE };
  }

  async putRule(rule: AlertRule): Promise<AlertRule> {
    await this.client.send(
      new PutCommand({ TableName: this.tableName, Item: { ...alertRuleKey(rule.channel), type: FOLLOW_UP_ENTITY.alertRule, v: ITEM_VERSION, ...rule } }),
    );
    return rule;
  }

  async createAlert(alert: Alert, ref: AnswerRef): Promise<boolean> {
    const key = alertKey(ref.customerId, ref.occurredAt, ref.interactionId);
    try {
      await this.client.send(
        new TransactWriteCommand({
          TransactItems: [
            {
              Put: {
                TableName: this.tableName,
                Item: { ...key, ...alertsByStatusKey(alert.status, alert.createdAt, alert.alertId), type: FOLLOW_UP_ENTITY.alert, v: ITEM_VERSION, ...alert },
                // Exactly one alert per survey, however often the answer's change is redelivered.
                ConditionExpression: 'attribute_not_exists(pk)',
              },
            },
            {
              Put: {
                TableName: this.tableName,
                Item: { ...alertLookupKey(alert.alertId), type: FOLLOW_UP_ENTITY.alertLookup, v: ITEM_VERSION, alertPk: key.pk, alertSk: key.sk },
                ConditionExpression: 'attribute_not_exists(pk)',
              },
            },
            {
              ConditionCheck: {
                TableName: this.tableName,
                Key: answerKey(ref.customerId, ref.occurredAt, ref.interactionId),
                ConditionExpression: 'attribute_exists(pk)',
              },
            },
          ],
        }),
      );
      return true;
    } catch (error) {
      if (error instanceof TransactionCanceledException && error.CancellationReasons?.some((r) => r.Code === 'ConditionalCheckFailed')) return false;
      throw error;
    }
  }

  /** The alert's key: from its lookup item, or decoded from a legacy id; null for an id no alert has (or had). */
  private async keyOf(alertId: string): Promise<Key | null> {
    const legacy = legacyAlertRefOf(alertId);
    if (legacy) return alertKey(legacy.customerId, legacy.occurredAt, legacy.interactionId);
    if (!OPAQUE_ALERT_ID.test(alertId))
      throw new InvalidInput('id: not an alert id this API returned', [{ field: 'id', message: 'is not an alert id this API returned' }]);
    const { Item } = await this.client.send(new GetCommand({ TableName: this.tableName, Key: alertLookupKey(alertId), ConsistentRead: true }));
    return Item && typeof Item.alertPk === 'string' ? { pk: Item.alertPk, sk: String(Item.alertSk) } : null;
  }

  async getAlert(alertId: string): Promise<Alert | null> {
    const key = await this.keyOf(alertId);
    if (!key) return null;
    const { Item } = await this.client.send(new GetCommand({ TableName: this.tableName, Key: key, ConsistentRead: true }));
    return Item?.type === FOLLOW_UP_ENTITY.alert ? alertOf(Item) : null;
  }

  async markNotified(alertId: string, at: string): Promise<void> {
    const key = await this.keyOf(alertId);
    if (!key) return; // erased meanwhile: nothing to mark
    await this.client
      .send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: key,
          UpdateExpression: 'SET notifiedAt = :at',
          ConditionExpression: 'attribute_exists(pk)',
          ExpressionAttributeValues: { ':at': at },
        }),
      )
      .catch((error: unknown) => {
        if (!(error instanceof ConditionalCheckFailedException)) throw error; // erased meanwhile: nothing to mark
      });
  }

  async listAlerts({ status, channel, limit, cursor }: { status: AlertStatus; channel?: Channel; limit: number; cursor?: string }): Promise<AlertPage> {
    const before = cursor === undefined ? undefined : cursorOf(status, cursor);
    let start: Record<string, unknown> | undefined;
    const alerts: Alert[] = [];
    let last: Record<string, unknown> | undefined;
    // A channel filter may leave a page short: read on until the page is full or the index ends.
    do {
      const page = await this.client.send(
        new QueryCommand({
          TableName: this.tableName,
          IndexName: INDEX.alertsByStatus.name,
          KeyConditionExpression: before === undefined ? 'gsi2pk = :pk' : 'gsi2pk = :pk AND gsi2sk < :before',
          ...(channel ? { FilterExpression: 'channel = :channel' } : {}),
          ExpressionAttributeValues: {
            ':pk': alertsByStatusPk(status),
            ...(channel ? { ':channel': channel } : {}),
            ...(before === undefined ? {} : { ':before': before }),
          },
          ScanIndexForward: false,
          Limit: limit - alerts.length,
          ExclusiveStartKey: start,
        }),
      );
      alerts.push(...(page.Items ?? []).map(alertOf));
      last = page.LastEvaluatedKey;
      start = last;
    } while (last && alerts.length < limit);
    return { alerts, ...(last ? { nextCursor: alertCursor.encode(positionOf(String(last.gsi2sk)), status) } : {}) };
  }

  async transition(alert: Alert, next: Alert): Promise<Alert | false> {
    const key = await this.keyOf(alert.alertId);
    if (!key) return false; // erased since it was read
    const to = next.status;
    const steps = next.history.slice(alert.history.length);
    // The instants the move stamped (contacted, closed): set as given, the rest left as stored.
    const contacted = next.contactedAt !== alert.contactedAt ? { ':contactedAt': next.contactedAt } : {};
    const closed = next.closedAt !== alert.closedAt ? { ':closedAt': next.closedAt } : {};
    const stamps = [...(':contactedAt' in contacted ? ['contactedAt = :contactedAt'] : []), ...(':closedAt' in closed ? ['closedAt = :closedAt'] : [])];
    const update = {
      Update: {
        TableName: this.tableName,
        Key: key,
        UpdateExpression: `SET ${['#status = :to', 'updatedAt = :at', 'history = list_append(history, :step)', 'gsi2pk = :gpk', ...stamps].join(', ')}`,
        // The status read: a concurrent PATCH that moved it first wins, this one is refused.
        ConditionExpression: '#status = :from',
        ExpressionAttributeNames: { '#status': 'status' },
        ExpressionAttributeValues: {
          ':to': to,
          ':from': alert.status,
          ':at': next.updatedAt,
          ':step': steps,
          ':gpk': alertsByStatusPk(to),
          ...contacted,
          ...closed,
        },
      },
    };
    const items: NonNullable<ConstructorParameters<typeof TransactWriteCommand>[0]['TransactItems']> = [update];
    const close = to === 'closed' ? closeOf(next) : null;
    if (close) {
      // Exact durations up to MAX_EXACT_DURATIONS per channel and day, and always the histogram: bounded either way.
      items.push({
        Update: {
          TableName: this.tableName,
          Key: alertStatKey(close.channel, close.day),
          UpdateExpression: `SET #type = :type, v = :v, durations = list_append(if_not_exists(durations, :empty), :d) ADD closed :one, h_${bucketOf(close.seconds)} :one`,
          ConditionExpression: 'attribute_not_exists(durations) OR size(durations) < :max',
          ExpressionAttributeNames: { '#type': 'type' },
          ExpressionAttributeValues: {
            ':type': FOLLOW_UP_ENTITY.alertStat,
            ':v': ITEM_VERSION,
            ':empty': [],
            ':d': [close.seconds],
            ':one': 1,
            ':max': MAX_EXACT_DURATIONS,
          },
        },
      });
    }
    try {
      await this.client.send(new TransactWriteCommand({ TransactItems: items }));
      return next;
    } catch (error) {
      if (!(error instanceof TransactionCanceledException)) throw error;
      const [alertReason, statReason] = error.CancellationReasons ?? [];
      if (alertReason?.Code === 'ConditionalCheckFailed') return false;
      if (statReason?.Code === 'ConditionalCheckFailed' && close) {
        // The day's exact list is full: count the close in the histogram only.
        items[1] = {
          Update: {
            TableName: this.tableName,
            Key: alertStatKey(close.channel, close.day),
            UpdateExpression: `ADD closed :one, h_${bucketOf(close.seconds)} :one, overflow :one`,
            ExpressionAttributeValues: { ':one': 1 },
          },
        };
        await this.client.send(new TransactWriteCommand({ TransactItems: items }));
        return next;
      }
      throw error;
    }
  }

  async closeStats(from: string, to: string): Promise<CloseStat[]> {
    const stats = await Promise.all(
      CHANNELS.map(async (channel) => {
        const items = await queryAll(this.client, {
          TableName: this.tableName,
          KeyConditionExpression: 'pk = :pk AND sk BETWEEN :from AND :to',
          ExpressionAttributeValues: { ':pk': alertStatPk(channel), ':from': from, ':to': to },
        });
        const rows = items.map(
          (item): CloseStat => ({
            channel,
            day: item.sk as string,
            closed: (item.closed as number) ?? 0,
            durations: (item.durations as number[]) ?? [],
            histogram: DURATION_BUCKETS.map((_, i) => (item[`h_${i}`] as number) ?? 0),
          }),
        );
        return rows;
      }),
    );
    return stats.flat();
  }
}
