// The table's key layout, defined once. See docs/data-model.md for the access patterns these serve.
import { utcDay } from '../domain/utc-days.js';

export const TABLE = {
  partitionKey: 'pk',
  sortKey: 'sk',
  ttlAttribute: 'ttl',
} as const;

/** Secondary indexes, named after the access pattern they serve. */
export const INDEX = {
  /** Answers of one UTC day (of their latest submit), newest first: the comments feed and its CSV export. */
  answersByDay: { name: 'answersByDay', partitionKey: 'gsi1pk', sortKey: 'gsi1sk' },
  /** Alerts by follow-up status (open, contacted, closed), newest first: the managers' list of customers to call back. */
  alertsByStatus: { name: 'alertsByStatus', partitionKey: 'gsi2pk', sortKey: 'gsi2sk' },
} as const;

export const answersByDayKey = (answeredAt: string, surveyId: string) => ({
  gsi1pk: `ANSWERS#${utcDay(answeredAt)}`,
  gsi1sk: `${answeredAt}#${surveyId}`,
});
export const answersByDayPk = (day: string) => `ANSWERS#${day}`;

/** One survey definition per channel. */
export const surveyDefinitionKey = (channel: string): Key => ({ pk: `SURVEY#${channel}`, sk: 'DEFINITION' });
/** An address that bounced hard or complained: never sent to again. */
export const suppressionKey = (email: string): Key => ({ pk: `SUPPRESSED#${normalizeEmail(email)}`, sk: 'SUPPRESSION' });

