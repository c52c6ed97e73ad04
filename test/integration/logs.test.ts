// No personal data in logs: a whole flow runs, every line the functions wrote is read back, and none holds
// the customer's email, name or comment; every line is structured JSON, and request lines carry a correlation id.
import { describe, expect, it } from 'vitest';
import { control, getCustomer, linksOf, managerGet, newInteraction, postInteraction, settled, waitForEmail } from './helpers.js';

describe('logs', () => {
  it('hold no email address, name or comment, and are JSON with a correlation id per request', async () => {
    await control({ clearLogs: true });
    const interaction = newInteraction({
      customer: { id: 'cust-logs-1', email: 'grace.hopper.logs@example.com', name: 'Grace Brewster Hopper' },
      subject: 'Refund for order 4711',
    });
    const comment = 'My card number ends 4242 and I am furious';

    await postInteraction(interaction);
    await postInteraction({ ...interaction, customer: { ...interaction.customer, email: 'not an email' } });
    const link = linksOf((await waitForEmail(interaction.customer.email)).body.html ?? '').find((l) => /\/s\/[^?]+$/.test(l))!;
    await fetch(link);
    await fetch(link, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ csat: '1', comment }).toString(),
    });
    await fetch(link, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ csat: '7', comment }).toString(),
    });
    await getCustomer(interaction.customer.id);
    await managerGet('/responses?hasComment=true');
    await settled();
    const { logLines = [] } = await control({ withLogs: true });

    expect(logLines.length).toBeGreaterThan(10);
    const text = logLines.join('\n');
    for (const secret of [interaction.customer.email, 'Grace', 'Hopper', 'furious', '4242', 'Refund', 'not an email', link.split('/s/')[1]!]) {
      expect(text, `a log line contains "${secret}"`).not.toContain(secret);
    }
    const parsed = logLines.map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(
      parsed.every((l) => typeof l.level === 'string' && typeof l.time === 'string' && typeof l.message === 'string' && typeof l.service === 'string'),
    ).toBe(true);
    const requests = parsed.filter((l) => l.message === 'request' || l.message === 'request refused');
    expect(requests.length).toBeGreaterThan(5);
    expect(requests.every((l) => typeof l.correlationId === 'string' && (l.correlationId as string).length > 0)).toBe(true);
    expect(new Set(requests.map((l) => l.correlationId)).size).toBe(requests.length);
  });
});
