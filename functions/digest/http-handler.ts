// GET /settings/digest and PUT /settings/digest: who gets the weekly digest and when (manager token checked by the
// API's authorizer). The sending is schedule-handler.ts's.
import middy from '@middy/core';
import { now } from '../shared/clock.js';
import { NotFound } from '../shared/errors.js';
import { httpEdge, json, jsonBody } from '../shared/http.js';
import { managerOf } from '../shared/manager.js';
import { dispatch } from '../shared/route-dispatch.js';
import { documentClient, tableName } from '../store/dynamodb-client.js';
import { digestSettingsSchema } from './digest-settings.js';
import type { DigestStore } from './digest-store.js';
import { DynamoDbDigestStore } from './dynamodb-digest-store.js';

export const MAX_DIGEST_SETTINGS_BYTES = 8 * 1024;

export const makeDigestSettings = (deps: { store: Pick<DigestStore, 'getSettings' | 'putSettings'>; now: () => Date }) =>
  dispatch('digestSettings', {
    'GET /settings/digest': async () => {
      const settings = await deps.store.getSettings();
      if (!settings) throw new NotFound('No digest is set up yet: PUT /settings/digest first.');
      return json(200, settings);
    },
    'PUT /settings/digest': async (event) => {
      const input = jsonBody(event, digestSettingsSchema, MAX_DIGEST_SETTINGS_BYTES);
      const by = managerOf(event);
      return json(200, await deps.store.putSettings({ ...input, enabled: input.enabled ?? true, updatedAt: deps.now().toISOString(), updatedBy: by }));
    },
  });

export const handler = middy(makeDigestSettings({ store: new DynamoDbDigestStore(documentClient, tableName), now })).use(httpEdge('digestSettings'));
