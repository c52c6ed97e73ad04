// Token roles on the local stack: the unsubscribe link mailbox providers receive is not the survey link, each opens only
// its own page, erasure removes both; and an answer can be submitted MAX_REVISIONS times, no more.
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { describe, expect, it } from 'vitest';
import { MAX_REVISIONS } from '../../functions/domain/model.js';
import { unsubscribeTokenKey } from '../../functions/store/keys.js';
import { documentClient, linksOf, newInteraction, postInteraction, stack, waitForEmail } from './helpers.js';

const ONE_CLICK = { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'List-Unsubscribe=One-Click' };
const json = (body: unknown) => ({ method: 'POST', headers: { 'content-type': 'application/json', accept: 'application/json' }, body: JSON.stringify(body) });

async function invited() {
  const interaction = newInteraction();
  expect((await postInteraction(interaction)).status).toBe(202);
  const email = await waitForEmail(interaction.customer.email);
  const surveyLink = linksOf(email.body.html ?? '').find((l) => /\/s\/[A-Za-z0-9_-]{32}$/.test(l))!;
  const listUnsubscribe = email.headers!.find((h) => h.name === 'List-Unsubscribe')!.value.slice(1, -1);
  const footerUnsubscribe = linksOf(email.body.html ?? '').find((l) => l.includes('/u/'))!;
  return {
    interaction,
    email,
    surveyLink,
    listUnsubscribe,
    footerUnsubscribe,
    surveyToken: surveyLink.split('/s/')[1]!,
    unsubscribeToken: listUnsubscribe.split('/u/')[1]!,
  };
}

const customerRecord = async (id: string) =>
  (await (await fetch(`${stack.apiUrl}/customers/${encodeURIComponent(id)}`, { headers: { authorization: `Bearer ${stack.managerToken}` } })).json()) as any;

describe('token roles', () => {
  it('gives mailbox providers an unsubscribe token that is not the survey token, in the header and the footer alike', async () => {
    const { email, listUnsubscribe, footerUnsubscribe, surveyToken, unsubscribeToken } = await invited();

    expect(unsubscribeToken).toMatch(/^[A-Za-z0-9_-]{32}$/);
    expect(unsubscribeToken).not.toBe(surveyToken);
    expect(footerUnsubscribe).toBe(listUnsubscribe);
    expect(JSON.stringify(email.headers)).not.toContain(surveyToken);
  });

  it('opens no survey with the unsubscribe token, and unsubscribes nobody with the survey token', async () => {
    const { interaction, surveyToken, unsubscribeToken } = await invited();

    const surveyByUnsubscribe = await fetch(`${stack.apiUrl}/s/${unsubscribeToken}`);
    const answerByUnsubscribe = await fetch(`${stack.apiUrl}/s/${unsubscribeToken}`, json({ csat: 1 }));
    const unsubscribeBySurvey = await fetch(`${stack.apiUrl}/u/${surveyToken}`, ONE_CLICK);

    expect(surveyByUnsubscribe.status).toBe(404);
    expect(answerByUnsubscribe.status).toBe(404);
    expect(unsubscribeBySurvey.status).toBe(404);
    const record = await customerRecord(interaction.customer.id);
    expect(record.profile.unsubscribedAt).toBeUndefined();
    expect(record.timeline[0].answer).toBeUndefined();
  });

  it("unsubscribes the customer by the email's one-click link", async () => {
    const { interaction, listUnsubscribe } = await invited();

    const click = await fetch(listUnsubscribe, ONE_CLICK);

    expect(click.status).toBe(200);
    expect((await customerRecord(interaction.customer.id)).profile.unsubscribedAt).toEqual(expect.any(String));
  });

  it('erases the unsubscribe token with the customer', async () => {
    const { interaction, unsubscribeToken } = await invited();
    const key = unsubscribeTokenKey(unsubscribeToken);
    expect((await documentClient.send(new GetCommand({ TableName: stack.tableName, Key: key }))).Item).toBeDefined();

    const erased = await fetch(`${stack.apiUrl}/customers/${encodeURIComponent(interaction.customer.id)}`, {
      method: 'DELETE',
      headers: { authorization: `Bearer ${stack.managerToken}` },
    });

    expect(erased.status).toBe(200);
    expect((await documentClient.send(new GetCommand({ TableName: stack.tableName, Key: key }))).Item).toBeUndefined();
    expect((await fetch(`${stack.apiUrl}/u/${unsubscribeToken}`)).status).toBe(404);
  });
});

describe('answer revisions', () => {
  it(`stores ${MAX_REVISIONS} submits of one survey, then refuses the next with 409 and a message, storing nothing`, async () => {
    const { interaction, surveyLink } = await invited();
    for (let i = 1; i <= MAX_REVISIONS; i++) {
      const res = await fetch(surveyLink, json({ csat: (i % 5) + 1 }));
      expect(res.status).toBe(200);
      expect(((await res.json()) as any).revision).toBe(i);
    }
    const before = (await customerRecord(interaction.customer.id)).timeline[0].answer;

    const refused = await fetch(surveyLink, json({ csat: 1, comment: 'one more' }));

    expect(refused.status).toBe(409);
    expect(((await refused.json()) as any).message).toMatch(new RegExp(`already submitted ${MAX_REVISIONS} times`));
    const after = (await customerRecord(interaction.customer.id)).timeline[0].answer;
    expect(after).toEqual(before);
    expect(after.revision).toBe(MAX_REVISIONS);
  });
});
