// The port for a customer's right of access and right to erasure: what is stored about them, and what erasing it deletes.
// Its DynamoDB adapter is functions/privacy/dynamodb-customer-data.ts.
import type { Key } from '../store/keys.js';

type Item = Record<string, unknown>;

export interface CustomerData {
  profile: Item | null;
  /** Every address they used, the current one included. */
  addresses: string[];
  interactions: Item[];
  invitations: Item[];
  answers: Item[];
  /** Alerts their answers raised: a copy of the comment and the follow-up history. */
  alerts: Item[];
  /** Webhook deliveries of their answers and alerts (status and attempts; the bodies are read from the answer or alert). */
  webhookDeliveries: Item[];
}

/** What an erasure deletes, in this order: deliveries, answers (with their terms), the pointers and the partition, the profile last. */
export interface Erasure {
  deliveries: Key[];
  answers: Item[];
  keys: Key[];
}

export interface CustomerDataStore {
  collect(customerId: string): Promise<{ data: CustomerData; erasure: Erasure }>;
  /** Deletes it all, the profile last, so that an interrupted erasure can be run again and finish; answers the items deleted. */
  erase(erasure: Erasure): Promise<number>;
}
