// Use case: a new anomaly is emailed to its channel's alert owners (the same owners as the channel's alerts, and not
// while its alerts are switched off), once.
import type { AnomalyRef } from '../domain/anomalies.js';
import type { Mailer } from '../delivery/mailer.js';
import type { AlertStore } from '../alerts/alert-store.js';
import { logger } from '../shared/logger.js';
import { renderAnomalyEmail } from './anomaly-email.js';
import type { AnomalyStore } from './anomaly-store.js';

export interface NotifyAnomalyDeps {
  alerts: Pick<AlertStore, 'rule'>;
  anomalies: AnomalyStore;
  mailer: Mailer;
  now: () => Date;
  brandName: string;
  dashboardUrl: string;
}

/**
 * An anomaly already marked notified is skipped, so a redelivered insert sends nothing. (As with alerts, a crash
 * between SES and the mark may send twice.)
 */
export async function notifyAnomalyOwners(ref: AnomalyRef, deps: NotifyAnomalyDeps): Promise<'sent' | 'no-owners' | 'already-sent' | 'gone'> {
  const stored = await deps.anomalies.get(ref);
  if (!stored) return 'gone';
  if (stored.notifiedAt) return 'already-sent';
  // The channel's alert rule: its owners, unless its alerts are switched off.
  const { owners, enabled } = await deps.alerts.rule(stored.anomaly.channel);
  if (!enabled || owners.length === 0) return 'no-owners';
  const followUpUrl = `${deps.dashboardUrl.replace(/\/+$/, '')}/#/follow-up`;
  const email = renderAnomalyEmail({ anomaly: stored.anomaly, brandName: deps.brandName, followUpUrl });
  for (const to of owners) await deps.mailer.send({ to, ...email });
  await deps.anomalies.markNotified(ref, deps.now().toISOString());
  logger.info('anomaly notified', { anomalyId: ref.anomalyId, owners: owners.length });
  return 'sent';
}
