// What the weekly digest says, gathered from the reports' own use cases (scores per channel, topics, alert close times),
// the open alerts, and the week's anomalies: one typed object that digest-email.ts renders.
import type { AggregateStore } from '../aggregates/aggregate-store.js';
import { alertReport } from '../alerts/alert-report.js';
import type { AlertStore } from '../alerts/alert-store.js';
import type { AlertStatus } from '../domain/alerts.js';
import type { Channel } from '../domain/channels.js';
import { addDays, utcDay } from '../domain/utc-days.js';
import { channelReport } from '../reports/build-reports.js';
import { topicReport } from '../reports/topic-report.js';
import type { TopicStore } from '../topics/topic-store.js';
import type { Anomaly } from '../domain/anomalies.js';
import type { AnomalyStore } from '../anomalies/anomaly-store.js';

export const DIGEST_DAYS = 7;
/** An alert not closed this long after it was raised is listed as overdue. */
export const OVERDUE_ALERT_HOURS = 48;
export const TOP_NEGATIVE_TOPICS = 3;
/** The overdue alerts the email names one by one (the count covers them all). */
export const LISTED_OVERDUE_ALERTS = 10;
/** Pages of 100 read per status: beyond 5,000 open alerts the count says "at least". */
const MAX_ALERT_PAGES = 50;

export interface Interval {
  low: number;
  high: number;
}
/** A score as the digest shows it: `ci`, `lowSample` and `change` when the report carries them (issue 17, item 1 and 2). */
export interface DigestScore {
  score: number | null;
  responses: number;
  ci?: Interval | null;
  lowSample?: boolean;
  change?: { delta: number; significant: boolean } | null;
}
export interface DigestChannel {
  channel: Channel;
  csat: DigestScore;
  nps: DigestScore;
  ces: DigestScore;
  fcr: DigestScore;
  responseRate: DigestScore;
}
export interface OverdueAlert {
  alertId: string;
  channel: Channel;
  agentId?: string;
  status: AlertStatus;
  createdAt: string;
  hoursOpen: number;
}
export interface DigestContent {
  brandName: string;
  /** UTC days, both included. */
  from: string;
  to: string;
  channels: DigestChannel[];
  anomalies: Anomaly[];
  alerts: {
    /** Alerts open or contacted, raised more than OVERDUE_ALERT_HOURS ago, oldest first (at most LISTED_OVERDUE_ALERTS). */
    overdue: OverdueAlert[];
    overdueCount: number;
    /** True when there were more alerts than were read: the count is a lower bound. */
    overdueCountIsLowerBound: boolean;
    closedThisWeek: number;
    medianSecondsToClose: number | null;
  };
  /** The topics with the most negative comments this week, most first (only those with at least one). */
  negativeTopics: Array<{ id: string; name: string; negative: number; comments: number }>;
  dashboardUrl: string;
}

export interface BuildDigestDeps {
  aggregates: AggregateStore;
  topics: Pick<TopicStore, 'getTopics'>;
  alerts: Pick<AlertStore, 'closeStats' | 'listAlerts'>;
  anomalies: Pick<AnomalyStore, 'list'>;
  brandName: string;
  dashboardUrl: string;
}

type ReportScore = { ci?: Interval | null; lowSample?: boolean; change?: { delta: number; significant: boolean } | null; responses: number };

function scoreOf(value: number | null, of: ReportScore): DigestScore {
  return {
    score: value,
    responses: of.responses,
    ...(of.ci !== undefined ? { ci: of.ci } : {}),
    ...(of.lowSample !== undefined ? { lowSample: of.lowSample } : {}),
    ...(of.change !== undefined ? { change: of.change && { delta: of.change.delta, significant: of.change.significant } } : {}),
  };
}

async function overdueAlerts(at: Date, alerts: BuildDigestDeps['alerts']) {
  const cutoff = at.getTime() - OVERDUE_ALERT_HOURS * 3_600_000;
  const overdue: OverdueAlert[] = [];
  let lowerBound = false;
  for (const status of ['open', 'contacted'] as const) {
    let cursor: string | undefined;
    for (let page = 0; ; page++) {
      if (page === MAX_ALERT_PAGES) {
        lowerBound = true;
        break;
      }
      const result = await alerts.listAlerts({ status, limit: 100, ...(cursor ? { cursor } : {}) });
      for (const alert of result.alerts) {
        const raised = Date.parse(alert.createdAt);
        if (raised <= cutoff)
          overdue.push({
            alertId: alert.alertId,
            channel: alert.channel,
            ...(alert.agentId ? { agentId: alert.agentId } : {}),
            status,
            createdAt: alert.createdAt,
            hoursOpen: Math.floor((at.getTime() - raised) / 3_600_000),
          });
      }
      if (!result.nextCursor) break;
      cursor = result.nextCursor;
    }
  }
  overdue.sort((a, b) => a.createdAt.localeCompare(b.createdAt));
  return { overdue: overdue.slice(0, LISTED_OVERDUE_ALERTS), overdueCount: overdue.length, overdueCountIsLowerBound: lowerBound };
}

/**
 * The digest of the DIGEST_DAYS UTC days ending on `at`'s day:
 * 1. scores per channel from the channel report, with their intervals and the changes against the 7 days before;
 * 2. the anomalies raised in those days;
 * 3. alerts not closed OVERDUE_ALERT_HOURS after they were raised, and the median time to close of those closed in the days;
 * 4. the TOP_NEGATIVE_TOPICS topics with the most negative comments.
 */
export async function buildDigest(at: Date, deps: BuildDigestDeps): Promise<DigestContent> {
  const to = utcDay(at);
  const from = addDays(to, -(DIGEST_DAYS - 1));
  const window = { from, to };
  const [channels, anomalies, overdue, closes, topics] = await Promise.all([
    // Against the 7 days before, at the reports' default confidence and minimum sample.
    channelReport({ ...window, compare: 'previous' }, { store: deps.aggregates }),
    deps.anomalies.list({ from, to }),
    overdueAlerts(at, deps.alerts),
    alertReport(window, { alerts: deps.alerts }),
    topicReport(window, { store: deps.aggregates, topics: deps.topics }),
  ]);
  return {
    brandName: deps.brandName,
    from,
    to,
    channels: channels.channels.map((c) => {
      const extra = c as typeof c & { responseRateCi?: Interval | null; responseRateLowSample?: boolean; responseRateChange?: DigestScore['change'] };
      return {
        channel: c.channel,
        csat: scoreOf(c.csat.score, c.csat),
        nps: scoreOf(c.nps.score, c.nps),
        ces: scoreOf(c.ces.average, c.ces),
        fcr: scoreOf(c.fcr.rate, c.fcr),
        responseRate: scoreOf(c.responseRate, {
          responses: c.invitations,
          ...(extra.responseRateCi !== undefined ? { ci: extra.responseRateCi } : {}),
          ...(extra.responseRateLowSample !== undefined ? { lowSample: extra.responseRateLowSample } : {}),
          ...(extra.responseRateChange !== undefined ? { change: extra.responseRateChange } : {}),
        }),
      };
    }),
    anomalies,
    alerts: { ...overdue, closedThisWeek: closes.total.closed, medianSecondsToClose: closes.total.medianSecondsToClose },
    negativeTopics: topics.total.topics
      .filter((t) => t.negative > 0)
      .sort((a, b) => b.negative - a.negative || a.id.localeCompare(b.id))
      .slice(0, TOP_NEGATIVE_TOPICS)
      .map((t) => ({ id: t.id, name: t.name ?? t.id, negative: t.negative, comments: t.comments })),
    dashboardUrl: deps.dashboardUrl,
  };
}
