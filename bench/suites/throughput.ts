// Throughput and latency over the local HTTP server: POST /interactions and survey submits (POST /s/{token}, JSON)
// at concurrency 1, 8 and 32, each beside raw PutItem against the same DynamoDB Local from the same client process,
// in the same round. Loopback only; every loop is bounded in requests and in time.
import { fork, type ChildProcess } from 'node:child_process';
import { resolve } from 'node:path';
import { routePath } from '../../functions/routes.js';
import type { LoadResult, LoadSpec } from '../load/client.js';
import { interactionBody, runId, tokensOf } from '../lib/fixtures.js';
import { javaChildren, ownCpuMs, processCpuMs } from '../lib/cpu.js';
import type { Instrumentation } from '../lib/instrument.js';
import type { BenchStack } from '../lib/local.js';
import { quantile, ratios, spread, type Spread } from '../lib/stats.js';

export const CONCURRENCY = [1, 8, 32] as const;

export const TARGETS = { rateShare: 0.5, p99Ratio: 3, atConcurrency: 32 } as const;

/** putItem: the floor; transact: a raw TransactWriteItems of two new items, the write a submit makes (context, no target). */
type Kind = 'putItem' | 'transact' | 'ingest' | 'submit';
const KINDS = ['putItem', 'transact', 'ingest', 'submit'] as const;

export interface ThroughputRow {
  kind: Kind;
  concurrency: number;
  requestsPerSecond: Spread;
  p50Ms: Spread;
  p99Ms: Spread;
  /** Per round: this kind's rate / PutItem's rate at the same concurrency (1 for PutItem itself). */
  rateVsPutItem: Spread;
  p99VsPutItem: Spread;
  /** DynamoDB items the request writes, counted on the warm-up's real calls (1 for PutItem). */
  writesPerRequest: number;
  /** The target at c=32: this rate >= rateShare x PutItem's rate / writesPerRequest. */
  targetRate?: number;
  requests: number;
  errors: number;
  firstError?: string;
  /** Where the 2 cores went, per request: the stack's process (API, functions, pollers), DynamoDB Local, the client. */
  cpuPerRequestMs: { stack: Spread; dynamodbLocal: Spread; client: Spread };
  /** Invocations per request during the segment, by function (the async work that shares the machine). */
  invocationsPerRequest: Record<string, number>;
}

interface Segment {
  result: LoadResult;
  stackCpuMs: number;
  javaCpuMs: number;
  invocations: Record<string, number>;
}

export interface ThroughputOptions {
  rounds: number;
  /** Requests per segment at each concurrency (each segment also stops after maxMs). */
  requests: Record<(typeof CONCURRENCY)[number], number>;
  maxMs: number;
  log: (line: string) => void;
}

class LoadClient {
  private readonly child: ChildProcess;
  private next = 0;
  private readonly pending = new Map<number, { resolve: (r: LoadResult) => void; reject: (e: Error) => void }>();

  constructor() {
    this.child = fork(resolve(import.meta.dirname, '../load/client.ts'), [], { execArgv: ['--import', 'tsx'], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
    this.child.on('message', (message: { id: number; result?: LoadResult; error?: string }) => {
      const waiter = this.pending.get(message.id);
      this.pending.delete(message.id);
      if (message.result) waiter?.resolve(message.result);
      else waiter?.reject(new Error(message.error));
    });
    this.child.on('exit', (code) => {
      for (const waiter of this.pending.values()) waiter.reject(new Error(`load client exited with ${code}`));
      this.pending.clear();
    });
  }

  run(spec: LoadSpec): Promise<LoadResult> {
    const id = this.next++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      this.child.send({ id, spec });
    });
  }

  close(): void {
    this.child.disconnect();
  }
}

const FUNCTION_OF = { ingest: 'ingestHttp', submit: 'surveyPage' } as const;

