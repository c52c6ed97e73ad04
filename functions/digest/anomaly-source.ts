// Where the digest reads the week's anomalies (issue 17, item 3: the daily anomaly job). A port of its own, so the
// digest does not wait on that job's store: until it is wired, NO_ANOMALIES stands in and the email says none were found.
import type { Channel } from '../domain/channels.js';

/** One anomaly as the digest shows it: the fields of GET /anomalies' items that a reader needs. */
export interface DigestAnomaly {
  day: string;
  scope: 'channel' | 'agent' | 'team';
  /** The channel, agent or team id. */
  key: string;
  metric: 'csat' | 'nps' | 'fcr' | 'responseRate';
  window: 'day' | 'week';
  current: { score: number | null; n: number };
  baseline: { score: number | null; n: number };
  delta: number;
  channel?: Channel;
}

export interface AnomalySource {
  /** The anomalies raised on UTC days `from` to `to`, both included. */
  anomaliesBetween(from: string, to: string): Promise<DigestAnomaly[]>;
}

export const NO_ANOMALIES: AnomalySource = { anomaliesBetween: async () => [] };
