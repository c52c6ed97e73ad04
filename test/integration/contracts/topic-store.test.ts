// The TopicStore contract: one set of topics, replaced whole, versioned; asked of the in-memory fake and of the
// DynamoDB adapter on DynamoDB Local.
import { describe, expect, it } from 'vitest';
import { DynamoDbTopicStore } from '../../../functions/topics/dynamodb-topic-store.js';
import type { TopicStore } from '../../../functions/topics/topic-store.js';
import { InMemoryTopicStore } from '../../unit/support/in-memory-topic-store.js';
import { TOPICS } from '../../unit/support/topics.js';
import { contractClient, freshTable } from './contract-table.js';

// The set is one item for the whole table: each test gets a table of its own.
const implementations: Array<[string, () => Promise<TopicStore>]> = [
  ['the in-memory fake', async () => new InMemoryTopicStore()],
  ['the DynamoDB adapter', async () => new DynamoDbTopicStore(contractClient, await freshTable('topics'))],
];

describe.each(implementations)('TopicStore contract: %s', (_name, make) => {
  it('answers no topics, at version 0, before the first put', async () => {
    const store = await make();

    expect(await store.getTopics()).toEqual({ topics: [], version: 0 });
  });

  it('replaces the set whole with each put, moving the version on by one and recording who and when', async () => {
    // Prepare
    const store = await make();
    await store.putTopics({ topics: TOPICS }, 'manager-1', '2026-03-02T10:00:00.000Z');

    // Act
    const second = await store.putTopics({ topics: TOPICS.slice(0, 1) }, 'manager-2', '2026-03-02T11:00:00.000Z');

    // Assess
    const expected = { topics: TOPICS.slice(0, 1), version: 2, updatedAt: '2026-03-02T11:00:00.000Z', updatedBy: 'manager-2' };
    expect(second).toEqual(expected);
    expect(await store.getTopics()).toEqual(expected);
  });
});
