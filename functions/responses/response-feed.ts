// The port through which managers read answers with their comments, newest first.
import type { Channel } from '../domain/channels.js';
import type { Answer, CustomerProfile } from '../domain/model.js';

export interface ResponseFilter {
  from: string;
  to: string;
  channel?: Channel;
  maxCsat?: number;
  hasComment?: boolean;
}

export interface ResponseFeed {
  /**
   * Up to `limit` answers matching the filter, newest first, from the cursor on; `nextCursor` when more may follow.
   * A cursor the feed did not make, or made for another window, is refused (InvalidInput naming `cursor`).
   */
  page(filter: ResponseFilter, limit: number, cursor?: string): Promise<{ answers: Answer[]; nextCursor?: string }>;
  profiles(customerIds: string[]): Promise<Map<string, CustomerProfile>>;
}
