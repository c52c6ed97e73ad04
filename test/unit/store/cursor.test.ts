import { describe, expect, it } from 'vitest';
import * as z from 'zod';
import { cursorCodec, cursorPart, MAX_CURSOR_LENGTH } from '../../../functions/store/cursor.js';
import { InvalidInput } from '../../../functions/shared/errors.js';

const timeline = cursorCodec('customers.timeline', z.strictObject({ occurredAt: cursorPart.instant, interactionId: cursorPart.id }));
const deliveries = cursorCodec('webhooks.deliveries', z.strictObject({ occurredAt: cursorPart.instant, eventId: cursorPart.id }));
const position = { occurredAt: '2026-03-02T09:00:00.000Z', interactionId: 'chat-2' };
const b64 = (text: string) => Buffer.from(text, 'utf8').toString('base64url');

function refusal(decode: () => unknown): InvalidInput | undefined {
  try {
    decode();
  } catch (error) {
    return error as InvalidInput;
  }
  return undefined;
}

describe('cursorCodec', () => {
  it('gives back the position it encoded, for the same scope', () => {
    const cursor = timeline.encode(position, 'cust-1');

    expect(cursor).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(timeline.decode(cursor, 'cust-1')).toEqual(position);
  });

  const real = timeline.encode(position, 'cust-1');
  const forged: Array<[string, string]> = [
    ['random base64', Buffer.from('a3f9c0de11b2e7d04c5a6b7c8d9e0f1a', 'hex').toString('base64url')],
    ['not base64 at all', '***not-a-cursor***'],
    ['standard base64 with padding', Buffer.from(JSON.stringify([1, 'x', position])).toString('base64')],
    ['base64 of JSON with the wrong keys', b64(JSON.stringify({ pk: 'CUSTOMER#cust-1', sk: 'T#2026' }))],
    ['base64 of the old raw sort key', b64('T#2026-03-02T09:00:00.000Z#chat-2#1-INTERACTION')],
    ["another customer's cursor", timeline.encode(position, 'cust-2')],
    ['a cursor of another route', deliveries.encode({ occurredAt: position.occurredAt, eventId: 'evt_1' }, 'cust-1')],
    ['a truncated cursor', real.slice(0, -3)],
    ['a huge cursor', 'A'.repeat(MAX_CURSOR_LENGTH + 4)],
    ['a position with an extra key', b64(JSON.stringify([1, JSON.parse(Buffer.from(real, 'base64url').toString())[1], { ...position, pk: 'CUSTOMER#x' }]))],
    ['a position with a # in an id', b64(JSON.stringify([1, JSON.parse(Buffer.from(real, 'base64url').toString())[1], { ...position, interactionId: 'a#b' }]))],
    [
      'a position with a date that is no date',
      b64(JSON.stringify([1, JSON.parse(Buffer.from(real, 'base64url').toString())[1], { ...position, occurredAt: '2026-02-30T09:00:00.000Z' }])),
    ],
    ['JSON that is not an array', b64('"just a string"')],
    ['broken JSON', b64('[1,"abc",{')],
  ];

  it.each(forged)('refuses %s with InvalidInput naming cursor', (_name, cursor) => {
    const error = refusal(() => timeline.decode(cursor, 'cust-1'));

    expect(error).toBeInstanceOf(InvalidInput);
    expect(error?.issues).toEqual([{ field: 'cursor', message: 'is not a cursor this API returned' }]);
  });
});
