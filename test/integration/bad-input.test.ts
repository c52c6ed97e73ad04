// Bad input at the edges: a clear 4xx naming the problem, and nothing written.
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { describe, expect, it } from 'vitest';
import { interactionGuardKey } from '../../functions/store/keys.js';
import { documentClient, getCustomer, newInteraction, postInteraction, stack } from './helpers.js';

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
    const missing = await fetch(`${stack.apiUrl}/interactions`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(interaction) });
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
    const wrongType = await fetch(`${stack.apiUrl}/s/${token}`, { method: 'POST', headers: { 'content-type': 'text/plain', accept: 'application/json' }, body: 'csat=5' });
    expect(wrongType.status).toBe(415);
  });
});
