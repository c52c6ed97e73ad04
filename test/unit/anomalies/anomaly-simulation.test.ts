// The anomaly rule run day after day on simulated channels (seeded, so every run sees the same numbers): both sides of
// the promise. A planted CSAT drop (85% -> 70% at 40 answers a day) on one channel is found within a week;
// a stable random stream raises at most 5 false anomalies over 100 channel-weeks.
import { describe, expect, it } from 'vitest';
import { BASELINE_DAYS, EPISODE_DAYS, detectAnomalies, type Finding, type ScopeSeries } from '../../../functions/domain/anomalies.js';
import { CHANNELS, type Channel } from '../../../functions/domain/channels.js';
import { emptyCounts, type Counts } from '../../../functions/domain/metrics.js';
import { addDays } from '../../../functions/domain/utc-days.js';
import { seededRandom } from '../../../local/random.js';

const FIRST_DAY = '2026-01-01';
const WARM_UP = BASELINE_DAYS + 7;

/** One day of a channel: 100 invitations, each answered with probability 0.4; CSAT good (4-5) with `csatGood`. */
function simulatedDay(random: () => number, csatGood: number): Counts {
  const c = emptyCounts();
  c.invitations = 100;
  for (let i = 0; i < c.invitations; i++) {
    if (random() >= 0.4) continue;
    c.answered++;
    c.csat[random() < csatGood ? (random() < 0.5 ? 4 : 5) : ((1 + Math.floor(random() * 3)) as 1 | 2 | 3)]++;
    const nps = random();
    c.nps[nps < 0.5 ? 10 : nps < 0.8 ? 8 : 3]++;
    if (random() < 0.8) c.resolved.yes++;
    else c.resolved.no++;
  }
  return c;
}

/**
 * Runs the rule each day after the warm-up, as the daily job does (the anomalies of the last EPISODE_DAYS passed as recent),
 * and answers every finding with the day it was raised.
 */
function simulate(channels: readonly Channel[], days: number, seed: number, csatGoodOn: (channel: Channel, dayIndex: number) => number): Finding[] {
  const random = seededRandom(seed);
  const series = new Map<Channel, Map<string, Counts>>(channels.map((c) => [c, new Map()]));
  const raised: Finding[] = [];
  for (let d = 0; d < days; d++) {
    const day = addDays(FIRST_DAY, d);
    for (const channel of channels) series.get(channel)!.set(day, simulatedDay(random, csatGoodOn(channel, d)));
    if (d < WARM_UP - 1) continue;
    const scopes: ScopeSeries[] = channels.map((channel) => ({ scope: 'channel', key: channel, channel, days: series.get(channel)! }));
    const recent = raised.filter((f) => f.day >= addDays(day, -EPISODE_DAYS));
    raised.push(...detectAnomalies({ day, series: scopes, recent }).findings);
  }
  return raised;
}

describe('the anomaly rule, simulated', () => {
  it('finds a week of CSAT at 70% instead of 85% (40 answers a day) on one channel within that week, and raises it once', () => {
    // Prepare: six channels at 85%; chat at 70% for the first week tested, then back; three weeks of daily runs
    const dropDay = WARM_UP - 1;
    const found = simulate(CHANNELS, dropDay + 21, 17, (channel, d) => (channel === 'chat' && d >= dropDay && d < dropDay + 7 ? 0.7 : 0.85));
    // Assess
    const chatCsat = found.filter((f) => f.channel === 'chat' && f.metric === 'csat');
    expect(chatCsat).toHaveLength(1);
    expect(chatCsat[0]!.day <= addDays(FIRST_DAY, dropDay + 6)).toBe(true);
    expect(chatCsat[0]!.delta).toBeLessThan(0);
    expect(found.filter((f) => f.channel !== 'chat')).toEqual([]);
  });

  it('raises at most 5 false anomalies on a stable stream over 100 channel-weeks, for each of 10 seeds', () => {
    // Prepare: 5 channels for 20 weeks after the warm-up, every day at 85%, tested every day (700 runs of 40 tests)
    const channels = CHANNELS.slice(0, 5);
    // Act
    const falseAnomalies = Array.from({ length: 10 }, (_, seed) => simulate(channels, WARM_UP - 1 + 20 * 7, 500 + seed, () => 0.85).length);
    // Assess
    expect(falseAnomalies.filter((n) => n > 5)).toEqual([]);
  });

  it('finds the planted drop within 7 days in at least 98 of 100 seeded runs', () => {
    const dropDay = WARM_UP - 1;
    const found = Array.from({ length: 100 }, (_, seed) =>
      simulate(CHANNELS, dropDay + 7, 1000 + seed, (channel, d) => (channel === 'chat' && d >= dropDay ? 0.7 : 0.85)).some(
        (f) => f.channel === 'chat' && f.metric === 'csat',
      ),
    );
    expect(found.filter(Boolean).length).toBeGreaterThanOrEqual(98);
  });
});
