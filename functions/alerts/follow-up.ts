// Use case: a manager moves an alert on (open -> contacted -> closed), recorded with who and when.
import { ALERT_TRANSITIONS, type Alert, type AlertStatus } from '../domain/alerts.js';
import { NotFound } from '../shared/errors.js';
import type { AlertStore } from './alert-store.js';
import { Conflict } from '../shared/errors.js';

/**
 * 1. Read the alert (unknown: NotFound).
 * 2. Refuse a move its status does not allow (409, saying where it may go).
 * 3. Write it conditioned on the status read; if another manager moved it first, read again and decide again.
 */
export async function followUp(alertId: string, to: AlertStatus, by: string, deps: { alerts: AlertStore; now: () => Date }): Promise<Alert> {
  for (let attempt = 0; ; attempt++) {
    const alert = await deps.alerts.getAlert(alertId);
    if (!alert) throw new NotFound(`No alert ${alertId}.`);
    const allowed = ALERT_TRANSITIONS[alert.status];
    if (!allowed.includes(to)) {
      throw new Conflict(
        alert.status === to
          ? `The alert is already ${to}.`
          : `The alert is ${alert.status}; it can move to ${allowed.length > 0 ? allowed.join(' or ') : 'nothing (closed is final)'}, not to ${to}.`,
      );
    }
    const moved = await deps.alerts.transition(alert, to, by, deps.now().toISOString());
    if (moved) return moved;
    if (attempt >= 2) throw new Conflict('The alert was changed by someone else meanwhile; read it again.');
  }
}
