// An in-memory TopicStore that keeps the adapter's promises (test/integration/contracts checks): the set replaced whole,
// its version moved on by one with each put, version 0 and no topics before the first.
import type { TopicSet } from '../../../functions/insights/topics.js';
import type { StoredTopics, TopicStore } from '../../../functions/topics/topic-store.js';

export class InMemoryTopicStore implements TopicStore {
  stored: StoredTopics = { topics: [], version: 0 };
  async getTopics() {
    return structuredClone(this.stored);
  }
  async putTopics(set: TopicSet, by: string, now: string) {
    this.stored = { topics: structuredClone(set.topics), version: this.stored.version + 1, updatedAt: now, updatedBy: by };
    return structuredClone(this.stored);
  }
}
