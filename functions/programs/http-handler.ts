// GET /surveys/{channel} and PUT /surveys/{channel}: a channel's survey program, for CX managers.
import middy from '@middy/core';
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import * as z from '../shared/zod.js';
import { now } from '../shared/clock.js';
import { Conflict } from '../shared/errors.js';
import { managerOf } from '../shared/manager.js';
import { httpEdge, json, jsonBody, validate } from '../shared/http.js';
import { dispatch } from '../shared/route-dispatch.js';
import { channelSchema } from '../shared/schemas.js';
import { documentClient, tableName } from '../store/dynamodb-client.js';
import { definitionInputSchema } from './definition-schema.js';
import type { DefinitionStore } from './definition-store.js';
import { DynamoDbDefinitionStore } from './dynamodb-definition-store.js';

// As an object, so that a bad channel is named `channel`, not `(body)`.
const channelOf = (event: APIGatewayProxyEventV2) => validate(z.object({ channel: channelSchema }), { channel: event.pathParameters?.channel }, 'path').channel;

export const makeSurveys = (deps: { store: DefinitionStore; now: () => Date }) =>
  dispatch('surveys', {
    'GET /surveys/{channel}': async (event) => json(200, await deps.store.get(channelOf(event))),
    'PUT /surveys/{channel}': async (event) => {
      const channel = channelOf(event);
      const current = await deps.store.get(channel);
      const input = jsonBody(event, definitionInputSchema, 16 * 1024);
      const next = { ...input, channel, version: current.version + 1, updatedAt: deps.now().toISOString(), updatedBy: managerOf(event) };
      if (!(await deps.store.put(next, current.version))) throw new Conflict('The survey was changed by someone else meanwhile; read it again and retry.');
      return json(200, next);
    },
  });

export const handler = middy(makeSurveys({ store: new DynamoDbDefinitionStore(documentClient, tableName), now })).use(httpEdge('surveys'));
