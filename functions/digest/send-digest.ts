// The weekly digest's one use case: on each trigger (hourly, EventBridge Scheduler; locally the stack's clock), send
// this week's digest to each recipient if it is due and not yet sent; or, forced (`npm run digest -- --now`), send now.
import type { Mailer } from '../delivery/mailer.js';
import { digestDue, isoWeekOf, localTime } from '../domain/digest-schedule.js';
import { Unavailable } from '../shared/errors.js';
import { buildDigest, type BuildDigestDeps } from './build-digest.js';
import { renderDigestEmail } from './digest-email.js';
import type { DigestStore } from './digest-store.js';

export interface SendDigestDeps extends BuildDigestDeps {
  store: DigestStore;
  mailer: Mailer;
}

export type DigestOutcome =
  | { status: 'not_configured' | 'disabled' }
  | { status: 'not_due'; week: string }
  | { status: 'sent'; week: string; sent: number; alreadySent: number };

/**
 * 1. Read the settings; none, or disabled and not forced: nothing to do.
 * 2. Unless forced, the trigger's time must be in the due window (domain/digest-schedule.ts) of the local ISO week.
 * 3. Unless forced, claim each recipient's "sent for week W" marker (a conditional write): only the claimed ones get it.
 * 4. Build the content once, render it, send it to each claimed recipient. A send that fails gives its claim back, and
 *    the trigger fails (Unavailable) so that the scheduler's retry sends to those, and only those.
 */
export async function sendDigest(trigger: { at: Date; force?: boolean }, deps: SendDigestDeps): Promise<DigestOutcome> {
  const settings = await deps.store.getSettings();
  if (!settings) return { status: 'not_configured' };
  if (!settings.enabled && !trigger.force) return { status: 'disabled' };
  const { due, week } = trigger.force ? { due: true, week: isoWeekOf(localTime(trigger.at, settings.timeZone).date) } : digestDue(settings, trigger.at);
  if (!due) return { status: 'not_due', week };

  const claimed: string[] = [];
  try {
    for (const recipient of settings.recipients)
      if (trigger.force || (await deps.store.claimSend(week, recipient, trigger.at.toISOString()))) claimed.push(recipient);
  } catch (error) {
    await releaseAll(claimed, week, trigger, deps);
    throw error;
  }
  if (claimed.length === 0) return { status: 'sent', week, sent: 0, alreadySent: settings.recipients.length };

  let email: ReturnType<typeof renderDigestEmail>;
  try {
    email = renderDigestEmail(await buildDigest(trigger.at, deps));
  } catch (error) {
    await releaseAll(claimed, week, trigger, deps);
    throw error;
  }
  const failed: string[] = [];
  for (const to of claimed) {
    try {
      await deps.mailer.send({ to, ...email });
    } catch {
      failed.push(to);
    }
  }
  await releaseAll(failed, week, trigger, deps);
  if (failed.length > 0) throw new Unavailable(`The digest reached ${claimed.length - failed.length} of ${claimed.length} recipients; a retry sends the rest.`);
  return { status: 'sent', week, sent: claimed.length, alreadySent: settings.recipients.length - claimed.length };
}

async function releaseAll(recipients: string[], week: string, trigger: { force?: boolean }, deps: Pick<SendDigestDeps, 'store'>) {
  if (trigger.force) return;
  for (const recipient of recipients) await deps.store.releaseSend(week, recipient);
}
