// The weekly digest on the local stack: its settings over HTTP, then the stack's hourly schedule (as EventBridge
// Scheduler triggers it in AWS) and `npm run digest -- --now`, each email found in the SES emulator.
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { localTime } from '../../functions/domain/digest-schedule.js';
import { sendDigestNow } from '../../local/digest.js';
import { control, emailsTo, linksOf, newInteraction, postInteraction, settled, stack, waitForEmail } from './helpers.js';

const HOUR = 3_600_000;
const manager = { authorization: `Bearer ${stack.managerToken}` };
let advanced = 0;

async function advance(ms: number) {
  advanced += ms;
  await control({ advanceClockMs: ms });
  await settled();
}
const stackNow = async () => new Date((await control()).now);

async function putSettings(body: unknown) {
  const res = await fetch(`${stack.apiUrl}/settings/digest`, {
    method: 'PUT',
    headers: { ...manager, 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  return { status: res.status, body: (await res.json()) as any };
}
const getSettings = async () => {
  const res = await fetch(`${stack.apiUrl}/settings/digest`, { headers: manager });
  return { status: res.status, body: (await res.json()) as any };
};
/** The Wilson score interval at 95%, written here from the textbook formula, as the email shows it (percent, 2 decimals). */
function wilsonInWords(successes: number, n: number): string {
  const z = 1.959963984540054;
  const p = successes / n;
  const centre = (p + (z * z) / (2 * n)) / (1 + (z * z) / n);
  const half = (z * Math.sqrt((p * (1 - p)) / n + (z * z) / (4 * n * n))) / (1 + (z * z) / n);
  const percent = (x: number) => `${Math.round((Math.round(x * 10_000) / 100) * 100) / 100}%`;
  return `(${percent(centre - half)} to ${percent(Math.min(1, centre + half))})`;
}
const digestsTo = async (address: string) => (await emailsTo(address)).filter((e) => e.subject.includes('weekly feedback digest'));

// Ten days on: the digest's 7 days hold only the answers this file gives (other files answer on today's real date).
beforeAll(async () => advance(10 * 24 * HOUR));
afterAll(async () => {
  await putSettings({ recipients: ['nobody@example.com'], weekday: 'monday', hour: 0, timeZone: 'UTC', enabled: false });
  await control({ advanceClockMs: -advanced });
});

describe('PUT /settings/digest', () => {
  it('answers 400 naming the field for an unknown time zone, a recipient that is not an address or an hour out of range, changing nothing', async () => {
    const good = { recipients: ['cx-lead@example.com'], weekday: 'friday', hour: 17, timeZone: 'Europe/Berlin' };
    expect((await putSettings(good)).status).toBe(200);
    for (const [broken, field] of [
      [{ timeZone: 'Europe/Atlantis' }, 'timeZone'],
      [{ recipients: ['cx-lead@example.com', 'not an email'] }, 'recipients.1'],
      [{ hour: 24 }, 'hour'],
      [{ weekday: 'funday' }, 'weekday'],
    ] as const) {
      const res = await putSettings({ ...good, ...broken });
      expect(res.status, field).toBe(400);
      expect(res.body.issues.map((i: { field: string }) => i.field)).toContain(field);
      expect(res.body.message).toContain(field);
    }
    expect((await getSettings()).body).toMatchObject({ ...good, enabled: true });
  });
});

describe('the weekly digest', () => {
  it('goes once to each recipient at the configured hour in their zone, with the scores of the week, and not again that week', async () => {
    // Prepare: four answers on the web channel (CSAT 5, 4, 2, 1: 50%), on the stack's clock.
    const now = await stackNow();
    const interactions = [5, 4, 2, 1].map(() => newInteraction({ channel: 'web', occurredAt: new Date(now.getTime() - 60_000).toISOString() }));
    for (const interaction of interactions) expect((await postInteraction(interaction)).status).toBe(202);
    for (const [i, csat] of [5, 4, 2, 1].entries()) {
      const link = linksOf((await waitForEmail(interactions[i]!.customer.email)).body.html ?? '').find((l) => /\/s\/[^?]+$/.test(l))!;
      const res = await fetch(link, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: `csat=${csat}&resolved=yes` });
      expect(res.status).toBe(200);
    }
    await settled();
    // The digest's hour: the second top of the hour from now, read in New York.
    const start = await stackNow();
    const target = new Date((Math.floor(start.getTime() / HOUR) + 2) * HOUR);
    const local = localTime(target, 'America/New_York');
    const id = randomUUID().slice(0, 8);
    const recipients = [`digest-a-${id}@example.com`, `digest-b-${id}@example.com`];
    expect((await putSettings({ recipients, weekday: local.weekday, hour: local.hour, timeZone: 'America/New_York' })).status).toBe(200);

    // Act: the hour before passes (not due), then the configured one.
    await advance(target.getTime() - HOUR - start.getTime() + 60_000);
    for (const to of recipients) expect(await digestsTo(to)).toHaveLength(0);
    await advance(HOUR);

    // Assess
    for (const to of recipients) {
      const digests = await digestsTo(to);
      expect(digests).toHaveLength(1);
      const { text = '', html = '' } = digests[0]!.body;
      // Each score with its interval, computed here from the answers given; 4 answers is below the minimum sample.
      expect(text).toContain(`web:\n  CSAT: 50% ${wilsonInWords(2, 4)}, 4 answers, too few to rely on`);
      expect(text).toContain(`Resolved first time: 100% ${wilsonInWords(4, 4)}, 4 answers, too few to rely on`);
      expect(html).toContain(`<li>CSAT: 50% ${wilsonInWords(2, 4)}, 4 answers, too few to rely on`);
      expect(html).not.toMatch(/<img/i);
    }

    // A second trigger in the same week, inside the due window: nothing more.
    await advance(HOUR);
    for (const to of recipients) expect(await digestsTo(to)).toHaveLength(1);
  });

  it('goes out now through `npm run digest -- --now`, whatever the schedule, once per call', async () => {
    const to = `digest-now-${randomUUID().slice(0, 8)}@example.com`;
    // Disabled, and due on no hour near: only the forced send can reach the recipient.
    expect((await putSettings({ recipients: [to], weekday: 'monday', hour: 3, timeZone: 'Pacific/Auckland', enabled: false })).status).toBe(200);

    const outcome = await sendDigestNow(stack);
    await settled();

    expect(outcome).toMatchObject({ status: 'sent', sent: 1 });
    const digests = await digestsTo(to);
    expect(digests).toHaveLength(1);
    expect(digests[0]!.body.text).toContain(`CSAT: 50% ${wilsonInWords(2, 4)}, 4 answers`);
  });
});
