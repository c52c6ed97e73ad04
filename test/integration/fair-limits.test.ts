// Fair rate limits on the local stack, with the production limits (THROTTLE, EDGE_RULES) for the length of each test:
// a flood on random survey links, or of unauthenticated manager or ingest calls, leaves the real customer and manager served.
// The stack under test trusts X-Forwarded-For, so that one machine can play several client addresses.
import { randomBytes } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { THROTTLE } from '../../functions/routes.js';
import { control, linksOf, newInteraction, postInteraction, stack, waitForEmail } from './helpers.js';

const UNLIMITED = { rateLimit: 1_000_000, burstLimit: 1_000_000 };
const UNLIMITED_EDGE = { limit: 1_000_000, windowSeconds: 60 } as const;

const from = (address: string, headers: Record<string, string> = {}) => ({ headers: { 'x-forwarded-for': address, ...headers } });
const randomLink = () => `${stack.apiUrl}/s/${randomBytes(24).toString('base64url')}`;

/** n requests at once; their statuses. */
async function flood(n: number, request: () => Promise<Response>): Promise<number[]> {
  return Promise.all(Array.from({ length: n }, async () => (await request()).status));
}

/** A real customer's survey link, from their email, obtained while the limits are still off. */
async function surveyLinkOfNewCustomer(): Promise<string> {
  const interaction = newInteraction();
  expect((await postInteraction(interaction)).status).toBe(202);
  const email = await waitForEmail(interaction.customer.email);
  return linksOf(email.body.html ?? '').find((l) => /\/s\/[A-Za-z0-9_-]{32}$/.test(l))!;
}

describe('fair rate limits', () => {
  let surveyLink: string;

  beforeEach(async () => {
    surveyLink = await surveyLinkOfNewCustomer();
    // The production limits: shared buckets per route class, and the edge rules per client address and per link.
    await control({ throttle: { public: THROTTLE.public, apiKey: THROTTLE.apiKey, manager: THROTTLE.manager, edge: structuredClone(THROTTLE.edge) } });
  });

  afterEach(async () => {
    await control({
      throttle: {
        public: UNLIMITED,
        apiKey: UNLIMITED,
        manager: UNLIMITED,
        edge: { publicPerClient: UNLIMITED_EDGE, publicPerLink: UNLIMITED_EDGE, managerPerClient: UNLIMITED_EDGE },
      },
    });
  });

  it('serves a customer their own survey after a flood of 130 requests for random links', async () => {
    // Act: one client asks for 130 random links at once
    const started = Date.now();
    const flooded = await flood(130, () => fetch(randomLink(), from('203.0.113.66')));
    const { limit, windowSeconds } = THROTTLE.edge.publicPerClient;
    // What the address's limit lets through: the limit, and what refilled while the flood ran on this slow machine.
    const allowed = limit + Math.ceil(((Date.now() - started) / 1000) * (limit / windowSeconds));

    // Assess: the flood is cut at its own address's limit, and the customer opens and answers their survey
    expect(flooded.filter((s) => s === 404).length).toBeGreaterThanOrEqual(limit);
    expect(flooded.filter((s) => s === 404).length).toBeLessThanOrEqual(allowed);
    expect(flooded.filter((s) => s === 429).length).toBe(130 - flooded.filter((s) => s === 404).length);
    const page = await fetch(surveyLink, from('198.51.100.7'));
    expect(page.status).toBe(200);
    const answer = await fetch(surveyLink, {
      method: 'POST',
      headers: { 'x-forwarded-for': '198.51.100.7', 'content-type': 'application/json' },
      body: JSON.stringify({ csat: 5 }),
    });
    expect(answer.status).toBe(200);
  });

  it('answers 429 with a message to the flooding address only, while another address is served', async () => {
    // A window long enough that nothing refills during the test: 10 requests in 10 minutes
    await control({ throttle: { edge: { publicPerClient: { limit: 10, windowSeconds: 600 } } } });
    const flooded = await flood(10, () => fetch(randomLink(), from('203.0.113.9')));

    const flooder = await fetch(randomLink(), from('203.0.113.9'));
    const other = await fetch(randomLink(), from('203.0.113.10'));

    expect(new Set(flooded)).toEqual(new Set([404]));
    expect(flooder.status).toBe(429);
    expect(await flooder.json()).toMatchObject({ message: expect.stringMatching(/Too Many Requests/) });
    expect(other.status).toBe(404);
  });

  it('limits requests on one survey link, without touching the other links', async () => {
    await control({ throttle: { edge: { publicPerLink: { limit: 10, windowSeconds: 600 } } } });
    // Act: one link asked for from several addresses, each far under its own limit
    const statuses = await flood(15, async () => fetch(surveyLink, from(`192.0.2.${Math.floor(Math.random() * 200) + 1}`)));

    expect(statuses.filter((s) => s === 200)).toHaveLength(10);
    expect(statuses.filter((s) => s === 429)).toHaveLength(5);
    await control({ throttle: { edge: { publicPerLink: { limit: 1_000_000, windowSeconds: 60 } } } });
    const anotherLink = await surveyLinkOfNewCustomer();
    await control({ throttle: { edge: { publicPerLink: { limit: 10, windowSeconds: 600 } } } });
    expect((await fetch(anotherLink, from('192.0.2.250'))).status).toBe(200);
  });

  it('serves a valid manager after 60 unauthenticated manager requests from the same address', async () => {
    const address = '198.51.100.20';
    const refused = await flood(60, () =>
      fetch(`${stack.apiUrl}/reports/channels?from=2024-01-01&to=2024-01-31`, from(address, { authorization: 'Bearer not-the-token' })),
    );

    const manager = await fetch(
      `${stack.apiUrl}/reports/channels?from=2024-01-01&to=2024-01-31`,
      from(address, { authorization: `Bearer ${stack.managerToken}` }),
    );

    expect(new Set(refused)).toEqual(new Set([401]));
    expect(manager.status).toBe(200);
  });

  it('accepts a valid interaction after a flood of ingest requests with a wrong key', async () => {
    await control({ throttle: { apiKey: { rateLimit: 1, burstLimit: 5 } } });
    const refused = await flood(30, () =>
      fetch(`${stack.apiUrl}/interactions`, {
        method: 'POST',
        headers: { 'x-api-key': 'wrong-key-0123456789', 'content-type': 'application/json' },
        body: '{}',
      }),
    );

    const accepted = await postInteraction(newInteraction());

    expect(new Set(refused)).toEqual(new Set([403]));
    expect(accepted.status).toBe(202);
  });

  it('still limits authenticated managers by the shared bucket of their routes', async () => {
    await control({ throttle: { manager: { rateLimit: 1, burstLimit: 3 } } });
    const statuses = await flood(6, () => fetch(`${stack.apiUrl}/topics`, { headers: { authorization: `Bearer ${stack.managerToken}` } }));

    expect(statuses.filter((s) => s === 200)).toHaveLength(3);
    expect(statuses.filter((s) => s === 429)).toHaveLength(3);
  });
});
