// Survey programs a CX team can run for real, through the HTTP API on the local stack, with time controlled:
// per-channel definitions, languages, send delays, the fatigue rule, sampling, reminders, unsubscribe and bounces.
import { randomUUID } from 'node:crypto';
import { EventBridgeClient, PutEventsCommand } from '@aws-sdk/client-eventbridge';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { SES_FEEDBACK_EVENT } from '../../functions/routes.js';
import { sesFeedbackEvent } from '../../local/inject-bounce.js';
import { control, emailsTo, getCustomer, linksOf, managerGet, newInteraction, postInteraction, settled, stack, waitForEmail } from './helpers.js';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
let advanced = 0;
/** Lets time pass for the whole stack; undone after the file so that other tests see real time. */
async function advance(ms: number) {
  advanced += ms;
  await control({ advanceClockMs: ms });
  await settled();
}
const stackNow = () => new Date(Date.now() + advanced);

async function putSurvey(channel: string, body: unknown) {
  const res = await fetch(`${stack.apiUrl}/surveys/${channel}`, {
    method: 'PUT',
    headers: { authorization: `Bearer ${stack.managerToken}`, 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  return { status: res.status, body: (await res.json()) as any };
}

const events = new EventBridgeClient({ endpoint: stack.emulatorUrl, region: 'us-east-1', credentials: { accessKeyId: 'x', secretAccessKey: 'x' } });
async function injectSesEvent(email: string, type: 'hard' | 'soft' | 'complaint') {
  const { detailType, detail } = sesFeedbackEvent(email, type);
  await events.send(new PutEventsCommand({ Entries: [{ Source: SES_FEEDBACK_EVENT.source, DetailType: detailType, Detail: JSON.stringify(detail) }] }));
  await settled();
}

const surveyLink = async (email: string) => linksOf((await waitForEmail(email)).body.html ?? '').find((l) => /\/s\/[^?]+$/.test(l))!;

afterEach(async () => {
  for (const channel of ['chat', 'web', 'social', 'community']) await putSurvey(channel, {});
});
afterAll(async () => {
  await control({ advanceClockMs: -advanced });
});

describe('survey programs', () => {
  it('sends the chat survey a manager defined (CES, in German, 2 hours later) and throttles the next day', async () => {
    // Prepare: the CX manager's change
    const changed = await putSurvey('chat', {
      questions: ['ces', 'comment'],
      lead: 'ces',
      wording: { de: { ces: 'Wie einfach war es, Ihr Anliegen mit uns zu klären?' } },
      sendDelayMinutes: 120,
      throttleDays: 7,
    });
    expect(changed.status).toBe(200);
    expect(changed.body).toMatchObject({ channel: 'chat', lead: 'ces', sendDelayMinutes: 120, throttleDays: 7, version: expect.any(Number) });
    expect((await managerGet('/surveys/chat')).body).toMatchObject({ questions: ['ces', 'comment'], lead: 'ces' });
    const customer = { id: `cust-${randomUUID().slice(0, 8)}`, email: `de-${randomUUID().slice(0, 8)}@example.com`, name: 'Jana', locale: 'de-DE' };

    // Act: a German customer's chat ends
    const first = await postInteraction(newInteraction({ channel: 'chat', customer, occurredAt: stackNow().toISOString() }));
    await settled();

    // Assess: nothing yet; two hours later, the email in German with seven effort links, and the page asks exactly that
    expect(first.body.status).toBe('scheduled');
    expect(await emailsTo(customer.email)).toHaveLength(0);
    await advance(2 * HOUR + 60_000);
    const email = await waitForEmail(customer.email);
    expect(email.body.html).toContain('lang="de"');
    expect(email.body.html).toContain('Wie einfach war es, Ihr Anliegen mit uns zu klären?');
    const scoreLinks = linksOf(email.body.html ?? '').filter((l) => /\?score=\d+$/.test(l));
    expect(scoreLinks.map((l) => Number(new URL(l).searchParams.get('score')))).toEqual([1, 2, 3, 4, 5, 6, 7]);
    const page = await (await fetch(scoreLinks[5]!)).text();
    expect(page).toContain('<html lang="de">');
    expect(page).toMatch(/<input[^>]*name="ces"[^>]*value="6"[^>]*checked/);
    expect(page).not.toMatch(/name="(csat|nps|resolved)"/);
    expect(email.headers).toEqual(
      expect.arrayContaining([
        { name: 'List-Unsubscribe', value: expect.stringMatching(/^<http.*\/u\/[A-Za-z0-9_-]{32}>$/) },
        { name: 'List-Unsubscribe-Post', value: 'List-Unsubscribe=One-Click' },
      ]),
    );
    const notAsked = await fetch(scoreLinks[0]!.replace(/\?.*$/, ''), {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ csat: 5 }),
    });
    expect(notAsked.status).toBe(400);
    expect(await notAsked.json()).toMatchObject({ issues: [{ field: 'csat', message: 'was not asked in this survey' }] });

    // Act: the next day, another chat
    await advance(DAY);
    const day = stackNow().toISOString().slice(0, 10);
    const throttledOn = async () =>
      ((await managerGet(`/reports/channels?from=${day}&to=${day}`)).body.channels.find((c: { channel: string }) => c.channel === 'chat')?.skipped?.throttled ??
        0) as number;
    const before = await throttledOn();
    const second = await postInteraction(newInteraction({ channel: 'chat', customer, occurredAt: stackNow().toISOString() }));
    await settled();

    // Assess: skipped as throttled, counted once in that day's report
    expect(second.body).toMatchObject({ status: 'skipped', reason: 'throttled', surveyId: null });
    expect(await throttledOn()).toBe(before + 1);
    expect((await emailsTo(customer.email)).filter((e) => !/Erinnerung|reminder/i.test(e.subject))).toHaveLength(1);
  });

  it('applies a changed definition to new invitations only', async () => {
    const early = newInteraction({ channel: 'web' });
    await postInteraction(early);
    const earlyLink = await surveyLink(early.customer.email);
    await putSurvey('web', { questions: ['nps'], lead: 'nps' });

    const late = newInteraction({ channel: 'web' });
    await postInteraction(late);
    const lateEmail = await waitForEmail(late.customer.email);

    expect(await (await fetch(earlyLink)).text()).toMatch(/name="csat"/);
    expect(linksOf(lateEmail.body.html ?? '').filter((l) => /\?score=\d+$/.test(l))).toHaveLength(11);
  });

  it('skips a disabled channel and a sampled-out interaction, saying why', async () => {
    await putSurvey('social', { enabled: false });
    await putSurvey('community', { samplingRate: 0 });

    const disabled = await postInteraction(newInteraction({ channel: 'social' }));
    const sampled = await postInteraction(newInteraction({ channel: 'community' }));

    expect(disabled.body).toMatchObject({ status: 'skipped', reason: 'channel_disabled' });
    expect(sampled.body).toMatchObject({ status: 'skipped', reason: 'sampled_out' });
  });

  it('refuses an invalid definition with 400 naming the field, and changes nothing', async () => {
    const before = (await managerGet('/surveys/web')).body;
    for (const [body, field] of [
      [{ questions: ['csat', 'mood'] }, 'questions.1'],
      [{ questions: ['csat'], lead: 'nps' }, 'lead'],
      [{ sendDelayMinutes: -5 }, 'sendDelayMinutes'],
      [{ samplingRate: 1.5 }, 'samplingRate'],
      [{ reminder: { enabled: true, afterDays: 40 } }, 'reminder.afterDays'],
      [{ wording: { it: { csat: 'Come è andata?' } } }, 'wording'],
      [{ throttleDays: 'seven' }, 'throttleDays'],
    ] as const) {
      const res = await putSurvey('web', body);
      expect(res.status, JSON.stringify(body)).toBe(400);
      expect(
        res.body.issues.map((i: { field: string }) => i.field),
        JSON.stringify(body),
      ).toContain(field);
      if (field === 'wording') expect(JSON.stringify(res.body.issues), 'names the unknown language').toContain('it');
    }
    expect((await putSurvey('fax', {})).status).toBe(400);
    expect((await managerGet('/surveys/web')).body).toEqual(before);
  });

  it('sends one reminder to those who have not answered, never to those who did, and never counts it as an invitation', async () => {
    const agentId = `agent-${randomUUID().slice(0, 8)}`;
    const silent = newInteraction({ channel: 'voice', agentId });
    const answered = newInteraction({ channel: 'voice', agentId });
    await postInteraction(silent);
    await postInteraction(answered);
    const link = await surveyLink(answered.customer.email);
    await waitForEmail(silent.customer.email);
    await fetch(link, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ csat: 4 }) });

    await advance(3 * DAY + HOUR);
    await advance(DAY);

    const silentEmails = await emailsTo(silent.customer.email);
    expect(silentEmails).toHaveLength(2);
    expect(silentEmails[1]!.subject).toMatch(/reminder/i);
    expect(await emailsTo(answered.customer.email)).toHaveLength(1);
    const record = await getCustomer(silent.customer.id);
    expect(record.body.timeline[0].invitation).toMatchObject({ delivery: 'sent', reminderDelivery: 'sent' });
    const from = new Date(stackNow().getTime() - 7 * DAY).toISOString().slice(0, 10);
    const agents = (await managerGet(`/reports/agents?from=${from}&to=${stackNow().toISOString().slice(0, 10)}`)).body.agents;
    expect(agents.find((a: { agentId: string }) => a.agentId === agentId)).toMatchObject({ invitations: 2, responses: 1 });
  });

  it('stops all mail after one click on the unsubscribe header, and records it on the customer record', async () => {
    const customer = { id: `cust-${randomUUID().slice(0, 8)}`, email: `unsub-${randomUUID().slice(0, 8)}@example.com` };
    await postInteraction(newInteraction({ channel: 'email', customer }));
    const email = await waitForEmail(customer.email);
    const unsubscribeUrl = email.headers!.find((h) => h.name === 'List-Unsubscribe')!.value.slice(1, -1);

    const confirm = await fetch(unsubscribeUrl);
    expect(confirm.status).toBe(200);
    expect((await getCustomer(customer.id)).body.profile.unsubscribedAt).toBeUndefined();
    const click = await fetch(unsubscribeUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'List-Unsubscribe=One-Click',
    });
    const next = await postInteraction(newInteraction({ channel: 'chat', customer }));
    await advance(4 * DAY);

    expect(click.status).toBe(200);
    expect((await getCustomer(customer.id)).body.profile.unsubscribedAt).toEqual(expect.any(String));
    expect(next.body).toMatchObject({ status: 'skipped', reason: 'unsubscribed' });
    expect(await emailsTo(customer.email)).toHaveLength(1); // no reminder either
  });

  it('suppresses an address after a hard bounce or a complaint, not after a soft bounce', async () => {
    const hard = { id: `cust-${randomUUID().slice(0, 8)}`, email: `hard-${randomUUID().slice(0, 8)}@example.com` };
    const soft = { id: `cust-${randomUUID().slice(0, 8)}`, email: `soft-${randomUUID().slice(0, 8)}@example.com` };
    const complaint = { id: `cust-${randomUUID().slice(0, 8)}`, email: `complaint-${randomUUID().slice(0, 8)}@example.com` };

    await injectSesEvent(hard.email, 'hard');
    await injectSesEvent(soft.email, 'soft');
    await injectSesEvent(complaint.email, 'complaint');
    const results = await Promise.all([hard, soft, complaint].map((customer) => postInteraction(newInteraction({ channel: 'web', customer }))));
    await settled();

    expect(results.map((r) => (r.body.status === 'skipped' ? r.body.reason : r.body.status))).toEqual(['suppressed', 'scheduled', 'suppressed']);
    expect(await emailsTo(hard.email)).toHaveLength(0);
    expect(await emailsTo(soft.email)).toHaveLength(1);
  });
});
