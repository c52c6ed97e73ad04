// Use case: a customer's profile and timeline across channels, newest first, for a CX manager.
import { NotFound } from '../shared/errors.js';
import type { CustomerRecord, CustomerRecords } from '../store/customer-records.js';

export async function getCustomerRecord(
  customerId: string,
  page: { limit: number; cursor?: string },
  deps: { records: CustomerRecords },
): Promise<CustomerRecord> {
  const record = await deps.records.getCustomerRecord(customerId, page.limit, page.cursor);
  if (!record) throw new NotFound(`No customer with id ${customerId}.`);
  return record;
}
