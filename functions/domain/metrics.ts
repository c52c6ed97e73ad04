import { SKIP_REASONS, type SkipReason } from './model.js';
import { scaleValues, type ScaleValue } from './survey-definition.js';
import {
  DEFAULT_CONFIDENCE,
  DEFAULT_MIN_SAMPLE,
  meanInterval,
  npsChange,
  npsInterval,
  proportionChange,
  welchChange,
  wilson,
  zFor,
  type Change,
  type Interval,
} from './statistics.js';

// The metric definitions, once (docs/metrics.md says the same in words). A score with no answers behind it is null.
export const CSAT_VALUES = scaleValues('csat');
export const NPS_VALUES = scaleValues('nps');
export const CES_VALUES = scaleValues('ces');

/** Exact, mergeable counts: what every score is computed from. */
export interface Counts {
  /** Invitations sent, by the day they were sent. */
  invitations: number;
  /** Of those, how many were answered (counted on the day the invitation was sent). */
  answered: number;
  csat: Record<ScaleValue<'csat'>, number>;
  nps: Record<ScaleValue<'nps'>, number>;
  ces: Record<ScaleValue<'ces'>, number>;
  resolved: { yes: number; no: number };
  /** Interactions not surveyed, by reason (counted by the day the interaction occurred). */
  skipped: Record<SkipReason, number>;
}

const zeroes = <V extends number>(values: readonly V[]) => Object.fromEntries(values.map((v) => [v, 0])) as Record<V, number>;

export function emptyCounts(): Counts {
  return {
    invitations: 0,
    answered: 0,
    csat: zeroes(CSAT_VALUES),
    nps: zeroes(NPS_VALUES),
    ces: zeroes(CES_VALUES),
    resolved: { yes: 0, no: 0 },
    skipped: Object.fromEntries(SKIP_REASONS.map((reason) => [reason, 0])) as Record<SkipReason, number>,
  };
}

export function addCounts(into: Counts, from: Counts): Counts {
  into.invitations += from.invitations;
  into.answered += from.answered;
  for (const v of CSAT_VALUES) into.csat[v] += from.csat[v];
  for (const v of NPS_VALUES) into.nps[v] += from.nps[v];
  for (const v of CES_VALUES) into.ces[v] += from.ces[v];
  into.resolved.yes += from.resolved.yes;
  into.resolved.no += from.resolved.no;
  for (const reason of SKIP_REASONS) into.skipped[reason] += from.skipped[reason];
  return into;
}

const sum = (values: number[]) => values.reduce((a, b) => a + b, 0);
const ratio = (part: number, whole: number) => (whole === 0 ? null : part / whole);
const round = (value: number | null, digits = 2) => (value === null ? null : Math.round(value * 10 ** digits) / 10 ** digits);

/** How sure an interval is (0.8..0.99), and the answers below which a score is flagged as a low sample. */
export interface IntervalOptions {
  confidence: number;
  minSample: number;
}
export const DEFAULT_INTERVALS: IntervalOptions = { confidence: DEFAULT_CONFIDENCE, minSample: DEFAULT_MIN_SAMPLE };

/** A change as the API gives it: rounded in the score's unit, without its p-value. */
export type ScoreChange = Omit<Change, 'p'>;
type Compared<S> = S & { previous?: number | null; change?: ScoreChange | null };

export interface Scores {
  invitations: number;
  responses: number;
  /** answered / invitations, 0..1 */
  responseRate: number | null;
  responseRateCi: Interval | null;
  responseRateLowSample: boolean;
  responseRatePrevious?: number | null;
  responseRateChange?: ScoreChange | null;
  /** % of csat answers that are 4 or 5 */
  csat: Compared<{ score: number | null; responses: number; ci: Interval | null; lowSample: boolean }>;
  /** % promoters (9-10) - % detractors (0-6) */
  nps: Compared<{
    score: number | null;
    promoters: number;
    passives: number;
    detractors: number;
    responses: number;
    ci: Interval | null;
    lowSample: boolean;
  }>;
  /** mean of the 1-7 effort answers */
  ces: Compared<{ average: number | null; responses: number; ci: Interval | null; lowSample: boolean }>;
  /** resolved yes / answers to the resolved question, 0..1 */
  fcr: Compared<{ rate: number | null; responses: number; ci: Interval | null; lowSample: boolean }>;
  /** interactions not surveyed, by reason */
  skipped: Record<SkipReason, number>;
}

