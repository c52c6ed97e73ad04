// The DefinitionStore contract: survey programs by channel, the defaults until a first save, each save conditioned on
// the version read; asked of the in-memory fake and of the DynamoDB adapter on DynamoDB Local.
import { describe, expect, it } from 'vitest';
import type { Channel } from '../../../functions/domain/channels.js';
import { defaultDefinition, type SurveyDefinition } from '../../../functions/domain/survey-definition.js';
import type { DefinitionStore } from '../../../functions/programs/definition-store.js';
import { DynamoDbDefinitionStore } from '../../../functions/programs/dynamodb-definition-store.js';
import { InMemoryDefinitionStore } from '../../unit/support/in-memory-survey-store.js';
import { contractClient, freshTable } from './contract-table.js';

// Definitions are one item per channel: each test gets a table of its own.
const implementations: Array<[string, () => Promise<DefinitionStore>]> = [
  ['the in-memory fake', async () => new InMemoryDefinitionStore()],
  ['the DynamoDB adapter', async () => new DynamoDbDefinitionStore(contractClient, await freshTable('definitions'))],
];

/** The chat program after a manager's change: fewer questions, a week-long fatigue rule. */
function aDefinition(version: number, channel: Channel = 'chat'): SurveyDefinition {
  return {
    ...defaultDefinition(channel),
    questions: ['csat', 'comment'],
    wording: { de: { csat: 'Wie zufrieden waren Sie?' } },
    throttleDays: 7,
    version,
    updatedAt: `2026-03-0${version}T10:00:00.000Z`,
    updatedBy: 'manager-1',
  };
}

describe.each(implementations)('DefinitionStore contract: %s', (_name, make) => {
  it('answers the defaults for a channel nobody configured', async () => {
    const store = await make();

    expect(await store.get('voice')).toEqual(defaultDefinition('voice'));
  });

  it('saves a first version only over the defaults, and reads it back whole', async () => {
    // Prepare
    const store = await make();

    // Act
    const saved = await store.put(aDefinition(1), 0);

    // Assess
    expect(saved).toBe(true);
    expect(await store.get('chat')).toEqual(aDefinition(1));
    expect(await store.get('voice')).toEqual(defaultDefinition('voice'));
  });

  it('saves the next version over the version read, and refuses a save over any other, keeping the stored one', async () => {
    // Prepare
    const store = await make();
    await store.put(aDefinition(1), 0);

    // Act
    const next = await store.put(aDefinition(2), 1);
    const stale = await store.put({ ...aDefinition(2), throttleDays: 30 }, 1);
    const overDefaults = await store.put({ ...aDefinition(1), throttleDays: 30 }, 0);

    // Assess
    expect([next, stale, overDefaults]).toEqual([true, false, false]);
    expect(await store.get('chat')).toEqual(aDefinition(2));
  });
});
