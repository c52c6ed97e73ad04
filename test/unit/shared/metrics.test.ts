// The EMF writer: CloudWatch only extracts a metric from a line whose `_aws` block names it exactly, so the format is asserted whole.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { logger, logSink } from '../../../functions/shared/logger.js';
import { METRIC, countMetric, emfLine } from '../../../functions/shared/metrics.js';

afterEach(() => {
  vi.restoreAllMocks();
  vi.unstubAllEnvs();
});

describe('emfLine', () => {
  it('declares a count without dimensions in the platform namespace, and carries its value', () => {
    const line = emfLine(METRIC.surveySent, {}, 1_750_000_000_000);

    expect(JSON.parse(line)).toEqual({
      _aws: {
        Timestamp: 1_750_000_000_000,
        CloudWatchMetrics: [{ Namespace: 'FeedbackPlatform', Dimensions: [[]], Metrics: [{ Name: 'SurveySent', Unit: 'Count' }] }],
      },
      SurveySent: 1,
      level: 'info',
      time: '2025-06-15T15:06:40.000Z',
      message: 'metric',
    });
  });

  it('declares the dimension by name and carries its value as a top-level member', () => {
    const line = emfLine(METRIC.surveySkipped, { Reason: 'throttled' }, 1_750_000_000_000);

    expect(line).toBe(
      '{"_aws":{"Timestamp":1750000000000,"CloudWatchMetrics":[{"Namespace":"FeedbackPlatform","Dimensions":[["Reason"]],' +
        '"Metrics":[{"Name":"SurveySkipped","Unit":"Count"}]}]},"Reason":"throttled","SurveySkipped":1,' +
        '"level":"info","time":"2025-06-15T15:06:40.000Z","message":"metric"}',
    );
  });
});

describe('countMetric', () => {
  it('writes one EMF line to the log sink, stamped now', () => {
    vi.stubEnv('LOG_LEVEL', 'info');
    vi.useFakeTimers({ now: new Date('2025-06-01T12:00:00Z') });
    const write = vi.spyOn(logSink, 'write').mockImplementation(() => undefined);

    countMetric(METRIC.surveySkipped, { Reason: 'suppressed' });
    vi.useRealTimers();

    expect(write).toHaveBeenCalledTimes(1);
    expect(write).toHaveBeenCalledWith('info', emfLine(METRIC.surveySkipped, { Reason: 'suppressed' }, Date.parse('2025-06-01T12:00:00Z')));
  });

  it("carries the invocation's service and correlation id, like every log line of its request", () => {
    vi.stubEnv('LOG_LEVEL', 'info');
    const write = vi.spyOn(logSink, 'write').mockImplementation(() => undefined);
    logger.setContext({ service: 'delivery', correlationId: 'req-42' });

    countMetric(METRIC.surveySent);

    expect(JSON.parse(write.mock.calls[0]![1])).toMatchObject({
      level: 'info',
      message: 'metric',
      service: 'delivery',
      correlationId: 'req-42',
      SurveySent: 1,
    });
  });

  it('writes nothing when logging is silenced', () => {
    vi.stubEnv('LOG_LEVEL', 'silent');
    const write = vi.spyOn(logSink, 'write').mockImplementation(() => undefined);

    countMetric(METRIC.webhookDelivered);

    expect(write).not.toHaveBeenCalled();
  });
});
