// What the follow-up stream reader acts on, shared by its handler, the CDK filter and the local poller.
import { ANOMALY_ENTITY, ENTITY, FOLLOW_UP_ENTITY } from '../store/keys.js';

export const FOLLOWED_ENTITIES = [ENTITY.answer, FOLLOW_UP_ENTITY.alert, ANOMALY_ENTITY] as const;
export const isFollowed = (record: { dynamodb?: { NewImage?: Record<string, { S?: string }> } }) =>
  (FOLLOWED_ENTITIES as readonly string[]).includes(record.dynamodb?.NewImage?.type?.S ?? '');
