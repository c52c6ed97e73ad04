// Use case: GET /anomalies — the anomalies raised for the days of a window (the report window's rules: UTC days, at
// most 400, from <= to), of one channel if asked, by day.
import type { Anomaly } from '../domain/anomalies.js';
import type { Channel } from '../domain/channels.js';
import type { AnomalyStore } from './anomaly-store.js';

export async function listAnomalies(
  window: { from: string; to: string; channel?: Channel },
  deps: { anomalies: Pick<AnomalyStore, 'list'> },
): Promise<{ from: string; to: string; channel?: Channel; anomalies: Anomaly[] }> {
  const anomalies = await deps.anomalies.list(window);
  return { from: window.from, to: window.to, ...(window.channel ? { channel: window.channel } : {}), anomalies };
}
