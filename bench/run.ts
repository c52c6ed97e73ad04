// `npm run bench`: the benchmark suite on the local stack (DynamoDB Local in memory, the SES emulator, the local
// queues and API on loopback). Writes bench/results/latest.json and latest.md and prints the table.
//   --smoke            tiny sizes (CI checks that the bench runs and writes well-formed results; figures mean nothing)
//   --out <dir>        where to write the results (default bench/results)
//   --only <a,b>       suites to run: cold, cost, aggregator, throughput, anomaly, report (default: all, in that order)
//   --case <a,b>       cold starts only of the cases whose name starts with one of these (e.g. surveyPage)
//   --cpu-prof <dir>   write a V8 CPU profile of every measured cold start (not the floor's) into <dir>
import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, platform, totalmem } from 'node:os';
import { resolve } from 'node:path';
import { GetItemCommand } from '@aws-sdk/client-dynamodb';
import type { FunctionName } from '../functions/routes.js';
import { javaChildren } from './lib/cpu.js';
import { Instrumentation } from './lib/instrument.js';
import { startBenchStack } from './lib/local.js';
import { markdown, type BenchResults } from './report.js';
import { aggregator } from './suites/aggregator.js';
import { coldStart } from './suites/cold-start.js';
import { costPerSurvey } from './suites/cost.js';
import { reportCost } from './suites/report-cost.js';
import { anomalyRun } from './suites/anomaly-run.js';
import { throughput } from './suites/throughput.js';

const SUITES = ['cold', 'cost', 'aggregator', 'throughput', 'anomaly', 'report'] as const;
type Suite = (typeof SUITES)[number];

const SIZES = {
  full: {
    coldRuns: 9,
    costSurveys: 200,
    reportSizes: [1_000, 10_000, 100_000],
    reportRounds: 25,
    aggregatorRounds: 3,
    aggregatorAnswers: { 1: 300, 100: 3_000, 1000: 5_000 },
    throughputRounds: 5,
    throughputRequests: { 1: 200, 8: 500, 32: 1_000 },
    throughputMaxMs: 20_000,
    anomalyAgents: [10, 100],
    anomalyAnswersPerAgentDay: 2,
    anomalyRounds: 5,
  },
  smoke: {
    coldRuns: 1,
    costSurveys: 4,
    reportSizes: [20, 200],
    reportRounds: 2,
    aggregatorRounds: 1,
    aggregatorAnswers: { 1: 3, 100: 100, 1000: 1_000 },
    throughputRounds: 1,
    throughputRequests: { 1: 4, 8: 16, 32: 32 },
    throughputMaxMs: 5_000,
    anomalyAgents: [3, 12],
    anomalyAnswersPerAgentDay: 1,
    anomalyRounds: 1,
  },
} as const;

function args() {
  const argv = process.argv.slice(2);
  const value = (name: string) => {
    const i = argv.indexOf(name);
    return i >= 0 ? argv[i + 1] : undefined;
  };
  const only = value('--only')?.split(',') as Suite[] | undefined;
  for (const s of only ?? []) if (!SUITES.includes(s)) throw new Error(`--only: unknown suite ${s} (one of ${SUITES.join(', ')})`);
  return {
    mode: argv.includes('--smoke') ? ('smoke' as const) : ('full' as const),
    out: resolve(value('--out') ?? resolve(import.meta.dirname, 'results')),
    only: new Set<Suite>(only ?? SUITES),
    cases: value('--case')?.split(','),
    cpuProfileDir: value('--cpu-prof') ? resolve(value('--cpu-prof')!) : undefined,
  };
}

function git(): { commit: string; dirty: boolean } {
  try {
    const cwd = resolve(import.meta.dirname, '..');
    const commit = execFileSync('git', ['rev-parse', 'HEAD'], { cwd, encoding: 'utf8' }).trim();
    // The committed results are rewritten by every run: they do not make the measured code dirty.
    const dirty =
      execFileSync('git', ['status', '--porcelain', '--untracked-files=no', '--', '.', ':!bench/results'], { cwd, encoding: 'utf8' }).trim().length > 0;
    return { commit, dirty };
  } catch {
    return { commit: 'unknown', dirty: false };
  }
}

const { mode, out, only, cases, cpuProfileDir } = args();
const sizes = SIZES[mode];
const log = (line: string) => process.stderr.write(`${line}\n`);
process.env.LOG_LEVEL ??= 'info'; // as in production: log lines are part of the work (and of the bill)

