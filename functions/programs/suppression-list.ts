// The port to the suppression list: addresses never sent to again (the adapter is dynamodb-suppression-list.ts).

/** An address to suppress, and why: a permanent bounce or a complaint. */
export type Suppression = { email: string; reason: 'hard_bounce' | 'complaint' };

export interface SuppressionList {
  /** Records the address as suppressed for good (again, if it was: the latest event wins). */
  suppress(suppression: Suppression, at: string, detailType: string): Promise<void>;
}
