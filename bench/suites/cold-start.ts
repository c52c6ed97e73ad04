// Cold start: each function bundled as CDK bundles it, loaded by a fresh Node.js process that completes one first
// invocation against the local emulators; beside it, the floor: a fresh process, bundled the same way, that makes the
// same SDK calls with the raw clients and no handler code.
//
// The floor is built from the function itself: an unmeasured first run records every request the bundle makes
// (service, operation, body, and which ran in parallel); the floor replays exactly those requests, through the same
// SDK clients configured as the functions configure theirs. Replayed writes that carry a condition may now fail it
// (the item exists since the recorded run); DynamoDB answers that no faster than a write, and it only makes the
// floor cheaper, never dearer, so the ratio can only overstate the functions' own cost.
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { FUNCTIONS, besideBundle, routePath, type FunctionName } from '../../functions/routes.js';
import { invitationKey } from '../../functions/store/keys.js';
import { bundle, type Bundle } from '../cold-start/bundle.js';
import { apiEvent, authorizerEvent, eventBridgeEvent, managerAuthorizer, sqsEvent, streamEvent } from '../lib/events.js';
import { answerImage, createInvitations, interactionBody, runId, type StoredInvitation } from '../lib/fixtures.js';
import type { BenchStack } from '../lib/local.js';
import { ratios, spread, type Spread } from '../lib/stats.js';

const ROOT = resolve(import.meta.dirname, '../..');
const HARNESS = resolve(ROOT, 'bench/cold-start/harness.mjs');

export const TARGETS = { ratio: 1.3, bundleBytes: 500 * 1024 } as const;

type Fixture = 'none' | 'invitation' | 'pending-invitation';

interface ColdCase {
  id: string;
  fn: FunctionName;
  fixture: Fixture;
  env?: Record<string, string>;
  event(fixture: StoredInvitation | undefined): unknown;
  /** What a successful first invocation answers (null: fine, else what went wrong). */
  check(outcome: HarnessOutcome): string | null;
}

interface RecordedCall {
  service: string;
  operation: string;
  start: number;
  end: number;
  status: number;
  body: string;
}

interface HarnessOutcome {
  ok: boolean;
  loadedMs?: number;
  doneMs?: number;
  cpuMs?: number;
  status?: number;
  failures?: number;
  authorized?: boolean;
  calls: RecordedCall[];
  error?: string;
}

export interface ColdStartRow {
  case: string;
  fn: FunctionName;
  bundleBytes: number;
  floorBundleBytes: number;
  /** Time from process start to the first invocation's answer, in ms. */
  functionMs: Spread;
  /** Of which: loading the bundle (imports and module-level initialisation: Lambda's INIT). */
  functionLoadMs: Spread;
  floorMs: Spread;
  floorLoadMs: Spread;
  ratio: Spread;
  /** CPU time (user + system) the process used up to the answer: steadier than wall time on a busy machine. */
  functionCpuMs: Spread;
  floorCpuMs: Spread;
  cpuRatio: Spread;
  /** What the parent saw: spawn to answer (adds process creation). */
  functionWallMs: Spread;
  floorWallMs: Spread;
  calls: string[];
  floorCalls: string[];
  sameCalls: boolean;
  composition: Bundle['composition'];
  errors: string[];
}

export interface BundleRow {
  fn: FunctionName;
  bytes: number;
  /** Data files shipped beside the bundle, read at run time when needed (not part of loading it). */
  besideBytes?: number;
  composition: Bundle['composition'];
}

const ok2xx = (o: HarnessOutcome) => (o.status !== undefined && o.status >= 200 && o.status < 300 ? null : `status ${o.status}`);
const noFailures = (o: HarnessOutcome) => (o.failures === 0 ? null : `${o.failures} batch item failures`);
const completed = (o: HarnessOutcome) => (o.ok ? null : 'failed');

