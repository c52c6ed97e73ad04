// GET /alerts, PATCH /alerts/{id}, GET /alert-rules, PUT /alert-rules/{channel} (manager token checked by the API's
// authorizer): the follow-up of unhappy customers and the rules that raise alerts.
import middy from '@middy/core';
import * as z from '../shared/zod.js';
import { ALERT_STATUSES } from '../domain/alerts.js';
import { SCALES } from '../domain/survey-definition.js';
import { httpEdge, json, jsonBody, validate } from '../shared/http.js';
import { dispatch } from '../shared/route-dispatch.js';
import { managerOf } from '../shared/manager.js';
import { channelSchema } from '../shared/schemas.js';
import { documentClient, tableName } from '../store/dynamodb-client.js';
import type { AlertStore } from './alert-store.js';
import { DynamoDbAlertStore } from './dynamodb-alert-store.js';
import { followUp } from './follow-up.js';
import { now } from '../shared/clock.js';
import { pageParams } from '../store/cursor.js';

const MAX_BODY_BYTES = 16 * 1024;
const channel = channelSchema;
const status = z.enum(ALERT_STATUSES, { message: `must be one of ${ALERT_STATUSES.join(', ')}` });

const listQuery = z.object({
  status: z._default(status, 'open'),
  channel: z.optional(channel),
  ...pageParams,
});

const patchBody = z.strictObject({ status });

const threshold = ({ min, max }: { min: number; max: number }) =>
  z.nullable(
    z
      .number({ message: `must be a whole number from ${min} to ${max}, or null` })
      .check(z.int(`must be a whole number`), z.minimum(min, `must be at least ${min}`), z.maximum(max, `must be at most ${max}`)),
  );

const ruleBody = z.strictObject({
  enabled: z._default(z.boolean({ message: 'must be true or false' }), true),
  csatAtMost: threshold(SCALES.csat),
  npsAtMost: threshold(SCALES.nps),
  owners: z
    .array(z.email({ message: 'must be an email address' }).check(z.maxLength(254, 'must be at most 254 characters')))
    .check(z.maxLength(20, 'must hold at most 20 addresses')),
});

export const makeAlerts = (deps: { alerts: AlertStore; now: () => Date }) =>
  dispatch('alerts', {
    'GET /alerts': async (event) => {
      const query = validate(listQuery, event.queryStringParameters ?? {}, 'query');
      return json(200, await deps.alerts.listAlerts(query));
    },
    'PATCH /alerts/{id}': async (event) => {
      const { status: to } = jsonBody(event, patchBody, MAX_BODY_BYTES);
      const by = managerOf(event);
      return json(200, await followUp(event.pathParameters?.id ?? '', to, by, deps));
    },
    'GET /alert-rules': async () => json(200, { rules: await deps.alerts.rules() }),
    'PUT /alert-rules/{channel}': async (event) => {
      const { channel: which } = validate(z.object({ channel }), event.pathParameters ?? {}, 'path');
      const rule = jsonBody(event, ruleBody, MAX_BODY_BYTES);
      return json(200, await deps.alerts.putRule({ channel: which, ...rule, updatedAt: deps.now().toISOString(), updatedBy: managerOf(event) }));
    },
  });

export const handler = middy(makeAlerts({ alerts: new DynamoDbAlertStore(documentClient, tableName), now })).use(httpEdge('alerts'));
