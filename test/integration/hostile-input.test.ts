// Bad input at scale: 10,000 generated malformed or hostile requests across every public and manager endpoint.
// None may answer 5xx, none may write anything, and every 4xx must say what was wrong.
import { DynamoDBClient, ScanCommand } from '@aws-sdk/client-dynamodb';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CHANNELS } from '../../functions/domain/channels.js';
import { routePath } from '../../functions/routes.js';
import { linksOf, newInteraction, postInteraction, settled, stack, waitForEmail } from './helpers.js';

const TOTAL = 10_000;
const CONCURRENCY = 16;

interface HostileRequest {
  method: string;
  path: string;
  headers: Record<string, string>;
  body?: string;
}

const dynamo = new DynamoDBClient({ endpoint: stack.dynamodbUrl, region: 'us-east-1', credentials: { accessKeyId: 'x', secretAccessKey: 'x' } });

async function itemCount(): Promise<number> {
  let count = 0;
  let start: Record<string, never> | undefined;
  do {
    const page = await dynamo.send(new ScanCommand({ TableName: stack.tableName, Select: 'COUNT', ExclusiveStartKey: start }));
    count += page.Count ?? 0;
    start = page.LastEvaluatedKey as typeof start;
  } while (start);
  return count;
}

const hostileText = fc.oneof(
  fc.string(),
  fc.string({ unit: 'grapheme' }),
  fc.constantFrom(
    '<script>alert(1)</script>',
    "' OR 1=1 --",
    '../../etc/passwd',
    '%00',
    '\u0000',
    // biome-ignore lint/suspicious/noTemplateCurlyInString: a log4j-style probe, meant literally
    '${jndi:ldap://x}',
    '{{7*7}}',
    '#',
    'A'.repeat(5000),
    '=cmd|calc',
    '\r\nX-Injected: 1',
  ),
);

