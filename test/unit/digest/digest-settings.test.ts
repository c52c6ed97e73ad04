// PUT /settings/digest: a bad field is a 400 naming it, and nothing is written.
import { describe, expect, it } from 'vitest';
import type { DigestSettings } from '../../../functions/digest/digest-settings.js';
import type { DigestStore } from '../../../functions/digest/digest-store.js';
import { makeDigestSettings } from '../../../functions/digest/http-handler.js';
import { httpEvent } from '../support/events.js';

function fakeStore() {
  const writes: DigestSettings[] = [];
  const store: Pick<DigestStore, 'getSettings' | 'putSettings'> = {
    getSettings: async () => writes.at(-1) ?? null,
    putSettings: async (settings) => (writes.push(settings), settings),
  };
  return { store, writes };
}

const valid = { recipients: ['cx-lead@example.com', 'ops@example.com'], weekday: 'monday', hour: 9, timeZone: 'Europe/Berlin' };
const NOW = new Date('2026-12-03T10:00:00Z');

const asManager = (event: ReturnType<typeof httpEvent>) => {
  (event.requestContext as unknown as { authorizer: unknown }).authorizer = { jwt: { claims: { sub: 'manager-1' }, scopes: [] } };
  return event;
};

/** The handler's answer, or the typed error the HTTP edge would map (status and issues). */
async function put(body: unknown) {
  const { store, writes } = fakeStore();
  const handler = makeDigestSettings({ store, now: () => NOW });
  const event = asManager(httpEvent({ routeKey: 'PUT /settings/digest', body: JSON.stringify(body), headers: { 'content-type': 'application/json' } }));
  try {
    const res = await handler(event);
    return { status: res.statusCode, writes, body: JSON.parse(res.body as string) };
  } catch (error) {
    const { status, issues } = error as { status: number; issues: unknown };
    return { status, writes, body: { issues } };
  }
}

describe('PUT /settings/digest', () => {
  it('stores the settings, enabled unless said otherwise, with who and when', async () => {
    const { status, writes } = await put(valid);
    expect(status).toBe(200);
    expect(writes).toEqual([{ ...valid, enabled: true, updatedAt: NOW.toISOString(), updatedBy: 'manager-1' }]);
  });

  it.each([
    [{ timeZone: 'Mars/Olympus' }, 'timeZone', 'IANA'],
    [{ timeZone: 'GMT+25' }, 'timeZone', 'IANA'],
    [{ recipients: ['not-an-email'] }, 'recipients.0', 'email'],
    [{ recipients: [] }, 'recipients', 'at least one'],
    [{ recipients: Array.from({ length: 21 }, (_, i) => `m${i}@example.com`) }, 'recipients', 'at most 20'],
    [{ recipients: ['a@example.com', 'A@example.com'] }, 'recipients', 'repeat'],
    [{ hour: 24 }, 'hour', '0 to 23'],
    [{ hour: -1 }, 'hour', '0 to 23'],
    [{ hour: 9.5 }, 'hour', '0 to 23'],
    [{ weekday: 'someday' }, 'weekday', 'monday'],
    [{ enabled: 'yes' }, 'enabled', 'true or false'],
  ])('answers 400 naming the field for %j, writing nothing', async (broken, field, words) => {
    const { status, writes, body } = await put({ ...valid, ...broken });
    expect(status).toBe(400);
    expect(body.issues).toEqual(expect.arrayContaining([expect.objectContaining({ field, message: expect.stringContaining(words) })]));
    expect(writes).toEqual([]);
  });

  it('refuses a field it does not know', async () => {
    const { status, writes } = await put({ ...valid, cc: ['x@example.com'] });
    expect(status).toBe(400);
    expect(writes).toEqual([]);
  });
});

describe('GET /settings/digest', () => {
  it('answers 404 before the first PUT', async () => {
    const handler = makeDigestSettings({ ...fakeStore(), now: () => NOW });
    await expect(handler(asManager(httpEvent({ routeKey: 'GET /settings/digest' })))).rejects.toMatchObject({ status: 404 });
  });
});