/** The answers behind each score, read once from the counts. */
function samples(c: Counts) {
  const npsResponses = sum(NPS_VALUES.map((v) => c.nps[v]));
  const promoters = c.nps[9] + c.nps[10];
  const passives = c.nps[7] + c.nps[8];
  return {
    csat: { satisfied: c.csat[4] + c.csat[5], n: sum(CSAT_VALUES.map((v) => c.csat[v])) },
    nps: { promoters, passives, detractors: npsResponses - promoters - passives, n: npsResponses },
    ces: { total: sum(CES_VALUES.map((v) => v * c.ces[v])), n: sum(CES_VALUES.map((v) => c.ces[v])) },
    fcr: { yes: c.resolved.yes, n: c.resolved.yes + c.resolved.no },
  };
}

/** An interval rounded like its score, scaled into the score's unit. */
const roundInterval = (interval: Interval | null, scale: number, digits: number): Interval | null =>
  interval === null ? null : { low: round(interval.low * scale, digits)!, high: round(interval.high * scale, digits)! };
const roundChange = (change: Change | null, scale: number, digits: number): ScoreChange | null =>
  change === null ? null : { delta: round(change.delta * scale, digits)!, ci: roundInterval(change.ci, scale, digits), significant: change.significant };

/**
 * Every score of the counts with its interval at `options.confidence` and a low-sample flag; with `previous`, also each
 * score of the previous window and the change to it, tested (docs/metrics.md says which test each score uses).
 */
export function scores(c: Counts, options: IntervalOptions = DEFAULT_INTERVALS, previous?: Counts): Scores {
  const z = zFor(options.confidence);
  const low = (n: number) => n < options.minSample;
  const s = samples(c);
  const csatPct = ratio(s.csat.satisfied, s.csat.n);
  const promoterShare = ratio(s.nps.promoters, s.nps.n);
  const detractorShare = ratio(s.nps.detractors, s.nps.n);
  const result: Scores = {
    invitations: c.invitations,
    responses: c.answered,
    responseRate: round(ratio(c.answered, c.invitations), 4),
    responseRateCi: roundInterval(wilson(c.answered, c.invitations, z), 1, 4),
    responseRateLowSample: low(c.invitations),
    csat: {
      score: round(csatPct === null ? null : csatPct * 100),
      responses: s.csat.n,
      ci: roundInterval(wilson(s.csat.satisfied, s.csat.n, z), 100, 2),
      lowSample: low(s.csat.n),
    },
    nps: {
      score: round(promoterShare === null || detractorShare === null ? null : (promoterShare - detractorShare) * 100),
      promoters: s.nps.promoters,
      passives: s.nps.passives,
      detractors: s.nps.detractors,
      responses: s.nps.n,
      ci: roundInterval(npsInterval(s.nps.promoters, s.nps.detractors, s.nps.n, z), 1, 2),
      lowSample: low(s.nps.n),
    },
    ces: { average: round(ratio(s.ces.total, s.ces.n)), responses: s.ces.n, ci: roundInterval(meanInterval(c.ces, z), 1, 2), lowSample: low(s.ces.n) },
    fcr: { rate: round(ratio(s.fcr.yes, s.fcr.n), 4), responses: s.fcr.n, ci: roundInterval(wilson(s.fcr.yes, s.fcr.n, z), 1, 4), lowSample: low(s.fcr.n) },
    skipped: { ...c.skipped },
  };
  if (!previous) return result;
  const before = scores(previous, options);
  const p = samples(previous);
  result.responseRatePrevious = before.responseRate;
  result.responseRateChange = roundChange(proportionChange(c.answered, c.invitations, previous.answered, previous.invitations, z), 1, 4);
  result.csat.previous = before.csat.score;
  result.csat.change = roundChange(proportionChange(s.csat.satisfied, s.csat.n, p.csat.satisfied, p.csat.n, z), 100, 2);
  result.nps.previous = before.nps.score;
  result.nps.change = roundChange(npsChange(s.nps, p.nps, z), 1, 2);
  result.ces.previous = before.ces.average;
  result.ces.change = roundChange(welchChange(c.ces, previous.ces, z, options.confidence), 1, 2);
  result.fcr.previous = before.fcr.rate;
  result.fcr.change = roundChange(proportionChange(s.fcr.yes, s.fcr.n, p.fcr.yes, p.fcr.n, z), 1, 4);
  return result;
}
