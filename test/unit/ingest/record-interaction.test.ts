import { describe, expect, it, vi } from 'vitest';
import { recordInteraction, type RecordInteractionDeps } from '../../../functions/ingest/record-interaction.js';
import { InvalidInput } from '../../../functions/shared/errors.js';
import { InMemoryInvitationQueue, InMemorySurveyStore } from '../support/in-memory-survey-store.js';
import { anInteractionEvent, NOW, REF } from '../support/fixtures.js';

function setup(overrides: Partial<RecordInteractionDeps> = {}) {
  const store = new InMemorySurveyStore();
  const queue = new InMemoryInvitationQueue();
  const deps: RecordInteractionDeps = { store, queue, now: () => NOW, surveyTtlDays: 30, ...overrides };
  return { store, queue, deps };
}

describe('recordInteraction', () => {
  it('records the interaction and schedules its survey', async () => {
    // Prepare
    const { store, deps } = setup();

    // Act
    const outcome = await recordInteraction(anInteractionEvent({ agentId: 'agent-3', queue: 'billing', subject: 'Refund' }), deps);

    // Assess
    expect(outcome).toEqual({ interactionId: REF.interactionId, surveyId: expect.any(String), status: 'scheduled' });
    expect(store.interactions.get(REF.interactionId)).toEqual({
      interactionId: REF.interactionId,
      customerId: REF.customerId,
      channel: 'voice',
      occurredAt: REF.occurredAt,
      receivedAt: NOW.toISOString(),
      agentId: 'agent-3',
      queue: 'billing',
      subject: 'Refund',
    });
    expect(store.invitations.get(REF.interactionId)).toMatchObject({
      surveyId: outcome.surveyId,
      customerId: REF.customerId,
      channel: 'voice',
      agentId: 'agent-3',
      status: 'scheduled',
      delivery: 'pending',
      createdAt: NOW.toISOString(),
    });
  });

  it('normalises occurredAt to UTC', async () => {
    // Prepare
    const { store, deps } = setup();

    // Act
    await recordInteraction(anInteractionEvent({ occurredAt: '2026-03-02T11:00:00+01:30' }), deps);

    // Assess
    expect(store.interactions.get(REF.interactionId)?.occurredAt).toBe('2026-03-02T09:30:00.000Z');
    expect(store.invitations.get(REF.interactionId)?.occurredAt).toBe('2026-03-02T09:30:00.000Z');
  });

  it('refuses an interaction from the future, naming occurredAt, and writes nothing', async () => {
    // Prepare
    const { store, queue, deps } = setup();
    const recordSpy = vi.spyOn(store, 'recordInteraction');
    const sixteenMinutesAhead = new Date(NOW.getTime() + 16 * 60_000).toISOString();

    // Act
    const recording = recordInteraction(anInteractionEvent({ occurredAt: sixteenMinutesAhead }), deps);

    // Assess
    await expect(recording).rejects.toBeInstanceOf(InvalidInput);
    await expect(recording).rejects.toMatchObject({ issues: [{ field: 'occurredAt', message: 'is in the future' }] });
    expect(recordSpy).not.toHaveBeenCalled();
    expect(queue.messages).toEqual([]);
  });

  it("accepts an interaction a little ahead of our clock (another system's clock skew)", async () => {
    // Prepare
    const { deps } = setup();
    const fourteenMinutesAhead = new Date(NOW.getTime() + 14 * 60_000).toISOString();

    // Act
    const outcome = await recordInteraction(anInteractionEvent({ occurredAt: fourteenMinutesAhead }), deps);

    // Assess
    expect(outcome.status).toBe('scheduled');
  });

  it('queues a new invitation once, as a pointer without personal data', async () => {
    // Prepare
    const { queue, deps } = setup();

    // Act
    await recordInteraction(anInteractionEvent({ subject: 'My card was stolen' }), deps);

    // Assess
    expect(queue.messages).toEqual([REF]);
  });

  it('answers a repeat with the outcome of the first delivery', async () => {
    // Prepare
    const { deps } = setup();
    const first = await recordInteraction(anInteractionEvent(), deps);

    // Act
    const repeat = await recordInteraction(anInteractionEvent(), deps);

    // Assess
    expect(repeat).toEqual(first);
  });

  it('queues the invitation again for a repeat whose email is still pending', async () => {
    // Prepare
    const { queue, deps } = setup();
    await recordInteraction(anInteractionEvent(), deps);

    // Act
    await recordInteraction(anInteractionEvent(), deps);

    // Assess
    expect(queue.messages).toEqual([REF, REF]);
  });

  it('does not queue the invitation again for a repeat whose email was sent', async () => {
    // Prepare
    const { store, queue, deps } = setup();
    await recordInteraction(anInteractionEvent(), deps);
    store.invitations.get(REF.interactionId)!.delivery = 'sent';

    // Act
    await recordInteraction(anInteractionEvent(), deps);

    // Assess
    expect(queue.messages).toEqual([REF]);
  });

  it('makes a survey token of 32 URL-safe characters, different for every interaction', async () => {
    // Prepare
    const { store, deps } = setup();

    // Act
    await recordInteraction(anInteractionEvent({ interactionId: 'call-1' }), deps);
    await recordInteraction(anInteractionEvent({ interactionId: 'call-2' }), deps);

    // Assess
    const tokens = [store.invitations.get('call-1')!.token, store.invitations.get('call-2')!.token];
    expect(tokens[0]).toMatch(/^[A-Za-z0-9_-]{32}$/);
    expect(tokens[1]).toMatch(/^[A-Za-z0-9_-]{32}$/);
    expect(tokens[0]).not.toBe(tokens[1]);
  });

  it('lets the survey expire surveyTtlDays after the interaction was received', async () => {
    // Prepare
    const { store, deps } = setup({ surveyTtlDays: 7 });

    // Act
    await recordInteraction(anInteractionEvent(), deps);

    // Assess
    expect(store.invitations.get(REF.interactionId)?.expiresAt).toBe('2026-03-09T10:00:00.000Z');
  });

  it('puts the customer from the event on their profile', async () => {
    // Prepare
    const { store, deps } = setup();

    // Act
    await recordInteraction(anInteractionEvent({ customer: { id: REF.customerId, email: 'ana@example.org', name: 'Ana', locale: 'de-CH' } }), deps);

    // Assess
    expect(store.profiles.get(REF.customerId)).toMatchObject({ id: REF.customerId, email: 'ana@example.org', name: 'Ana', locale: 'de-CH' });
  });

  it('queues nothing when the store fails', async () => {
    // Prepare
    const { store, queue, deps } = setup();
    const failure = new Error('table unavailable');
    vi.spyOn(store, 'recordInteraction').mockRejectedValue(failure);

    // Act
    const recording = recordInteraction(anInteractionEvent(), deps);

    // Assess
    await expect(recording).rejects.toBe(failure);
    expect(queue.messages).toEqual([]);
  });
});
