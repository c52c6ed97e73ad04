// The AlertStore contract: one alert per survey, moves conditioned on the status read, lists by status with a cursor,
// close statistics per channel and day, rules per channel; asked of the in-memory fake and of the DynamoDB adapter.
import { describe, expect, it } from 'vitest';
import { newAlertId } from '../../../functions/alerts/alert-ids.js';
import type { AlertStore } from '../../../functions/alerts/alert-store.js';
import { DynamoDbAlertStore } from '../../../functions/alerts/dynamodb-alert-store.js';
import type { Channel } from '../../../functions/domain/channels.js';
import { DEFAULT_ALERT_RULE, moveAlert, type Alert, type AlertRule, type AlertStatus } from '../../../functions/domain/alerts.js';
import { InvalidInput } from '../../../functions/shared/errors.js';
import { nextAnswer } from '../../../functions/domain/answers.js';
import type { AnswerStore } from '../../../functions/store/answer-store.js';
import { DynamoDbAnswerStore } from '../../../functions/store/dynamodb-answer-store.js';
import { DynamoDbIngestLedger } from '../../../functions/store/dynamodb-ingest-ledger.js';
import type { IngestLedger } from '../../../functions/store/ingest-ledger.js';
import { DEFAULT_SURVEY } from '../../unit/support/fixtures.js';
import { InMemoryAlertStore } from '../../unit/support/in-memory-alert-store.js';
import { InMemoryAnswerStore, InMemoryIngestLedger, InMemorySurveyTable } from '../../unit/support/in-memory-survey-store.js';
import { contractClient, freshTable, uniqueId } from './contract-table.js';

interface World {
  store: AlertStore;
  /** The answer an alert follows up, stored as the survey page stores it. */
  answered(ref: Ref): Promise<void>;
}
type Ref = { customerId: string; occurredAt: string; interactionId: string };

// Lists by status, statistics by day and rules by channel span the whole table: each test gets a table of its own.
const implementations: Array<[string, () => Promise<World>]> = [
  [
    'the in-memory fake',
    async () => {
      const surveys = new InMemorySurveyTable();
      return {
        store: new InMemoryAlertStore(surveys),
        answered: (ref) => answer({ ledger: new InMemoryIngestLedger(surveys), answers: new InMemoryAnswerStore(surveys) }, ref),
      };
    },
  ],
  [
    'the DynamoDB adapter',
    async () => {
      const tableName = await freshTable('alerts');
      return {
        store: new DynamoDbAlertStore(contractClient, tableName),
        answered: (ref) =>
          answer({ ledger: new DynamoDbIngestLedger(contractClient, tableName), answers: new DynamoDbAnswerStore(contractClient, tableName) }, ref),
      };
    },
  ],
];

async function answer(surveys: { ledger: IngestLedger; answers: AnswerStore }, ref: Ref): Promise<void> {
  const at = '2026-03-02T09:31:00.000Z';
  const invitation = {
    ...ref,
    surveyId: uniqueId('survey'),
    channel: 'voice' as const,
    token: uniqueId('token').padEnd(32, '0'),
    createdAt: at,
    sendAt: at,
    expiresAt: '2026-04-01T09:31:00.000Z',
    status: 'scheduled' as const,
    delivery: 'pending' as const,
    survey: DEFAULT_SURVEY,
  };
  await surveys.ledger.recordInteraction({
    interaction: { ...ref, channel: 'voice', receivedAt: at },
    customer: { id: ref.customerId, email: `${ref.customerId}@example.org` },
    invitation,
    outcome: { interactionId: ref.interactionId, surveyId: invitation.surveyId, status: 'scheduled' },
    now: at,
  });
  await surveys.answers.saveAnswer(invitation, nextAnswer(invitation, null, { csat: 1, comment: 'Nobody called back' }, '2026-03-02T09:40:00.000Z'));
}

const CREATED = '2026-03-02T10:00:00.000Z';

/** The alert as the domain moves it: what a store is given to store. */
function movedTo(alert: Alert, to: AlertStatus, by: string, at: string): Alert {
  const move = moveAlert(alert, to, by, at);
  if (!('moved' in move)) throw new Error(move.refused);
  return move.moved;
}

