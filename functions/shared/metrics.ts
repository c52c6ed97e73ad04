// Business metrics as CloudWatch embedded-metric-format (EMF) lines on the log sink: CloudWatch Logs turns each line into
// a metric, with no SDK call and no extra dependency in any bundle. The names are defined here once; lib/operations.ts graphs them.
import type { SkipReason } from '../domain/model.js';
import { logContext, logSink } from './logger.js';

/** The CloudWatch namespace of every business metric. */
export const METRIC_NAMESPACE = 'FeedbackPlatform';

/** Every business metric, each a count of one event. */
export const METRIC = {
  surveySent: 'SurveySent',
  reminderSent: 'ReminderSent',
  surveySkipped: 'SurveySkipped',
  surveyAnswered: 'SurveyAnswered',
  webhookDelivered: 'WebhookDelivered',
  webhookFailed: 'WebhookFailed',
} as const;
export type MetricName = (typeof METRIC)[keyof typeof METRIC];

/** The one dimension: a skipped survey's reason (a fixed list, so a handful of metrics, never one per customer). */
export const REASON_DIMENSION = 'Reason';
type Dimensions<N extends MetricName> = N extends typeof METRIC.surveySkipped ? { [REASON_DIMENSION]: SkipReason } : Record<string, never>;

/**
 * One EMF line: the `_aws` block declares the metric, the top-level members carry its value and dimension values; the
 * log line's own fields follow (level, time, `message: "metric"`, service, correlation id), which CloudWatch keeps as
 * properties, so a metric line reads like every other line of its request.
 */
export function emfLine(
  name: MetricName,
  dimensions: Readonly<Record<string, string>>,
  at: number,
  value = 1,
  fields: Readonly<Record<string, unknown>> = {},
): string {
  return JSON.stringify({
    _aws: {
      Timestamp: at,
      CloudWatchMetrics: [{ Namespace: METRIC_NAMESPACE, Dimensions: [Object.keys(dimensions)], Metrics: [{ Name: name, Unit: 'Count' }] }],
    },
    ...dimensions,
    [name]: value,
    level: 'info',
    time: new Date(at).toISOString(),
    message: 'metric',
    ...fields,
  });
}

/** Counts one event now. Silent when the logs are (LOG_LEVEL=silent, as in unit tests). */
export function countMetric<N extends MetricName>(name: N, ...dimensions: Dimensions<N> extends Record<string, never> ? [] : [Dimensions<N>]): void {
  if (process.env.LOG_LEVEL === 'silent') return;
  logSink.write('info', emfLine(name, dimensions[0] ?? {}, Date.now(), 1, logContext()));
}
