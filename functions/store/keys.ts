// The table's key layout, defined once. See docs/data-model.md for the access patterns these serve.
export const TABLE = {
  partitionKey: 'pk',
  sortKey: 'sk',
  ttlAttribute: 'ttl',
} as const;

/** Secondary indexes, named after the access pattern they serve. */
export const INDEX = {
  /** Answers of one UTC day (of their latest submit), newest first: the comments feed and its CSV export. */
  answersByDay: { name: 'answersByDay', partitionKey: 'gsi1pk', sortKey: 'gsi1sk' },
} as const;

export const answersByDayKey = (answeredAt: string, surveyId: string) => ({
  gsi1pk: `ANSWERS#${answeredAt.slice(0, 10)}`,
  gsi1sk: `${answeredAt}#${surveyId}`,
});
export const answersByDayPk = (day: string) => `ANSWERS#${day}`;

export const ENTITY = {
  customer: 'Customer',
  customerEmail: 'CustomerEmail',
  interaction: 'Interaction',
  invitation: 'Invitation',
  answer: 'Answer',
  interactionGuard: 'InteractionGuard',
  token: 'SurveyToken',
} as const;

/** Schema version written on every item, so that later code can migrate old shapes. */
export const ITEM_VERSION = 1;

export interface Key {
  pk: string;
  sk: string;
}

export const customerPk = (customerId: string) => `CUSTOMER#${customerId}`;
export const profileKey = (customerId: string): Key => ({ pk: customerPk(customerId), sk: 'PROFILE' });

/** Addresses are compared without case or surrounding space; nothing else (dots and +tags are mailbox-specific). */
export const normalizeEmail = (email: string) => email.trim().toLowerCase();
/** Every customer who has used an address, one item each: the search by email. */
export const emailPk = (email: string) => `EMAIL#${normalizeEmail(email)}`;
export const emailLookupKey = (email: string, customerId: string): Key => ({ pk: emailPk(email), sk: customerPk(customerId) });

/** Every item of one interaction shares this prefix, so that the timeline groups them, newest first. */
export const timelinePrefix = (occurredAt: string, interactionId: string) => `T#${occurredAt}#${interactionId}#`;
export const TIMELINE_BEGINS = 'T#';

export const interactionKey = (customerId: string, occurredAt: string, interactionId: string): Key => ({
  pk: customerPk(customerId),
  sk: `${timelinePrefix(occurredAt, interactionId)}1-INTERACTION`,
});
export const invitationKey = (customerId: string, occurredAt: string, interactionId: string): Key => ({
  pk: customerPk(customerId),
  sk: `${timelinePrefix(occurredAt, interactionId)}2-INVITATION`,
});
export const answerKey = (customerId: string, occurredAt: string, interactionId: string): Key => ({
  pk: customerPk(customerId),
  sk: `${timelinePrefix(occurredAt, interactionId)}3-ANSWER`,
});

/** One item per interactionId: the guard that makes ingest idempotent. */
export const interactionGuardKey = (interactionId: string): Key => ({ pk: `INTERACTION#${interactionId}`, sk: 'GUARD' });
/** One item per survey link: where a token points. */
export const tokenKey = (token: string): Key => ({ pk: `TOKEN#${token}`, sk: 'TOKEN' });
