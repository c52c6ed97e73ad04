// The results as Markdown tables: every figure a median with its interquartile range, every comparison a ratio
// measured in the same run, every target with its verdict.
import type { AggregatorRow } from './suites/aggregator.js';
import { TARGETS as COLD, type BundleRow, type ColdStartRow } from './suites/cold-start.js';
import type { CostResult } from './suites/cost.js';
import { TARGETS as REPORT, type ReportCostRow } from './suites/report-cost.js';
import type { AnomalyRunRow } from './suites/anomaly-run.js';
import { TARGETS as TP, type ThroughputRow } from './suites/throughput.js';
import { fmt, type Spread } from './lib/stats.js';

export interface BenchResults {
  schema: 'feedback-bench/1';
  mode: 'full' | 'smoke';
  startedAt: string;
  finishedAt: string;
  machine: {
    cpus: number;
    cpuModel: string;
    memoryGb: number;
    node: string;
    platform: string;
    loadAverage: { start: number[]; end: number[] };
    notes: string[];
  };
  git: { commit: string; dirty: boolean };
  coldStart?: ColdStartRow[];
  bundles?: BundleRow[];
  /** Functions of the catalogue with no representative first invocation in bench/suites/cold-start.ts yet. */
  coldStartWithoutCase?: string[];
  throughput?: ThroughputRow[];
  reportCost?: ReportCostRow[];
  anomalyRun?: AnomalyRunRow[];
  aggregator?: AggregatorRow[];
  cost?: CostResult;
  errors: string[];
}

const kib = (bytes: number) => `${(bytes / 1024).toFixed(0)} KiB`;
const verdict = (ok: boolean) => (ok ? 'met' : '**missed**');
const x = (s: Spread, digits = 2) => (Number.isFinite(s.median) ? `${s.median.toFixed(digits)} (${s.p25.toFixed(digits)}–${s.p75.toFixed(digits)})` : 'n/a');
const usd = (n: number) => `$${n.toFixed(4)}`;

