// When the daily anomaly run starts, in UTC: the CDK schedule (lib/anomalies.ts) and the local stack's scheduler both
// read it. An hour after midnight, so that the stream has folded the day tested into the counters.
export const ANOMALY_RUN_UTC = { hour: 1, minute: 15 } as const;

/** The next run strictly after `afterMs` (epoch ms). */
export function nextAnomalyRun(afterMs: number): number {
  const at = new Date(afterMs);
  const today = Date.UTC(at.getUTCFullYear(), at.getUTCMonth(), at.getUTCDate(), ANOMALY_RUN_UTC.hour, ANOMALY_RUN_UTC.minute);
  return today > afterMs ? today : today + 86_400_000;
}
