// Use case: the customers who have used an email address, for a CX manager who has an address but not an id.
import type { CustomerProfile } from '../domain/model.js';
import type { CustomerRecords } from '../store/customer-records.js';

/** More customers on one address than this is a shared mailbox, not a search result: the first ones, by id. */
export const MAX_MATCHES = 25;

export async function findCustomersByEmail(email: string, deps: { records: CustomerRecords }): Promise<{ customers: CustomerProfile[] }> {
  return { customers: await deps.records.findCustomersByEmail(email, MAX_MATCHES) };
}
