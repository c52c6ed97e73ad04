import { describe, expect, it } from 'vitest';
import { mergeDeltas, withRollups } from '../../../functions/aggregates/changes.js';
import { readPlan, type Delta } from '../../../functions/aggregates/counters.js';
import { counterKey, counterRange, parseCounterSk } from '../../../functions/store/keys.js';

describe('the read plan of a window', () => {
  it('reads whole months from their rollups and the days around them from the day counters', () => {
    expect(readPlan('2024-01-15', '2024-04-14', false)).toEqual([
      { unit: 'day', from: '2024-01-15', to: '2024-01-31' },
      { unit: 'month', from: '2024-02', to: '2024-03' },
      { unit: 'day', from: '2024-04-01', to: '2024-04-14' },
    ]);
  });

  it('reads a window of whole months from rollups only, across a year end and a leap day', () => {
    expect(readPlan('2023-12-01', '2024-02-29', false)).toEqual([{ unit: 'month', from: '2023-12', to: '2024-02' }]);
    expect(readPlan('2024-02-01', '2024-02-28', false)).toEqual([{ unit: 'day', from: '2024-02-01', to: '2024-02-28' }]);
  });

  it('reads days when no whole month fits, or when the series needs every day', () => {
    expect(readPlan('2024-01-02', '2024-02-27', false)).toEqual([{ unit: 'day', from: '2024-01-02', to: '2024-02-27' }]);
    expect(readPlan('2024-01-01', '2024-03-31', true)).toEqual([{ unit: 'day', from: '2024-01-01', to: '2024-03-31' }]);
  });

  it('covers every day of the window exactly once', () => {
    for (const [from, to] of [
      ['2024-01-31', '2024-03-01'],
      ['2023-11-30', '2025-01-01'],
      ['2024-03-01', '2024-03-31'],
      ['2024-06-10', '2024-06-10'],
    ] as const) {
      const covered: string[] = [];
      for (const span of readPlan(from, to, false)) {
        for (let t = Date.parse(`${span.from}${span.unit === 'month' ? '-01' : ''}T00:00:00Z`); ; t += 86_400_000) {
          const day = new Date(t).toISOString().slice(0, 10);
          if ((span.unit === 'day' && day > span.to) || (span.unit === 'month' && day.slice(0, 7) > span.to)) break;
          covered.push(day);
        }
      }
      const expected: string[] = [];
      for (let t = Date.parse(`${from}T00:00:00Z`); t <= Date.parse(`${to}T00:00:00Z`); t += 86_400_000) expected.push(new Date(t).toISOString().slice(0, 10));
      expect(covered, `${from}..${to}`).toEqual(expected);
    }
  });
});

describe('the counters layout', () => {
  it('keeps month rollups out of every range of days, and reads them back as their first day', () => {
    const month = counterKey('channel', 3, '2024-02', 'chat');
    expect(month).toEqual({ pk: 'AGG#channel#3', sk: 'M#2024-02#chat' });
    const days = counterRange('2024-01-01', '2024-12-31');
    expect(month.sk > days.end || month.sk < days.start).toBe(true);
    const months = counterRange('2024-01', '2024-03');
    expect(month.sk >= months.start && month.sk <= months.end).toBe(true);
    expect(parseCounterSk(month.sk)).toEqual({ day: '2024-02-01', value: 'chat' });
    expect(parseCounterSk(counterKey('agent', 0, '2024-02-09', 'chat#ana').sk)).toEqual({ day: '2024-02-09', value: 'chat#ana' });
  });

  it('adds each channel and agent delta to its month too, once, and never rolls up terms', () => {
    const deltas: Delta[] = [
      { dimension: 'channel', value: 'chat', day: '2024-02-09', field: 'csat_5', n: 1 },
      { dimension: 'agent', value: 'chat#ana', day: '2024-02-10', field: 'csat_5', n: 1 },
      { dimension: 'terms', value: 'chat', day: '2024-02-09', field: 'w_refund', n: 1 },
    ];
    const items = [...mergeDeltas(withRollups(deltas)).values()].map((i) => `${i.dimension}|${i.day}|${i.value}|${[...i.fields].join()}`);
    expect(items.sort()).toEqual([
      'agent|2024-02-10|chat#ana|csat_5,1',
      'agent|2024-02|chat#ana|csat_5,1',
      'channel|2024-02-09|chat|csat_5,1',
      'channel|2024-02|chat|csat_5,1',
      'terms|2024-02-09|chat|w_refund,1',
    ]);
    // A month's delta is its own rollup.
    const monthly: Delta = { dimension: 'channel', value: 'chat', day: '2024-02', field: 'csat_5', n: 1 };
    expect(withRollups([monthly])).toEqual([monthly]);
  });
});
