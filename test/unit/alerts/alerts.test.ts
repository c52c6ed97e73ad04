import { describe, expect, it } from 'vitest';
import { legacyAlertRefOf, newAlertId } from '../../../functions/alerts/alert-ids.js';
import { alertReport } from '../../../functions/alerts/alert-report.js';
import { followUp } from '../../../functions/alerts/follow-up.js';
import { makeAlerts } from '../../../functions/alerts/http-handler.js';
import { notifyOwners, raiseAlert } from '../../../functions/alerts/raise-alert.js';
import { followedChangeOf } from '../../../functions/alerts/stream-changes.js';
import type { AnswerRef } from '../../../functions/domain/alerts.js';
import type { Answer } from '../../../functions/domain/model.js';
import type { Mailer, OutgoingEmail } from '../../../functions/delivery/mailer.js';
import { httpEvent } from '../support/events.js';
import { NOW } from '../support/fixtures.js';
import { InMemoryAlertStore } from '../support/in-memory-alert-store.js';

const answerImage = (overrides: Record<string, unknown> = {}) => ({
  pk: 'CUSTOMER#cust-42',
  sk: 'T#2026-03-02T09:30:00.000Z#call-7781#3-ANSWER',
  type: 'Answer',
  surveyId: 'survey-1',
  channel: 'voice',
  agentId: 'agent-7',
  csat: 1,
  nps: 9,
  comment: 'Nobody called me back.',
  revision: 1,
  ...overrides,
});
/** The answer and its place, as the follow-up stream reads them from the answer's image. */
function answered(image: Record<string, unknown>): [Answer, AnswerRef] {
  const change = followedChangeOf({ eventName: 'INSERT', newImage: image });
  if (change?.kind !== 'answer') throw new Error('not an answer image');
  return [change.answer, change.ref];
}
const clock =
  (iso = NOW.toISOString()) =>
  () =>
    new Date(iso);

class RecordingMailer implements Mailer {
  sent: OutgoingEmail[] = [];
  async send(email: OutgoingEmail) {
    this.sent.push(email);
    return { messageId: `m-${this.sent.length}` };
  }
}

const asManager = (event: ReturnType<typeof httpEvent>) => {
  (event.requestContext as unknown as { authorizer: unknown }).authorizer = { jwt: { claims: { sub: 'manager-1' }, scopes: [] } };
  return event;
};

describe('raising an alert', () => {
  it('raises one on a CSAT of 2 or less by default, naming the threshold crossed', async () => {
    const alerts = new InMemoryAlertStore();
    const alert = await raiseAlert(...answered(answerImage()), { alerts, now: clock() });
    expect(alert).toMatchObject({
      alertId: expect.stringMatching(/^alt_[0-9a-f]{32}$/),
      surveyId: 'survey-1',
      customerId: 'cust-42',
      channel: 'voice',
      status: 'open',
      reasons: ['csat'],
      history: [{ status: 'open', by: 'system' }],
    });
  });

  it('raises one on an NPS of 6 or less by default', async () => {
    const alert = await raiseAlert(...answered(answerImage({ csat: 4, nps: 6 })), { alerts: new InMemoryAlertStore(), now: clock() });
    expect(alert?.reasons).toEqual(['nps']);
  });

  it('raises nothing above the thresholds, or when the channel turned alerts off, or with its own thresholds', async () => {
    const alerts = new InMemoryAlertStore();
    expect(await raiseAlert(...answered(answerImage({ csat: 3, nps: 7 })), { alerts, now: clock() })).toBeNull();
    await alerts.putRule({ channel: 'voice', enabled: false, csatAtMost: 2, npsAtMost: 6, owners: [] });
    expect(await raiseAlert(...answered(answerImage()), { alerts, now: clock() })).toBeNull();
    await alerts.putRule({ channel: 'voice', enabled: true, csatAtMost: 3, npsAtMost: null, owners: [] });
    expect((await raiseAlert(...answered(answerImage({ csat: 3, nps: 0 })), { alerts, now: clock() }))?.reasons).toEqual(['csat']);
  });

  it('raises exactly one alert per survey, however often the answer is redelivered or edited', async () => {
    const alerts = new InMemoryAlertStore();
    const _ALERT_ID = (await raiseAlert(...answered(answerImage()), { alerts, now: clock() }))!.alertId;
    expect(await raiseAlert(...answered(answerImage()), { alerts, now: clock() })).toBeNull();
    expect(await raiseAlert(...answered(answerImage({ revision: 2, csat: 2 })), { alerts, now: clock() })).toBeNull();
    expect(alerts.alerts.size).toBe(1);
  });

  it('has an opaque id that names no customer, and still reads the ids alerts had before', async () => {
    const alert = (await raiseAlert(...answered(answerImage()), { alerts: new InMemoryAlertStore(), now: clock() }))!;
    expect(alert.alertId).not.toContain('cust-42');
    expect(Buffer.from(alert.alertId.slice(4), 'base64url').toString('latin1')).not.toContain('cust-42');
    expect(legacyAlertRefOf(alert.alertId)).toBeNull();
    const legacy = Buffer.from('cust-42#2026-03-02T09:30:00.000Z#call-7781').toString('base64url');
    expect(legacyAlertRefOf(legacy)).toEqual({ customerId: 'cust-42', occurredAt: '2026-03-02T09:30:00.000Z', interactionId: 'call-7781' });
    expect(legacyAlertRefOf('not-an-alert')).toBeNull();
    expect(legacyAlertRefOf(Buffer.from('a|b|c').toString('base64url'))).toBeNull();
  });
});

