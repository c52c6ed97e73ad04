import { afterEach, describe, expect, it, vi } from 'vitest';
import { makeInteractionEventHandler } from '../../../functions/ingest/eventbridge-handler.js';
import type { RecordInteractionDeps } from '../../../functions/ingest/record-interaction.js';
import { logger } from '../../../functions/shared/logger.js';
import { interactionCompletedEvent } from '../support/events.js';
import { anInteractionEvent, NOW, REF } from '../support/fixtures.js';
import { InMemoryDefinitionStore, InMemoryInvitationQueue, InMemoryIngestLedger } from '../support/in-memory-survey-store.js';

function setup() {
  const store = new InMemoryIngestLedger();
  const queue = new InMemoryInvitationQueue();
  const deps: RecordInteractionDeps = { ledger: store, queue, definitions: new InMemoryDefinitionStore(), now: () => NOW };
  return { store, queue, handle: makeInteractionEventHandler(deps) };
}

afterEach(() => {
  vi.restoreAllMocks();
});

describe('the Interaction Completed event handler', () => {
  it('records the interaction of a valid event and queues its invitation', async () => {
    // Prepare
    const { store, queue, handle } = setup();

    // Act
    await handle(interactionCompletedEvent(anInteractionEvent()));

    // Assess
    expect(store.interactions.get(REF.interactionId)).toMatchObject({ customerId: REF.customerId, channel: 'voice' });
    expect(queue.messages).toEqual([{ ref: REF, kind: 'invitation', notBefore: NOW }]);
  });

  it('drops an invalid event without touching the store, so that EventBridge does not retry it', async () => {
    // Prepare
    const { store, handle } = setup();
    const recordSpy = vi.spyOn(store, 'recordInteraction');

    // Act
    const handling = handle(interactionCompletedEvent({ ...anInteractionEvent(), channel: 'fax' }));

    // Assess
    await expect(handling).resolves.toBeUndefined();
    expect(recordSpy).not.toHaveBeenCalled();
  });

  it('warns about a dropped event, naming the wrong fields but never their values', async () => {
    // Prepare
    const { handle } = setup();
    const warn = vi.spyOn(logger, 'warn');

    // Act
    await handle(interactionCompletedEvent(anInteractionEvent({ customer: { id: REF.customerId, email: 'ana at example.org' } })));

    // Assess
    expect(warn).toHaveBeenCalledTimes(1);
    expect(warn).toHaveBeenCalledWith('event rejected', { issues: 'customer.email must be an email address' });
    expect(JSON.stringify(warn.mock.calls)).not.toContain('ana at example.org');
  });

  it('drops an event from the future, which no retry can fix', async () => {
    // Prepare
    const { queue, handle } = setup();

    // Act
    const handling = handle(interactionCompletedEvent(anInteractionEvent({ occurredAt: '2026-03-03T10:00:00Z' })));

    // Assess
    await expect(handling).resolves.toBeUndefined();
    expect(queue.messages).toEqual([]);
  });

  it('fails when the store fails, so that EventBridge retries the event', async () => {
    // Prepare
    const { store, handle } = setup();
    const failure = new Error('table unavailable');
    vi.spyOn(store, 'recordInteraction').mockRejectedValue(failure);

    // Act
    const handling = handle(interactionCompletedEvent(anInteractionEvent()));

    // Assess
    await expect(handling).rejects.toBe(failure);
  });
});
