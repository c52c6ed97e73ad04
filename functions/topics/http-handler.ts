// GET /topics and PUT /topics: the topics a CX manager defines as keyword rules per language (manager token checked by
// the API's authorizer). Comments are tagged with the topics current when they are stored.
import middy from '@middy/core';
import { topicSetSchema } from '../insights/topics.js';
import { httpEdge, json, jsonBody } from '../shared/http.js';
import { dispatch } from '../shared/route-dispatch.js';
import { managerOf } from '../shared/manager.js';
import { documentClient, tableName } from '../store/dynamodb-client.js';
import { DynamoDbTopicStore } from './dynamodb-topic-store.js';
import type { TopicStore } from './topic-store.js';
import { now } from '../shared/clock.js';

export const MAX_TOPICS_BYTES = 128 * 1024;

export const makeTopics = (deps: { store: TopicStore; now: () => Date }) =>
  dispatch('topics', {
    'GET /topics': async () => json(200, await deps.store.getTopics()),
    'PUT /topics': async (event) => {
      const set = jsonBody(event, topicSetSchema, MAX_TOPICS_BYTES);
      return json(200, await deps.store.putTopics(set, managerOf(event), deps.now().toISOString()));
    },
  });

export const handler = middy(makeTopics({ store: new DynamoDbTopicStore(documentClient, tableName), now })).use(httpEdge('topics'));