describe("emailing the channel's owners", () => {
  it('sends each owner the answer and a link to the customer record, once', async () => {
    // Prepare
    const alerts = new InMemoryAlertStore();
    await alerts.putRule({ channel: 'voice', enabled: true, csatAtMost: 2, npsAtMost: 6, owners: ['lead@example.com', 'cx@example.com'] });
    const alert = (await raiseAlert(...answered(answerImage()), { alerts, now: clock() }))!;
    const mailer = new RecordingMailer();
    const deps = { alerts, mailer, now: clock(), brandName: 'Acme', dashboardUrl: 'https://cx.example.com/dashboard/' };

    // Act
    const first = await notifyOwners(alert, deps);
    const again = await notifyOwners(alert, deps);

    // Assess
    expect([first, again]).toEqual(['sent', 'already-sent']);
    expect(mailer.sent.map((e) => e.to)).toEqual(['lead@example.com', 'cx@example.com']);
    expect(mailer.sent[0]!.text).toContain('https://cx.example.com/dashboard/#/customers/cust-42');
    expect(mailer.sent[0]!.text).toContain('Nobody called me back.');
    expect(mailer.sent[0]!.subject).toBe('Unhappy customer after a phone call: CSAT 1 of 5, NPS 9 of 10');
  });

  it('sends nothing when the channel has no owners', async () => {
    const alerts = new InMemoryAlertStore();
    const alert = (await raiseAlert(...answered(answerImage()), { alerts, now: clock() }))!;
    const mailer = new RecordingMailer();
    expect(await notifyOwners(alert, { alerts, mailer, now: clock(), brandName: 'Acme', dashboardUrl: 'https://x.example' })).toBe('no-owners');
    expect(mailer.sent).toEqual([]);
  });
});

describe('following an alert up', () => {
  it('moves open -> contacted -> closed with who and when', async () => {
    // Prepare
    const alerts = new InMemoryAlertStore();
    const ALERT_ID = (await raiseAlert(...answered(answerImage()), { alerts, now: clock('2026-03-02T10:00:00.000Z') }))!.alertId;

    // Act
    await followUp(ALERT_ID, 'contacted', 'manager-1', { alerts, now: clock('2026-03-02T11:00:00.000Z') });
    const closed = await followUp(ALERT_ID, 'closed', 'manager-2', { alerts, now: clock('2026-03-02T12:00:00.000Z') });

    // Assess
    expect(closed).toMatchObject({ status: 'closed', contactedAt: '2026-03-02T11:00:00.000Z', closedAt: '2026-03-02T12:00:00.000Z' });
    expect(closed.history.map((s) => `${s.status} ${s.by}`)).toEqual(['open system', 'contacted manager-1', 'closed manager-2']);
  });

  it.each([
    ['contacted', 'contacted', 'The alert is already contacted.'],
    ['closed', 'contacted', 'The alert is closed; it can move to nothing (closed is final), not to contacted.'],
    ['closed', 'open', 'The alert is closed; it can move to nothing (closed is final), not to open.'],
  ] as const)('refuses to move a %s alert to %s with 409 and why', async (from, to, message) => {
    const alerts = new InMemoryAlertStore();
    const ALERT_ID = (await raiseAlert(...answered(answerImage()), { alerts, now: clock() }))!.alertId;
    if (from === 'contacted' || from === 'closed') await followUp(ALERT_ID, from, 'm', { alerts, now: clock() });
    await expect(followUp(ALERT_ID, to, 'm', { alerts, now: clock() })).rejects.toMatchObject({ status: 409, message });
  });

  it('answers 404 for an alert that does not exist', async () => {
    await expect(followUp(newAlertId(), 'closed', 'm', { alerts: new InMemoryAlertStore(), now: clock() })).rejects.toMatchObject({ status: 404 });
  });
});

