import fc from 'fast-check';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { defaultDefinition, type SurveyDefinition } from '../../../functions/domain/survey-definition.js';
import { recordInteraction, ruleOut, sampledIn, type RecordInteractionDeps } from '../../../functions/ingest/record-interaction.js';
import { InvalidInput } from '../../../functions/shared/errors.js';
import { InMemoryDefinitionStore, InMemoryInvitationQueue, InMemoryIngestLedger } from '../support/in-memory-survey-store.js';
import { anInteractionEvent, aProfile, DEFAULT_SURVEY, NOW, REF } from '../support/fixtures.js';
import { captureMetrics } from '../support/metrics.js';

const DAY_MS = 86_400_000;
const at = (ms: number) => new Date(NOW.getTime() + ms).toISOString();

/** The voice channel's program: the defaults, with what a test is about changed. */
const voiceProgram = (changes: Partial<SurveyDefinition> = {}): SurveyDefinition => ({ ...defaultDefinition('voice'), ...changes });

function setup(program: Partial<SurveyDefinition> = {}, overrides: Partial<RecordInteractionDeps> = {}) {
  const store = new InMemoryIngestLedger();
  const queue = new InMemoryInvitationQueue();
  const definitions = new InMemoryDefinitionStore(voiceProgram(program));
  const deps: RecordInteractionDeps = { ledger: store, queue, definitions, now: () => NOW, ...overrides };
  return { store, queue, definitions, deps };
}

describe('sampledIn', () => {
  it('gives the same answer for the same interaction every time', () => {
    fc.assert(
      fc.property(fc.string({ minLength: 1 }), fc.double({ min: 0, max: 1, noNaN: true }), (interactionId, rate) => {
        expect(sampledIn(interactionId, rate)).toBe(sampledIn(interactionId, rate));
      }),
    );
  });

  it('surveys no interaction at rate 0 and every interaction at rate 1', () => {
    fc.assert(
      fc.property(fc.string({ minLength: 1 }), (interactionId) => {
        expect(sampledIn(interactionId, 0)).toBe(false);
        expect(sampledIn(interactionId, 1)).toBe(true);
      }),
    );
  });

  it('keeps an interaction sampled in at any higher rate', () => {
    fc.assert(
      fc.property(
        fc.string({ minLength: 1 }),
        fc.double({ min: 0, max: 1, noNaN: true }),
        fc.double({ min: 0, max: 1, noNaN: true }),
        (interactionId, a, b) => {
          const [low, high] = a <= b ? [a, b] : [b, a];
          if (sampledIn(interactionId, low)) expect(sampledIn(interactionId, high)).toBe(true);
        },
      ),
    );
  });

  it.each([0.1, 0.3, 0.5, 0.9])('surveys roughly a share of %s of many interactions', (rate) => {
    // Prepare
    const ids = Array.from({ length: 10_000 }, (_, i) => `call-${i}`);

    // Act
    const share = ids.filter((id) => sampledIn(id, rate)).length / ids.length;

    // Assess: within four standard deviations of 10,000 fair draws (at most 0.02)
    expect(share).toBeGreaterThan(rate - 0.02);
    expect(share).toBeLessThan(rate + 0.02);
  });
});

