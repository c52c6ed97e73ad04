// Nothing lost, nothing twice: the guarantees of docs/reliability.md, proven with injected faults on the local stack.
import { randomUUID } from 'node:crypto';
import { EventBridgeClient, PutEventsCommand } from '@aws-sdk/client-eventbridge';
import { afterEach, describe, expect, it } from 'vitest';
import { INTERACTION_EVENT } from '../../functions/routes.js';
import { EVENT_BUS_NAME } from '../../local/event-sources.js';
import {
  control,
  emailsTo,
  getCustomer,
  linksOf,
  managerGet,
  newInteraction,
  postInteraction,
  settled,
  sleep,
  stack,
  waitForEmail,
  withRetries,
} from './helpers.js';

const today = () => new Date().toISOString().slice(0, 10);
const events = new EventBridgeClient({ endpoint: stack.emulatorUrl, region: 'us-east-1', credentials: { accessKeyId: 'x', secretAccessKey: 'x' } });

/** Figures for docs/reliability.md, printed at the end of each test. */
function report(name: string, figures: Record<string, number>) {
  console.info(
    `[reliability] ${name}: ${Object.entries(figures)
      .map(([k, v]) => `${k}=${v}`)
      .join(' ')}`,
  );
}

afterEach(async () => {
  await control({ dynamodb: {}, ses: {}, aggregatorCrashes: 0 });
});

