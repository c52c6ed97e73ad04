// `npx tsx bench/capacity.ts [results.json]`: the 10-million-interactions-a-day plan derived from a benchmark run's
// measured per-survey figures (bench/results/latest.json by default). Prints Markdown; docs/capacity.md explains it.
// Every input that is not measured is a named assumption below.
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { THROTTLE } from '../functions/routes.js';
import { MEMORY_SIZE_MB } from '../lib/bundling.js';
import { mailerConcurrencyFor } from '../lib/settings.js';
import type { BenchResults } from './report.js';
import { PRICES } from './prices.js';
import type { PhaseUsage } from './suites/cost.js';

export const ASSUMPTIONS = {
  interactionsPerDay: 10_000_000,
  /** Every interaction gets a survey (sampling 100%, no fatigue rule firing): the upper bound of email volume. */
  surveysPerInteraction: 1,
  responseRate: 0.25,
  /** Busiest hour over the daily average: service desks work in business hours. */
  peakFactor: 3,
  /**
   * Lambda at 512 MB has about 0.3 of a vCPU, where the local durations had a share of a busy 2-core machine and
   * DynamoDB Local (slower than DynamoDB on transactions): the plan shows both the local durations and 3x them.
   */
  lambdaSlowdown: 3,
  daysPerMonth: 30.4,
  /** DynamoDB's per-partition limits. */
  partitionWriteUnits: 1_000,
  partitionReadUnits: 3_000,
  /** The delivery function's batch size (lib/delivery.ts). */
  deliveryBatchSize: 10,
} as const;

const file = resolve(process.argv[2] ?? resolve(import.meta.dirname, 'results/latest.json'));
const results = JSON.parse(readFileSync(file, 'utf8')) as BenchResults;
if (!results.cost) throw new Error(`${file} has no cost results: run npm run bench (or --only cost) first`);
const cost = results.cost;
const A = ASSUMPTIONS;

const perSurvey = (u: PhaseUsage, n: number) => ({
  wru: u.dynamodb.writeUnits / n,
  rru: u.dynamodb.readUnits / n,
  invocations: Object.fromEntries(
    Object.entries(u.invocations).map(([fn, i]) => [fn, { perSurvey: i.count / n, recordsPerInvocation: i.records / i.count, medianMs: i.durationMs.median }]),
  ),
  logBytes: u.logBytes / n,
});
const sent = perSurvey(cost.phases.sent, cost.surveys);
const reminded = perSurvey(cost.phases.reminder, Math.max(1, cost.reminders));
const answered = perSurvey(cost.phases.answered, Math.max(1, cost.answered));

const surveysPerDay = A.interactionsPerDay * A.surveysPerInteraction;
const average = surveysPerDay / 86_400;
const peak = average * A.peakFactor;
const answersPeak = peak * A.responseRate;
const wru = sent.wru + A.responseRate * answered.wru + (1 - A.responseRate) * reminded.wru;
const rru = sent.rru + A.responseRate * answered.rru + (1 - A.responseRate) * reminded.rru;

const out: string[] = [];
const n0 = (n: number) => Math.round(n).toLocaleString('en');
const n1 = (n: number) => n.toLocaleString('en', { maximumFractionDigits: 1 });
out.push(`Derived from ${file.replace(`${resolve(import.meta.dirname, '..')}/`, '')} (run of ${results.startedAt}, ${cost.surveys} measured lifecycles).`, '');
out.push('| quantity | average | peak hour |', '|---|---|---|');
out.push(`| interactions (= surveys sent) per second | ${n1(average)} | ${n1(peak)} |`);
out.push(`| answers per second (response rate ${A.responseRate * 100}%) | ${n1(average * A.responseRate)} | ${n1(answersPeak)} |`);
out.push(`| DynamoDB write units per second (${n1(wru)} per survey) | ${n0(average * wru)} | ${n0(peak * wru)} |`);
out.push(`| DynamoDB read units per second (${n1(rru)} per survey) | ${n0(average * rru)} | ${n0(peak * rru)} |`);
out.push(
  `| partitions the peak needs (1,000 WRU/s, 3,000 RRU/s each) | | ${Math.max(Math.ceil((peak * wru) / A.partitionWriteUnits), Math.ceil((peak * rru) / A.partitionReadUnits))} |`,
);
out.push(
  `| emails per second (invitations, and reminders to those who do not answer) | ${n1(average * (2 - A.responseRate))} | ${n1(peak * (2 - A.responseRate))} |`,
);
out.push(`| public API requests per second (click + submit) | ${n1(2 * average * A.responseRate)} | ${n1(2 * answersPeak)} |`);
out.push(`| ingest API requests per second | ${n1(average)} | ${n1(peak)} |`);
out.push('');

