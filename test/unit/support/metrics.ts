// Captures the business metrics a use case emits: the EMF lines written to the log sink, read back as name and dimensions.
import { vi } from 'vitest';
import { logSink } from '../../../functions/shared/logger.js';

export interface CountedMetric {
  name: string;
  dimensions: Record<string, string>;
}

/** Starts capturing (logs on, sink replaced); restore with vi.restoreAllMocks() and vi.unstubAllEnvs(). */
export function captureMetrics(): CountedMetric[] {
  const counted: CountedMetric[] = [];
  vi.stubEnv('LOG_LEVEL', 'info');
  vi.spyOn(logSink, 'write').mockImplementation((_level, line) => {
    const parsed = JSON.parse(line) as { _aws?: { CloudWatchMetrics: { Dimensions: string[][]; Metrics: { Name: string }[] }[] } } & Record<string, unknown>;
    const declared = parsed._aws?.CloudWatchMetrics[0];
    if (!declared) return;
    const dimensions = Object.fromEntries((declared.Dimensions[0] ?? []).map((key) => [key, String(parsed[key])]));
    for (const metric of declared.Metrics) counted.push({ name: metric.Name, dimensions });
  });
  return counted;
}
