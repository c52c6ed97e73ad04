// A customer's rights: everything held about them as JSON, and erasure that leaves the anonymous counts alone.
import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { GetCommand, ScanCommand } from '@aws-sdk/lib-dynamodb';
import { describe, expect, it } from 'vitest';
import { interactionGuardKey } from '../../functions/store/keys.js';
import { control, documentClient, getCustomer, linksOf, managerGet, newInteraction, postInteraction, settled, stack, waitForEmail } from './helpers.js';

const today = () => new Date().toISOString().slice(0, 10);
const managerFetch = (path: string, method = 'GET') => fetch(`${stack.apiUrl}${path}`, { method, headers: { authorization: `Bearer ${stack.managerToken}` } });
async function managerSend(method: string, path: string, body: unknown) {
  const res = await fetch(`${stack.apiUrl}${path}`, {
    method,
    headers: { authorization: `Bearer ${stack.managerToken}`, 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  return { status: res.status, body: (await res.json()) as any };
}
/** Random lower-case letters: a word the comment analysis keeps as a keyword, found nowhere else. */
const letters = (n: number) => Array.from({ length: n }, () => String.fromCharCode(97 + Math.floor(Math.random() * 26))).join('');

/** A subscriber on loopback that accepts every delivery. */
async function receiver() {
  const received: string[] = [];
  const server = createServer(async (req: IncomingMessage, res) => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    received.push(Buffer.concat(chunks).toString('utf8'));
    res.writeHead(204).end();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hooks`,
    received,
    close: () => new Promise<void>((resolve) => (server.closeAllConnections(), server.close(() => resolve()))),
  };
}

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
    const countsBefore = (await managerGet(`/reports/agents?from=${today()}&to=${today()}`)).body.agents.find(
      (a: { agentId: string }) => a.agentId === agentId,
    );

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

  it('erases everything that names a customer: a full table scan and the logs find no id, address, name or comment word', async () => {
    // Prepare: a subscriber to every event, one customer under two addresses over two interactions, an unhappy comment
    // that names them (an alert, webhook deliveries, term counts), and a follow-up step on the alert.
    await control({ clearLogs: true });
    const subscriber = await receiver();
    const subscription = await managerSend('POST', '/webhooks', { url: subscriber.url, events: ['response.created', 'response.updated', 'alert.created'] });
    expect(subscription.status).toBe(201);
    const tag = letters(8);
    const surname = `Quill${tag}`;
    const word = `zephyr${tag}`;
    const comment = `${surname} here, the ${word} blender broke`;
    const first = newInteraction({
      channel: 'voice',
      customer: { id: `cust-${randomUUID().slice(0, 8)}`, email: `old-${tag}@example.com`, name: `Ada ${surname}` },
    });
    const second = newInteraction({
      channel: 'chat',
      customer: { ...first.customer, email: `New-${tag}@Example.com` },
      occurredAt: new Date(Date.now() - 30_000).toISOString(),
    });
    try {
      expect((await postInteraction(first)).status).toBe(202);
      const link = linksOf((await waitForEmail(first.customer.email)).body.html ?? '').find((l) => /\/s\/[^?]+$/.test(l))!;
      const submit = await fetch(link, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ csat: 1, comment }) });
      expect(submit.status).toBe(200);
      expect((await postInteraction(second)).status).toBe(202);
      await settled();
      const open = (await managerGet('/alerts?status=open&limit=100')).body.alerts.find((a: { customerId: string }) => a.customerId === first.customer.id);
      expect(open).toBeDefined();
      expect(open.alertId).not.toContain(Buffer.from(first.customer.id).toString('base64url').slice(0, 8));
      expect((await managerSend('PATCH', `/alerts/${open.alertId}`, { status: 'contacted' })).status).toBe(200);
      await settled();
      expect(subscriber.received.length).toBeGreaterThanOrEqual(2);

      // Act: access
      const exported = await managerGet(`/customers/${first.customer.id}/export`);

      // Assess: the alert with its comment and history, every address used, the webhook deliveries
      expect(exported.status).toBe(200);
      expect(exported.body.addresses.sort()).toEqual([first.customer.email, second.customer.email.toLowerCase()].sort());
      expect(exported.body.alerts).toEqual([
        expect.objectContaining({
          alertId: open.alertId,
          comment,
          status: 'contacted',
          history: [expect.objectContaining({ status: 'open' }), expect.objectContaining({ status: 'contacted' })],
        }),
      ]);
      expect(exported.body.webhookDeliveries.map((d: { event: string }) => d.event).sort()).toEqual(['alert.created', 'response.created']);

      // Act: erasure
      const erased = await managerFetch(`/customers/${first.customer.id}`, 'DELETE');
      expect(erased.status).toBe(200);
      await settled();

      // Assess: a scan of the whole table and every captured log line: none holds the id, an address, the name or the comment's words
      const items: Record<string, unknown>[] = [];
      let start: Record<string, unknown> | undefined;
      do {
        const page = await documentClient.send(new ScanCommand({ TableName: stack.tableName, ExclusiveStartKey: start, ConsistentRead: true }));
        items.push(...(page.Items ?? []));
        start = page.LastEvaluatedKey;
      } while (start);
      expect(items.length).toBeGreaterThan(10);
      const { logLines = [] } = await control({ withLogs: true });
      expect(logLines.length).toBeGreaterThan(10);
      const holding = (secret: string, except: string[] = []) =>
        items
          .filter((item) => !except.includes(String(item.type)) && JSON.stringify(item).toLowerCase().includes(secret.toLowerCase()))
          .map((item) => `${String(item.type)} ${String(item.pk)} ${String(item.sk)}`);
      for (const secret of [first.customer.id, first.customer.email, second.customer.email, surname, word]) {
        expect(holding(secret), `items holding "${secret}"`).toEqual([]);
        expect(
          logLines.filter((line) => line.toLowerCase().includes(secret.toLowerCase())),
          `log lines holding "${secret}"`,
        ).toEqual([]);
      }
      // Interaction ids stay only on the aggregator's exactly-once markers (no customer in them; they expire in 7 days).
      for (const interactionId of [first.interactionId, second.interactionId])
        expect(holding(interactionId, ['AggregateMarker']), `items holding "${interactionId}"`).toEqual([]);
    } finally {
      await managerFetch(`/webhooks/${subscription.body.id}`, 'DELETE');
      await subscriber.close();
    }
  });

  it('answers 404 to erasing or exporting an unknown customer, and 401 without the token', async () => {
    expect((await managerFetch('/customers/nobody-here', 'DELETE')).status).toBe(404);
    expect((await managerFetch('/customers/nobody-here/export')).status).toBe(404);
    expect((await fetch(`${stack.apiUrl}/customers/anyone`, { method: 'DELETE' })).status).toBe(401);
  });
});