function cases(stack: BenchStack, secretArn: string): ColdCase[] {
  const today = new Date().toISOString().slice(0, 10);
  const ninetyDaysAgo = new Date(Date.now() - 89 * 86_400_000).toISOString().slice(0, 10);
  const manager = { authorizer: managerAuthorizer };
  return [
    {
      id: 'ingestHttp',
      fn: 'ingestHttp',
      fixture: 'none',
      event: () =>
        apiEvent('POST', '/interactions', '/interactions', {
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify(interactionBody(`cold-${runId()}`)),
          authorizer: { lambda: {} },
        }),
      check: ok2xx,
    },
    { id: 'ingestEvents', fn: 'ingestEvents', fixture: 'none', event: () => eventBridgeEvent(interactionBody(`cold-${runId()}`)), check: completed },
    {
      id: 'apiKeyAuthorizer',
      fn: 'apiKeyAuthorizer',
      fixture: 'none',
      // The AWS path: the key read from Secrets Manager (a loopback stand-in answers GetSecretValue).
      env: { INGEST_API_KEY_SECRET_ARN: secretArn, INGEST_API_KEY: '' },
      event: () => authorizerEvent(stack.ingestApiKey),
      check: (o) => (o.authorized === true ? null : 'not authorized'),
    },
    { id: 'delivery', fn: 'delivery', fixture: 'pending-invitation', event: (f) => sqsEvent([JSON.stringify(f!.ref)]), check: noFailures },
    {
      id: 'surveyPage (GET: the click)',
      fn: 'surveyPage',
      fixture: 'invitation',
      event: (f) =>
        apiEvent('GET', '/s/{token}', routePath('/s/{token}', { token: f!.token }), {
          params: { token: f!.token },
          query: { score: '5' },
          headers: { accept: 'text/html' },
        }),
      check: ok2xx,
    },
    {
      id: 'surveyPage (POST: the answer)',
      fn: 'surveyPage',
      fixture: 'invitation',
      event: (f) =>
        apiEvent('POST', '/s/{token}', routePath('/s/{token}', { token: f!.token }), {
          params: { token: f!.token },
          headers: { 'content-type': 'application/json', accept: 'application/json' },
          body: JSON.stringify({ csat: 5, nps: 9, resolved: 'yes', comment: 'Quick and kind, thank you.' }),
        }),
      check: ok2xx,
    },
    {
      id: 'customers',
      fn: 'customers',
      fixture: 'invitation',
      event: (f) => apiEvent('GET', '/customers/{id}', `/customers/${f!.ref.customerId}`, { params: { id: f!.ref.customerId }, ...manager }),
      check: ok2xx,
    },
    {
      id: 'reports (/reports/channels, 90 days)',
      fn: 'reports',
      fixture: 'none',
      event: () => apiEvent('GET', '/reports/channels', '/reports/channels', { query: { from: ninetyDaysAgo, to: today }, ...manager }),
      check: ok2xx,
    },
    {
      id: 'responses (/responses, 1 day)',
      fn: 'responses',
      fixture: 'none',
      event: () => apiEvent('GET', '/responses', '/responses', { query: { from: today, to: today }, ...manager }),
      check: ok2xx,
    },
    {
      id: 'surveys (GET /surveys/chat)',
      fn: 'surveys',
      fixture: 'none',
      event: () => apiEvent('GET', '/surveys/{channel}', '/surveys/chat', { params: { channel: 'chat' }, ...manager }),
      check: ok2xx,
    },
    {
      id: 'privacy (GET /customers/{id}/export)',
      fn: 'privacy',
      fixture: 'invitation',
      event: (f) => apiEvent('GET', '/customers/{id}/export', `/customers/${f!.ref.customerId}/export`, { params: { id: f!.ref.customerId }, ...manager }),
      check: ok2xx,
    },
    {
      id: 'suppression (a hard bounce)',
      fn: 'suppression',
      fixture: 'none',
      event: () => ({
        ...eventBridgeEvent({
          eventType: 'Bounce',
          bounce: { bounceType: 'Permanent', bouncedRecipients: [{ emailAddress: `bounce-${runId()}@example.com` }] },
          mail: { messageId: 'bench' },
        }),
        source: 'aws.ses',
        'detail-type': 'Email Bounced',
      }),
      check: completed,
    },
    { id: 'webhooks (GET /webhooks)', fn: 'webhooks', fixture: 'none', event: () => apiEvent('GET', '/webhooks', '/webhooks', manager), check: ok2xx },
    { id: 'topics (GET /topics)', fn: 'topics', fixture: 'none', event: () => apiEvent('GET', '/topics', '/topics', manager), check: ok2xx },
    { id: 'alerts (GET /alerts)', fn: 'alerts', fixture: 'none', event: () => apiEvent('GET', '/alerts', '/alerts', manager), check: ok2xx },
    {
      id: 'followUp (an unhappy answer)',
      fn: 'followUp',
      fixture: 'none',
      event: () => {
        const now = new Date().toISOString();
        const image = answerImage({
          surveyId: `cold-${runId()}-${runId()}`,
          channel: 'chat',
          agentId: 'agent-1',
          sentAt: now,
          answeredAt: now,
          csat: 1,
          nps: 2,
          resolved: false,
          comment: 'Nobody called me back.',
        });
        return streamEvent([{ eventName: 'INSERT', newImage: image }]);
      },
      check: noFailures,
    },
    {
      id: 'aggregator (a new answer)',
      fn: 'aggregator',
      fixture: 'none',
      event: () => {
        const now = new Date().toISOString();
        return streamEvent([
          {
            eventName: 'INSERT',
            newImage: answerImage({
              surveyId: `cold-${runId()}-${runId()}`,
              channel: 'chat',
              agentId: 'agent-1',
              sentAt: now,
              answeredAt: now,
              csat: 5,
              nps: 9,
              resolved: true,
            }),
          },
        ]);
      },
      check: noFailures,
    },
  ];
}

