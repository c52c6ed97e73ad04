// Synthetic counter series for the anomaly tests: days of counts made by hand or drawn from a seeded generator.
import type { ScopeSeries } from '../../../functions/domain/anomalies.js';
import type { Channel } from '../../../functions/domain/channels.js';
import { emptyCounts, type Counts } from '../../../functions/domain/metrics.js';
import { addDays } from '../../../functions/domain/utc-days.js';

/** A day's counts: `good` CSAT answers of 5 and `bad` of 2, as many NPS 10 / 3, resolved yes / no; every invitation answered unless told. */
export function dayOf({ good, bad, invitations }: { good: number; bad: number; invitations?: number }): Counts {
  const c = emptyCounts();
  c.csat[5] = good;
  c.csat[2] = bad;
  c.nps[10] = good;
  c.nps[3] = bad;
  c.resolved = { yes: good, no: bad };
  c.answered = good + bad;
  c.invitations = invitations ?? good + bad;
  return c;
}

/** A day's counts drawn at random: `answers` answers, each good with probability `goodRate` (CSAT, NPS and FCR alike, drawn apart). */
export function randomDay(random: () => number, { answers, goodRate, invitations }: { answers: number; goodRate: number; invitations: number }): Counts {
  const c = emptyCounts();
  for (let i = 0; i < answers; i++) {
    if (random() < goodRate) c.csat[random() < 0.5 ? 4 : 5]++;
    else c.csat[(1 + Math.floor(random() * 3)) as 1 | 2 | 3]++;
    const nps = random();
    if (nps < goodRate * 0.6) c.nps[10]++;
    else if (nps < goodRate) c.nps[8]++;
    else c.nps[4]++;
    if (random() < goodRate) c.resolved.yes++;
    else c.resolved.no++;
  }
  c.answered = answers;
  c.invitations = invitations;
  return c;
}

/** A channel's series of the `n` days ending `lastDay`, each made by `make(index)` (0 = the first day). */
export function seriesOf(channel: Channel, lastDay: string, n: number, make: (index: number) => Counts, key: string = channel): ScopeSeries {
  const days = new Map<string, Counts>();
  for (let i = 0; i < n; i++) days.set(addDays(lastDay, i - n + 1), make(i));
  return { scope: key === channel ? 'channel' : 'agent', key, channel, days };
}
