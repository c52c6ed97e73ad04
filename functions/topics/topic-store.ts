// The port to the managers' topics: the whole set, read and replaced whole (the adapter is dynamodb-topic-store.ts).
import type { TopicSet } from '../insights/topics.js';

export interface StoredTopics extends TopicSet {
  /** 0 before the first PUT; +1 with each. */
  version: number;
  updatedAt?: string;
  updatedBy?: string;
}

export interface TopicStore {
  getTopics(): Promise<StoredTopics>;
  putTopics(set: TopicSet, by: string, now: string): Promise<StoredTopics>;
}
