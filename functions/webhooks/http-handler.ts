// POST /webhooks, GET /webhooks, DELETE /webhooks/{id}, GET /webhooks/{id}/deliveries (manager token checked by the
// API's authorizer): subscriptions to response.created, response.updated and alert.created, and their delivery logs.
import middy from '@middy/core';
import * as z from '../shared/zod.js';
import { loadConfig } from '../shared/config.js';
import { Conflict, NotFound } from '../shared/errors.js';
import { httpEdge, json, jsonBody, validate } from '../shared/http.js';
import { dispatch } from '../shared/route-dispatch.js';
import { managerOf } from '../shared/manager.js';
import { newId } from '../shared/secrets.js';
import { documentClient, tableName } from '../store/dynamodb-client.js';
import { WEBHOOK_EVENTS } from './events.js';
import { newWebhookSecret } from './signature.js';
import { urlProblem } from './url-policy.js';
import { DynamoDbWebhookStore } from './dynamodb-webhook-store.js';
import type { WebhookStore } from './webhook-store.js';
import { now } from '../shared/clock.js';
import { pageParams } from '../store/cursor.js';

const MAX_BODY_BYTES = 8 * 1024;
export const MAX_SUBSCRIPTIONS = 20;

const subscriptionBody = (allowLoopback: boolean) =>
  z.strictObject({
    url: z.string({ message: 'is required' }).check(
      z.maxLength(2048, 'must be at most 2048 characters'),
      z.superRefine((url, ctx) => {
        const problem = urlProblem(url, allowLoopback);
        if (problem) ctx.addIssue({ code: 'custom', message: problem });
      }),
    ),
    events: z
      .array(z.enum(WEBHOOK_EVENTS, { message: `must be one of ${WEBHOOK_EVENTS.join(', ')}` }))
      .check(z.minLength(1, 'must name at least one event'), z.maxLength(WEBHOOK_EVENTS.length)),
    description: z.optional(z.string().check(z.maxLength(200, 'must be at most 200 characters'))),
  });

const deliveriesQuery = z.object({
  ...pageParams,
});

export const makeWebhooks = (deps: { webhooks: WebhookStore; now: () => Date; allowLoopback: boolean }) =>
  dispatch('webhooks', {
    'POST /webhooks': async (event) => {
      const body = jsonBody(event, subscriptionBody(deps.allowLoopback), MAX_BODY_BYTES);
      if ((await deps.webhooks.listSubscriptions()).length >= MAX_SUBSCRIPTIONS) {
        throw new Conflict(`At most ${MAX_SUBSCRIPTIONS} subscriptions; delete one first.`);
      }
      const subscription = {
        id: newId(),
        url: body.url,
        events: [...new Set(body.events)],
        ...(body.description ? { description: body.description } : {}),
        createdAt: deps.now().toISOString(),
        createdBy: managerOf(event),
      };
      const secret = newWebhookSecret();
      await deps.webhooks.createSubscription({ ...subscription, secret });
      // The secret is shown this once: it signs every body (Standard Webhooks' webhook-signature) and cannot be read back.
      return json(201, { ...subscription, secret });
    },
    'GET /webhooks': async () => json(200, { webhooks: await deps.webhooks.listSubscriptions() }),
    'DELETE /webhooks/{id}': async (event) => {
      const id = event.pathParameters?.id ?? '';
      if (!(await deps.webhooks.deleteSubscription(id))) throw new NotFound(`No webhook ${id}.`);
      return json(200, { id, deleted: true });
    },
    'GET /webhooks/{id}/deliveries': async (event) => {
      const id = event.pathParameters?.id ?? '';
      if (!(await deps.webhooks.getSubscription(id))) throw new NotFound(`No webhook ${id}.`);
      const query = validate(deliveriesQuery, event.queryStringParameters ?? {}, 'query');
      // What the log shows of a delivery is what docs/openapi.yaml lists: which answer or alert it carried is not part of it.
      const { deliveries, nextCursor } = await deps.webhooks.listDeliveries(id, query.limit, query.cursor);
      return json(200, { deliveries: deliveries.map(({ source: _source, ...shown }) => shown), ...(nextCursor ? { nextCursor } : {}) });
    },
  });

const config = loadConfig({ WEBHOOK_ALLOW_LOOPBACK: z._default(z.enum(['true', 'false']), 'false') });

export const handler = middy(
  makeWebhooks({ webhooks: new DynamoDbWebhookStore(documentClient, tableName), now, allowLoopback: config.WEBHOOK_ALLOW_LOOPBACK === 'true' }),
).use(httpEdge('webhooks'));