out.push(
  `Lambda concurrency at the peak hour (Little's law: invocations per second × duration), at the local median durations and at ${A.lambdaSlowdown}× them:`,
  '',
);
out.push(
  `| function | invocations per survey | records per invocation | local median ms | concurrency at peak | at ${A.lambdaSlowdown}× |`,
  '|---|---|---|---|---|---|',
);
const fns = new Set([...Object.keys(sent.invocations), ...Object.keys(reminded.invocations), ...Object.keys(answered.invocations)]);
let totalConcurrency = 0;
for (const fn of fns) {
  const s = sent.invocations[fn];
  const r = reminded.invocations[fn];
  const a = answered.invocations[fn];
  const perSurveyCount = (s?.perSurvey ?? 0) + A.responseRate * (a?.perSurvey ?? 0) + (1 - A.responseRate) * (r?.perSurvey ?? 0);
  const ms = Math.max(s?.medianMs ?? 0, r?.medianMs ?? 0, a?.medianMs ?? 0);
  const concurrency = peak * perSurveyCount * (ms / 1000);
  totalConcurrency += concurrency;
  out.push(
    `| ${fn} | ${perSurveyCount.toFixed(2)} | ${n1(s?.recordsPerInvocation ?? a?.recordsPerInvocation ?? 1)} | ${n1(ms)} | ${n1(concurrency)} | ${n1(concurrency * A.lambdaSlowdown)} |`,
  );
}
out.push(`| **all** | | | | **${n1(totalConcurrency)}** | **${n1(totalConcurrency * A.lambdaSlowdown)}** (account default: 1,000) |`, '');

// Emails: every survey's invitation, and a reminder for those who do not answer (the default program's).
const emailsPerDay = surveysPerDay * (2 - A.responseRate);
const emailsPeak = peak * (2 - A.responseRate);
const roundUp = (n: number, step: number) => Math.ceil(n / step) * step;
/** With a fifth of headroom over the peak hour, rounded to what one asks SES for. */
const sesSendRate = roundUp(emailsPeak * 1.2, 50);
const surveyPageRateLimit = roundUp(2 * answersPeak * 2, 50);
const mailers = mailerConcurrencyFor(sesSendRate);
const delivery = sent.invocations.delivery;
out.push('Email and the settings it takes (docs/deploy.md, CDK context):', '');
out.push(
  `- SES: ${n0(emailsPerDay)} emails a day (invitations, plus reminders to the ${(1 - A.responseRate) * 100}% who do not answer), ${n1(emailsPeak)}/s at the peak hour: ask AWS for a 24-hour quota of at least ${n0(roundUp(emailsPerDay * 1.2, 1e6))} and a maximum send rate of ${n0(sesSendRate)}/s, then deploy with \`-c sesSendRate=${sesSendRate}\`.`,
);
if (delivery) {
  // The messages of a batch are sent side by side (Promise.allSettled): a batch takes about as long as its slowest send.
  const perInstance = A.deliveryBatchSize / (delivery.medianMs / 1000);
  out.push(
    `- Mailers: \`sesSendRate=${sesSendRate}\` runs at most ${mailers} instances; each sent a batch (${n1(delivery.recordsPerInvocation)} emails here) in ${n1(delivery.medianMs)} ms locally, about ${n0(perInstance)} emails/s with full batches of ${A.deliveryBatchSize} ` +
      `(${n0(perInstance / A.lambdaSlowdown)} at ${A.lambdaSlowdown}×): ${mailers} instances send up to ${n0(mailers * perInstance)} (${n0((mailers * perInstance) / A.lambdaSlowdown)}) emails/s against ${n1(emailsPeak)} at the peak hour: ${(mailers * perInstance) / A.lambdaSlowdown >= emailsPeak ? 'enough, even at 3×' : mailers * perInstance >= emailsPeak ? 'enough at the local durations; a slower Lambda queues the peak for minutes, which SQS absorbs' : '**too few**'}.`,
  );
}
out.push(
  `- Survey pages: ${n1(2 * answersPeak)} requests/s of clicks and submits at the peak hour, against the default limit of ${THROTTLE.public.rateLimit}/s: **too low**; deploy with \`-c surveyPageRateLimit=${surveyPageRateLimit}\` (twice the peak, for mail scanners that open links).`,
);
out.push(
  `- Ingest: ${n1(peak)} requests/s at the peak hour against ${THROTTLE.apiKey.rateLimit}/s (THROTTLE.apiKey): ${peak <= THROTTLE.apiKey.rateLimit ? 'enough' : '**too low**'}.`,
);
out.push('');

