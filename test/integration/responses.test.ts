// The comments feed and its CSV export, through the HTTP API on the local stack.
import { describe, expect, it } from 'vitest';
import { linksOf, managerGet, newInteraction, postInteraction, stack, waitForEmail } from './helpers.js';

async function answered(fields: Record<string, string>, channel = 'community') {
  const interaction = newInteraction({ channel });
  await postInteraction(interaction);
  const link = linksOf((await waitForEmail(interaction.customer.email)).body.html ?? '').find((l) => /\/s\/[^?]+$/.test(l))!;
  const res = await fetch(link, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(fields) });
  expect(res.status).toBe(200);
  return interaction;
}

describe('GET /responses', () => {
  it('lists unhappy answers with comments, newest first, with the customer to call back', async () => {
    const formula = await answered({ csat: '2', comment: '=HYPERLINK("http://evil.example","click")' });
    const happy = await answered({ csat: '5', comment: 'She said "hi", then fixed it' });
    const silent = await answered({ csat: '1' });
    const latest = await answered({ csat: '1', comment: 'Nobody called back' });

    const res = await managerGet('/responses?channel=community&maxCsat=2&hasComment=true&limit=200');

    expect(res.status).toBe(200);
    const emails = res.body.responses.map((r: { customer: { email: string } }) => r.customer.email);
    expect(emails).toContain(formula.customer.email);
    expect(emails).toContain(latest.customer.email);
    expect(emails).not.toContain(happy.customer.email);
    expect(emails).not.toContain(silent.customer.email);
    expect(emails.indexOf(latest.customer.email)).toBeLessThan(emails.indexOf(formula.customer.email));
    const row = res.body.responses.find((r: { customer: { email: string } }) => r.customer.email === latest.customer.email);
    expect(row).toMatchObject({
      channel: 'community',
      csat: 1,
      comment: 'Nobody called back',
      customer: { id: latest.customer.id, name: 'Ada Lovelace' },
      agentId: 'agent-7',
    });
    const times = res.body.responses.map((r: { answeredAt: string }) => r.answeredAt);
    expect([...times].sort().reverse()).toEqual(times);
  });

  it('pages with a cursor, never repeating an answer', async () => {
    await answered({ csat: '3', comment: 'one' }, 'web');
    await answered({ csat: '3', comment: 'two' }, 'web');
    await answered({ csat: '3', comment: 'three' }, 'web');

    const seen: string[] = [];
    let cursor: string | undefined;
    for (let page = 0; page < 3; page++) {
      const res = await managerGet(`/responses?channel=web&limit=1${cursor ? `&cursor=${cursor}` : ''}`);
      expect(res.status).toBe(200);
      expect(res.body.responses).toHaveLength(1);
      seen.push(res.body.responses[0].surveyId);
      cursor = res.body.nextCursor;
      expect(cursor).toEqual(expect.any(String));
    }
    expect(new Set(seen).size).toBe(3);
    expect((await managerGet('/responses?cursor=not-a-cursor')).status).toBe(400);
  });

  it('exports the same answers as RFC 4180 CSV, with formulas neutralised', async () => {
    const formula = await answered({ csat: '2', comment: '=HYPERLINK("http://evil.example","click")' });
    const quoted = await answered({ csat: '2', comment: 'She said "hi",\nthen left' });

    const res = await fetch(`${stack.apiUrl}/responses?channel=community&maxCsat=2&hasComment=true&limit=5000`, {
      headers: { authorization: `Bearer ${stack.managerToken}`, accept: 'text/csv' },
    });
    const csv = await res.text();

    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/csv/);
    expect(res.headers.get('content-disposition')).toMatch(/attachment; filename="responses-/);
    expect(csv.startsWith('answeredAt,channel,agentId,customerId,customerEmail,customerName,csat,nps,ces,resolved,comment,surveyId\r\n')).toBe(true);
    const formulaLine = csv.split('\r\n').find((l) => l.includes(formula.customer.email))!;
    expect(formulaLine).toContain(`"'=HYPERLINK(""http://evil.example"",""click"")"`);
    expect(csv).toContain(`,"She said ""hi"",\nthen left",`);
    expect(csv).toContain(quoted.customer.email);
    const json = await managerGet('/responses?channel=community&maxCsat=2&hasComment=true&limit=5000');
    expect(csv.trimEnd().split('\r\n').length - 1).toBeGreaterThanOrEqual(json.body.responses.length);
  });

  it('refuses bad parameters with 400 naming them', async () => {
    for (const [query, field] of [
      ['maxCsat=9', 'maxCsat'],
      ['hasComment=maybe', 'hasComment'],
      ['channel=fax', 'channel'],
      ['from=2026-02-30', 'from'],
      ['format=xml', 'format'],
      ['limit=0', 'limit'],
    ] as const) {
      const res = await managerGet(`/responses?${query}`);
      expect(res.status, query).toBe(400);
      expect(res.body.issues.map((i: { field: string }) => i.field)).toContain(field);
    }
  });
});
