// Bad input at the edges: a clear 4xx naming the problem, and nothing written.
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { interactionGuardKey } from '../../functions/store/keys.js';
import { documentClient, getCustomer, managerGet, newInteraction, postInteraction, stack } from './helpers.js';

async function nothingWritten(interaction: { interactionId: string; customer: { id: string } }) {
  const guard = await documentClient.send(new GetCommand({ TableName: stack.tableName, Key: interactionGuardKey(interaction.interactionId) }));
  expect(guard.Item).toBeUndefined();
  expect((await getCustomer(interaction.customer.id)).status).toBe(404);
}

describe('POST /interactions with bad input', () => {
  const cases: Array<[string, (i: ReturnType<typeof newInteraction>) => unknown, string]> = [
    ['an unknown channel', (i) => ({ ...i, channel: 'fax' }), 'channel'],
    ['a missing interactionId', ({ interactionId: _, ...rest }) => rest, 'interactionId'],
    ['a bad email', (i) => ({ ...i, customer: { ...i.customer, email: 'not-an-email' } }), 'customer.email'],
    ['a missing customer id', (i) => ({ ...i, customer: { email: i.customer.email } }), 'customer.id'],
    ['a date without a time zone', (i) => ({ ...i, occurredAt: '2026-11-24T10:00:00' }), 'occurredAt'],
    ['a date in the future', (i) => ({ ...i, occurredAt: new Date(Date.now() + 86_400_000).toISOString() }), 'occurredAt'],
    ['an id with a space', (i) => ({ ...i, interactionId: 'a b' }), 'interactionId'],
    ['a subject over 500 characters', (i) => ({ ...i, subject: 'x'.repeat(501) }), 'subject'],
  ];

  it.each(cases)('refuses %s with 400 naming the field, writing nothing', async (_name, mutate, field) => {
    const interaction = newInteraction();

    const res = await postInteraction(mutate(interaction));

    expect(res.status).toBe(400);
    expect(res.body.error).toBe('invalid_input');
    expect(res.body.message).toContain(field);
    expect((res.body.issues as Array<{ field: string }>).map((i) => i.field)).toContain(field);
    await nothingWritten(interaction);
  });

  it('refuses malformed JSON with 400', async () => {
    const interaction = newInteraction();
    const res = await postInteraction(JSON.stringify(interaction).slice(0, -3));
    expect(res.status).toBe(400);
    expect(res.body.message).toMatch(/not valid JSON/);
    await nothingWritten(interaction);
  });

  it('refuses a body that is not JSON with 415', async () => {
    const interaction = newInteraction();
    const res = await postInteraction(JSON.stringify(interaction), { 'content-type': 'text/plain' });
    expect(res.status).toBe(415);
    expect(res.body.message).toMatch(/application\/json/);
    await nothingWritten(interaction);
  });

  it('refuses an oversized body with 413', async () => {
    const interaction = newInteraction({ queue: 'q', padding: 'x'.repeat(20_000) });
    const res = await postInteraction(interaction);
    expect(res.status).toBe(413);
    expect(res.body.message).toMatch(/limit/);
    await nothingWritten(interaction);
  });

  it('refuses a JSON array or null with 400', async () => {
    for (const body of ['[]', 'null', '"text"']) {
      const res = await postInteraction(body);
      expect(res.status).toBe(400);
      expect(res.body.message).toEqual(expect.any(String));
    }
  });
});

