// Use case: the customers who have used an email address, for a CX manager who has an address but not an id.
import type { CustomerProfile } from '../domain/model.js';
import type { CustomerSearch } from '../store/survey-store.js';

/** More customers on one address than this is a shared mailbox, not a search result: the first ones, by id. */
export const MAX_MATCHES = 25;

export async function findCustomersByEmail(email: string, deps: { search: CustomerSearch }): Promise<{ customers: CustomerProfile[] }> {
  return { customers: await deps.search.findCustomersByEmail(email, MAX_MATCHES) };
}
