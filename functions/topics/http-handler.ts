// GET /topics and PUT /topics: the topics a CX manager defines as keyword rules per language (manager token checked by
// the API's authorizer). Comments are tagged with the topics current when they are stored.
import middy from '@middy/core';
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { topicSetSchema } from '../insights/topics.js';
import { NotFound } from '../shared/errors.js';
import { httpEdge, json, jsonBody, type HttpResult } from '../shared/http.js';
import { managerOf } from '../shared/manager.js';
import { documentClient, tableName } from '../store/dynamodb-client.js';
import { DynamoDbTopicStore, type TopicStore } from './topic-store.js';
import { now } from '../shared/clock.js';

export const MAX_TOPICS_BYTES = 128 * 1024;

export const makeTopics =
  (deps: { store: TopicStore; now: () => Date }) =>
  async (event: APIGatewayProxyEventV2): Promise<HttpResult> => {
    switch (event.routeKey) {
      case 'GET /topics':
        return json(200, await deps.store.getTopics());
      case 'PUT /topics': {
        const set = jsonBody(event, topicSetSchema, MAX_TOPICS_BYTES);
        return json(200, await deps.store.putTopics(set, managerOf(event), deps.now().toISOString()));
      }
      default:
        throw new NotFound(`Nothing at ${event.rawPath}`);
    }
  };

export const handler = middy(makeTopics({ store: new DynamoDbTopicStore(documentClient, tableName), now })).use(httpEdge('topics'));
