// `npm run digest -- --now`: sends the weekly digest once, now, whatever its schedule, on the running local stack (the
// digest function invoked forced, through the stack's POST /_local/digest); the email lands in the SES viewer.
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { requireRunningStack } from './running-stack.js';

/** What the digest function answered: `{ status: 'sent', week, sent }`, or why nothing went (`not_configured`). */
export async function sendDigestNow(stack: { apiUrl: string; managerToken: string }): Promise<{ status: string; sent?: number; week?: string }> {
  const res = await fetch(`${stack.apiUrl}/_local/digest`, { method: 'POST', headers: { authorization: `Bearer ${stack.managerToken}` } });
  const body = (await res.json()) as { status: string; sent?: number; week?: string; message?: string };
  if (!res.ok) throw new Error(body.message ?? `POST /_local/digest answered ${res.status}`);
  return body;
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const { values } = parseArgs({ options: { now: { type: 'boolean', default: false } } });
  if (!values.now) {
    console.error('Usage: npm run digest -- --now   (sends the weekly digest now; the schedule is set with PUT /settings/digest)');
    process.exit(2);
  }
  const stack = requireRunningStack();
  const outcome = await sendDigestNow(stack);
  if (outcome.status === 'not_configured') {
    console.error('No digest is set up yet: PUT /settings/digest { recipients, weekday, hour, timeZone } first.');
    process.exit(1);
  }
  console.log(`Sent the digest to ${outcome.sent} recipient(s); see it in the SES viewer at ${stack.sesUrl}.`);
}
