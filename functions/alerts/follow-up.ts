// Use case: a manager moves an alert on (open -> contacted -> closed), recorded with who and when.
import { moveAlert, type Alert, type AlertStatus } from '../domain/alerts.js';
import { Conflict, NotFound } from '../shared/errors.js';
import type { AlertStore } from './alert-store.js';

/**
 * 1. Read the alert (unknown: NotFound).
 * 2. Move it by the domain's rule (moveAlert); a move its status does not allow is refused (409, saying where it may go).
 * 3. Write it conditioned on the status read; if another manager moved it first, read again and decide again.
 */
export async function followUp(alertId: string, to: AlertStatus, by: string, deps: { alerts: AlertStore; now: () => Date }): Promise<Alert> {
  for (let attempt = 0; ; attempt++) {
    const alert = await deps.alerts.getAlert(alertId);
    if (!alert) throw new NotFound(`No alert ${alertId}.`);
    const move = moveAlert(alert, to, by, deps.now().toISOString());
    if ('refused' in move) throw new Conflict(move.refused);
    const moved = await deps.alerts.transition(alert, move.moved);
    if (moved) return moved;
    if (attempt >= 2) throw new Conflict('The alert was changed by someone else meanwhile; read it again.');
  }
}
