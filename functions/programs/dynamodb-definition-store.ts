// The DynamoDB adapter of DefinitionStore (definition-store.ts): one item per channel, each save conditioned on the
// version read.
import { GetCommand, PutCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { Channel } from '../domain/channels.js';
import { defaultDefinition, type SurveyDefinition } from '../domain/survey-definition.js';
import { writtenIf } from '../store/conditional.js';
import { fromItem } from '../store/items.js';
import { ENTITY, ITEM_VERSION, surveyDefinitionKey } from '../store/keys.js';
import type { DefinitionStore } from './definition-store.js';

export class DynamoDbDefinitionStore implements DefinitionStore {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async get(channel: Channel): Promise<SurveyDefinition> {
    const { Item } = await this.client.send(new GetCommand({ TableName: this.tableName, Key: surveyDefinitionKey(channel), ConsistentRead: true }));
    if (!Item) return defaultDefinition(channel);
    return { ...defaultDefinition(channel), ...fromItem<Partial<SurveyDefinition>>(Item) };
  }

  async put(definition: SurveyDefinition, expectedVersion: number): Promise<boolean> {
    return writtenIf(
      this.client.send(
        new PutCommand({
          TableName: this.tableName,
          Item: { ...surveyDefinitionKey(definition.channel), type: ENTITY.surveyDefinition, v: ITEM_VERSION, ...definition },
          ConditionExpression: expectedVersion === 0 ? 'attribute_not_exists(pk)' : 'version = :expected',
          ...(expectedVersion === 0 ? {} : { ExpressionAttributeValues: { ':expected': expectedVersion } }),
        }),
      ),
    );
  }
}
