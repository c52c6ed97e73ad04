// The port of the CX managers' customer views: a customer's record, newest first, and customers by an address they used.
// (A customer's export and erasure have their own port, functions/privacy/customer-data.ts, over the same list of items.)
import type { Alert } from '../domain/alerts.js';
import type { Answer, CustomerProfile, Interaction, Invitation } from '../domain/model.js';

export interface TimelineEntry {
  interaction: Interaction;
  /** Without its link tokens: they are the customer's credentials. */
  invitation?: Omit<Invitation, 'token' | 'unsubscribeToken'>;
  answer?: Answer;
  /** The follow-up an unhappy answer raised (functions/alerts). */
  alert?: Alert;
}

export interface CustomerRecord {
  profile: CustomerProfile;
  timeline: TimelineEntry[];
  nextCursor?: string;
}

export interface CustomerRecords {
  /** A page of the customer's timeline after `cursor` (InvalidInput naming `cursor` if this port did not make it); null for an unknown customer. */
  getCustomerRecord(customerId: string, limit: number, cursor?: string): Promise<CustomerRecord | null>;
  /** Every customer who has used the address (trimmed, case ignored), at most `limit`, ordered by id. */
  findCustomersByEmail(email: string, limit: number): Promise<CustomerProfile[]>;
}
