// Use case: a customer's profile and timeline across channels, newest first, for a CX manager.
import { NotFound } from '../shared/errors.js';
import type { CustomerRecord, SurveyStore } from '../store/survey-store.js';

export async function getCustomerRecord(customerId: string, page: { limit: number; cursor?: string }, deps: { store: SurveyStore }): Promise<CustomerRecord> {
  const record = await deps.store.getCustomerRecord(customerId, page.limit, page.cursor);
  if (!record) throw new NotFound(`No customer with id ${customerId}.`);
  return record;
}
