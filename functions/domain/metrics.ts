import { SKIP_REASONS, type SkipReason } from './model.js';
import { scaleValues, type ScaleValue } from './survey-definition.js';

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

export interface Scores {
  invitations: number;
  responses: number;
  /** answered / invitations, 0..1 */
  responseRate: number | null;
  /** % of csat answers that are 4 or 5 */
  csat: { score: number | null; responses: number };
  /** % promoters (9-10) - % detractors (0-6) */
  nps: { score: number | null; promoters: number; passives: number; detractors: number; responses: number };
  /** mean of the 1-7 effort answers */
  ces: { average: number | null; responses: number };
  /** resolved yes / answers to the resolved question, 0..1 */
  fcr: { rate: number | null; responses: number };
  /** interactions not surveyed, by reason */
  skipped: Record<SkipReason, number>;
}

export function scores(c: Counts): Scores {
  const csatResponses = sum(CSAT_VALUES.map((v) => c.csat[v]));
  const npsResponses = sum(NPS_VALUES.map((v) => c.nps[v]));
  const promoters = c.nps[9] + c.nps[10];
  const passives = c.nps[7] + c.nps[8];
  const detractors = npsResponses - promoters - passives;
  const cesResponses = sum(CES_VALUES.map((v) => c.ces[v]));
  const fcrResponses = c.resolved.yes + c.resolved.no;
  const csatPct = ratio(c.csat[4] + c.csat[5], csatResponses);
  const promoterShare = ratio(promoters, npsResponses);
  const detractorShare = ratio(detractors, npsResponses);
  return {
    invitations: c.invitations,
    responses: c.answered,
    responseRate: round(ratio(c.answered, c.invitations), 4),
    csat: { score: round(csatPct === null ? null : csatPct * 100), responses: csatResponses },
    nps: {
      score: round(promoterShare === null || detractorShare === null ? null : (promoterShare - detractorShare) * 100),
      promoters,
      passives,
      detractors,
      responses: npsResponses,
    },
    ces: { average: round(ratio(sum(CES_VALUES.map((v) => v * c.ces[v])), cesResponses)), responses: cesResponses },
    fcr: { rate: round(ratio(c.resolved.yes, fcrResponses), 4), responses: fcrResponses },
    skipped: { ...c.skipped },
  };
}