describe('ruleOut', () => {
  it('rules out every interaction of a disabled channel', () => {
    // Act
    const reason = ruleOut(REF.interactionId, voiceProgram({ enabled: false, samplingRate: 1 }));

    // Assess
    expect(reason).toBe('channel_disabled');
  });

  it('names the disabled channel rather than the sampling when both would rule an interaction out', () => {
    // Act
    const reason = ruleOut(REF.interactionId, voiceProgram({ enabled: false, samplingRate: 0 }));

    // Assess
    expect(reason).toBe('channel_disabled');
  });

  it('rules out an interaction that is sampled out', () => {
    // Act
    const reason = ruleOut(REF.interactionId, voiceProgram({ samplingRate: 0 }));

    // Assess
    expect(reason).toBe('sampled_out');
  });

  it('rules out nothing on an enabled channel that surveys every interaction', () => {
    // Act
    const reason = ruleOut(REF.interactionId, voiceProgram());

    // Assess
    expect(reason).toBeUndefined();
  });

  it('agrees with sampledIn for any interaction and rate', () => {
    fc.assert(
      fc.property(fc.string({ minLength: 1 }), fc.double({ min: 0, max: 1, noNaN: true }), (interactionId, samplingRate) => {
        expect(ruleOut(interactionId, voiceProgram({ samplingRate }))).toBe(sampledIn(interactionId, samplingRate) ? undefined : 'sampled_out');
      }),
    );
  });
});

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
      sendAt: NOW.toISOString(),
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
    const sixteenMinutesAhead = at(16 * 60_000);

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
    const fourteenMinutesAhead = at(14 * 60_000);

    // Act
    const outcome = await recordInteraction(anInteractionEvent({ occurredAt: fourteenMinutesAhead }), deps);

    // Assess
    expect(outcome.status).toBe('scheduled');
  });

  it('queues a new invitation once, as a pointer without personal data, due at once by default', async () => {
    // Prepare
    const { queue, deps } = setup();

    // Act
    await recordInteraction(anInteractionEvent({ subject: 'My card was stolen' }), deps);

    // Assess
    expect(queue.messages).toEqual([{ ref: REF, kind: 'invitation', notBefore: NOW }]);
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

  it('queues the invitation again, for its send time, for a repeat whose email is still pending', async () => {
    // Prepare
    const { queue, deps } = setup({ sendDelayMinutes: 60 });
    await recordInteraction(anInteractionEvent(), deps);
    const later = { ...deps, now: () => new Date(NOW.getTime() + 5 * 60_000) };

    // Act
    await recordInteraction(anInteractionEvent(), later);

    // Assess: the repeat keeps the first send time, not its own clock plus the delay
    expect(queue.messages).toEqual([
      { ref: REF, kind: 'invitation', notBefore: new Date(at(60 * 60_000)) },
      { ref: REF, kind: 'invitation', notBefore: new Date(at(60 * 60_000)) },
    ]);
  });

  it('does not queue the invitation again for a repeat whose email was sent', async () => {
    // Prepare
    const { store, queue, deps } = setup();
    await recordInteraction(anInteractionEvent(), deps);
    store.invitations.get(REF.interactionId)!.delivery = 'sent';

    // Act
    await recordInteraction(anInteractionEvent(), deps);

    // Assess
    expect(queue.refs).toEqual([REF]);
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

  it("sends the survey the channel's delay after the interaction was received, and queues it for then", async () => {
    // Prepare
    const { store, queue, deps } = setup({ sendDelayMinutes: 90 });

    // Act
    await recordInteraction(anInteractionEvent(), deps);

    // Assess
    expect(store.invitations.get(REF.interactionId)?.sendAt).toBe('2026-03-02T11:30:00.000Z');
    expect(queue.messages).toEqual([{ ref: REF, kind: 'invitation', notBefore: new Date('2026-03-02T11:30:00.000Z') }]);
  });

  it('lets the survey link expire linkExpiryDays after the email is due', async () => {
    // Prepare
    const { store, deps } = setup({ sendDelayMinutes: 90, linkExpiryDays: 7 });

    // Act
    await recordInteraction(anInteractionEvent(), deps);

    // Assess
    expect(store.invitations.get(REF.interactionId)?.expiresAt).toBe('2026-03-09T11:30:00.000Z');
  });

  it('plans the reminder afterDays after the email is due', async () => {
    // Prepare
    const { store, deps } = setup({ sendDelayMinutes: 90, reminder: { enabled: true, afterDays: 2 } });

    // Act
    await recordInteraction(anInteractionEvent(), deps);

    // Assess
    expect(store.invitations.get(REF.interactionId)?.reminderAt).toBe('2026-03-04T11:30:00.000Z');
  });

  it('plans no reminder on a channel that sends none', async () => {
    // Prepare
    const { store, deps } = setup({ reminder: { enabled: false, afterDays: 2 } });

    // Act
    await recordInteraction(anInteractionEvent(), deps);

    // Assess
    expect(store.invitations.get(REF.interactionId)).not.toHaveProperty('reminderAt');
  });

  it("asks what the channel's program asks, in the customer's language, with that language's wording", async () => {
    // Prepare
    const { store, deps } = setup({
      questions: ['ces', 'resolved', 'comment'],
      lead: 'ces',
      wording: { de: { ces: 'Wie einfach war es?' }, en: { ces: 'How easy was it?' } },
      version: 4,
    });

    // Act
    await recordInteraction(anInteractionEvent({ customer: { id: REF.customerId, email: 'ana@example.org', locale: 'de-CH' } }), deps);

    // Assess
    expect(store.invitations.get(REF.interactionId)?.survey).toEqual({
      locale: 'de',
      questions: ['ces', 'resolved', 'comment'],
      lead: 'ces',
      wording: { ces: 'Wie einfach war es?' },
      definitionVersion: 4,
    });
  });

  it.each([
    ['a language we do not speak', 'pt-BR'],
    ['no language', undefined],
  ])('asks a customer with %s in English, with the English wording', async (_what, locale) => {
    // Prepare
    const { store, deps } = setup({ wording: { de: { nps: 'Würden Sie uns empfehlen?' }, en: { nps: 'Would you recommend us?' } }, version: 2 });

    // Act
    await recordInteraction(anInteractionEvent({ customer: { id: REF.customerId, email: 'ana@example.org', ...(locale ? { locale } : {}) } }), deps);

    // Assess
    expect(store.invitations.get(REF.interactionId)?.survey).toEqual({ ...DEFAULT_SURVEY, wording: { nps: 'Would you recommend us?' }, definitionVersion: 2 });
  });

  it('keeps the snapshot it took when the program changes later', async () => {
    // Prepare
    const { store, definitions, deps } = setup({ version: 1 });
    await recordInteraction(anInteractionEvent(), deps);

    // Act
    await definitions.put(voiceProgram({ questions: ['nps'], lead: 'nps', version: 2 }), 1);

    // Assess
    expect(store.invitations.get(REF.interactionId)?.survey).toEqual({ ...DEFAULT_SURVEY, definitionVersion: 1 });
  });

  it('puts the customer from the event on their profile', async () => {
    // Prepare
    const { store, deps } = setup();

    // Act
    await recordInteraction(anInteractionEvent({ customer: { id: REF.customerId, email: 'ana@example.org', name: 'Ana', locale: 'de-CH' } }), deps);

    // Assess
    expect(store.profiles.get(REF.customerId)).toMatchObject({ id: REF.customerId, email: 'ana@example.org', name: 'Ana', locale: 'de-CH' });
  });

  it.each([
    ['disabled', { enabled: false }, 'channel_disabled'],
    ['sampled out', { samplingRate: 0 }, 'sampled_out'],
  ] as const)('records an interaction on a channel %s as skipped, without an invitation, and queues nothing', async (_what, program, reason) => {
    // Prepare
    const { store, queue, deps } = setup(program);

    // Act
    const outcome = await recordInteraction(anInteractionEvent(), deps);

    // Assess
    expect(outcome).toEqual({ interactionId: REF.interactionId, surveyId: null, status: 'skipped', reason });
    expect(store.interactions.has(REF.interactionId)).toBe(true);
    expect(store.invitations.size).toBe(0);
    expect(queue.messages).toEqual([]);
  });

  it('records a customer who unsubscribed as skipped and queues nothing', async () => {
    // Prepare
    const { store, queue, deps } = setup();
    store.profiles.set(REF.customerId, aProfile({ unsubscribedAt: '2026-02-01T00:00:00.000Z' }));

    // Act
    const outcome = await recordInteraction(anInteractionEvent(), deps);

    // Assess
    expect(outcome).toEqual({ interactionId: REF.interactionId, surveyId: null, status: 'skipped', reason: 'unsubscribed' });
    expect(store.invitations.size).toBe(0);
    expect(queue.messages).toEqual([]);
  });

  it('records a customer whose address is suppressed as skipped and queues nothing', async () => {
    // Prepare
    const { store, queue, deps } = setup();
    store.suppress('ANA@example.org');

    // Act
    const outcome = await recordInteraction(anInteractionEvent(), deps);

    // Assess
    expect(outcome).toEqual({ interactionId: REF.interactionId, surveyId: null, status: 'skipped', reason: 'suppressed' });
    expect(queue.messages).toEqual([]);
  });

  it('asks the store to hold the fatigue rule: no survey since throttleDays ago', async () => {
    // Prepare
    const { store, deps } = setup({ throttleDays: 7 });
    const record = vi.spyOn(store, 'recordInteraction');

    // Act
    await recordInteraction(anInteractionEvent(), deps);

    // Assess
    expect(record).toHaveBeenCalledWith(expect.objectContaining({ throttleSince: at(-7 * DAY_MS), now: NOW.toISOString() }));
  });

  it('sets no fatigue rule on a channel without one', async () => {
    // Prepare
    const { store, deps } = setup({ throttleDays: 0 });
    const record = vi.spyOn(store, 'recordInteraction');

    // Act
    await recordInteraction(anInteractionEvent(), deps);

    // Assess
    expect(record.mock.calls[0]![0]).not.toHaveProperty('throttleSince');
  });

  it('records a customer surveyed within throttleDays, on any channel, as throttled and queues nothing', async () => {
    // Prepare
    const { store, queue, deps } = setup({ throttleDays: 7 });
    store.profiles.set(REF.customerId, aProfile({ lastSurveyedAt: at(-6 * DAY_MS) }));

    // Act
    const outcome = await recordInteraction(anInteractionEvent(), deps);

    // Assess
    expect(outcome).toEqual({ interactionId: REF.interactionId, surveyId: null, status: 'skipped', reason: 'throttled' });
    expect(queue.messages).toEqual([]);
  });

  it('surveys a customer again once throttleDays have passed', async () => {
    // Prepare
    const { store, deps } = setup({ throttleDays: 7 });
    store.profiles.set(REF.customerId, aProfile({ lastSurveyedAt: at(-7 * DAY_MS) }));

    // Act
    const outcome = await recordInteraction(anInteractionEvent(), deps);

    // Assess
    expect(outcome.status).toBe('scheduled');
  });

  it('answers a repeat of a skipped interaction with the same skip and queues nothing', async () => {
    // Prepare
    const { store, queue, deps } = setup();
    store.suppress('ana@example.org');
    const first = await recordInteraction(anInteractionEvent(), deps);

    // Act
    const repeat = await recordInteraction(anInteractionEvent(), deps);

    // Assess
    expect(repeat).toEqual(first);
    expect(queue.messages).toEqual([]);
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

describe('recordInteraction business metrics', () => {
  afterEach(() => {
    vi.restoreAllMocks();
    vi.unstubAllEnvs();
  });

  it('counts a skipped survey once, with its reason, and not again for a repeat of the interaction', async () => {
    // Prepare
    const { deps } = setup({ samplingRate: 0 });
    const counted = captureMetrics();

    // Act
    await recordInteraction(anInteractionEvent(), deps);
    await recordInteraction(anInteractionEvent(), deps);

    // Assess
    expect(counted).toEqual([{ name: 'SurveySkipped', dimensions: { Reason: 'sampled_out' } }]);
  });

  it('counts no skip for an interaction that gets its survey', async () => {
    // Prepare
    const { deps } = setup();
    const counted = captureMetrics();

    // Act
    await recordInteraction(anInteractionEvent(), deps);

    // Assess
    expect(counted).toEqual([]);
  });
});