export function markdown(r: BenchResults): string {
  const out: string[] = [];
  out.push(`# Benchmark results (${r.mode})`, '');
  out.push(
    `${r.startedAt} → ${r.finishedAt}, commit ${r.git.commit.slice(0, 10)}${r.git.dirty ? ' (with uncommitted changes)' : ''}. ` +
      `${r.machine.cpus} × ${r.machine.cpuModel}, ${r.machine.memoryGb} GB, Node ${r.machine.node}; load average ${r.machine.loadAverage.start.map((l) => l.toFixed(1)).join('/')} at start, ` +
      `${r.machine.loadAverage.end.map((l) => l.toFixed(1)).join('/')} at the end.`,
    '',
    'Every figure: median over repeated runs, with the interquartile range (p25–p75) in brackets. Every ratio: computed per run from two figures measured side by side, then summarised.',
    '',
  );
  for (const note of r.machine.notes) out.push(`- ${note}`);
  if (r.machine.notes.length) out.push('');

  if (r.coldStart) {
    out.push(
      '## Cold start',
      '',
      `Fresh Node.js process: load the bundle and complete the first invocation against the local emulators; the floor makes the same SDK calls with the raw clients and no handler code. Targets: ratio ≤ ${COLD.ratio}, bundle < ${kib(COLD.bundleBytes)}.`,
      '',
    );
    out.push(
      '| function (first invocation) | bundle | cold start, ms | of which loading | floor, ms | ratio (wall) | ratio (CPU) | same calls | ratio target | size target |',
    );
    out.push('|---|---|---|---|---|---|---|---|---|---|');
    for (const c of r.coldStart) {
      out.push(
        `| ${c.case} | ${kib(c.bundleBytes)} | ${fmt(c.functionMs, 0)} | ${fmt(c.functionLoadMs, 0)} | ${fmt(c.floorMs, 0)} | ${x(c.ratio)} | ${x(c.cpuRatio)} | ${c.sameCalls ? 'yes' : '**no**'} | ${verdict(c.ratio.median <= COLD.ratio)} | ${verdict(c.bundleBytes < COLD.bundleBytes)} |`,
      );
    }
    if (r.coldStartWithoutCase?.length)
      out.push('', `Not timed yet (no representative first invocation in bench/suites/cold-start.ts): ${r.coldStartWithoutCase.join(', ')}.`);
    out.push('');
  }
  if (r.bundles) {
    out.push('Bundle sizes (minified, as CDK ships them) and what weighs most in each:', '');
    out.push('| function | bundle | size target | largest parts |');
    out.push('|---|---|---|---|');
    for (const b of r.bundles)
      out.push(
        `| ${b.fn} | ${kib(b.bytes)} (${b.bytes.toLocaleString('en')} bytes) | ${verdict(b.bytes < COLD.bundleBytes)} | ${b.composition
          .slice(0, 4)
          .map((c) => `${c.from} ${kib(c.bytes)}`)
          .join(', ')} |`,
      );
    out.push('');
  }

  if (r.throughput) {
    out.push(
      '## Throughput and latency over the local HTTP server',
      '',
      `Closed-loop clients in a separate process over keep-alive loopback connections; PutItem is the raw SDK call against the same DynamoDB Local from the same client process, in the same round. Target at c=${TP.atConcurrency}: rate ≥ ${TP.rateShare} × PutItem's rate ÷ DynamoDB items written per request, and p99 ≤ ${TP.p99Ratio} × PutItem's p99.`,
      '',
    );
    out.push(
      '| request | c | req/s | p50, ms | p99, ms | rate ÷ PutItem rate | p99 ÷ PutItem p99 | items written | CPU ms per request: stack / DynamoDB Local / client | target |',
    );
    out.push('|---|---|---|---|---|---|---|---|---|---|');
    for (const t of r.throughput) {
      const target =
        t.targetRate !== undefined
          ? `rate ≥ ${t.targetRate.toFixed(0)}: ${verdict(t.requestsPerSecond.median >= t.targetRate)}; p99: ${verdict(t.p99VsPutItem.median <= TP.p99Ratio)}`
          : '';
      const name = {
        putItem: 'PutItem (floor)',
        transact: 'TransactWriteItems, 2 new items (raw)',
        ingest: 'POST /interactions',
        submit: 'POST /s/{token} (JSON)',
      }[t.kind];
      const cpu = `${t.cpuPerRequestMs.stack.median.toFixed(1)} / ${t.cpuPerRequestMs.dynamodbLocal.median.toFixed(1)} / ${t.cpuPerRequestMs.client.median.toFixed(1)}`;
      out.push(
        `| ${name} | ${t.concurrency} | ${fmt(t.requestsPerSecond, 0)} | ${fmt(t.p50Ms)} | ${fmt(t.p99Ms)} | ${x(t.rateVsPutItem)} | ${x(t.p99VsPutItem)} | ${Number.isFinite(t.writesPerRequest) ? t.writesPerRequest.toFixed(1) : 'n/a'} | ${cpu} | ${target}${t.errors ? ` (${t.errors} errors)` : ''} |`,
      );
    }
    out.push('');
  }

  if (r.reportCost) {
    out.push(
      '## Report cost: /reports/channels over 90 days',
      '',
      `Target: latency ratio ≤ ${REPORT.latencyRatio} between the largest and the smallest number of answers, and the same number of items read. ` +
        'Whole months are read from their rollups, the days around them from day counters (docs/data-model.md).',
      '',
    );
    out.push('| window | stored answers | counters filled in | latency, ms | ÷ smallest (same round) | items read | read units | queries | target |');
    out.push('|---|---|---|---|---|---|---|---|---|');
    for (const row of r.reportCost) {
      const smallest = r.reportCost.find((other) => other.name === row.name)!;
      const target =
        row === smallest
          ? ''
          : `latency ${verdict(row.latencyVsSmallest.median <= REPORT.latencyRatio)}; items ${verdict(row.itemsRead === smallest.itemsRead)}`;
      out.push(
        `| ${row.name}: ${row.window.from} – ${row.window.to} | ${row.answers.toLocaleString('en')} | ${row.fillSeconds.toFixed(1)} s | ${fmt(row.latencyMs)} | ${x(row.latencyVsSmallest)} | ${row.itemsRead} | ${row.readUnits} | ${row.queries} | ${target} |`,
      );
    }
    out.push('');
  }

  if (r.anomalyRun) {
    out.push(
      '## The daily anomaly run',
      '',
      'runAnomalyJob over the 35 days of counters it reads (the week tested and the 28 days before), six channels and the agents spread over them: ' +
        'its item reads grow with channels + agents and days read, never with answers (docs/metrics.md, "Anomalies").',
      '',
    );
    out.push('| agents | answers stored | counters filled in | run, ms | tests made | items read | read units | queries |');
    out.push('|---|---|---|---|---|---|---|---|');
    for (const row of r.anomalyRun)
      out.push(
        `| ${row.agents} | ${row.answers.toLocaleString('en')} | ${row.fillSeconds.toFixed(1)} s | ${fmt(row.durationMs)} | ${row.tests} | ${row.itemsRead} | ${row.readUnits} | ${row.queries} |`,
      );
    out.push('');
  }

  if (r.aggregator) {
    out.push(
      '## Aggregator: answers folded per second',
      '',
      'The production stream handler on synthetic answer INSERTs (six channels, ten agents each), batches one after another as on one stream shard.',
      '',
    );
    out.push('| batch size | answers per round | answers/s | ms per batch | transactions per batch |');
    out.push('|---|---|---|---|---|');
    for (const a of r.aggregator)
      out.push(
        `| ${a.batchSize} | ${a.answersPerRound.toLocaleString('en')} | ${fmt(a.answersPerSecond, 0)} | ${fmt(a.batchMs)} | ${a.transactionsPerBatch.toFixed(1)} |`,
      );
    out.push('');
  }

  if (r.cost) {
    const c = r.cost;
    const d = c.dollarsPer1000;
    const worst = Math.max(d.noneAnswered, d.allAnswered);
    out.push(
      '## Dollars per 1,000 surveys',
      '',
      `${c.surveys} full lifecycles (${c.emails} emails, ${c.reminders} reminders, ${c.answered} answered), priced at ${c.prices.region} list prices as of ${c.prices.asOf}. Target: under $${c.target.toFixed(2)} per 1,000 surveys sent, all in.`,
      '',
    );
    out.push('| item | per survey sent | per reminder | per answer | $ per 1,000 sent | $ per 1,000 reminders | $ per 1,000 answers |');
    out.push('|---|---|---|---|---|---|---|');
    c.lines.sent.forEach((line, i) => {
      const reminder = c.lines.reminder[i]!;
      const answered = c.lines.answered[i]!;
      out.push(
        `| ${line.item} | ${line.perSurvey.toPrecision(3)} ${line.unit} | ${reminder.perSurvey.toPrecision(3)} ${reminder.unit} | ${answered.perSurvey.toPrecision(3)} ${answered.unit} | ${usd(line.dollarsPer1000)} | ${usd(reminder.dollarsPer1000)} | ${usd(answered.dollarsPer1000)} |`,
      );
    });
    out.push(
      `| **total** | | | | **${usd(d.sent)}** | **${usd(d.reminder)}** | **${usd(d.answerCost)}** |`,
      '',
      `All in, per 1,000 surveys sent (an unanswered survey gets its reminder): **${usd(d.noneAnswered)} if none is answered**, ${usd(d.quarterAnswered)} at a 25% response rate, ${usd(d.allAnswered)} if every one is answered: at most ${usd(worst)} (${verdict(worst < c.target)}); ` +
        `${usd(c.allAnsweredWithLambda3x)} all answered if Lambda ran 3× slower than measured here. ` +
        `Storage: ${c.storage.bytesPerSurvey.toFixed(0)} bytes per survey, ${usd(c.storage.dollarsPerMonthPer1000)} per month per 1,000 surveys kept (storage + point-in-time recovery).`,
      '',
    );
  }

  if (r.errors.length) {
    out.push('## Errors', '');
    for (const e of r.errors) out.push(`- ${e}`);
    out.push('');
  }
  return out.join('\n');
}
