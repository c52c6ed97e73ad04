// GET /customers/{id}/export (right of access) and DELETE /customers/{id} (right to erasure), for CX managers.
import middy from '@middy/core';
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import * as z from 'zod';
import { NotFound } from '../shared/errors.js';
import { httpEdge, json, validate, type HttpResult } from '../shared/http.js';
import { logger } from '../shared/logger.js';
import { documentClient, tableName } from '../store/dynamodb-client.js';
import { DynamoDbCustomerDataStore, type CustomerDataStore } from './customer-data.js';
import { now } from '../shared/clock.js';

export const makePrivacy =
  (deps: { store: CustomerDataStore; now: () => Date }) =>
  async (event: APIGatewayProxyEventV2): Promise<HttpResult> => {
    const customerId = validate(z.string().min(1).max(128), event.pathParameters?.id, 'customer id');
    const { data, erasure } = await deps.store.collect(customerId);
    if (!data.profile) throw new NotFound(`No customer with id ${customerId}.`);
    if (event.requestContext.http.method === 'DELETE') {
      const erased = await deps.store.erase(erasure);
      logger.info('customer erased', { items: erased });
      return json(200, { customerId, erased: { items: erased, interactions: data.interactions.length, answers: data.answers.length } });
    }
    return json(200, { customerId, exportedAt: deps.now().toISOString(), ...data }, { 'content-disposition': `attachment; filename="customer-${encodeURIComponent(customerId)}.json"` });
  };

export const handler = middy(makePrivacy({ store: new DynamoDbCustomerDataStore(documentClient, tableName), now })).use(httpEdge('privacy'));