const surveysPerMonth = surveysPerDay * A.daysPerMonth;
const per1000 = cost.dollarsPer1000.sent + A.responseRate * cost.dollarsPer1000.answerCost + (1 - A.responseRate) * cost.dollarsPer1000.reminder;
const apiRequestsPerMonth = surveysPerMonth * (1 + 2 * A.responseRate);
const apiTierSaving = Math.max(0, apiRequestsPerMonth - 300e6) * (PRICES.apiGateway.perRequest - 0.9 / 1e6);
const storageGbPerMonth = (surveysPerMonth * cost.storage.bytesPerSurvey) / 1e9;
const storageMonthly = (months: number) => storageGbPerMonth * months * (PRICES.dynamodb.storagePerGbMonth + PRICES.dynamodb.pitrPerGbMonth);
const variable = (surveysPerMonth / 1000) * per1000 - apiTierSaving;
out.push('The monthly bill (list prices of bench/prices.ts):', '');
out.push('| part | per month |', '|---|---|');
out.push(
  `| ${n0(surveysPerMonth)} surveys at $${per1000.toFixed(4)} per 1,000 (measured, ${A.responseRate * 100}% answered) | $${n0(variable + apiTierSaving)} |`,
);
out.push(`| API Gateway above 300 M requests a month at $0.90 instead of $1.00 per million | −$${n0(apiTierSaving)} |`);
const ses = (lines: typeof cost.lines.sent) => lines.filter((l) => l.item === 'SES messages').reduce((s, l) => s + l.dollarsPer1000, 0);
out.push(
  `| of which SES (invitations, and reminders to the ${(1 - A.responseRate) * 100}% who do not answer) | $${n0((surveysPerMonth / 1000) * (ses(cost.lines.sent) + (1 - A.responseRate) * ses(cost.lines.reminder)))} |`,
);
out.push(
  `| storage + point-in-time recovery, month 1 (${n0(storageGbPerMonth)} GB added a month, ${n0(cost.storage.bytesPerSurvey)} bytes per survey) | $${n0(storageMonthly(1))} |`,
);
out.push(`| storage + point-in-time recovery, month 12 (nothing expires but guards, tokens and markers) | $${n0(storageMonthly(12))} |`);
out.push(`| fixed: ingest key secret, SQS long polls, logs retention | about $5 |`);
out.push(`| **total, month 1** | **$${n0(variable + storageMonthly(1) + 5)}** |`);
out.push(`| **total, month 12** | **$${n0(variable + storageMonthly(12) + 5)}** |`);
out.push('');
const lambdaDuration = (lines: typeof cost.lines.sent) => lines.filter((l) => l.item.startsWith('Lambda duration')).reduce((s, l) => s + l.dollarsPer1000, 0);
const lambdaPer1000 =
  lambdaDuration(cost.lines.sent) + A.responseRate * lambdaDuration(cost.lines.answered) + (1 - A.responseRate) * lambdaDuration(cost.lines.reminder);
out.push(
  `Lambda duration is priced as measured here (${MEMORY_SIZE_MB} MB): $${n0((surveysPerMonth / 1000) * lambdaPer1000)} a month; at ${A.lambdaSlowdown}× the local durations it would be $${n0((surveysPerMonth / 1000) * lambdaPer1000 * A.lambdaSlowdown)}.`,
);
process.stdout.write(`${out.join('\n')}\n`);
