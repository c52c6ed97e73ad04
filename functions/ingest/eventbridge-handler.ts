// "Interaction Completed" events from the custom bus: the same contract and use case as POST /interactions.
import type { EventBridgeEvent } from 'aws-lambda';
import { InvalidInput } from '../shared/errors.js';
import { validate } from '../shared/http.js';
import { logger } from '../shared/logger.js';
import { ingestDeps } from './dependencies.js';
import { interactionEventSchema } from './interaction-schema.js';
import { recordInteraction, type RecordInteractionDeps } from './record-interaction.js';

export const makeInteractionEventHandler =
  (deps: RecordInteractionDeps) =>
  async (event: EventBridgeEvent<string, unknown>): Promise<void> => {
    logger.setContext({ service: 'ingest-events', correlationId: event.id });
    try {
      const outcome = await recordInteraction(validate(interactionEventSchema, event.detail, 'event detail'), deps);
      logger.info('interaction recorded', { status: outcome.status, surveyId: outcome.surveyId });
    } catch (error) {
      // A malformed event cannot succeed on retry: log which fields were wrong (never their values) and drop it.
      if (error instanceof InvalidInput) {
        logger.warn('event rejected', { issues: error.issues.map((i) => `${i.field} ${i.message}`).join('; ') });
        return;
      }
      // EventBridge and Lambda retry; then the event is parked in the events dead-letter queue (as a Lambda failure
      // record with the event in requestPayload, when the function itself failed). See docs/deploy.md for redriving.
      throw error;
    }
  };

export const handler = makeInteractionEventHandler(ingestDeps);