/** A stand-in for Secrets Manager on loopback: GetSecretValue answers the ingest key. */
async function secretsManagerStandIn(secret: string): Promise<{ url: string; server: Server }> {
  const server = createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      res.writeHead(200, { 'content-type': 'application/x-amz-json-1.1' });
      res.end(
        JSON.stringify({
          ARN: 'arn:aws:secretsmanager:us-east-1:000000000000:secret:ingest-key',
          Name: 'ingest-key',
          SecretString: secret,
          VersionId: 'v1',
          VersionStages: ['AWSCURRENT'],
          CreatedDate: 1_700_000_000,
        }),
      );
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return { url: `http://127.0.0.1:${(server.address() as { port: number }).port}`, server };
}

/** The environment a function gets in Lambda (what the stack configures its functions with), pointed at the emulators. */
function lambdaEnv(stack: BenchStack, extra: Record<string, string>): Record<string, string> {
  const env: Record<string, string> = {
    PATH: process.env.PATH ?? '',
    AWS_REGION: 'us-east-1',
    AWS_ACCESS_KEY_ID: 'local',
    AWS_SECRET_ACCESS_KEY: 'local',
    LOG_LEVEL: 'info',
    ...stack.functionEnv,
    ...extra,
  };
  // An empty value in a case's env takes the variable away (the authorizer's AWS path has no key in its environment).
  for (const [name, value] of Object.entries(env)) if (value === '') delete env[name];
  return env;
}

const hostPort = (url: string) => {
  const u = new URL(url);
  return `${u.hostname}:${u.port}`;
};

/** The SDK client and command each recorded request is made with, as the functions configure their clients. */
const CLIENTS: Record<string, { pkg: string; client: string; config: string; command: (operation: string) => string | undefined }> = {
  dynamodb: {
    pkg: '@aws-sdk/client-dynamodb',
    client: 'DynamoDBClient',
    config: '{ endpoint: process.env.DYNAMODB_ENDPOINT, maxAttempts: 5 }',
    command: (op) => `${op}Command`,
  },
  sqs: { pkg: '@aws-sdk/client-sqs', client: 'SQSClient', config: '{ endpoint: process.env.SQS_ENDPOINT, maxAttempts: 5 }', command: (op) => `${op}Command` },
  ses: {
    pkg: '@aws-sdk/client-sesv2',
    client: 'SESv2Client',
    config: '{ endpoint: process.env.SES_ENDPOINT, maxAttempts: 3 }',
    command: (op) => ({ 'POST /v2/email/outbound-emails': 'SendEmailCommand' })[op],
  },
  secretsManager: { pkg: '@aws-sdk/client-secrets-manager', client: 'SecretsManagerClient', config: '{}', command: (op) => `${op}Command` },
};

interface FloorPlan {
  source: string;
  event: { steps: Array<Array<{ key: string; service: string; input: unknown }>> };
}

