// Everything that names a customer, in one list: the items of their partition, and every item elsewhere that one of
// those points to. Export returns it all and erasure removes it all (functions/privacy); docs/data-model.md has the table.
import {
  ENTITY,
  FOLLOW_UP_ENTITY,
  alertLookupKey,
  emailLookupKey,
  interactionGuardKey,
  normalizeEmail,
  tokenKey,
  unsubscribeTokenKey,
  type Key,
} from './keys.js';

type Item = Record<string, unknown>;

/** An answer or alert a webhook delivery was made of, and the instants its events fell between (the log's sort key). */
export interface DeliverySource {
  pk: string;
  sk: string;
  from: string;
  to: string;
}

export interface CustomerItems {
  profile: Item | null;
  interactions: Item[];
  invitations: Item[];
  answers: Item[];
  alerts: Item[];
  /** Every address the customer used, the current one included, trimmed and lower-cased. */
  addresses: string[];
  /** Outside the partition, found from its items: a lookup per address, a guard per interaction, a link token and an unsubscribe token per invitation, a lookup per alert id. */
  pointers: Key[];
  /** Where their webhook deliveries are: each subscription's log holds its entries under these sources. */
  deliverySources: DeliverySource[];
}

const addressesOf = (profile: Item): string[] => {
  const used =
    profile.addresses instanceof Set ? [...(profile.addresses as Set<string>)] : Array.isArray(profile.addresses) ? (profile.addresses as string[]) : [];
  // Profiles written before `addresses` existed know only their current address.
  return [...new Set([...used, ...(typeof profile.email === 'string' ? [profile.email] : [])].map(normalizeEmail))].sort();
};

/** Sorts the items of a customer's partition (one Query on `CUSTOMER#<id>`) into the one list. */
export function customerItemsOf(customerId: string, partition: Item[]): CustomerItems {
  const of = (type: string) => partition.filter((item) => item.type === type);
  const profile = of(ENTITY.customer)[0] ?? null;
  const interactions = of(ENTITY.interaction);
  const invitations = of(ENTITY.invitation);
  const answers = of(ENTITY.answer);
  const alerts = of(FOLLOW_UP_ENTITY.alert);
  const addresses = profile ? addressesOf(profile) : [];
  const pointers: Key[] = [
    ...addresses.map((address) => emailLookupKey(address, customerId)),
    ...interactions.map((i) => interactionGuardKey(String(i.interactionId))),
    ...invitations.filter((i) => typeof i.token === 'string').map((i) => tokenKey(i.token as string)),
    ...invitations.filter((i) => typeof i.unsubscribeToken === 'string').map((i) => unsubscribeTokenKey(i.unsubscribeToken as string)),
    ...alerts.filter((a) => typeof a.alertId === 'string').map((a) => alertLookupKey(a.alertId as string)),
  ];
  const deliverySources: DeliverySource[] = [
    // Every revision's event happened at its answeredAt: from the first answer to the latest.
    ...answers.map((a) => ({ pk: String(a.pk), sk: String(a.sk), from: String(a.firstAnsweredAt ?? a.answeredAt), to: String(a.answeredAt) })),
    ...alerts.map((a) => ({ pk: String(a.pk), sk: String(a.sk), from: String(a.createdAt), to: String(a.createdAt) })),
  ];
  return { profile, interactions, invitations, answers, alerts, addresses, pointers, deliverySources };
}
