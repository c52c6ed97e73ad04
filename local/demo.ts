// `npm run demo`: sends sample interactions on every channel to the running local stack (HTTP and EventBridge),
// then answers some of the surveys by following the emailed links, as customers would.
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { EventBridgeClient, PutEventsCommand } from '@aws-sdk/client-eventbridge';
import { CHANNELS } from '../functions/domain/channels.js';
import { INTERACTION_EVENT } from '../functions/routes.js';
import { EVENT_BUS_NAME } from './stack.js';

const dataDir = resolve(process.env.DATA_DIR ?? '.data');
let stack: { apiUrl: string; sesUrl: string; emulatorUrl: string; ingestApiKey: string; managerToken: string };
try {
  stack = JSON.parse(readFileSync(resolve(dataDir, 'local-stack.json'), 'utf8'));
} catch {
  console.error(`No running local stack found in ${dataDir}: start it first with \`npm start\`.`);
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

async function main(): Promise<void> {
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
    const form = new URLSearchParams({ csat: String(csat), nps: String(Math.min(10, csat * 2)), resolved: csat >= 3 ? 'yes' : 'no', comment: comments[i % comments.length]! });
    const res = await fetch(link, { method: 'POST', body: form });
    if (res.ok) answered++;
  }
  console.log(`\n${emails.length} emails in the SES viewer: ${stack.sesUrl}`);
  console.log(`${answered} surveys answered through their links.`);
  console.log(`A customer record:  curl -s ${stack.apiUrl}/customers/${customers[0]!.id} -H 'authorization: Bearer ${stack.managerToken}'`);
}

await main();
