// GET /customers/{id}: the customer record; GET /customers?email=: who has used an address.
// The manager token is checked by the API's authorizer before this runs.
import middy from '@middy/core';
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import * as z from '../shared/zod.js';
import { httpEdge, json, validate, type HttpResult } from '../shared/http.js';
import { dispatch } from '../shared/route-dispatch.js';
import { documentClient, tableName } from '../store/dynamodb-client.js';
import type { CustomerRecords } from '../store/customer-records.js';
import { DynamoDbCustomerRecords } from '../store/dynamodb-customer-records.js';
import { findCustomersByEmail } from './find-customers.js';
import { getCustomerRecord } from './get-customer-record.js';
import { pageParams } from '../store/cursor.js';

const querySchema = z.object({
  ...pageParams,
});

export const makeCustomerRecord =
  (deps: { records: CustomerRecords }) =>
  async (event: APIGatewayProxyEventV2): Promise<HttpResult> => {
    const id = validate(z.string().check(z.minLength(1), z.maxLength(128)), event.pathParameters?.id, 'customer id');
    const page = validate(querySchema, event.queryStringParameters ?? {}, 'query');
    return json(200, await getCustomerRecord(id, page, deps));
  };

const searchSchema = z.object({
  email: z.email({ message: 'must be an email address' }).check(z.maxLength(254, 'must be at most 254 characters')),
});

export const makeCustomerSearch =
  (deps: { records: CustomerRecords }) =>
  async (event: APIGatewayProxyEventV2): Promise<HttpResult> => {
    const { email } = validate(searchSchema, { email: event.queryStringParameters?.email?.trim() }, 'query');
    return json(200, await findCustomersByEmail(email, deps));
  };

export const makeCustomers = (deps: { records: CustomerRecords }) =>
  dispatch('customers', {
    'GET /customers': makeCustomerSearch(deps),
    'GET /customers/{id}': makeCustomerRecord(deps),
  });

export const handler = middy(makeCustomers({ records: new DynamoDbCustomerRecords(documentClient, tableName) })).use(httpEdge('customers'));