describe('the alerts API', () => {
  it('records the manager from the authorizer claims on PATCH', async () => {
    const alerts = new InMemoryAlertStore();
    const ALERT_ID = (await raiseAlert(...answered(answerImage()), { alerts, now: clock() }))!.alertId;
    const api = makeAlerts({ alerts, now: clock() });
    const res = await api(
      asManager(
        httpEvent({
          routeKey: 'PATCH /alerts/{id}',
          pathParameters: { id: ALERT_ID },
          headers: { 'content-type': 'application/json' },
          body: '{"status":"contacted"}',
        }),
      ),
    );
    expect(JSON.parse(res.body!).history.at(-1)).toMatchObject({ status: 'contacted', by: 'manager-1' });
  });

  it.each([
    ['{"status":"done"}', 'status'],
    ['{"status":"closed","note":1}', '(body)'],
  ])('refuses the body %s naming %s', async (body, field) => {
    const api = makeAlerts({ alerts: new InMemoryAlertStore(), now: clock() });
    await expect(
      api(
        asManager(httpEvent({ routeKey: 'PATCH /alerts/{id}', pathParameters: { id: newAlertId() }, headers: { 'content-type': 'application/json' }, body })),
      ),
    ).rejects.toMatchObject({
      status: 400,
      issues: [expect.objectContaining({ field })],
    });
  });

  it('lists open alerts of a channel, and validates the rules a manager puts', async () => {
    const alerts = new InMemoryAlertStore();
    const ALERT_ID = (await raiseAlert(...answered(answerImage()), { alerts, now: clock() }))!.alertId;
    const api = makeAlerts({ alerts, now: clock() });
    const listed = JSON.parse(
      (await api(asManager(httpEvent({ routeKey: 'GET /alerts', queryStringParameters: { status: 'open', channel: 'voice' } })))).body!,
    );
    expect(listed.alerts.map((a: { alertId: string }) => a.alertId)).toEqual([ALERT_ID]);
    const put = (body: unknown) =>
      api(
        asManager(
          httpEvent({
            routeKey: 'PUT /alert-rules/{channel}',
            pathParameters: { channel: 'chat' },
            headers: { 'content-type': 'application/json' },
            body: JSON.stringify(body),
          }),
        ),
      );
    expect((await put({ csatAtMost: 1, npsAtMost: null, owners: ['lead@example.com'] })).statusCode).toBe(200);
    expect((await alerts.rule('chat')).owners).toEqual(['lead@example.com']);
    await expect(put({ csatAtMost: 7, npsAtMost: 6, owners: ['not an address'] })).rejects.toMatchObject({
      issues: [expect.objectContaining({ field: 'csatAtMost' }), expect.objectContaining({ field: 'owners.0' })],
    });
  });
});

describe('GET /reports/alerts', () => {
  it('gives per channel how many were closed and the exact median time to close', async () => {
    // Prepare
    const alerts = new InMemoryAlertStore();
    const at = (h: number) => new Date(Date.parse('2026-03-02T00:00:00.000Z') + h * 3_600_000).toISOString();
    for (const [i, hours] of [1, 3, 10].entries()) {
      const image = answerImage({ sk: `T#2026-03-02T0${i}:00:00.000Z#call-${i}#3-ANSWER` });
      const alert = (await raiseAlert(...answered(image), { alerts, now: clock(at(0)) }))!;
      await followUp(alert.alertId, 'closed', 'm', { alerts, now: clock(at(hours)) });
    }

    // Act
    const report = await alertReport({ from: '2026-03-01', to: '2026-03-02' }, { alerts });

    // Assess
    expect(report.channels).toEqual([{ channel: 'voice', closed: 3, medianSecondsToClose: 3 * 3600, exact: true }]);
    expect(report.total).toEqual({ closed: 3, medianSecondsToClose: 3 * 3600, exact: true });
  });
});