const instrumentation = new Instrumentation();
instrumentation.captureLogs();
const results: BenchResults = {
  schema: 'feedback-bench/1',
  mode,
  startedAt: new Date().toISOString(),
  finishedAt: '',
  machine: {
    cpus: cpus().length,
    cpuModel: cpus()[0]?.model.trim() ?? 'unknown',
    memoryGb: Math.round(totalmem() / 2 ** 30),
    node: process.versions.node,
    platform: `${platform()} ${process.arch}`,
    loadAverage: { start: loadavg(), end: [] },
    notes: [
      `DynamoDB Local (a Java process), the SES emulator, the local API and queues, the load client and the cold-start processes all share these ${cpus().length} cores; absolute figures are this machine's, only the side-by-side ratios carry over.`,
      `The functions run on Node.js ${process.versions.node} here; Lambda runs them on Node.js 24 (the bundles target node24).`,
    ],
  },
  git: git(),
  errors: [],
};

// DynamoDB Local is a Java child process: never leave it behind, even when the bench dies half-way.
process.on('exit', () => {
  for (const pid of javaChildren()) {
    try {
      process.kill(pid, 'SIGKILL');
    } catch {
      // already gone
    }
  }
});
process.on('unhandledRejection', (error) => {
  log(`unhandled: ${String((error as Error)?.stack ?? error)}`);
  process.exit(2);
});

log(`Starting the local stack (DynamoDB Local in memory)...`);
const stack = await startBenchStack(instrumentation);
const { documentClient } = await import('../functions/store/dynamodb-client.js');
instrumentation.meter(documentClient);
instrumentation.readItem = async (TableName, Key) =>
  (await stack.raw.send(new GetItemCommand({ TableName, Key: Key as never, ConsistentRead: true }))).Item as never;

const run = async <T>(suite: Suite, title: string, body: () => Promise<T>): Promise<T | undefined> => {
  if (!only.has(suite)) return undefined;
  log(`${title}...`);
  try {
    return await body();
  } catch (error) {
    results.errors.push(`${suite}: ${String((error as Error)?.stack ?? error).slice(0, 2000)}`);
    log(`  ${suite} failed: ${(error as Error)?.message}`);
    return undefined;
  }
};

try {
  const cold = await run('cold', 'Cold start (bundles as CDK builds them)', () => coldStart(stack, { runs: sizes.coldRuns, log, only: cases, cpuProfileDir }));
  results.coldStart = cold?.rows;
  results.bundles = cold?.bundles;
  results.coldStartWithoutCase = cold?.withoutCase;
  const coldInitMs: Partial<Record<FunctionName, number>> = {};
  for (const row of results.coldStart ?? [])
    if (Number.isFinite(row.functionLoadMs.median)) coldInitMs[row.fn] = Math.max(coldInitMs[row.fn] ?? 0, row.functionLoadMs.median);
  results.cost = await run('cost', 'Dollars per 1,000 surveys (a full lifecycle)', () =>
    costPerSurvey(stack, instrumentation, { surveys: sizes.costSurveys, coldInitMs, log }),
  );
  results.aggregator = await run('aggregator', 'Aggregator throughput per batch size', () =>
    aggregator(stack, instrumentation, { rounds: sizes.aggregatorRounds, answers: sizes.aggregatorAnswers, log }),
  );
  results.throughput = await run('throughput', 'Throughput and latency (c = 1, 8, 32)', () =>
    throughput(stack, instrumentation, { rounds: sizes.throughputRounds, requests: sizes.throughputRequests, maxMs: sizes.throughputMaxMs, log }),
  );
  results.anomalyRun = await run('anomaly', 'The daily anomaly run at growing numbers of agents', () =>
    anomalyRun(stack, instrumentation, {
      agents: [...sizes.anomalyAgents],
      answersPerAgentDay: sizes.anomalyAnswersPerAgentDay,
      rounds: sizes.anomalyRounds,
      log,
    }),
  );
  // Last: its 100,000 answers' counters make the table (and every DynamoDB Local call) bigger for what would follow.
  results.reportCost = await run('report', 'Report cost at growing numbers of answers', () =>
    reportCost(stack, instrumentation, { sizes: [...sizes.reportSizes], rounds: sizes.reportRounds, log }),
  );
  for (const row of results.coldStart ?? []) for (const e of row.errors) results.errors.push(`cold start ${row.case}: ${e}`);
  for (const e of instrumentation.meterErrors) results.errors.push(`capacity meter: ${e}`);
  for (const row of results.throughput ?? [])
    if (row.errors) results.errors.push(`throughput ${row.kind} c=${row.concurrency}: ${row.errors} errors, first: ${row.firstError}`);
} finally {
  await stack.stop();
}

results.finishedAt = new Date().toISOString();
results.machine.loadAverage.end = loadavg();
mkdirSync(out, { recursive: true });
const table = markdown(results);
writeFileSync(resolve(out, 'latest.json'), `${JSON.stringify(results, null, 2)}\n`);
writeFileSync(resolve(out, 'latest.md'), `${table}\n`);
process.stdout.write(`${table}\n`);
log(`Written: ${resolve(out, 'latest.json')}, ${resolve(out, 'latest.md')}`);
process.exit(results.errors.length > 0 ? 1 : 0);
