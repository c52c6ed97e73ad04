// What the integration tests do as the company's systems, a customer and a CX manager would: over HTTP.
import { randomUUID } from 'node:crypto';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { inject } from 'vitest';

export const stack = inject('stack');

export const documentClient = DynamoDBDocumentClient.from(
  new DynamoDBClient({ endpoint: stack.dynamodbUrl, region: 'us-east-1', credentials: { accessKeyId: 'local', secretAccessKey: 'local' } }),
);

export function newInteraction(overrides: Record<string, unknown> = {}) {
  const id = randomUUID().slice(0, 8);
  return {
    interactionId: `it-${id}`,
    channel: 'chat',
    occurredAt: new Date(Date.now() - 60_000).toISOString(),
    customer: { id: `cust-${id}`, email: `customer-${id}@example.com`, name: 'Ada Lovelace' },
    agentId: 'agent-7',
    ...overrides,
  };
}

export async function postInteraction(body: unknown, headers: Record<string, string> = {}) {
  const res = await fetch(`${stack.apiUrl}/interactions`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-api-key': stack.ingestApiKey, ...headers },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}

export async function getCustomer(id: string) {
  const res = await fetch(`${stack.apiUrl}/customers/${encodeURIComponent(id)}`, { headers: { authorization: `Bearer ${stack.managerToken}` } });
  return { status: res.status, body: (await res.json()) as any };
}

export interface StoredEmail {
  messageId: string;
  from: string;
  destination: { to: string[] };
  subject: string;
  body: { html?: string; text?: string };
  headers?: Array<{ name: string; value: string }>;
}

export async function emailsTo(address: string): Promise<StoredEmail[]> {
  const store = (await (await fetch(`${stack.sesUrl}/store`)).json()) as { emails: StoredEmail[] };
  return store.emails.filter((e) => e.destination.to.includes(address));
}

/**
 * The first email to `address`, as soon as it is in the SES emulator. No guessed timeout: if the stack settles (every
 * message due delivered or dead-lettered, after its real retries, leases and visibility timeouts) and there is still no
 * email, none is coming, and that is the failure.
 */
export async function waitForEmail(address: string): Promise<StoredEmail> {
  let quiet = false;
  const settling = settled().then(() => (quiet = true));
  for (;;) {
    const wasQuiet = quiet;
    const [email] = await emailsTo(address);
    if (email) return email;
    if (wasQuiet) throw new Error(`The stack settled and no email reached ${address}`);
    await Promise.race([settling, sleep(100)]);
  }
}

/** The links of an email's HTML part, in order, with &amp; undone. */
export function linksOf(html: string): string[] {
  return [...html.matchAll(/href="([^"]+)"/g)].map((m) => m[1]!.replaceAll('&amp;', '&'));
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Waits until the local stack has delivered every queued message and folded every change into the aggregates. */
export async function settled(): Promise<void> {
  const res = await fetch(`${stack.apiUrl}/_local/settled`);
  if (!res.ok) throw new Error(`settled: ${res.status}`);
}

export async function managerGet(path: string) {
  const res = await fetch(`${stack.apiUrl}${path}`, { headers: { authorization: `Bearer ${stack.managerToken}` } });
  return {
    status: res.status,
    headers: res.headers,
    text: await res.clone().text(),
    body: res.headers.get('content-type')?.includes('json') ? ((await res.json()) as any) : undefined,
  };
}

export interface ControlState {
  dynamodb: { calls: number; injected: number; injectedAfterForward: number };
  ses: { calls: number; injected: number; injectedAfterForward: number };
  aggregatorCrashesLeft: number;
  invitations: { visible: number; inFlight: number; dead: number };
  logLines?: string[];
  /** The stack's clock, after any move. */
  now: string;
}

/** Steers the local stack's test controls: faults, throttling, crashes, captured logs. */
export async function control(body: Record<string, unknown> = {}): Promise<ControlState> {
  const res = await fetch(`${stack.apiUrl}/_local/control`, { method: 'POST', body: JSON.stringify(body) });
  return (await res.json()) as ControlState;
}

/** Retries a request the way a well-behaved client does: on 429 and 5xx, with back-off. */
export async function withRetries(send: () => Promise<{ status: number }>, tries = 12): Promise<{ status: number; tries: number }> {
  for (let i = 1; ; i++) {
    const res = await send();
    if ((res.status < 500 && res.status !== 429) || i >= tries) return { status: res.status, tries: i };
    await sleep(Math.min(1_000, 25 * 2 ** i));
  }
}
