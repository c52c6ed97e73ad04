// The port to survey definitions: one per channel, versioned, the defaults when none was saved (the adapter is
// dynamodb-definition-store.ts).
import type { Channel } from '../domain/channels.js';
import type { SurveyDefinition } from '../domain/survey-definition.js';

export interface DefinitionStore {
  get(channel: Channel): Promise<SurveyDefinition>;
  /** Saves the next version; false when another change saved `expectedVersion + 1` first. */
  put(definition: SurveyDefinition, expectedVersion: number): Promise<boolean>;
}
