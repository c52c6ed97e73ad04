import { describe, expect, it } from 'vitest';
import { interactionEventSchema } from '../../../functions/ingest/interaction-schema.js';

const event = (name: string) => ({
  interactionId: 'call-1',
  channel: 'voice',
  occurredAt: '2026-03-02T09:00:00Z',
  customer: { id: 'cust-1', email: 'ana@example.com', name },
});

describe('the customer name of an interaction', () => {
  it.each([
    ['a right-to-left override', 'Ana\u202Egnp.exe', 'Anagnp.exe'],
    ['bidi isolates and marks', '\u2067Ana\u2069 \u200FLopez\u200E', 'Ana Lopez'],
    ['zero-width spaces, joiners and a BOM', 'A\u200Bn\u200Ca\u200D\u2060\uFEFF', 'Ana'],
    ['a next line (NEL)', 'Ana\u0085Subject: urgent', 'Ana Subject: urgent'],
    ['line and paragraph separators', 'Ana\u2028Lopez\u2029', 'Ana Lopez'],
    ['control characters and line breaks', 'Ana\r\n\t\u0000\u001b[31mLopez\u007f', 'Ana [31mLopez'],
  ])('is kept without %s', (_what, given, kept) => {
    const parsed = interactionEventSchema.parse(event(given));

    expect(parsed.customer.name).toBe(kept);
  });

  it('keeps letters of every script, accents and spaces as they are', () => {
    expect(interactionEventSchema.parse(event('Zoë Ångström-Nakamura 中村 محمد')).customer.name).toBe('Zoë Ångström-Nakamura 中村 محمد');
  });

  it('is refused as empty, naming customer.name, when nothing visible is left', () => {
    const parsed = interactionEventSchema.safeParse(event('\u202E\u200B\u0085\u2028 '));

    expect(parsed.success).toBe(false);
    expect(parsed.error?.issues.map((i) => [i.path.join('.'), i.message])).toEqual([['customer.name', 'must not be empty']]);
  });

  it('is limited to 200 characters once cleaned, naming customer.name', () => {
    expect(interactionEventSchema.parse(event(`${'a'.repeat(200)}\u200B\u200B`)).customer.name).toHaveLength(200);
    const parsed = interactionEventSchema.safeParse(event('a'.repeat(201)));

    expect(parsed.error?.issues.map((i) => [i.path.join('.'), i.message])).toEqual([['customer.name', 'must be at most 200 characters']]);
  });
});
