// GET /surveys/{channel} and PUT /surveys/{channel}: a channel's survey program, for CX managers.
import middy from '@middy/core';
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import * as z from 'zod';
import { CHANNELS } from '../domain/channels.js';
import { now } from '../shared/clock.js';
import { Conflict } from '../shared/errors.js';
import { managerOf } from '../shared/manager.js';
import { httpEdge, json, jsonBody, validate, type HttpResult } from '../shared/http.js';
import { documentClient, tableName } from '../store/dynamodb-client.js';
import { definitionInputSchema } from './definition-schema.js';
import { DynamoDbDefinitionStore, type DefinitionStore } from './definition-store.js';

const channelSchema = z.enum(CHANNELS, { message: `must be one of ${CHANNELS.join(', ')}` });

export const makeSurveys =
  (deps: { store: DefinitionStore; now: () => Date }) =>
  async (event: APIGatewayProxyEventV2): Promise<HttpResult> => {
    // As an object, so that a bad channel is named `channel`, not `(body)`.
    const { channel } = validate(z.object({ channel: channelSchema }), { channel: event.pathParameters?.channel }, 'path');
    const current = await deps.store.get(channel);
    if (event.requestContext.http.method === 'GET') return json(200, current);

    const input = jsonBody(event, definitionInputSchema, 16 * 1024);
    const next = { ...input, channel, version: current.version + 1, updatedAt: deps.now().toISOString(), updatedBy: managerOf(event) };
    if (!(await deps.store.put(next, current.version))) throw new Conflict('The survey was changed by someone else meanwhile; read it again and retry.');
    return json(200, next);
  };

export const handler = middy(makeSurveys({ store: new DynamoDbDefinitionStore(documentClient, tableName), now })).use(httpEdge('surveys'));