export const ENTITY = {
  customer: 'Customer',
  customerEmail: 'CustomerEmail',
  interaction: 'Interaction',
  invitation: 'Invitation',
  answer: 'Answer',
  interactionGuard: 'InteractionGuard',
  token: 'SurveyToken',
  unsubscribeToken: 'UnsubscribeToken',
  surveyDefinition: 'SurveyDefinition',
  suppression: 'Suppression',
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
/** One item per unsubscribe link: the invitation whose customer it opts out (it opens no survey). */
export const unsubscribeTokenKey = (token: string): Key => ({ pk: `UNSUBSCRIBE#${token}`, sk: 'UNSUBSCRIBE' });

// Closing the loop (docs/data-model.md): topics and alert rules as configuration items, alerts in the customer's own
// partition next to the answer they follow up, webhook subscriptions and their delivery logs.
export const FOLLOW_UP_ENTITY = {
  topics: 'TopicSet',
  alertRule: 'AlertRule',
  alert: 'Alert',
  alertLookup: 'AlertLookup',
  alertStat: 'AlertCloseStat',
  webhook: 'WebhookSubscription',
  webhookDelivery: 'WebhookDelivery',
} as const;

/** The one set of topics: replaced whole by PUT /topics. */
export const topicsKey = (): Key => ({ pk: 'CONFIG#TOPICS', sk: 'TOPICS' });
/** Alert thresholds and owners, one item per channel, all read with one Query. */
export const ALERT_RULES_PK = 'CONFIG#ALERT_RULES';
export const alertRuleKey = (channel: string): Key => ({ pk: ALERT_RULES_PK, sk: channel });

/** At most one alert per survey: its key is derived from the answer's, in the same customer partition. */
export const alertKey = (customerId: string, occurredAt: string, interactionId: string): Key => ({
  pk: customerPk(customerId),
  sk: `${timelinePrefix(occurredAt, interactionId)}4-ALERT`,
});
/** An alert's opaque id -> the alert's key (its id names no customer, so PATCH /alerts/{id} reads this first). */
export const alertLookupKey = (alertId: string): Key => ({ pk: `ALERT#${alertId}`, sk: 'ALERT' });
/** Where a timeline item (answer, alert) of an interaction lives, read back from its keys. */
export function timelineRefOf(pk: string, sk: string): { customerId: string; occurredAt: string; interactionId: string } | null {
  const [tag, occurredAt, interactionId] = sk.split('#');
  if (!pk.startsWith('CUSTOMER#') || tag !== 'T' || !occurredAt || !interactionId) return null;
  return { customerId: pk.slice('CUSTOMER#'.length), occurredAt, interactionId };
}
export const alertsByStatusPk = (status: string) => `ALERTS#${status}`;
export const alertsByStatusKey = (status: string, createdAt: string, alertId: string) => ({
  gsi2pk: alertsByStatusPk(status),
  gsi2sk: `${createdAt}#${alertId}`,
});
/** Close durations of one channel and UTC day (the median to close is not mergeable: the durations are kept). */
export const alertStatPk = (channel: string) => `ALERTSTAT#${channel}`;
export const alertStatKey = (channel: string, day: string): Key => ({ pk: alertStatPk(channel), sk: day });

/** Subscriptions, all in one partition (a handful), and each one's delivery log in its own, newest first by sort key. */
export const WEBHOOKS_PK = 'WEBHOOKS';
export const webhookKey = (subscriptionId: string): Key => ({ pk: WEBHOOKS_PK, sk: subscriptionId });
export const webhookDeliveryPk = (subscriptionId: string) => `WEBHOOK#${subscriptionId}`;
export const webhookDeliveryKey = (subscriptionId: string, occurredAt: string, eventId: string): Key => ({
  pk: webhookDeliveryPk(subscriptionId),
  sk: `D#${occurredAt}#${eventId}`,
});

// The weekly digest (functions/digest): its settings, and one marker per ISO week and recipient that it went out.
export const DIGEST_ENTITY = { settings: 'DigestSettings', sent: 'DigestSent' } as const;
export const digestSettingsKey = (): Key => ({ pk: 'CONFIG#DIGEST', sk: 'SETTINGS' });
/** `week` as `2026-W49` (the ISO week in the digest's time zone). */
export const digestSentKey = (week: string, recipient: string): Key => ({ pk: `DIGEST#${week}`, sk: normalizeEmail(recipient) });
// Anomalies (functions/anomalies): one partition, sorted by the day tested; a handful a day at most.
export const ANOMALY_ENTITY = 'Anomaly';
export const ANOMALIES_PK = 'ANOMALIES';
/** One item per day, scope, key, metric and window: the id is derived from them (anomaly-ids.ts). */
export const anomalyKey = (day: string, anomalyId: string): Key => ({ pk: ANOMALIES_PK, sk: `${day}#${anomalyId}` });
/** The sort-key range of the anomalies of days `from` to `to`, inclusive. */
export const anomalyRange = (from: string, to: string) => ({ start: `${from}#`, end: `${to}#\uffff` });
/** An anomaly's day and id read back from its sort key. */
export function anomalyRefOf(pk: string, sk: string): { day: string; anomalyId: string } | null {
  const [day, anomalyId] = sk.split('#');
  return pk === ANOMALIES_PK && day && anomalyId ? { day, anomalyId } : null;
}

// Aggregates (functions/aggregates): sharded counters, their month rollups, and the markers that count a change once.
/** A counter period: a UTC day `YYYY-MM-DD`, or a UTC month `YYYY-MM` (a rollup). */
const isMonth = (period: string) => period.length === 7;
/** Month rollups sort after every day in the same partition (`M` > any digit), so a day range never meets them. */
const counterSkPrefix = (period: string) => (isMonth(period) ? `M#${period}` : period);

/** Entity types of the aggregates' items. */
export const AGGREGATE_ENTITY = { counter: 'Counter', marker: 'AggregateMarker' } as const;

export const counterPk = (dimension: string, shard: number) => `AGG#${dimension}#${shard}`;
export const counterKey = (dimension: string, shard: number, period: string, value: string): Key => ({
  pk: counterPk(dimension, shard),
  sk: `${counterSkPrefix(period)}#${value}`,
});
/** The sort-key range of a dimension's counters from one period to another of the same unit, inclusive. */
export const counterRange = (from: string, to: string) => ({ start: `${counterSkPrefix(from)}#`, end: `${counterSkPrefix(to)}#\uffff` });
/** A counter's sort key read back: its period (a month as its first day, for bucketing) and the dimension's value. */
export function parseCounterSk(sk: string): { day: string; value: string } {
  if (sk.startsWith('M#')) return { day: `${sk.slice(2, 9)}-01`, value: sk.slice(10) };
  return { day: sk.slice(0, 10), value: sk.slice(11) };
}
/** That the change named by `source` (`answer#<surveyId>#<revision>`, `sent#<surveyId>`...) is counted. */
export const aggregateMarkerKey = (source: string): Key => ({ pk: `AGGMARK#${source}`, sk: 'MARK' });

/** The sort-key range of a customer's timeline items whose interaction occurred from `from` to `to`, inclusive. */
export const timelineRange = (from: string, to: string) => ({ start: `${TIMELINE_BEGINS}${from}`, end: `${TIMELINE_BEGINS}${to}\uffff` });
