// One cold start, in a fresh Node.js process: load a bundle, invoke its handler once with the event given, report.
// Plain JavaScript (no TypeScript loader in this process): nothing here may add to the time measured.
// Every HTTP request the bundle makes is noted (service, operation, body, start and end), so that the bench can build
// a floor making exactly these calls, and check afterwards that it did.
import { readFileSync } from 'node:fs';
import http from 'node:http';
import { syncBuiltinESMExports } from 'node:module';
import { performance } from 'node:perf_hooks';

const spec = JSON.parse(readFileSync(process.env.BENCH_COLD_SPEC, 'utf8'));
/** host:port -> service, from the endpoints the process was given. */
const services = new Map(Object.entries(spec.services ?? {}));
const calls = [];
const request = http.request;
http.request = function (...args) {
  const options = typeof args[0] === 'object' && !(args[0] instanceof URL) ? args[0] : (args[1] ?? {});
  const headers = options.headers ?? {};
  const target = headers['x-amz-target'] ?? headers['X-Amz-Target'];
  const call = {
    service: services.get(`${options.hostname ?? options.host}:${options.port}`) ?? `${options.hostname ?? options.host}:${options.port}`,
    operation: target ? String(target).split('.').pop() : `${options.method ?? 'GET'} ${String(options.path ?? '').split('?')[0]}`,
    start: performance.now(),
    end: 0,
    status: 0,
    body: '',
  };
  calls.push(call);
  const req = request.apply(this, args);
  const chunks = [];
  const write = req.write;
  const end = req.end;
  req.write = function (chunk, ...rest) {
    if (chunk && typeof chunk !== 'function') chunks.push(Buffer.from(chunk));
    return write.call(this, chunk, ...rest);
  };
  req.end = function (chunk, ...rest) {
    if (chunk && typeof chunk !== 'function') chunks.push(Buffer.from(chunk));
    call.body = Buffer.concat(chunks).toString('utf8');
    return end.call(this, chunk, ...rest);
  };
  req.on('response', (res) => {
    call.status = res.statusCode;
    res.on('end', () => (call.end = performance.now()));
  });
  return req;
};
syncBuiltinESMExports();

const context = {
  callbackWaitsForEmptyEventLoop: false,
  functionName: spec.name,
  functionVersion: '$LATEST',
  invokedFunctionArn: `arn:aws:lambda:local:000000000000:function:${spec.name}`,
  memoryLimitInMB: '512',
  awsRequestId: 'cold-start-1',
  logGroupName: `/aws/lambda/${spec.name}`,
  logStreamName: 'bench',
  getRemainingTimeInMillis: () => 30_000,
  done: () => undefined,
  fail: () => undefined,
  succeed: () => undefined,
};

let outcome;
try {
  const { handler } = await import(spec.bundle);
  const loadedMs = performance.now();
  const result = await handler(spec.event, context);
  const doneMs = performance.now();
  const cpu = process.cpuUsage();
  const status = result && typeof result === 'object' && 'statusCode' in result ? result.statusCode : undefined;
  const failures = result && typeof result === 'object' && Array.isArray(result.batchItemFailures) ? result.batchItemFailures.length : 0;
  const authorized = result && typeof result === 'object' && 'isAuthorized' in result ? result.isAuthorized : undefined;
  outcome = { ok: true, loadedMs, doneMs, cpuMs: (cpu.user + cpu.system) / 1000, status, failures, authorized, calls };
} catch (error) {
  outcome = { ok: false, error: String(error?.stack ?? error), calls };
}
process.stderr.write(`@@BENCH ${JSON.stringify(outcome)}\n`);
// Keep-alive sockets would hold the process open; the measurement is over.
process.exit(0);