export async function throughput(stack: BenchStack, instrumentation: Instrumentation, options: ThroughputOptions): Promise<ThroughputRow[]> {
  const client = new LoadClient();
  const results: Record<Kind, Record<number, Segment[]>> = { putItem: {}, transact: {}, ingest: {}, submit: {} };
  const java = javaChildren();
  const javaCpu = () => java.reduce((n, pid) => n + (processCpuMs(pid) ?? 0), 0);
  let lastIngested: ReturnType<typeof interactionBody>[] = [];
  let measuredWrites: Record<Kind, number> = { putItem: 1, transact: 2, ingest: Number.NaN, submit: Number.NaN };
  const answer = JSON.stringify({ csat: 4, nps: 9, resolved: 'yes', comment: 'Solved on the first call, thank you.' });
  const segment = async (kind: Kind, concurrency: number, requests: number, measured: boolean) => {
    const bounds = { concurrency, maxRequests: requests, maxMs: options.maxMs };
    let result: LoadResult;
    let stackCpu = 0;
    let javaCpuStart = 0;
    const begin = () => {
      instrumentation.invocations = [];
      stackCpu = ownCpuMs();
      javaCpuStart = javaCpu();
    };
    if (kind === 'putItem' || kind === 'transact') {
      begin();
      result = await client.run({ kind, label: kind, endpoint: stack.dynamodbUrl, tableName: stack.tableName, ...bounds });
    } else if (kind === 'ingest') {
      const bodies = Array.from({ length: requests }, () => interactionBody(`tp-${runId()}`));
      begin();
      result = await client.run({
        kind: 'http',
        label: kind,
        url: `${stack.apiUrl}/interactions`,
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-api-key': stack.ingestApiKey },
        bodies: bodies.map((b) => JSON.stringify(b)),
        expectStatus: 202,
        ...bounds,
      });
      lastIngested = bodies.slice(0, result.completed);
    } else {
      // Fresh invitations for every submit: those the ingest segment just created, their emails sent (settled).
      const tokens = (await tokensOf(stack, lastIngested)).filter((t): t is string => t !== undefined);
      if (tokens.length === 0) throw new Error('no invitations to answer: the ingest segment created none');
      begin();
      result = await client.run({
        kind: 'http',
        label: kind,
        url: `${stack.apiUrl}/s/x`,
        method: 'POST',
        headers: { 'content-type': 'application/json', accept: 'application/json' },
        bodies: [answer],
        paths: tokens.map((token) => routePath('/s/{token}', { token })),
        expectStatus: 200,
        ...bounds,
        maxRequests: Math.min(requests, tokens.length),
      });
    }
    const segmentStats: Segment = { result, stackCpuMs: ownCpuMs() - stackCpu, javaCpuMs: javaCpu() - javaCpuStart, invocations: {} };
    for (const i of instrumentation.invocations) segmentStats.invocations[i.fn] = (segmentStats.invocations[i.fn] ?? 0) + 1;
    if (measured) (results[kind][concurrency] ??= []).push(segmentStats);
    // The asynchronous work a segment leaves (emails, aggregation) is finished before the next one starts.
    await stack.settled();
    return segmentStats;
  };

  try {
    // Warm-up: connections open, JIT warm, DynamoDB Local's paths exercised; not measured.
    const writesPerRequest: Record<Kind, number> = { putItem: 1, transact: 2, ingest: 0, submit: 0 };
    for (const kind of KINDS) {
      instrumentation.reset();
      await segment(kind, 8, Math.min(50, options.requests[8]), false);
      if (kind === 'putItem' || kind === 'transact') continue;
      const fn = FUNCTION_OF[kind];
      const invocations = instrumentation.invocations.filter((i) => i.fn === fn).length;
      writesPerRequest[kind] = instrumentation.calls.filter((c) => c.fn === fn && !c.failed).reduce((n, c) => n + c.items, 0) / Math.max(1, invocations);
    }
    measuredWrites = writesPerRequest;
    for (let round = 0; round < options.rounds; round++) {
      for (const concurrency of CONCURRENCY) {
        for (const kind of KINDS) {
          const { result: r } = await segment(kind, concurrency, options.requests[concurrency], true);
          options.log(
            `  round ${round + 1}/${options.rounds} c=${concurrency} ${kind}: ${((r.completed / r.elapsedMs) * 1000).toFixed(0)} req/s, p99 ${quantile(r.latenciesMs, 0.99).toFixed(1)} ms${r.errors ? `, ${r.errors} errors` : ''}`,
          );
        }
      }
    }
  } finally {
    client.close();
  }

  const rows: ThroughputRow[] = [];
  for (const concurrency of CONCURRENCY) {
    const floor = (results.putItem[concurrency] ?? []).map((s) => s.result);
    const floorRate = floor.map((r) => (r.completed / r.elapsedMs) * 1000);
    const floorP99 = floor.map((r) => quantile(r.latenciesMs, 0.99));
    for (const kind of KINDS) {
      const segments = results[kind][concurrency] ?? [];
      const runs = segments.map((s) => s.result);
      const perRequest = (f: (s: Segment) => number) => spread(segments.map((s) => f(s) / Math.max(1, s.result.completed)));
      const invocationsPerRequest: Record<string, number> = {};
      const total = segments.reduce((n, s) => n + s.result.completed, 0);
      for (const s of segments)
        for (const [fn, n] of Object.entries(s.invocations)) invocationsPerRequest[fn] = (invocationsPerRequest[fn] ?? 0) + n / Math.max(1, total);
      const rate = runs.map((r) => (r.completed / r.elapsedMs) * 1000);
      const p99 = runs.map((r) => quantile(r.latenciesMs, 0.99));
      rows.push({
        kind,
        concurrency,
        requestsPerSecond: spread(rate),
        p50Ms: spread(runs.map((r) => quantile(r.latenciesMs, 0.5))),
        p99Ms: spread(p99),
        rateVsPutItem: ratios(rate, floorRate),
        p99VsPutItem: ratios(p99, floorP99),
        writesPerRequest: measuredWrites[kind],
        ...((kind === 'ingest' || kind === 'submit') && concurrency === TARGETS.atConcurrency
          ? { targetRate: (TARGETS.rateShare * spread(floorRate).median) / measuredWrites[kind] }
          : {}),
        requests: runs.reduce((n, r) => n + r.completed, 0),
        errors: runs.reduce((n, r) => n + r.errors, 0),
        ...(runs.find((r) => r.firstError) ? { firstError: runs.find((r) => r.firstError)!.firstError } : {}),
        cpuPerRequestMs: {
          stack: perRequest((s) => s.stackCpuMs),
          dynamodbLocal: perRequest((s) => s.javaCpuMs),
          client: perRequest((s) => s.result.clientCpuMs),
        },
        invocationsPerRequest,
      });
    }
  }
  return rows;
}
