// The one list of everything that names a customer: what their partition's items point to outside it.
import { describe, expect, it } from 'vitest';
import { customerItemsOf } from '../../../functions/store/customer-items.js';

const partition = [
  { pk: 'CUSTOMER#c-1', sk: 'PROFILE', type: 'Customer', id: 'c-1', email: 'New@Example.com', addresses: new Set(['old@example.com', 'new@example.com']) },
  { pk: 'CUSTOMER#c-1', sk: 'T#2026-03-02T09:00:00.000Z#i-1#1-INTERACTION', type: 'Interaction', interactionId: 'i-1' },
  { pk: 'CUSTOMER#c-1', sk: 'T#2026-03-02T09:00:00.000Z#i-1#2-INVITATION', type: 'Invitation', token: 'tok-1' },
  {
    pk: 'CUSTOMER#c-1',
    sk: 'T#2026-03-02T09:00:00.000Z#i-1#3-ANSWER',
    type: 'Answer',
    firstAnsweredAt: '2026-03-02T10:00:00.000Z',
    answeredAt: '2026-03-02T11:00:00.000Z',
  },
  {
    pk: 'CUSTOMER#c-1',
    sk: 'T#2026-03-02T09:00:00.000Z#i-1#4-ALERT',
    type: 'Alert',
    alertId: 'alt_00112233445566778899aabbccddeeff',
    createdAt: '2026-03-02T10:00:01.000Z',
  },
];

describe('everything that names a customer', () => {
  it('points to the lookup of every address they used, the guard, the link token and the alert id lookup', () => {
    const all = customerItemsOf('c-1', partition);
    expect(all.addresses).toEqual(['new@example.com', 'old@example.com']);
    expect(all.pointers).toEqual([
      { pk: 'EMAIL#new@example.com', sk: 'CUSTOMER#c-1' },
      { pk: 'EMAIL#old@example.com', sk: 'CUSTOMER#c-1' },
      { pk: 'INTERACTION#i-1', sk: 'GUARD' },
      { pk: 'TOKEN#tok-1', sk: 'TOKEN' },
      { pk: 'ALERT#alt_00112233445566778899aabbccddeeff', sk: 'ALERT' },
    ]);
  });

  it('finds webhook deliveries of an answer between its first and latest submit, and of an alert at its creation', () => {
    expect(customerItemsOf('c-1', partition).deliverySources).toEqual([
      { pk: 'CUSTOMER#c-1', sk: 'T#2026-03-02T09:00:00.000Z#i-1#3-ANSWER', from: '2026-03-02T10:00:00.000Z', to: '2026-03-02T11:00:00.000Z' },
      { pk: 'CUSTOMER#c-1', sk: 'T#2026-03-02T09:00:00.000Z#i-1#4-ALERT', from: '2026-03-02T10:00:01.000Z', to: '2026-03-02T10:00:01.000Z' },
    ]);
  });

  it('knows the current address of a profile written before addresses were kept', () => {
    const legacy = customerItemsOf('c-1', [{ pk: 'CUSTOMER#c-1', sk: 'PROFILE', type: 'Customer', id: 'c-1', email: 'Only@Example.com' }]);
    expect(legacy.addresses).toEqual(['only@example.com']);
    expect(legacy.pointers).toEqual([{ pk: 'EMAIL#only@example.com', sk: 'CUSTOMER#c-1' }]);
  });
});
