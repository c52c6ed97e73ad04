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

/** Where a page ended: the day being read and the last key read in it. */
export interface FeedPosition {
  day: string;
  after?: Record<string, unknown>;
}

export interface ResponseFeed {
  /** Up to `limit` answers matching the filter, newest first, from `position` on; `next` when more may follow. */
  page(filter: ResponseFilter, limit: number, position?: FeedPosition): Promise<{ answers: Answer[]; next?: FeedPosition }>;
  profiles(customerIds: string[]): Promise<Map<string, CustomerProfile>>;
}