/** An open alert about an unhappy voice answer of a customer of its own. */
function anAlert(overrides: { channel?: Channel; createdAt?: string } = {}): {
  alert: Alert;
  ref: { customerId: string; occurredAt: string; interactionId: string };
} {
  const createdAt = overrides.createdAt ?? CREATED;
  const ref = { customerId: uniqueId('cust'), occurredAt: '2026-03-02T09:30:00.000Z', interactionId: uniqueId('call') };
  const alert: Alert = {
    alertId: newAlertId(),
    surveyId: uniqueId('survey'),
    customerId: ref.customerId,
    interactionId: ref.interactionId,
    channel: overrides.channel ?? 'voice',
    agentId: 'agent-3',
    csat: 1,
    comment: 'Nobody called back',
    reasons: ['csat'],
    status: 'open',
    createdAt,
    updatedAt: createdAt,
    history: [{ status: 'open', by: 'system', at: createdAt }],
  };
  return { alert, ref };
}

describe.each(implementations)('AlertStore contract: %s', (_name, makeWorld) => {
  // Every alert below follows up a stored answer; `raise` stores both.
  let world: World;
  const make = async () => {
    world = await makeWorld();
    return world.store;
  };
  const raise = async (store: AlertStore, { alert, ref }: { alert: Alert; ref: Ref }) => {
    await world.answered(ref);
    return store.createAlert(alert, ref);
  };

  describe('alerts', () => {
    it('stores one alert per survey: a second one for the same survey changes nothing', async () => {
      // Prepare
      const store = await make();
      const { alert, ref } = anAlert();

      // Act
      const first = await raise(store, { alert, ref });
      const again = { ...alert, alertId: newAlertId(), csat: 2, comment: 'Changed my mind' };
      const second = await store.createAlert(again, ref);

      // Assess
      expect([first, second]).toEqual([true, false]);
      expect(await store.getAlert(alert.alertId)).toEqual(alert);
      expect(await store.getAlert(again.alertId)).toBeNull();
    });

    it('raises no alert for a survey whose answer is not there (never given, or erased)', async () => {
      const store = await make();
      const { alert, ref } = anAlert();

      expect(await store.createAlert(alert, ref)).toBe(false);
      expect(await store.getAlert(alert.alertId)).toBeNull();
    });

    it('answers null for an alert nobody raised, and refuses an id this API did not hand out', async () => {
      const store = await make();

      expect(await store.getAlert(anAlert().alert.alertId)).toBeNull();
      await expect(store.getAlert('not an id')).rejects.toBeInstanceOf(InvalidInput);
    });

    it('records when the owners were emailed, and marks nothing for an alert that does not exist', async () => {
      // Prepare
      const store = await make();
      const { alert, ref } = anAlert();
      await raise(store, { alert, ref });
      const missing = anAlert().alert.alertId;

      // Act
      await store.markNotified(alert.alertId, '2026-03-02T10:00:05.000Z');
      await store.markNotified(missing, '2026-03-02T10:00:05.000Z');

      // Assess
      expect(await store.getAlert(alert.alertId)).toEqual({ ...alert, notifiedAt: '2026-03-02T10:00:05.000Z' });
      expect(await store.getAlert(missing)).toBeNull();
    });

    it('moves an alert on from the status read, with who and when, and refuses a move from a status it has left', async () => {
      // Prepare
      const store = await make();
      const { alert, ref } = anAlert();
      await raise(store, { alert, ref });

      // Act
      const contacted = await store.transition(alert, movedTo(alert, 'contacted', 'manager-1', '2026-03-02T11:00:00.000Z'));
      const stale = await store.transition(alert, movedTo(alert, 'closed', 'manager-2', '2026-03-02T11:00:01.000Z'));

      // Assess
      const expected: Alert = {
        ...alert,
        status: 'contacted',
        updatedAt: '2026-03-02T11:00:00.000Z',
        contactedAt: '2026-03-02T11:00:00.000Z',
        history: [...alert.history, { status: 'contacted', by: 'manager-1', at: '2026-03-02T11:00:00.000Z' }],
      };
      expect(contacted).toEqual(expected);
      expect(stale).toBe(false);
      expect(await store.getAlert(alert.alertId)).toEqual(expected);
    });

    it('lists the alerts of one status, newest first, optionally of one channel', async () => {
      // Prepare
      const store = await make();
      const older = anAlert({ createdAt: '2026-03-02T08:00:00.000Z' });
      const newer = anAlert({ createdAt: '2026-03-02T09:00:00.000Z', channel: 'chat' });
      const moved = anAlert({ createdAt: '2026-03-02T09:30:00.000Z' });
      for (const raised of [older, newer, moved]) await raise(store, raised);
      await store.transition(moved.alert, movedTo(moved.alert, 'contacted', 'manager-1', '2026-03-02T11:00:00.000Z'));

      // Act
      const open = await store.listAlerts({ status: 'open', limit: 10 });
      const openChats = await store.listAlerts({ status: 'open', channel: 'chat', limit: 10 });
      const contacted = await store.listAlerts({ status: 'contacted', limit: 10 });

      // Assess
      expect(open.alerts.map((a) => a.alertId)).toEqual([newer.alert.alertId, older.alert.alertId]);
      expect(open.alerts[1]).toEqual(older.alert);
      expect(openChats.alerts.map((a) => a.alertId)).toEqual([newer.alert.alertId]);
      expect(contacted.alerts.map((a) => [a.alertId, a.status])).toEqual([[moved.alert.alertId, 'contacted']]);
    });

    it('pages through a status with the cursor it hands out, and refuses one it did not', async () => {
      // Prepare
      const store = await make();
      const alerts = ['08', '09', '10'].map((hour) => anAlert({ createdAt: `2026-03-02T${hour}:00:00.000Z` }));
      for (const raised of alerts) await raise(store, raised);

      // Act
      const pages = [];
      let cursor: string | undefined;
      do {
        const page = await store.listAlerts({ status: 'open', limit: 2, ...(cursor ? { cursor } : {}) });
        pages.push(page.alerts.map((a) => a.createdAt.slice(11, 13)));
        cursor = page.nextCursor;
      } while (cursor && pages.length < 5);

      // Assess
      expect(pages.flat()).toEqual(['10', '09', '08']);
      expect(pages[0]).toEqual(['10', '09']);
      await expect(store.listAlerts({ status: 'open', limit: 2, cursor: 'bm90LWEtY3Vyc29y' })).rejects.toBeInstanceOf(InvalidInput);
    });
  });

  describe('close statistics', () => {
    it('counts each close once per channel and day, with its duration in seconds, channels in their order, days ascending', async () => {
      // Prepare
      const store = await make();
      const [a, b, c, d] = [anAlert(), anAlert(), anAlert({ channel: 'email' }), anAlert()];
      for (const raised of [a, b, c, d]) await raise(store, raised!);

      // Act
      await store.transition(a!.alert, movedTo(a!.alert, 'closed', 'manager-1', '2026-03-02T10:10:00.000Z'));
      await store.transition(c!.alert, movedTo(c!.alert, 'closed', 'manager-1', '2026-03-02T12:00:00.000Z'));
      await store.transition(b!.alert, movedTo(b!.alert, 'closed', 'manager-2', '2026-03-02T10:20:00.000Z'));
      await store.transition(d!.alert, movedTo(d!.alert, 'closed', 'manager-2', '2026-03-03T10:00:00.000Z'));
      const stats = await store.closeStats('2026-03-02', '2026-03-03');

      // Assess
      const histogram = (...buckets: number[]) => buckets;
      expect(stats).toEqual([
        { channel: 'voice', day: '2026-03-02', closed: 2, durations: [600, 1200], histogram: histogram(0, 1, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0) },
        { channel: 'voice', day: '2026-03-03', closed: 1, durations: [86400], histogram: histogram(0, 0, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0) },
        { channel: 'email', day: '2026-03-02', closed: 1, durations: [7200], histogram: histogram(0, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0) },
      ]);
      expect(await store.closeStats('2026-03-03', '2026-03-03')).toHaveLength(1);
    });
  });

  describe('rules', () => {
    it("answers every channel's rule, the default where nobody set one", async () => {
      // Prepare
      const store = await make();
      const chat: AlertRule = {
        channel: 'chat',
        enabled: true,
        csatAtMost: 3,
        npsAtMost: null,
        owners: ['lead@example.com'],
        updatedAt: CREATED,
        updatedBy: 'manager-1',
      };

      // Act
      await store.putRule(chat);
      const rules = await store.rules();

      // Assess
      expect(rules).toHaveLength(6);
      expect(rules.find((r) => r.channel === 'chat')).toEqual(chat);
      expect(rules.find((r) => r.channel === 'voice')).toEqual({ channel: 'voice', ...DEFAULT_ALERT_RULE });
      expect(await store.rule('chat')).toMatchObject({ channel: 'chat', enabled: true, csatAtMost: 3, npsAtMost: null, owners: ['lead@example.com'] });
      expect(await store.rule('voice')).toEqual({ channel: 'voice', ...DEFAULT_ALERT_RULE });
    });
  });
});
