// The DynamoDB adapter of DigestStore (digest-store.ts): one settings item, and a marker per ISO week and recipient.
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { DeleteCommand, GetCommand, PutCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { DIGEST_ENTITY, ITEM_VERSION, TABLE, digestSentKey, digestSettingsKey } from '../store/keys.js';
import type { DigestSettings } from './digest-settings.js';
import type { DigestStore } from './digest-store.js';

/** A week's markers outlive the week by far, then TTL removes them. */
const SENT_MARKER_DAYS = 60;

export class DynamoDbDigestStore implements DigestStore {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async getSettings(): Promise<DigestSettings | null> {
    const { Item } = await this.client.send(new GetCommand({ TableName: this.tableName, Key: digestSettingsKey() }));
    if (!Item) return null;
    return {
      recipients: Item.recipients as string[],
      weekday: Item.weekday as DigestSettings['weekday'],
      hour: Item.hour as number,
      timeZone: Item.timeZone as string,
      enabled: Item.enabled as boolean,
      updatedAt: Item.updatedAt as string,
      updatedBy: Item.updatedBy as string,
    };
  }

  async putSettings(settings: DigestSettings): Promise<DigestSettings> {
    await this.client.send(
      new PutCommand({ TableName: this.tableName, Item: { ...digestSettingsKey(), type: DIGEST_ENTITY.settings, v: ITEM_VERSION, ...settings } }),
    );
    return settings;
  }

  async claimSend(week: string, recipient: string, at: string): Promise<boolean> {
    try {
      await this.client.send(
        new PutCommand({
          TableName: this.tableName,
          Item: {
            ...digestSentKey(week, recipient),
            type: DIGEST_ENTITY.sent,
            v: ITEM_VERSION,
            sentAt: at,
            [TABLE.ttlAttribute]: Math.floor(Date.parse(at) / 1000) + SENT_MARKER_DAYS * 86_400,
          },
          ConditionExpression: 'attribute_not_exists(pk)',
        }),
      );
      return true;
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) return false;
      throw error;
    }
  }

  async releaseSend(week: string, recipient: string): Promise<void> {
    await this.client.send(new DeleteCommand({ TableName: this.tableName, Key: digestSentKey(week, recipient) }));
  }
}
