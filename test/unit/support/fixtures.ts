// One customer, one interaction and its invitation, shared by the unit tests; each test overrides what it is about.
import type { CustomerProfile, Invitation } from '../../../functions/domain/model.js';
import type { SurveySnapshot } from '../../../functions/domain/survey-definition.js';
import type { InteractionEvent } from '../../../functions/ingest/interaction-schema.js';
import type { InvitationRef } from '../../../functions/domain/model.js';

/** The clock of every test: 2 March 2026, 10:00 UTC. */
export const NOW = new Date('2026-03-02T10:00:00.000Z');

/** A survey link token as ingest makes them: 32 base64url characters. */
export const TOKEN = 'q3Vb8wXk1Lr0Zt7YpNc2Hs5Jd9Ga4Uf-';

export const REF: InvitationRef = { customerId: 'cust-42', occurredAt: '2026-03-02T09:30:00.000Z', interactionId: 'call-7781' };

/** What the default program asks, in English: the snapshot ingest takes of a channel nobody has configured. */
export const DEFAULT_SURVEY: SurveySnapshot = {
  locale: 'en',
  questions: ['csat', 'nps', 'resolved', 'comment'],
  lead: 'csat',
  wording: {},
  definitionVersion: 0,
};

/** An invitation recorded a minute after its interaction, due at once, without a reminder. */
export function anInvitation(overrides: Partial<Invitation> = {}): Invitation {
  return {
    surveyId: '9b2f8a4e-5c1d-4e7a-9f3b-2d6c8e0a1b4f',
    ...REF,
    channel: 'voice',
    occurredAt: REF.occurredAt,
    token: TOKEN,
    createdAt: '2026-03-02T09:31:00.000Z',
    sendAt: '2026-03-02T09:31:00.000Z',
    expiresAt: '2026-04-01T09:31:00.000Z',
    status: 'scheduled',
    delivery: 'pending',
    survey: DEFAULT_SURVEY,
    ...overrides,
  };
}

export function aProfile(overrides: Partial<CustomerProfile> = {}): CustomerProfile {
  return {
    id: REF.customerId,
    email: 'ana@example.org',
    name: 'Ana',
    createdAt: '2026-01-10T08:00:00.000Z',
    updatedAt: '2026-03-02T09:31:00.000Z',
    ...overrides,
  };
}

export function anInteractionEvent(overrides: Partial<InteractionEvent> = {}): InteractionEvent {
  return {
    interactionId: REF.interactionId,
    channel: 'voice',
    occurredAt: REF.occurredAt,
    customer: { id: REF.customerId, email: 'ana@example.org', name: 'Ana' },
    ...overrides,
  };
}