/** The floor's source (only the clients and commands used) and its event (the recorded requests, in steps). */
function floorOf(calls: RecordedCall[]): FloorPlan {
  const imports = new Map<string, Set<string>>();
  const steps: FloorPlan['event']['steps'] = [];
  let stepEnd = -1;
  for (const call of [...calls].sort((a, b) => a.start - b.start)) {
    const client = CLIENTS[call.service];
    const command = client?.command(call.operation);
    if (!client || !command) throw new Error(`no floor for ${call.service} ${call.operation}: add it to CLIENTS in bench/suites/cold-start.ts`);
    (imports.get(call.service) ?? imports.set(call.service, new Set([client.client])).get(call.service)!).add(command);
    const entry = { key: `${call.service}.${command}`, service: call.service, input: call.body ? JSON.parse(call.body) : {} };
    // Requests that overlapped in the function (Promise.all) go out together in the floor too.
    if (call.start < stepEnd && steps.length > 0) steps.at(-1)!.push(entry);
    else steps.push([entry]);
    stepEnd = Math.max(stepEnd, call.end);
  }
  const lines = ['// Generated by bench/suites/cold-start.ts: the SDK calls of a first invocation, and nothing else.'];
  const clients: string[] = [];
  const commands: string[] = [];
  for (const [service, names] of imports) {
    const c = CLIENTS[service]!;
    lines.push(`import { ${[...names].join(', ')} } from '${c.pkg}';`);
    clients.push(`${service}: new ${c.client}(${c.config})`);
    for (const name of names) if (name !== c.client) commands.push(`'${service}.${name}': ${name}`);
  }
  lines.push(
    `const clients = { ${clients.join(', ')} };`,
    `const commands = { ${commands.join(', ')} };`,
    'export const handler = async (event) => {',
    '  for (const step of event.steps) await Promise.all(step.map((call) => clients[call.service].send(new commands[call.key](call.input)).catch((error) => ({ error: error.name }))));',
    '  return {};',
    '};',
  );
  return { source: `${lines.join('\n')}\n`, event: { steps } };
}

