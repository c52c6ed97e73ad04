// The benchmark at tiny sizes, so that `npm run bench` keeps working: it runs on a local stack of its own and writes
// well-formed results. No figure is asserted: timings on a shared CI machine mean nothing.
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FUNCTIONS } from '../../functions/routes.js';
import type { BenchResults } from '../../bench/report.js';

const ROOT = resolve(import.meta.dirname, '../..');
const outDir = mkdtempSync(join(tmpdir(), 'feedback-bench-smoke-'));
let exitCode: number | null = null;
let output = '';
let results: BenchResults;

const finite = (n: unknown) => typeof n === 'number' && Number.isFinite(n);
const wellFormedSpread = (s: { median: number; p25: number; p75: number; runs: number }) =>
  finite(s.median) && finite(s.p25) && finite(s.p75) && s.p25 <= s.median && s.median <= s.p75 && s.runs > 0;

beforeAll(async () => {
  const child = spawn(process.execPath, ['--import', 'tsx', 'bench/run.ts', '--smoke', '--out', outDir], {
    cwd: ROOT,
    env: { ...process.env, LOG_LEVEL: 'info' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
  exitCode = await new Promise<number | null>((done) => child.on('exit', done));
  if (existsSync(join(outDir, 'latest.json'))) results = JSON.parse(readFileSync(join(outDir, 'latest.json'), 'utf8')) as BenchResults;
}, 600_000);

afterAll(() => rmSync(outDir, { recursive: true, force: true }));

describe('npm run bench --smoke', () => {
  it('runs every suite without an error', () => {
    expect(results?.errors, output.slice(-3000)).toEqual([]);
    expect(exitCode, output.slice(-3000)).toBe(0);
  });

  it('writes the results as JSON and the same tables as Markdown', () => {
    expect(results.schema).toBe('feedback-bench/1');
    expect(results.mode).toBe('smoke');
    const table = readFileSync(join(outDir, 'latest.md'), 'utf8');
    for (const heading of ['## Cold start', '## Throughput and latency', '## Report cost', '## Aggregator', '## Dollars per 1,000 surveys'])
      expect(table).toContain(heading);
  });

  it('sizes every function in the catalogue and times its cold start beside a floor making the same calls', () => {
    expect(results.bundles!.map((b) => b.fn).sort()).toEqual(Object.keys(FUNCTIONS).sort());
    const timed = new Set(results.coldStart!.map((row) => row.fn));
    expect([...timed, ...results.coldStartWithoutCase!].sort()).toEqual(Object.keys(FUNCTIONS).sort());
    for (const row of results.coldStart!) {
      expect(row.bundleBytes, row.case).toBeGreaterThan(0);
      expect(wellFormedSpread(row.functionMs) && wellFormedSpread(row.floorMs) && finite(row.ratio.median), row.case).toBe(true);
      expect(row.sameCalls, `${row.case}: ${row.calls.join(',')} vs ${row.floorCalls.join(',')}`).toBe(true);
    }
  });

  it('measures each request at concurrency 1, 8 and 32 beside PutItem', () => {
    expect(results.throughput!.map((row) => `${row.kind}@${row.concurrency}`).sort()).toEqual(
      ['putItem', 'transact', 'ingest', 'submit'].flatMap((kind) => [1, 8, 32].map((c) => `${kind}@${c}`)).sort(),
    );
    for (const row of results.throughput!) {
      expect(row.requests, `${row.kind}@${row.concurrency}`).toBeGreaterThan(0);
      expect(wellFormedSpread(row.requestsPerSecond) && wellFormedSpread(row.p99Ms) && finite(row.rateVsPutItem.median)).toBe(true);
    }
  });

  it('counts the items each report reads, and the answers the aggregator folds per batch size', () => {
    expect([...new Set(results.reportCost!.map((row) => row.name))]).toHaveLength(2);
    for (const row of results.reportCost!) {
      expect(row.status).toBe(200);
      expect(row.queries).toBeGreaterThan(0);
      expect(wellFormedSpread(row.latencyMs)).toBe(true);
    }
    expect(results.aggregator!.map((row) => row.batchSize)).toEqual([1, 100, 1000]);
    for (const row of results.aggregator!) expect(wellFormedSpread(row.answersPerSecond)).toBe(true);
  });

  it('prices a full lifecycle from the calls it made', () => {
    const cost = results.cost!;
    expect(cost.emails).toBe(cost.surveys);
    expect(cost.answered).toBe(cost.surveys);
    expect(cost.phases.sent.dynamodb.writeUnits).toBeGreaterThan(0);
    expect(cost.phases.sent.sesMessages).toBe(cost.surveys);
    expect(cost.reminders).toBe(cost.surveys);
    expect(cost.phases.reminder.sesMessages).toBe(cost.surveys);
    for (const line of [...cost.lines.sent, ...cost.lines.reminder, ...cost.lines.answered]) expect(finite(line.dollarsPer1000), line.item).toBe(true);
    expect(finite(cost.dollarsPer1000.allAnswered)).toBe(true);
  });
});
