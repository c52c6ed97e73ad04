// `npm run demo`: sends sample interactions on every channel to the running local stack (HTTP and EventBridge),
// then answers some of the surveys by following the emailed links, as customers would.
// `npm run demo -- --history 30` first plays 30 days of backdated history (local/history.ts), so that the dashboard
// has something to show over time.
import { resolve } from 'node:path';
import { EventBridgeClient, PutEventsCommand } from '@aws-sdk/client-eventbridge';
import { CHANNELS } from '../functions/domain/channels.js';
import { INTERACTION_EVENT } from '../functions/routes.js';
import { EVENT_BUS_NAME } from './event-sources.js';
import { requireRunningStack, runningStackFile } from './running-stack.js';

const dataDir = resolve(process.env.DATA_DIR ?? '.data');
const stack = requireRunningStack(dataDir);

const historyFlag = process.argv.indexOf('--history');
const historyDays = historyFlag === -1 ? 0 : Number(process.argv[historyFlag + 1]);
if (historyFlag !== -1 && !(Number.isInteger(historyDays) && historyDays >= 1 && historyDays <= 400)) {
  console.error('--history takes a number of days from 1 to 400, e.g. npm run demo -- --history 30');
  process.exit(1);
}

const customers = [
  { id: 'cust-ada', email: 'ada@example.com', name: 'Ada Lovelace', locale: 'en' },
  { id: 'cust-grace', email: 'grace@example.com', name: 'Grace Hopper', locale: 'en' },
  { id: 'cust-linus', email: 'linus@example.com', name: 'Linus', locale: 'de' },
  { id: 'cust-marie', email: 'marie@example.com', name: 'Marie', locale: 'fr' },
];
const agents = ['agent-kim', 'agent-lee', 'agent-ola'];
const comments = [
  'Quick and friendly, thank you!',
  'Took three transfers before anyone could help.',
  'The answer was right but I had to wait 40 minutes.',
  '',
  'Great: solved on the first try.',
];
const run = Date.now().toString(36);

/** Backdated days, through the use cases on a simulated clock; then waits until the counters hold them. */
async function playHistory(days: number): Promise<void> {
  if (!stack.dynamodbUrl || !stack.tableName) {
    console.error('This local stack predates --history: restart it with `npm start`, then run the demo again.');
    process.exit(1);
  }
  // The use cases log each email they send; hundreds of such lines would say nothing here. Warnings still show.
  const { logSink } = await import('../functions/shared/logger.js');
  const write = logSink.write.bind(logSink);
  logSink.write = (level, line) => (level === 'warn' || level === 'error' ? write(level, line) : undefined);
  const { seedHistory } = await import('./history.js');
  const started = Date.now();
  console.log(`Playing ${days} days of history (to yesterday), through the use cases on a simulated clock...`);
  const result = await seedHistory(
    { dynamodbUrl: stack.dynamodbUrl, tableName: stack.tableName, sesUrl: stack.sesUrl, publicBaseUrl: stack.apiUrl },
    {
      days,
      runId: run,
      seed: Number.parseInt(run, 36) % 2 ** 31,
      onProgress: (done, total) => done % 50 === 0 && console.log(`  ${done} of ${total} interactions`),
    },
  );
  await fetch(`${stack.apiUrl}/_local/settled`);
  console.log(
    `History: ${result.interactions} interactions of ${result.customers} customers, ${result.answered} answered, in ${((Date.now() - started) / 1000).toFixed(1)} s.\n`,
  );
}

async function main(): Promise<void> {
  if (historyDays > 0) await playHistory(historyDays);
  const interactions = CHANNELS.flatMap((channel, i) =>
    [0, 1].map((n) => ({
      interactionId: `demo-${run}-${channel}-${n}`,
      channel,
      occurredAt: new Date(Date.now() - (i * 2 + n) * 3_600_000).toISOString(),
      customer: customers[(i + n) % customers.length]!,
      agentId: agents[(i + n) % agents.length]!,
      subject: `Sample ${channel} conversation`,
    })),
  );

  const [viaEvents, ...viaHttp] = interactions;
  for (const body of viaHttp) {
    const res = await fetch(`${stack.apiUrl}/interactions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-api-key': stack.ingestApiKey },
      body: JSON.stringify(body),
    });
    console.log(`POST /interactions ${body.channel.padEnd(9)} -> ${res.status} ${await res.text()}`);
  }
  const events = new EventBridgeClient({ endpoint: stack.emulatorUrl, region: 'us-east-1', credentials: { accessKeyId: 'local', secretAccessKey: 'local' } });
  await events.send(
    new PutEventsCommand({
      Entries: [{ EventBusName: EVENT_BUS_NAME, Source: 'demo.helpdesk', DetailType: INTERACTION_EVENT.detailType, Detail: JSON.stringify(viaEvents) }],
    }),
  );
  console.log(`PutEvents "${INTERACTION_EVENT.detailType}" ${viaEvents!.channel} -> accepted`);

  // Wait for the emails, then answer two out of three of them through the page, as a customer would.
  const wanted = new Set(interactions.map((i) => i.customer.email));
  let emails: Array<{ destination: { to: string[] }; body: { text?: string } }> = [];
  for (let i = 0; i < 60; i++) {
    const store = (await (await fetch(`${stack.sesUrl}/store`)).json()) as { emails: typeof emails };
    emails = store.emails.filter((e) => e.destination.to.some((to) => wanted.has(to)) && e.body.text?.includes('/s/'));
    if (emails.length >= interactions.length) break;
    await new Promise((r) => setTimeout(r, 500));
  }
  let answered = 0;
  for (const [i, email] of emails.slice(-interactions.length).entries()) {
    if (i % 3 === 2) continue;
    const link = /(http\S+\/s\/[A-Za-z0-9_-]+)(?=\s|$)/m.exec(email.body.text ?? '')?.[1];
    if (!link) continue;
    const csat = 1 + ((i * 7) % 5);
    const form = new URLSearchParams({
      csat: String(csat),
      nps: String(Math.min(10, csat * 2)),
      resolved: csat >= 3 ? 'yes' : 'no',
      comment: comments[i % comments.length]!,
    });
    const res = await fetch(link, { method: 'POST', body: form });
    if (res.ok) answered++;
  }
  console.log(`\n${emails.length} emails in the SES viewer: ${stack.sesUrl}`);
  console.log(`${answered} surveys answered through their links.`);
  console.log(`A customer record:  curl -s ${stack.apiUrl}/customers/${customers[0]!.id} -H 'authorization: Bearer ${stack.managerToken}'`);
  console.log(`The dashboard:      ${stack.apiUrl}/dashboard  (sign in with MANAGER_TOKEN, also in ${runningStackFile(dataDir)})`);
}

await main();
