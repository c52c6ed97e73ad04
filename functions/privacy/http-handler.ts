// GET /customers/{id}/export (right of access) and DELETE /customers/{id} (right to erasure), for CX managers.
import middy from '@middy/core';
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import * as z from '../shared/zod.js';
import { NotFound } from '../shared/errors.js';
import { httpEdge, json, validate } from '../shared/http.js';
import { dispatch } from '../shared/route-dispatch.js';
import { logger } from '../shared/logger.js';
import { documentClient, tableName } from '../store/dynamodb-client.js';
import type { CustomerDataStore } from './customer-data.js';
import { DynamoDbCustomerDataStore } from './dynamodb-customer-data.js';
import { now } from '../shared/clock.js';

type PrivacyDeps = { store: CustomerDataStore; now: () => Date };

/** Everything stored about the customer of the path, and what erasing it deletes; NotFound for an id never seen. */
async function collectCustomer(event: APIGatewayProxyEventV2, deps: PrivacyDeps) {
  const customerId = validate(z.string().check(z.minLength(1), z.maxLength(128)), event.pathParameters?.id, 'customer id');
  const { data, erasure } = await deps.store.collect(customerId);
  if (!data.profile) throw new NotFound(`No customer with id ${customerId}.`);
  return { customerId, data, erasure };
}

export const makePrivacy = (deps: PrivacyDeps) =>
  dispatch('privacy', {
    'GET /customers/{id}/export': async (event) => {
      const { customerId, data } = await collectCustomer(event, deps);
      return json(
        200,
        { customerId, exportedAt: deps.now().toISOString(), ...data },
        { 'content-disposition': `attachment; filename="customer-${encodeURIComponent(customerId)}.json"` },
      );
    },
    'DELETE /customers/{id}': async (event) => {
      const { customerId, data, erasure } = await collectCustomer(event, deps);
      const erased = await deps.store.erase(erasure);
      logger.info('customer erased', { items: erased });
      return json(200, { customerId, erased: { items: erased, interactions: data.interactions.length, answers: data.answers.length } });
    },
  });

export const handler = middy(makePrivacy({ store: new DynamoDbCustomerDataStore(documentClient, tableName), now })).use(httpEdge('privacy'));
