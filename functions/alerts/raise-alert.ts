// Use case: an answer at or below its channel's thresholds raises one alert, and the channel's owners hear of it.
import { alertReasons, raisedAlert, type Alert, type AnswerRef, type RaisingAnswer } from '../domain/alerts.js';
import type { Mailer } from '../delivery/mailer.js';
import { logger } from '../shared/logger.js';
import { newAlertId } from './alert-ids.js';
import type { AlertStore } from './alert-store.js';
import { renderAlertEmail } from './alert-email.js';

export interface RaiseAlertDeps {
  alerts: AlertStore;
  now: () => Date;
}

/**
 * 1. Read the channel's rule; an answer crossing none of its thresholds raises nothing.
 * 2. Store the alert with a condition on its key: a redelivered or re-edited answer never raises a second one.
 * Answers the alert when this call created it.
 */
export async function raiseAlert(answer: RaisingAnswer, ref: AnswerRef, deps: RaiseAlertDeps): Promise<Alert | null> {
  const rule = await deps.alerts.rule(answer.channel);
  const reasons = alertReasons(answer, rule);
  if (reasons.length === 0) return null;
  const alert = raisedAlert(answer, ref, reasons, newAlertId(), deps.now().toISOString());
  return (await deps.alerts.createAlert(alert, ref)) ? alert : null;
}

export interface NotifyDeps {
  alerts: AlertStore;
  mailer: Mailer;
  now: () => Date;
  brandName: string;
  /** The dashboard's address: the email links to the customer's record there. */
  dashboardUrl: string;
}

/**
 * Emails a new alert to its channel's owners, once: an alert already marked notified is skipped, so a redelivery of
 * the alert's creation sends nothing. (As with invitations, a crash between SES and the mark may send twice.)
 */
export async function notifyOwners(alert: Alert, deps: NotifyDeps): Promise<'sent' | 'no-owners' | 'already-sent' | 'gone'> {
  const current = await deps.alerts.getAlert(alert.alertId);
  if (!current) return 'gone';
  if (current.notifiedAt) return 'already-sent';
  const { owners } = await deps.alerts.rule(current.channel);
  if (owners.length === 0) return 'no-owners';
  const customerUrl = `${deps.dashboardUrl.replace(/\/+$/, '')}/#/customers/${encodeURIComponent(current.customerId)}`;
  for (const to of owners) await deps.mailer.send({ to, ...renderAlertEmail({ alert: current, brandName: deps.brandName, customerUrl }) });
  await deps.alerts.markNotified(current.alertId, deps.now().toISOString());
  logger.info('alert notified', { alertId: current.alertId, owners: owners.length });
  return 'sent';
}
