// The DynamoDB adapter of ResponseFeed: the answersByDay index, one UTC day after another, newest first.
import { QueryCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import * as z from '../shared/zod.js';
import { addDays } from '../domain/utc-days.js';
import type { Answer, CustomerProfile } from '../domain/model.js';
import { InvalidInput } from '../shared/errors.js';
import { batchGetAll } from '../store/batch-get.js';
import { cursorCodec, cursorPart } from '../store/cursor.js';
import { fromItem } from '../store/items.js';
import { INDEX, answerKey, answersByDayKey, answersByDayPk, profileKey, timelineRefOf } from '../store/keys.js';
import type { ResponseFeed, ResponseFilter } from './response-feed.js';

/** The answer a page ended after, by the parts of its keys; the start key is rebuilt from them with the key builders. */
const answerPosition = z.strictObject({
  customerId: cursorPart.id,
  occurredAt: cursorPart.instant,
  interactionId: cursorPart.id,
  answeredAt: cursorPart.instant,
  surveyId: cursorPart.id,
});
/** Where a page ended: the day being read and, within it, the last answer read. */
const feedCursor = cursorCodec(
  'responses',
  z.strictObject({ day: cursorPart.day, after: z.optional(answerPosition) }).check(z.refine((p) => !p.after || p.after.answeredAt.startsWith(p.day))),
);
type AnswerPosition = z.infer<typeof answerPosition>;

const startKeyOf = (after: AnswerPosition) => ({
  ...answerKey(after.customerId, after.occurredAt, after.interactionId),
  ...answersByDayKey(after.answeredAt, after.surveyId),
});

function positionOf(lastKey: Record<string, unknown>): AnswerPosition {
  const ref = timelineRefOf(String(lastKey.pk), String(lastKey.sk));
  const [answeredAt, surveyId] = String(lastKey.gsi1sk).split('#');
  if (!ref || !answeredAt || !surveyId) throw new Error('answersByDay returned a key outside its layout');
  return { ...ref, answeredAt, surveyId };
}

export class DynamoDbResponseFeed implements ResponseFeed {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async page(filter: ResponseFilter, limit: number, cursor?: string): Promise<{ answers: Answer[]; nextCursor?: string }> {
    const position = cursor === undefined ? undefined : feedCursor.decode(cursor);
    if (position && (position.day > filter.to || position.day < filter.from)) {
      throw new InvalidInput('Invalid query: cursor belongs to another window', [{ field: 'cursor', message: 'belongs to another window' }]);
    }
    const conditions: string[] = [];
    const values: Record<string, unknown> = {};
    if (filter.channel) {
      conditions.push('channel = :channel');
      values[':channel'] = filter.channel;
    }
    if (filter.maxCsat !== undefined) {
      conditions.push('csat <= :maxCsat');
      values[':maxCsat'] = filter.maxCsat;
    }
    if (filter.hasComment !== undefined) conditions.push(filter.hasComment ? 'attribute_exists(#comment)' : 'attribute_not_exists(#comment)');

    const answers: Answer[] = [];
    let day = position?.day ?? filter.to;
    let after: Record<string, unknown> | undefined = position?.after ? startKeyOf(position.after) : undefined;
    while (day >= filter.from) {
      const result = await this.client.send(
        new QueryCommand({
          TableName: this.tableName,
          IndexName: INDEX.answersByDay.name,
          KeyConditionExpression: `${INDEX.answersByDay.partitionKey} = :day`,
          ...(conditions.length > 0 ? { FilterExpression: conditions.join(' AND ') } : {}),
          ExpressionAttributeValues: { ':day': answersByDayPk(day), ...values },
          ...(filter.hasComment !== undefined ? { ExpressionAttributeNames: { '#comment': 'comment' } } : {}),
          ScanIndexForward: false,
          Limit: limit - answers.length,
          ExclusiveStartKey: after,
        }),
      );
      answers.push(...(result.Items ?? []).map((item) => fromItem<Answer>(item)));
      after = result.LastEvaluatedKey;
      if (answers.length >= limit) {
        if (after) return { answers, nextCursor: feedCursor.encode({ day, after: positionOf(after) }) };
        return day > filter.from ? { answers, nextCursor: feedCursor.encode({ day: addDays(day, -1) }) } : { answers };
      }
      if (!after) day = addDays(day, -1);
    }
    return { answers };
  }

  async profiles(customerIds: string[]): Promise<Map<string, CustomerProfile>> {
    const items = await batchGetAll(this.client, this.tableName, customerIds.map(profileKey));
    return new Map(items.map((item) => [item.id as string, fromItem<CustomerProfile>(item)]));
  }
}