async function runOnce(
  dir: string,
  name: string,
  bundleFile: string,
  event: unknown,
  env: Record<string, string>,
  services: Record<string, string>,
  cpuProfileDir?: string,
): Promise<HarnessOutcome & { wallMs: number; log: string }> {
  const specFile = join(dir, `spec-${runId()}.json`);
  writeFileSync(specFile, JSON.stringify({ name, bundle: `file://${bundleFile}`, event, services }));
  const started = performance.now();
  const child = spawn(process.execPath, [...(cpuProfileDir ? ['--cpu-prof', `--cpu-prof-dir=${cpuProfileDir}`] : []), HARNESS], {
    env: { ...env, BENCH_COLD_SPEC: specFile },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  let stdout = '';
  let wallMs = 0;
  child.stdout.on('data', (chunk: Buffer) => (stdout = (stdout + chunk.toString('utf8')).slice(-2000)));
  child.stderr.on('data', (chunk: Buffer) => {
    stderr += chunk.toString('utf8');
    if (!wallMs && stderr.includes('@@BENCH ')) wallMs = performance.now() - started;
  });
  const timer = setTimeout(() => child.kill('SIGKILL'), 30_000);
  await new Promise((r) => child.once('exit', r));
  clearTimeout(timer);
  rmSync(specFile, { force: true });
  const line = stderr.split('\n').find((l) => l.startsWith('@@BENCH '));
  if (!line) return { ok: false, error: `no result; stderr: ${stderr.slice(-500)}`, calls: [], wallMs, log: stdout };
  return { ...(JSON.parse(line.slice(8)) as HarnessOutcome), wallMs, log: stdout };
}

const callNames = (calls: RecordedCall[]) => calls.map((c) => `${c.service}.${c.operation}`).sort();

/** Invitations through the public API (emails sent, as a customer would have them), all cases' at once. */
async function fixtures(stack: BenchStack, list: ColdCase[], perCase: number): Promise<Map<ColdCase, StoredInvitation[]>> {
  const wanted = list.filter((c) => c.fixture !== 'none');
  const stored = await createInvitations(stack, wanted.length * perCase);
  const out = new Map<ColdCase, StoredInvitation[]>();
  wanted.forEach((c, i) => out.set(c, stored.slice(i * perCase, (i + 1) * perCase)));
  // "Pending" ones are set back to unsent, so that the delivery function has an email to send.
  for (const c of wanted.filter((w) => w.fixture === 'pending-invitation')) {
    for (const { ref } of out.get(c)!) {
      await stack.bench.send(
        new UpdateCommand({
          TableName: stack.tableName,
          Key: invitationKey(ref.customerId, ref.occurredAt, ref.interactionId),
          UpdateExpression: 'SET delivery = :pending, #status = :scheduled REMOVE sentAt, leaseUntil, leaseOwner',
          ExpressionAttributeNames: { '#status': 'status' },
          ExpressionAttributeValues: { ':pending': 'pending', ':scheduled': 'scheduled' },
        }),
      );
    }
  }
  await stack.settled();
  return out;
}

/** Requests that leave work behind (stream changes, queued messages, emails): the stack settles after them. */
const WRITES = /^(PutItem|UpdateItem|DeleteItem|BatchWriteItem|TransactWriteItems|SendMessage|SendMessageBatch|POST \/v2\/email\/outbound-emails)$/;

export async function coldStart(
  stack: BenchStack,
  options: { runs: number; only?: string[] | undefined; cpuProfileDir?: string | undefined; log: (line: string) => void },
): Promise<{ rows: ColdStartRow[]; bundles: BundleRow[]; withoutCase: FunctionName[] }> {
  const outDir = mkdtempSync(join(tmpdir(), 'feedback-bench-bundles-'));
  const secretArn = 'arn:aws:secretsmanager:us-east-1:000000000000:secret:ingest-key';
  const secrets = await secretsManagerStandIn(stack.ingestApiKey);
  const services: Record<string, string> = {
    [hostPort(process.env.DYNAMODB_ENDPOINT!)]: 'dynamodb',
    [hostPort(process.env.SQS_ENDPOINT!)]: 'sqs',
    [hostPort(process.env.SES_ENDPOINT!)]: 'ses',
    [hostPort(secrets.url)]: 'secretsManager',
  };
  try {
    const bundles = new Map<FunctionName, Bundle>();
    for (const name of Object.keys(FUNCTIONS) as FunctionName[])
      bundles.set(
        name,
        await bundle(
          resolve(ROOT, FUNCTIONS[name].entry),
          outDir,
          name,
          [],
          besideBundle(name).map((folder) => resolve(ROOT, folder)),
        ),
      );

    const rows: ColdStartRow[] = [];
    const selected = cases(stack, secretArn).filter((c) => c.fn in FUNCTIONS && (!options.only || options.only.some((o) => c.id.startsWith(o))));
    const fixtureSets = await fixtures(stack, selected, options.runs + 1);
    for (const c of selected) {
      const env = lambdaEnv(stack, { ...c.env, AWS_ENDPOINT_URL_SECRETS_MANAGER: secrets.url });
      const fnBundle = bundles.get(c.fn)!;
      const fixtureList = fixtureSets.get(c) ?? [];
      const errors: string[] = [];

      // The recorded run: unmeasured (it also warms the page cache and DynamoDB Local's paths, as on a warm host).
      const recorded = await runOnce(outDir, c.fn, fnBundle.file, c.event(fixtureList[0]), env, services);
      const problem = recorded.ok ? c.check(recorded) : (recorded.error ?? 'failed');
      if (problem) {
        errors.push(`recorded run: ${problem.slice(0, 500)}; its log: ${recorded.log.slice(-1000)}`);
        rows.push({
          case: c.id,
          fn: c.fn,
          bundleBytes: fnBundle.bytes,
          floorBundleBytes: 0,
          ...emptyTimes(),
          calls: callNames(recorded.calls),
          floorCalls: [],
          sameCalls: false,
          composition: fnBundle.composition.slice(0, 8),
          errors,
        });
        options.log(`  cold start ${c.id}: the first invocation failed: ${problem.slice(0, 200)}`);
        await stack.settled();
        continue;
      }
      const floor = floorOf(recorded.calls);
      const leavesWork = recorded.calls.some((call) => WRITES.test(call.operation));
      const floorDir = join(outDir, `floor-src-${rows.length}`);
      mkdirSync(floorDir, { recursive: true });
      writeFileSync(join(floorDir, 'floor.mjs'), floor.source);
      const floorBundle = await bundle(join(floorDir, 'floor.mjs'), outDir, `floor-${rows.length}`, [resolve(ROOT, 'node_modules')]);
      await runOnce(outDir, 'floor', floorBundle.file, floor.event, env, services); // the floor's own warm-up
      await stack.settled();

      const fn = { total: [] as number[], load: [] as number[], wall: [] as number[], cpu: [] as number[] };
      const fl = { total: [] as number[], load: [] as number[], wall: [] as number[], cpu: [] as number[] };
      let floorCalls: string[] = [];
      for (let run = 0; run < options.runs; run++) {
        const measure = async (which: 'function' | 'floor') => {
          const outcome =
            which === 'function'
              ? await runOnce(outDir, c.fn, fnBundle.file, c.event(fixtureList[run + 1]), env, services, options.cpuProfileDir)
              : await runOnce(outDir, 'floor', floorBundle.file, floor.event, env, services);
          const trouble = !outcome.ok ? (outcome.error ?? 'failed') : which === 'function' ? c.check(outcome) : null;
          if (trouble) return void errors.push(`${which} run ${run}: ${trouble.slice(0, 300)}`);
          const into = which === 'function' ? fn : fl;
          into.total.push(outcome.doneMs!);
          into.load.push(outcome.loadedMs!);
          into.wall.push(outcome.wallMs);
          into.cpu.push(outcome.cpuMs!);
          if (which === 'floor') floorCalls = callNames(outcome.calls);
        };
        // Alternate which goes first, so that drift on the machine falls on both alike.
        for (const which of run % 2 === 0 ? (['function', 'floor'] as const) : (['floor', 'function'] as const)) await measure(which);
        if (leavesWork) await stack.settled();
      }
      const n = Math.min(fn.total.length, fl.total.length);
      const calls = callNames(recorded.calls);
      const row: ColdStartRow = {
        case: c.id,
        fn: c.fn,
        bundleBytes: fnBundle.bytes,
        floorBundleBytes: floorBundle.bytes,
        functionMs: spread(fn.total),
        functionLoadMs: spread(fn.load),
        floorMs: spread(fl.total),
        floorLoadMs: spread(fl.load),
        ratio: ratios(fn.total.slice(0, n), fl.total.slice(0, n)),
        functionCpuMs: spread(fn.cpu),
        floorCpuMs: spread(fl.cpu),
        cpuRatio: ratios(fn.cpu.slice(0, n), fl.cpu.slice(0, n)),
        functionWallMs: spread(fn.wall),
        floorWallMs: spread(fl.wall),
        calls,
        floorCalls,
        sameCalls: JSON.stringify(calls) === JSON.stringify(floorCalls),
        composition: fnBundle.composition.slice(0, 8),
        errors,
      };
      rows.push(row);
      options.log(
        `  cold start ${c.id}: ${row.functionMs.median.toFixed(0)} ms vs floor ${row.floorMs.median.toFixed(0)} ms (x${row.ratio.median.toFixed(2)}; cpu x${row.cpuRatio.median.toFixed(2)})${errors.length ? `, ${errors.length} errors` : ''}`,
      );
    }
    // A function added to the catalogue without a representative event here is listed, so that it gets one.
    const covered = new Set(cases(stack, secretArn).map((c) => c.fn));
    const withoutCase = (Object.keys(FUNCTIONS) as FunctionName[]).filter((fn) => !covered.has(fn));
    return {
      rows,
      bundles: [...bundles].map(([fn, b]) => ({ fn, bytes: b.bytes, besideBytes: b.besideBytes, composition: b.composition.slice(0, 10) })),
      withoutCase,
    };
  } finally {
    secrets.server.close();
    rmSync(outDir, { recursive: true, force: true });
  }
}

function emptyTimes() {
  const none = spread([]);
  return {
    functionMs: none,
    functionLoadMs: none,
    floorMs: none,
    floorLoadMs: none,
    ratio: none,
    functionCpuMs: none,
    floorCpuMs: none,
    cpuRatio: none,
    functionWallMs: none,
    floorWallMs: none,
  };
}
