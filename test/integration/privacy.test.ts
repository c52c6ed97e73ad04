// A customer's rights: everything held about them as JSON, and erasure that leaves the anonymous counts alone.
import { randomUUID } from 'node:crypto';
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { describe, expect, it } from 'vitest';
import { interactionGuardKey } from '../../functions/store/keys.js';
import { documentClient, getCustomer, linksOf, managerGet, newInteraction, postInteraction, settled, stack, waitForEmail } from './helpers.js';

const today = () => new Date().toISOString().slice(0, 10);
const managerFetch = (path: string, method = 'GET') => fetch(`${stack.apiUrl}${path}`, { method, headers: { authorization: `Bearer ${stack.managerToken}` } });

describe('privacy', () => {
  it('exports everything held about a customer, then erases it while the report counts stay', async () => {
    // Prepare: two interactions, one answered with a comment
    const agentId = `agent-${randomUUID().slice(0, 8)}`;
    const first = newInteraction({ channel: 'voice', agentId });
    const second = newInteraction({ channel: 'chat', agentId, customer: first.customer, occurredAt: new Date(Date.now() - 30_000).toISOString() });
    await postInteraction(first);
    await postInteraction(second);
    const emails = [await waitForEmail(first.customer.email)];
    const link = linksOf(emails[0]!.body.html ?? '').find((l) => /\/s\/[^?]+$/.test(l))!;
    await fetch(link, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ csat: 2, comment: 'Please call me back' }) });
    await settled();
    const countsBefore = (await managerGet(`/reports/agents?from=${today()}&to=${today()}`)).body.agents.find((a: { agentId: string }) => a.agentId === agentId);

    // Act: access
    const exported = await managerFetch(`/customers/${first.customer.id}/export`);
    const data = (await exported.json()) as {
      profile: Record<string, unknown>;
      interactions: Array<{ interactionId: string }>;
      invitations: unknown[];
      answers: unknown[];
    };

    // Assess: all of it, and no survey link credential
    expect(exported.status).toBe(200);
    expect(exported.headers.get('content-disposition')).toMatch(/attachment/);
    expect(data.profile).toMatchObject({ id: first.customer.id, email: first.customer.email, name: 'Ada Lovelace' });
    expect(data.interactions.map((i) => i.interactionId).sort()).toEqual([first.interactionId, second.interactionId].sort());
    expect(data.invitations).toHaveLength(2);
    expect(data.answers).toEqual([expect.objectContaining({ csat: 2, comment: 'Please call me back' })]);
    expect(JSON.stringify(data)).not.toContain(link.split('/s/')[1]);

    // Act: erasure
    const erased = await managerFetch(`/customers/${first.customer.id}`, 'DELETE');

    // Assess: nothing left that names them, the link is dead, the counts stay
    expect(erased.status).toBe(200);
    expect(await erased.json()).toMatchObject({ customerId: first.customer.id, erased: { interactions: 2, answers: 1 } });
    expect((await getCustomer(first.customer.id)).status).toBe(404);
    expect((await managerFetch(`/customers/${first.customer.id}/export`)).status).toBe(404);
    expect((await fetch(link)).status).toBe(404);
    const guard = await documentClient.send(new GetCommand({ TableName: stack.tableName, Key: interactionGuardKey(first.interactionId) }));
    expect(guard.Item).toBeUndefined();
    const search = await managerGet(`/customers?email=${encodeURIComponent(first.customer.email)}`);
    expect(JSON.stringify(search.body ?? {})).not.toContain(first.customer.id);
    const answers = await managerGet('/responses?hasComment=true&limit=5000');
    expect(JSON.stringify(answers.body)).not.toContain('Please call me back');
    await settled();
    const countsAfter = (await managerGet(`/reports/agents?from=${today()}&to=${today()}`)).body.agents.find((a: { agentId: string }) => a.agentId === agentId);
    expect(countsAfter).toEqual(countsBefore);
    expect(countsAfter).toMatchObject({ invitations: 2, responses: 1, csat: { score: 0, responses: 1 } });
  });

  it('answers 404 to erasing or exporting an unknown customer, and 401 without the token', async () => {
    expect((await managerFetch('/customers/nobody-here', 'DELETE')).status).toBe(404);
    expect((await managerFetch('/customers/nobody-here/export')).status).toBe(404);
    expect((await fetch(`${stack.apiUrl}/customers/anyone`, { method: 'DELETE' })).status).toBe(401);
  });
});
