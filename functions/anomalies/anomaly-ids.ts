// An anomaly's id: derived from what makes it one (day, scope, key, metric, window), so that however often the daily
// job runs, the conditional write finds the same id and stores it once. Hashed: the id is opaque in URLs and logs.
import { createHash } from 'node:crypto';
import type { Finding } from '../domain/anomalies.js';

export const anomalyIdOf = (f: Pick<Finding, 'day' | 'scope' | 'channel' | 'key' | 'metric' | 'window'>): string =>
  `anm_${createHash('sha256').update([f.day, f.scope, f.channel, f.key, f.metric, f.window].join('|')).digest('hex').slice(0, 24)}`;
