// Crash and restart: every process of the local stack (the API, the functions, the pollers) is killed with SIGKILL
// under load, and it is started again on the same data folder. No acknowledged write may be lost.
// The database is stopped cleanly, not killed: it stands for DynamoDB, whose acknowledged writes are durable, and
// DynamoDB Local's are not under SIGKILL (measured: killed while writing, 2 of 13 kills lost one acknowledged
// transaction; stopped with SIGTERM, 0 of 8), so killing it tested the emulator, not the platform.
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import { afterAll, describe, expect, it } from 'vitest';
import { freePort } from '../../local/scratch-stack.js';
import { newInteraction, sleep } from './helpers.js';

const dataDir = mkdtempSync(join(tmpdir(), 'feedback-crash-'));
const secrets = { INGEST_API_KEY: `crash-test-ingest-${randomUUID()}`, MANAGER_TOKEN: `crash-test-manager-${randomUUID()}` };
let running: ChildProcess | undefined;

async function start(ports: Record<string, number>): Promise<ChildProcess> {
  const child = spawn('npx', ['tsx', 'local/start.ts'], {
    detached: true, // its own process group, so that SIGKILL takes DynamoDB Local down with it
    // Time passes faster: a redelivery after 2 s, a dead sender's lease lapsing after 3 s (production: 3 min and 60 s).
    env: {
      ...process.env,
      ...secrets,
      DATA_DIR: dataDir,
      LOG_LEVEL: 'silent',
      QUEUE_VISIBILITY_SECONDS: '2',
      DELIVERY_LEASE_SECONDS: '3',
      ...Object.fromEntries(Object.entries(ports).map(([k, v]) => [k, String(v)])),
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  running = child;
  let output = '';
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`the stack did not start: ${output.slice(-2000)}`)), 90_000);
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      if (output.includes('Ready.')) {
        clearTimeout(timer);
        resolve();
      }
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    child.once('exit', (code) => reject(new Error(`the stack exited with ${code}: ${output.slice(-2000)}`)));
  });
  return child;
}

/** The processes of the stack's process group: pid and command name. */
function group(child: ChildProcess): Array<{ pid: number; command: string }> {
  return execFileSync('ps', ['-A', '-o', 'pid=,pgid=,comm='], { encoding: 'utf8' })
    .split('\n')
    .map((line) => line.trim().split(/\s+/))
    .filter(([, pgid]) => Number(pgid) === child.pid)
    .map(([pid, , command]) => ({ pid: Number(pid), command: command ?? '' }));
}

/** SIGKILL for every process of the stack but DynamoDB Local (java), then DynamoDB Local stopped; resolves once all are gone. */
async function kill(child: ChildProcess): Promise<void> {
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const members = group(child);
  for (const { pid } of members.filter((p) => p.command !== 'java')) process.kill(pid, 'SIGKILL');
  for (const { pid } of members.filter((p) => p.command === 'java')) process.kill(pid, 'SIGTERM');
  await exited;
  // The database's own exit: the process table is the signal (it is not our child, so no exit event reaches us).
  while (group(child).length > 0) await sleep(50);
}

afterAll(async () => {
  if (running && running.exitCode === null) await kill(running).catch(() => undefined);
  rmSync(dataDir, { recursive: true, force: true });
});

describe('crash and restart', () => {
  it('loses no acknowledged interaction when the stack is killed under load and started again', async () => {
    const ports = { PORT: await freePort(), DYNAMODB_PORT: await freePort(), SES_PORT: await freePort(), EMULATOR_PORT: await freePort() };
    const api = `http://127.0.0.1:${ports.PORT}`;
    const agentId = `agent-${randomUUID().slice(0, 8)}`;
    const first = await start(ports);

    // Load: 8 clients posting interactions until the crash; an interaction is acknowledged by its 202.
    const acked: ReturnType<typeof newInteraction>[] = [];
    let attempted = 0;
    let loading = true;
    const clients = Array.from({ length: 8 }, async () => {
      while (loading) {
        const interaction = newInteraction({ agentId });
        attempted++;
        try {
          const res = await fetch(`${api}/interactions`, {
            method: 'POST',
            headers: { 'content-type': 'application/json', 'x-api-key': secrets.INGEST_API_KEY },
            body: JSON.stringify(interaction),
          });
          if (res.status === 202) acked.push(interaction);
        } catch {
          // the connection died with the stack: not acknowledged, and this client stops
          break;
        }
      }
    });
    // Kill once a fair number are acknowledged (disk-backed DynamoDB Local is slow on a loaded machine), with load still on.
    while (acked.length < 25) await sleep(100);
    await kill(first);
    loading = false;
    await Promise.all(clients);

    await start(ports);
    await fetch(`${api}/_local/settled`);

    expect(acked.length).toBeGreaterThanOrEqual(25);
    const manager = { authorization: `Bearer ${secrets.MANAGER_TOKEN}` };
    for (const interaction of acked) {
      const res = await fetch(`${api}/customers/${interaction.customer.id}`, { headers: manager });
      const body = await res.text();
      expect(res.status, `${interaction.interactionId}: ${body.slice(0, 300)}`).toBe(200);
      const record = JSON.parse(body) as { timeline: Array<{ invitation: { status: string } }> };
      expect(record.timeline, interaction.interactionId).toHaveLength(1);
      expect(record.timeline[0]!.invitation.status, interaction.interactionId).toBe('sent');
    }
    const today = new Date().toISOString().slice(0, 10);
    const report = (await (await fetch(`${api}/reports/agents?from=${today}&to=${today}`, { headers: manager })).json()) as {
      agents: Array<{ agentId: string; invitations: number }>;
    };
    const agent = report.agents.find((a) => a.agentId === agentId)!;
    // Interactions written but never acknowledged (the 202 lost in the crash) may exist too: at least the acknowledged.
    expect(agent.invitations).toBeGreaterThanOrEqual(acked.length);
    expect(agent.invitations).toBeLessThanOrEqual(attempted);
    console.info(`[reliability] crash and restart: attempted=${attempted} acknowledged=${acked.length} invitationsCounted=${agent.invitations} lost=0`);
  });
});
