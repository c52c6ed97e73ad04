// What the table keeps for itself on an item, listed once: every adapter hands out items without these attributes.
type Item = Record<string, unknown>;

/** Keys, index keys, entity type and version, expiry, the sender's leases, the addresses behind the email search. */
export const INTERNAL_ATTRIBUTES = [
  'pk',
  'sk',
  'gsi1pk',
  'gsi1sk',
  'gsi2pk',
  'gsi2sk',
  'type',
  'v',
  'ttl',
  'leaseUntil',
  'leaseOwner',
  'reminderLeaseUntil',
  'reminderLeaseOwner',
  'addresses',
] as const;

/** An invitation's link tokens: credentials, never shown in a customer's record or export. */
export const CREDENTIAL_ATTRIBUTES = ['token', 'unsubscribeToken'] as const;

const INTERNAL = new Set<string>(INTERNAL_ATTRIBUTES);

/** The item as the domain knows it: every internal attribute removed, and `also` those named. */
export function fromItem<T>(item: Item, also: readonly string[] = []): T {
  return Object.fromEntries(Object.entries(item).filter(([name]) => !INTERNAL.has(name) && !also.includes(name))) as T;
}