describe('authentication', () => {
  it('answers 401 to ingest without an API key and 403 with a wrong one, writing nothing', async () => {
    const interaction = newInteraction();
    const missing = await fetch(`${stack.apiUrl}/interactions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(interaction),
    });
    const wrong = await postInteraction(interaction, { 'x-api-key': 'wrong-key-wrong-key' });
    expect(missing.status).toBe(401);
    expect(wrong.status).toBe(403);
    await nothingWritten(interaction);
  });

  it('answers 401 to a customer record without the manager token or with a wrong one', async () => {
    const interaction = newInteraction();
    await postInteraction(interaction);
    const url = `${stack.apiUrl}/customers/${interaction.customer.id}`;
    expect((await fetch(url)).status).toBe(401);
    expect((await fetch(url, { headers: { authorization: 'Bearer nope' } })).status).toBe(401);
    expect((await fetch(url, { headers: { authorization: `Bearer ${stack.managerToken}` } })).status).toBe(200);
  });

  it('answers 404 for an unknown customer', async () => {
    const res = await getCustomer('nobody-at-all');
    expect(res.status).toBe(404);
    expect(res.body.message).toContain('nobody-at-all');
  });
});

describe('POST /s/{token} with bad input', () => {
  it('refuses an unsupported content type with 415 and an empty answer with 400', async () => {
    const token = 'B'.repeat(32);
    const wrongType = await fetch(`${stack.apiUrl}/s/${token}`, {
      method: 'POST',
      headers: { 'content-type': 'text/plain', accept: 'application/json' },
      body: 'csat=5',
    });
    expect(wrongType.status).toBe(415);
  });
});

describe('forged cursors on every paged route', () => {
  const manager = { authorization: `Bearer ${stack.managerToken}` };
  const b64 = (text: string) => Buffer.from(text, 'utf8').toString('base64url');
  let owner: ReturnType<typeof newInteraction>;
  let other: ReturnType<typeof newInteraction>;
  let timelineCursor: string;
  let webhookId: string;

  beforeAll(async () => {
    // A customer with two interactions gives a real timeline cursor: forged from it, or carried to another route.
    owner = newInteraction({ occurredAt: new Date(Date.now() - 120_000).toISOString() });
    other = newInteraction();
    await postInteraction(owner);
    await postInteraction(newInteraction({ customer: owner.customer }));
    await postInteraction(other);
    const page = await managerGet(`/customers/${owner.customer.id}?limit=1`);
    timelineCursor = page.body.nextCursor;
    const created = await fetch(`${stack.apiUrl}/webhooks`, {
      method: 'POST',
      headers: { ...manager, 'content-type': 'application/json' },
      body: JSON.stringify({ url: 'https://hooks.example.com/forged-cursors', events: ['alert.created'] }),
    });
    webhookId = ((await created.json()) as { id: string }).id;
  });

  afterAll(async () => {
    if (webhookId) await fetch(`${stack.apiUrl}/webhooks/${webhookId}`, { method: 'DELETE', headers: manager });
  });

  const forged = (): Array<[string, string]> => {
    const [version, tag, position] = ((): [number, string, Record<string, string>] => {
      try {
        return JSON.parse(Buffer.from(timelineCursor, 'base64url').toString('utf8')) as [number, string, Record<string, string>];
      } catch {
        return [1, 'tag', { occurredAt: owner.occurredAt, interactionId: owner.interactionId }]; // a cursor of another shape
      }
    })();
    return [
      ['random base64', Buffer.from('9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08', 'hex').toString('base64url')],
      ['not base64', '***not-a-cursor***'],
      ['standard base64 with padding', Buffer.from(JSON.stringify([version, tag, position])).toString('base64')],
      ['base64 of JSON with the wrong keys', b64(JSON.stringify({ pk: `CUSTOMER#${other.customer.id}`, sk: 'PROFILE' }))],
      ["keys of another customer's partition", b64(`T#${other.occurredAt}#${other.interactionId}#1-INTERACTION`)],
      ['a truncated cursor', timelineCursor.slice(0, -5)],
      ['a huge cursor', 'A'.repeat(5000)],
      ['broken JSON', b64('[1,"abc",{"day":')],
      ['a tampered position', b64(JSON.stringify([version, tag, { ...position, occurredAt: '9999-99-99T00:00:00.000Z' }]))],
      ['a NUL', '%00'],
      [
        'JSON of a day and a forged start key',
        b64(JSON.stringify({ day: new Date().toISOString().slice(0, 10), after: { pk: `CUSTOMER#${other.customer.id}`, sk: 'PROFILE' } })),
      ],
      ['JSON of a day that is no date', b64(JSON.stringify({ day: '2026-13-45' }))],
    ];
  };

  it("refuses every forged cursor and another customer's on /customers/{id} with 400 naming cursor", async () => {
    const cases = [...forged(), ["another customer's cursor", timelineCursor] as [string, string]];
    for (const [what, cursor] of cases) {
      const res = await managerGet(`/customers/${other.customer.id}?cursor=${cursor === '%00' ? cursor : encodeURIComponent(cursor)}`);
      expect([what, res.status, res.body?.issues?.map((i: { field: string }) => i.field)]).toEqual([what, 400, ['cursor']]);
    }
    expect((await managerGet(`/customers/${owner.customer.id}?limit=1&cursor=${timelineCursor}`)).status).toBe(200);
  });

  it.each(['/responses', '/alerts', '/webhooks/{id}/deliveries'])(
    'refuses every forged cursor and a cursor of another route on %s with 400 naming cursor',
    async (route) => {
      const path = route.replace('{id}', webhookId);
      const cases = [...forged(), ['a cursor of the customer timeline', timelineCursor] as [string, string]];
      for (const [what, cursor] of cases) {
        const res = await managerGet(`${path}?cursor=${cursor === '%00' ? cursor : encodeURIComponent(cursor)}`);
        expect([what, res.status, res.body?.issues?.map((i: { field: string }) => i.field)]).toEqual([what, 400, ['cursor']]);
      }
    },
  );
});

describe('report windows out of range', () => {
  it.each([
    ['/reports/channels?from=9999-12-01&to=9999-12-31', ['from', 'to']],
    ['/reports/channels?from=2026-01-01&to=9999-12-31', ['to']],
    ['/reports/agents?from=1999-12-31&to=2000-01-31', ['from']],
    ['/responses?from=2026-01-01&to=9999-12-31', ['to']],
    ['/reports/channels?from=2026-01-01&to=2026-01-31&confidence=1.5', ['confidence']],
    ['/reports/agents?from=2026-01-01&to=2026-01-31&minSample=-3', ['minSample']],
    ['/reports/escalations?from=2026-01-01&to=2026-01-31&compare=next', ['compare']],
  ])('answers %s with 400 naming the date or parameter', async (path, fields) => {
    const res = await managerGet(path);

    expect(res.status).toBe(400);
    expect(res.body.issues.map((i: { field: string }) => i.field)).toEqual(fields);
  });
});
