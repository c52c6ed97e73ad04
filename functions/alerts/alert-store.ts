// The port to alerts and alert rules, and its DynamoDB adapter. An alert lives in the customer's partition next to the
// answer it follows up (one per survey, by its key), so the customer record shows it and an erasure removes it.
import { randomBytes } from 'node:crypto';
import { ConditionalCheckFailedException, TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { GetCommand, PutCommand, QueryCommand, TransactWriteCommand, UpdateCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import * as z from '../shared/zod.js';
import { CHANNELS, type Channel } from '../domain/channels.js';
import { DEFAULT_ALERT_RULE, type Alert, type AlertRule, type AlertStatus } from '../domain/alerts.js';
import { utcDay } from '../domain/utc-days.js';
import { InvalidInput } from '../shared/errors.js';
import { cursorCodec, cursorPart } from '../store/cursor.js';
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

/** A new alert's id: random, so that it names no customer (it reaches URLs, logs and emails). */
export const newAlertId = () => `alt_${randomBytes(16).toString('hex')}`;
const OPAQUE_ID = /^alt_[0-9a-f]{32}$/;

/**
 * Alerts raised before ids were opaque have the base64url of `<customerId>#<occurredAt>#<interactionId>` as their id;
 * they keep it (links already emailed point to it) and are found from it without a lookup. New ids never decode so.
 */
export function legacyAlertRefOf(alertId: string): { customerId: string; occurredAt: string; interactionId: string } | null {
  if (OPAQUE_ID.test(alertId) || !/^[A-Za-z0-9_-]{8,700}$/.test(alertId)) return null;
  const [customerId, occurredAt, interactionId, ...rest] = Buffer.from(alertId, 'base64url').toString('utf8').split('#');
  if (!customerId || !occurredAt || !interactionId || rest.length > 0 || Number.isNaN(Date.parse(occurredAt))) return null;
  return { customerId, occurredAt, interactionId };
}

/** An id this API hands out: opaque, or an old one that decodes to its survey. */
export const isAlertId = (alertId: string) => OPAQUE_ID.test(alertId) || legacyAlertRefOf(alertId) !== null;

/**
 * A page's cursor names the last alert's place in the index (its creation and id) for one status, read back as a key
 * condition (`gsi2sk < cursor`, newest first): a forged cursor can only be refused, never handed to DynamoDB as a start key.
 */
const alertCursor = cursorCodec('alerts', z.strictObject({ createdAt: cursorPart.instant, alertId: z.string().check(z.refine(isAlertId)) }));

function positionOf(gsi2sk: string): { createdAt: string; alertId: string } {
  const [createdAt = '', alertId = ''] = gsi2sk.split('#');
  return { createdAt, alertId };
}

function cursorOf(status: AlertStatus, cursor: string): string {
  const { createdAt, alertId } = alertCursor.decode(cursor, status);
  return `${createdAt}#${alertId}`;
}

/** Close durations kept exactly per channel and day up to this many; past it only the histogram grows. */
export const MAX_EXACT_DURATIONS = 1000;

/** Histogram buckets of close durations (upper bounds, seconds): minutes, then hours, then days. */
export const DURATION_BUCKETS = [300, 900, 1800, 3600, 7200, 14400, 28800, 43200, 86400, 172800, 259200, 604800, 1209600, 2592000, Infinity] as const;
export const bucketOf = (seconds: number) => DURATION_BUCKETS.findIndex((upper) => seconds <= upper);

export interface CloseStat {
  channel: Channel;
  day: string;
  closed: number;
  durations: number[];
  histogram: number[];
}

export interface AlertPage {
  alerts: Alert[];
  nextCursor?: string;
}

export interface AlertStore {
  rules(): Promise<AlertRule[]>;
  rule(channel: Channel): Promise<AlertRule>;
  putRule(rule: AlertRule): Promise<AlertRule>;
  /**
   * Stores the alert and its id's lookup unless one exists for the survey, and only while the answer exists (an erasure
   * that ran first leaves nothing to follow up): true when this call created it.
   */
  createAlert(alert: Alert, ref: { customerId: string; occurredAt: string; interactionId: string }): Promise<boolean>;
  getAlert(alertId: string): Promise<Alert | null>;
  markNotified(alertId: string, at: string): Promise<void>;
  listAlerts(query: { status: AlertStatus; channel?: Channel; limit: number; cursor?: string }): Promise<AlertPage>;
  /** Moves an alert on, conditioned on the status read; a close also records its duration. False when it moved meanwhile. */
  transition(alert: Alert, to: AlertStatus, by: string, at: string): Promise<Alert | false>;
  closeStats(from: string, to: string): Promise<CloseStat[]>;
}

const stripAlert = (item: Record<string, unknown>): Alert => {
  const { pk: _pk, sk: _sk, gsi2pk: _g1, gsi2sk: _g2, type: _t, v: _v, ...rest } = item;
  return rest as unknown as Alert;
};

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

  async createAlert(alert: Alert, ref: { customerId: string; occurredAt: string; interactionId: string }): Promise<boolean> {
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
    if (!OPAQUE_ID.test(alertId))
      throw new InvalidInput('id: not an alert id this API returned', [{ field: 'id', message: 'is not an alert id this API returned' }]);
    const { Item } = await this.client.send(new GetCommand({ TableName: this.tableName, Key: alertLookupKey(alertId), ConsistentRead: true }));
    return Item && typeof Item.alertPk === 'string' ? { pk: Item.alertPk, sk: String(Item.alertSk) } : null;
  }

  async getAlert(alertId: string): Promise<Alert | null> {
    const key = await this.keyOf(alertId);
    if (!key) return null;
    const { Item } = await this.client.send(new GetCommand({ TableName: this.tableName, Key: key, ConsistentRead: true }));
    return Item?.type === FOLLOW_UP_ENTITY.alert ? stripAlert(Item) : null;
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
      alerts.push(...(page.Items ?? []).map(stripAlert));
      last = page.LastEvaluatedKey;
      start = last;
    } while (last && alerts.length < limit);
    return { alerts, ...(last ? { nextCursor: alertCursor.encode(positionOf(String(last.gsi2sk)), status) } : {}) };
  }

  async transition(alert: Alert, to: AlertStatus, by: string, at: string): Promise<Alert | false> {
    const next: Alert = {
      ...alert,
      status: to,
      updatedAt: at,
      ...(to === 'contacted' ? { contactedAt: at } : {}),
      ...(to === 'closed' ? { closedAt: at } : {}),
      history: [...alert.history, { status: to, by, at }],
    };
    const key = await this.keyOf(alert.alertId);
    if (!key) return false; // erased since it was read
    const update = {
      Update: {
        TableName: this.tableName,
        Key: key,
        UpdateExpression: `SET #status = :to, updatedAt = :at, history = list_append(history, :step), gsi2pk = :gpk${to === 'contacted' ? ', contactedAt = :at' : ''}${to === 'closed' ? ', closedAt = :at' : ''}`,
        // The status read: a concurrent PATCH that moved it first wins, this one is refused.
        ConditionExpression: '#status = :from',
        ExpressionAttributeNames: { '#status': 'status' },
        ExpressionAttributeValues: { ':to': to, ':from': alert.status, ':at': at, ':step': [{ status: to, by, at }], ':gpk': alertsByStatusPk(to) },
      },
    };
    const items: NonNullable<ConstructorParameters<typeof TransactWriteCommand>[0]['TransactItems']> = [update];
    if (to === 'closed') {
      const seconds = Math.max(0, Math.round((Date.parse(at) - Date.parse(alert.createdAt)) / 1000));
      const bucket = bucketOf(seconds);
      // Exact durations up to MAX_EXACT_DURATIONS per channel and day, and always the histogram: bounded either way.
      items.push({
        Update: {
          TableName: this.tableName,
          Key: alertStatKey(alert.channel, utcDay(at)),
          UpdateExpression: `SET #type = :type, v = :v, durations = list_append(if_not_exists(durations, :empty), :d) ADD closed :one, h_${bucket} :one`,
          ConditionExpression: 'attribute_not_exists(durations) OR size(durations) < :max',
          ExpressionAttributeNames: { '#type': 'type' },
          ExpressionAttributeValues: {
            ':type': FOLLOW_UP_ENTITY.alertStat,
            ':v': ITEM_VERSION,
            ':empty': [],
            ':d': [seconds],
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
      if (statReason?.Code === 'ConditionalCheckFailed' && to === 'closed') {
        // The day's exact list is full: count the close in the histogram only.
        const seconds = Math.max(0, Math.round((Date.parse(at) - Date.parse(alert.createdAt)) / 1000));
        items[1] = {
          Update: {
            TableName: this.tableName,
            Key: alertStatKey(alert.channel, utcDay(at)),
            UpdateExpression: `ADD closed :one, h_${bucketOf(seconds)} :one, overflow :one`,
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
