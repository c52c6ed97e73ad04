// GET /customers/{id}: the customer record; GET /customers?email=: who has used an address.
// The manager token is checked by the API's authorizer before this runs.
import middy from '@middy/core';
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import * as z from '../shared/zod.js';
import { httpEdge, json, validate, type HttpResult } from '../shared/http.js';
import { dispatch } from '../shared/route-dispatch.js';
import { documentClient, tableName } from '../store/dynamodb-client.js';
import { DynamoDbSurveyStore } from '../store/dynamodb-survey-store.js';
import type { CustomerSearch, SurveyStore } from '../store/survey-store.js';
import { findCustomersByEmail } from './find-customers.js';
import { getCustomerRecord } from './get-customer-record.js';
import { pageParams } from '../store/cursor.js';

const querySchema = z.object({
  ...pageParams,
});

export const makeCustomerRecord =
  (deps: { store: SurveyStore }) =>
  async (event: APIGatewayProxyEventV2): Promise<HttpResult> => {
    const id = validate(z.string().check(z.minLength(1), z.maxLength(128)), event.pathParameters?.id, 'customer id');
    const page = validate(querySchema, event.queryStringParameters ?? {}, 'query');
    return json(200, await getCustomerRecord(id, page, deps));
  };

const searchSchema = z.object({
  email: z.email({ message: 'must be an email address' }).check(z.maxLength(254, 'must be at most 254 characters')),
});

export const makeCustomerSearch =
  (deps: { search: CustomerSearch }) =>
  async (event: APIGatewayProxyEventV2): Promise<HttpResult> => {
    const { email } = validate(searchSchema, { email: event.queryStringParameters?.email?.trim() }, 'query');
    return json(200, await findCustomersByEmail(email, deps));
  };

export const makeCustomers = (deps: { store: SurveyStore; search: CustomerSearch }) =>
  dispatch('customers', {
    'GET /customers': makeCustomerSearch(deps),
    'GET /customers/{id}': makeCustomerRecord(deps),
  });

const store = new DynamoDbSurveyStore(documentClient, tableName);
export const handler = middy(makeCustomers({ store, search: store })).use(httpEdge('customers'));
