// POST /interactions: validate, record, answer 202 with the survey's outcome.
import middy from '@middy/core';
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { httpEdge, json, jsonBody, type HttpResult } from '../shared/http.js';
import { dispatch } from '../shared/route-dispatch.js';
import { ingestDeps } from './dependencies.js';
import { MAX_INTERACTION_BYTES, interactionEventSchema } from './interaction-schema.js';
import { recordInteraction, type RecordInteractionDeps } from './record-interaction.js';

export const makeIngestInteraction =
  (deps: RecordInteractionDeps) =>
  async (event: APIGatewayProxyEventV2): Promise<HttpResult> => {
    const body = jsonBody(event, interactionEventSchema, MAX_INTERACTION_BYTES);
    return json(202, await recordInteraction(body, deps));
  };

export const makeIngestRoutes = (deps: RecordInteractionDeps) => dispatch('ingestHttp', { 'POST /interactions': makeIngestInteraction(deps) });

export const handler = middy(makeIngestRoutes(ingestDeps)).use(httpEdge('ingest'));