describe('reliability', () => {
  it('turns a storm of 20 concurrent repeats, over HTTP and EventBridge at once, into one invitation and one email', async () => {
    const interaction = newInteraction();
    const put = () =>
      events.send(
        new PutEventsCommand({
          Entries: [{ EventBusName: EVENT_BUS_NAME, Source: 'helpdesk', DetailType: INTERACTION_EVENT.detailType, Detail: JSON.stringify(interaction) }],
        }),
      );

    const [http] = await Promise.all([
      Promise.all(Array.from({ length: 20 }, () => postInteraction(interaction))),
      Promise.all(Array.from({ length: 20 }, put)),
    ]);
    await settled();

    expect(new Set(http.map((r) => r.status))).toEqual(new Set([202]));
    expect(new Set(http.map((r) => r.body.surveyId)).size).toBe(1);
    expect(await emailsTo(interaction.customer.email)).toHaveLength(1);
    const record = await getCustomer(interaction.customer.id);
    expect(record.body.timeline).toHaveLength(1);
    expect(record.body.timeline[0].invitation.surveyId).toBe(http[0]!.body.surveyId);
    report('duplicate storm', { requests: 40, invitations: record.body.timeline.length, emails: 1 });
  });

  it('delays invitations during an SES outage and sends each exactly once when it is back', async () => {
    await control({ ses: { down: true } });
    const interactions = Array.from({ length: 100 }, () => newInteraction());
    const acks = await Promise.all(interactions.map((i) => withRetries(() => postInteraction(i))));
    expect(acks.every((a) => a.status === 202)).toBe(true);
    // Until SES has refused calls: the outage is felt, not assumed after a guessed while.
    while ((await control()).ses.injected === 0) await sleep(50);
    const during = await control();

    await control({ ses: {} });
    await settled();
    // An invitation that failed its five tries during the outage (a slow machine takes long enough to post a hundred) is
    // parked in the dead-letter queue, not lost: the redrive an operator runs sends it.
    const parked = (await control()).invitations.dead;
    const redrive = await fetch(`${stack.apiUrl}/_local/redrive`, { method: 'POST', headers: { authorization: `Bearer ${stack.managerToken}` } });
    expect(await redrive.json()).toEqual({ redriven: parked });
    await settled();

    expect(during.ses.injected).toBeGreaterThan(0);
    const counts = await Promise.all(interactions.map(async (i) => (await emailsTo(i.customer.email)).length));
    expect(counts.filter((n) => n === 1)).toHaveLength(100);
    const after = await control();
    expect(after.invitations.dead).toBe(0);
    report('SES outage', {
      invitations: 100,
      sesCallsRefused: during.ses.injected,
      parkedThenRedriven: parked,
      emailsSent: counts.reduce((a, b) => a + b, 0),
      lost: 100 - counts.filter((n) => n === 1).length,
    });
  });

  it('parks invitations that keep failing in the dead-letter queue, and a redrive sends each once', async () => {
    await control({ ses: { down: true } });
    const interactions = Array.from({ length: 10 }, () => newInteraction());
    for (const i of interactions) expect((await postInteraction(i)).status).toBe(202);
    // Settled: each message has had its five receives, one visibility timeout apart, and moved to the dead-letter queue.
    await settled();
    expect((await control()).invitations.dead).toBe(10);

    await control({ ses: {} });
    const redrive = await fetch(`${stack.apiUrl}/_local/redrive`, { method: 'POST', headers: { authorization: `Bearer ${stack.managerToken}` } });
    await settled();

    expect(await redrive.json()).toEqual({ redriven: 10 });
    for (const i of interactions) expect(await emailsTo(i.customer.email)).toHaveLength(1);
    expect((await control()).invitations.dead).toBe(0);
    const unauthorised = await fetch(`${stack.apiUrl}/_local/redrive`, { method: 'POST' });
    expect(unauthorised.status).toBe(401);
  });

  it('keeps reports exact when the aggregator dies half-way through batches that are then retried', async () => {
    const agentId = `agent-${randomUUID().slice(0, 8)}`;
    const interactions = Array.from({ length: 12 }, () => newInteraction({ channel: 'web', agentId }));
    await control({ aggregatorCrashes: 3 });
    await Promise.all(interactions.map((i) => postInteraction(i)));
    await Promise.all(
      interactions.map(async (interaction, n) => {
        const link = linksOf((await waitForEmail(interaction.customer.email)).body.html ?? '').find((l) => /\/s\/[^?]+$/.test(l))!;
        const res = await fetch(link, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ csat: (n % 5) + 1, resolved: n % 2 === 0 }),
        });
        expect(res.status).toBe(200);
      }),
    );
    await settled();

    const crashesLeft = (await control()).aggregatorCrashesLeft;
    const res = await managerGet(`/reports/agents?from=${today()}&to=${today()}&channel=web`);
    const agent = res.body.agents.find((a: { agentId: string }) => a.agentId === agentId);
    // csat values 1,2,3,4,5,1,2,3,4,5,1,2: 4 of 12 are 4 or 5; resolved yes for 6 of 12
    expect(crashesLeft).toBeLessThan(3);
    expect(agent).toMatchObject({ invitations: 12, responses: 12, responseRate: 1, csat: { score: 33.33, responses: 12 }, fcr: { rate: 0.5, responses: 12 } });
    report('aggregator crash', { crashesInjected: 3 - crashesLeft, answers: 12, countedAnswers: agent.csat.responses });
  });

  it('stores and counts exactly once every interaction and answer acknowledged while DynamoDB throttles and fails', async () => {
    const agentId = `agent-${randomUUID().slice(0, 8)}`;
    const interactions = Array.from({ length: 40 }, () => newInteraction({ channel: 'email', agentId }));
    const before = await control({ dynamodb: { throttleRate: 0.15, errorRate: 0.1, afterForwardRate: 0.5 } });

    const acked = await Promise.all(interactions.map(async (i) => ({ i, ...(await withRetries(() => postInteraction(i))) })));
    const answered = await Promise.all(
      acked
        .filter((a) => a.status === 202)
        .slice(0, 30)
        .map(async ({ i }) => {
          const link = linksOf((await waitForEmail(i.customer.email)).body.html ?? '').find((l) => /\/s\/[^?]+$/.test(l))!;
          const res = await withRetries(() =>
            fetch(link, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ csat: 5, nps: 9 }) }),
          );
          return { i, status: res.status };
        }),
    );
    const during = await control({ dynamodb: {} });
    await settled();

    const ackedOk = acked.filter((a) => a.status === 202);
    const answeredOk = answered.filter((a) => a.status === 200);
    expect(during.dynamodb.injected - before.dynamodb.injected).toBeGreaterThan(20);
    expect(acked.every((a) => a.status === 202 || a.status === 503)).toBe(true);
    for (const { i } of ackedOk) {
      const record = await getCustomer(i.customer.id);
      expect(record.body.timeline).toHaveLength(1);
      expect(await emailsTo(i.customer.email)).toHaveLength(1);
    }
    for (const { i } of answeredOk) expect((await getCustomer(i.customer.id)).body.timeline[0].answer).toMatchObject({ csat: 5, nps: 9 });
    const agent = (await managerGet(`/reports/agents?from=${today()}&to=${today()}&channel=email`)).body.agents.find(
      (a: { agentId: string }) => a.agentId === agentId,
    );
    expect(agent).toMatchObject({ invitations: ackedOk.length, responses: answeredOk.length, csat: { responses: answeredOk.length } });
    report('DynamoDB faults', {
      interactionsAcked: ackedOk.length,
      answersAcked: answeredOk.length,
      dynamodbCalls: during.dynamodb.calls - before.dynamodb.calls,
      faultsInjected: during.dynamodb.injected - before.dynamodb.injected,
      ambiguousFaults: during.dynamodb.injectedAfterForward - before.dynamodb.injectedAfterForward,
      lost: 0,
    });
  });

  it('throttles a burst on the public survey route with 429 and a message', async () => {
    // A refill of one request per 1,000 s: the burst is what is tested, however slowly a busy machine sends the requests.
    await control({ throttle: { public: { rateLimit: 0.001, burstLimit: 5 } } });
    try {
      const statuses = [];
      for (let i = 0; i < 8; i++) statuses.push((await fetch(`${stack.apiUrl}/s/${'C'.repeat(32)}`)).status);
      expect(statuses.slice(0, 5)).toEqual([404, 404, 404, 404, 404]);
      expect(statuses.slice(5)).toContain(429);
      const limited = await fetch(`${stack.apiUrl}/s/${'C'.repeat(32)}`);
      expect(await limited.json()).toMatchObject({ message: expect.stringMatching(/Too Many Requests/) });
    } finally {
      await control({ throttle: { public: { rateLimit: 1_000_000, burstLimit: 1_000_000 } } });
    }
  });
});