/** An interaction body that is invalid by construction: one field broken in a way the contract forbids. */
function brokenInteraction(base: ReturnType<typeof newInteraction>) {
  const breakers: Array<fc.Arbitrary<unknown>> = [
    fc.constantFrom('interactionId', 'channel', 'occurredAt', 'customer').map((field) => {
      const copy: Record<string, unknown> = { ...base };
      delete copy[field];
      return copy;
    }),
    hostileText.filter((c) => !(CHANNELS as readonly string[]).includes(c)).map((channel) => ({ ...base, channel })),
    hostileText.filter((e) => !/^[^\s@<>()[\]\\,;:"]+@[^\s@]+\.[a-z]{2,}$/i.test(e)).map((email) => ({ ...base, customer: { ...base.customer, email } })),
    fc
      .oneof(hostileText, fc.integer(), fc.constant(null))
      .filter((d) => typeof d !== 'string' || Number.isNaN(Date.parse(d)) || !/T.*(Z|[+-]\d\d:\d\d)$/.test(d))
      .map((occurredAt) => ({ ...base, occurredAt })),
    fc.constantFrom('a#b', 'with space', '', 'x'.repeat(129)).map((interactionId) => ({ ...base, interactionId })),
    fc.jsonValue().filter((v) => typeof v !== 'object' || v === null || Array.isArray(v) || !('interactionId' in v)),
    fc.constant({ ...base, subject: 's'.repeat(501) }),
    fc.constant({ ...base, customer: { ...base.customer, locale: 'not a locale!' } }),
  ];
  return fc.oneof(...breakers).map((body) => JSON.stringify(body));
}

function requests(realToken: string): fc.Arbitrary<HostileRequest> {
  const key = { 'x-api-key': stack.ingestApiKey };
  const manager = { authorization: `Bearer ${stack.managerToken}` };
  const json = { 'content-type': 'application/json' };
  return fc.oneof(
    // Ingest, authenticated, with broken bodies, broken JSON, wrong types
    brokenInteraction(newInteraction()).map((body) => ({ method: 'POST', path: '/interactions', headers: { ...key, ...json }, body })),
    hostileText.map((body) => ({ method: 'POST', path: '/interactions', headers: { ...key, ...json }, body: `{${body}` })),
    fc.constantFrom('text/plain', 'application/xml', 'multipart/form-data', '', 'application/json-patch+json').map((type) => ({
      method: 'POST',
      path: '/interactions',
      headers: { ...key, 'content-type': type },
      body: JSON.stringify(newInteraction()),
    })),
    // Ingest without or with a wrong key (even a valid body must not be written)
    fc
      .option(
        hostileText.filter((k) => k.length > 0 && !/[\r\n\0]/.test(k) && /^[\x20-\x7e]*$/.test(k)),
        { nil: undefined },
      )
      .map((wrongKey) => ({
        method: 'POST',
        path: '/interactions',
        headers: { ...json, ...(wrongKey ? { 'x-api-key': wrongKey } : {}) },
        body: JSON.stringify(newInteraction()),
      })),
    // Survey pages: forged tokens, and hostile answers to a real one
    hostileText.map((t) => ({ method: 'GET', path: `${routePath('/s/{token}', { token: t })}?score=${encodeURIComponent(t)}`, headers: {} })),
    hostileText.map((t) => ({
      method: 'POST',
      path: routePath('/s/{token}', { token: t }),
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'csat=5',
    })),
    fc
      .record({
        csat: fc.oneof(
          hostileText,
          fc.integer({ min: -10, max: 20 }).filter((n) => n < 1 || n > 5),
        ),
        nps: fc.option(
          fc.oneof(
            hostileText.filter((s) => s !== ''),
            fc.integer({ min: 11, max: 99 }),
          ),
          { nil: undefined },
        ),
        comment: fc.option(hostileText, { nil: undefined }),
      })
      // Invalid by construction: no csat that reads as a whole number (" 3 " is a valid 3).
      .filter((a) => a.csat !== '' && !/^\s*\d+\s*$/.test(String(a.csat)))
      .map((answer) => ({
        method: 'POST',
        path: routePath('/s/{token}', { token: realToken }),
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams(Object.entries(answer).flatMap(([k, v]): Array<[string, string]> => (v === undefined ? [] : [[k, String(v)]]))).toString(),
      })),
    fc
      .oneof(
        hostileText,
        fc.jsonValue().map((v) => JSON.stringify(v)),
      )
      .map((body) => ({ method: 'POST', path: routePath('/s/{token}', { token: realToken }), headers: json, body: `${body}` }))
      .filter((r) => {
        try {
          const parsed = JSON.parse(r.body ?? '') as Record<string, unknown>;
          return (
            typeof parsed !== 'object' || parsed === null || Array.isArray(parsed) || !['csat', 'nps', 'ces', 'resolved', 'comment'].some((k) => k in parsed)
          );
        } catch {
          return true;
        }
      }),
    // Manager endpoints: no token, and hostile parameters with a token
    fc
      .constantFrom('/customers/x', '/reports/channels', '/responses', '/customers/x/export', '/anomalies')
      .map((path) => ({ method: 'GET', path, headers: {} })),
    fc
      .record({
        from: hostileText,
        to: hostileText,
        granularity: hostileText,
        channel: hostileText,
        cursor: hostileText,
        maxCsat: hostileText,
        limit: hostileText,
        confidence: hostileText,
        minSample: hostileText,
        compare: hostileText,
      })
      .chain((q) =>
        fc.constantFrom('/reports/channels', '/reports/agents', '/reports/escalations', '/responses', '/anomalies').map((path) => ({
          method: 'GET',
          path: `${path}?${new URLSearchParams(q).toString()}`,
          headers: manager,
        })),
      ),
    hostileText.map((id) => ({
      method: 'GET',
      path: `/customers/${encodeURIComponent(id)}?limit=${encodeURIComponent(id)}&cursor=${encodeURIComponent(id)}`,
      headers: manager,
    })),
    hostileText.map((id) => ({ method: 'DELETE', path: `/customers/${encodeURIComponent(`nobody-${id}`)}`, headers: manager })),
    // The digest's settings: each body broken in one field (an unknown zone, a non-address, an hour or weekday out of range)
    fc
      .oneof(
        hostileText.filter((z) => z !== 'UTC' && !/^[A-Za-z_]+\/[A-Za-z_]+$/.test(z)).map((timeZone) => ({ timeZone })),
        fc
          .array(
            hostileText.filter((e) => !e.includes('@')),
            { minLength: 1, maxLength: 3 },
          )
          .map((recipients) => ({ recipients })),
        fc
          .oneof(fc.integer({ min: 24, max: 1000 }), fc.integer({ min: -1000, max: -1 }), fc.double({ min: 0.1, max: 22.9, noInteger: true }), hostileText)
          .map((hour) => ({ hour })),
        hostileText.map((weekday) => ({ weekday: `${weekday}day!` })),
      )
      .map((broken) => ({
        method: 'PUT',
        path: '/settings/digest',
        headers: { ...manager, ...json },
        body: JSON.stringify({ recipients: ['cx@example.com'], weekday: 'monday', hour: 9, timeZone: 'Europe/Berlin', ...broken }),
      })),
    hostileText.map((body) => ({ method: 'PUT', path: '/settings/digest', headers: { ...manager, ...json }, body: `{${body}` })),
    fc.constantFrom('GET', 'PUT').map((method) => ({ method, path: '/settings/digest', headers: json, ...(method === 'PUT' ? { body: '{}' } : {}) })),
    // Routes and methods that do not exist
    fc
      .record({ method: fc.constantFrom('GET', 'POST', 'PUT', 'PATCH', 'DELETE'), path: hostileText.map((p) => `/${encodeURIComponent(p)}/x`) })
      .map((r) => ({ ...r, headers: {} })),
    fc.constantFrom('PUT', 'PATCH').map((method) => ({ method, path: '/interactions', headers: { ...key, ...json }, body: '{}' })),
  );
}

function saysWhatWasWrong(_status: number, type: string, body: string): boolean {
  if (type.includes('json')) {
    const parsed = JSON.parse(body) as { message?: unknown };
    return typeof parsed.message === 'string' && parsed.message.length > 0;
  }
  if (type.includes('html')) return /<h1>[^<]+<\/h1>/.test(body) || /role="alert"/.test(body);
  return false;
}

describe('hostile input at scale', () => {
  it(`answers ${TOTAL.toLocaleString('en')} generated malformed or hostile requests with 4xx that say why, never 5xx, writing nothing`, async () => {
    const interaction = newInteraction();
    await postInteraction(interaction);
    const realToken = linksOf((await waitForEmail(interaction.customer.email)).body.html ?? '')
      .find((l) => /\/s\/[^?]+$/.test(l))!
      .split('/s/')[1]!;
    await settled();
    const before = await itemCount();
    // HOSTILE_SEED replays a failed run's requests (its seed is in the failure message).
    const seed = Number(process.env.HOSTILE_SEED) || Date.now();
    const generated = fc.sample(requests(realToken), { numRuns: TOTAL, seed });

    const failures: string[] = [];
    const statuses = new Map<number, number>();
    let next = 0;
    await Promise.all(
      Array.from({ length: CONCURRENCY }, async () => {
        while (next < generated.length) {
          const request = generated[next++]!;
          const res = await fetch(`${stack.apiUrl}${request.path}`, { method: request.method, headers: request.headers, body: request.body });
          const body = await res.text();
          statuses.set(res.status, (statuses.get(res.status) ?? 0) + 1);
          const ok = res.status < 500 && (res.status < 400 || saysWhatWasWrong(res.status, res.headers.get('content-type') ?? '', body));
          const readOnly = request.method === 'GET' && res.status === 200;
          if (!ok || (res.status < 400 && !readOnly)) failures.push(`${request.method} ${request.path.slice(0, 120)} -> ${res.status} ${body.slice(0, 200)}`);
        }
      }),
    );
    await settled();
    const after = await itemCount();

    console.info(
      `[reliability] hostile input: requests=${generated.length} seed=${seed} statuses=${JSON.stringify(Object.fromEntries([...statuses].sort()))} written=${after - before}`,
    );
    expect(failures, `seed ${seed}`).toEqual([]);
    expect(generated).toHaveLength(TOTAL);
    expect([...statuses.keys()].every((s) => s < 500)).toBe(true);
    expect(after).toBe(before);
  });
});
