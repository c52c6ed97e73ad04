// `npm run inject-bounce -- --email someone@example.com [--type hard|soft|complaint]`: the SES emulator never bounces,
// so this sends the event SES would publish (configuration set -> EventBridge) to the running local stack, where it
// goes through the same rule and suppression function as in AWS.
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { EventBridgeClient, PutEventsCommand } from '@aws-sdk/client-eventbridge';
import { SES_FEEDBACK_EVENT } from '../functions/routes.js';
import { requireRunningStack } from './running-stack.js';

export function sesFeedbackEvent(email: string, type: 'hard' | 'soft' | 'complaint') {
  const mail = { timestamp: new Date().toISOString(), messageId: `local-${Date.now()}`, destination: [email] };
  if (type === 'complaint') {
    return {
      detailType: SES_FEEDBACK_EVENT.detailTypes[1],
      detail: { eventType: 'Complaint', mail, complaint: { complainedRecipients: [{ emailAddress: email }], complaintFeedbackType: 'abuse' } },
    };
  }
  return {
    detailType: SES_FEEDBACK_EVENT.detailTypes[0],
    detail: {
      eventType: 'Bounce',
      mail,
      bounce: { bounceType: type === 'hard' ? 'Permanent' : 'Transient', bounceSubType: 'General', bouncedRecipients: [{ emailAddress: email }] },
    },
  };
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const { values } = parseArgs({ options: { email: { type: 'string' }, type: { type: 'string', default: 'hard' } } });
  if (!values.email || !['hard', 'soft', 'complaint'].includes(values.type ?? '')) {
    console.error('Usage: npm run inject-bounce -- --email someone@example.com [--type hard|soft|complaint]');
    process.exit(2);
  }
  const stack = requireRunningStack();
  const { detailType, detail } = sesFeedbackEvent(values.email, values.type as 'hard' | 'soft' | 'complaint');
  const events = new EventBridgeClient({ endpoint: stack.emulatorUrl, region: 'us-east-1', credentials: { accessKeyId: 'local', secretAccessKey: 'local' } });
  const result = await events.send(
    new PutEventsCommand({ Entries: [{ Source: SES_FEEDBACK_EVENT.source, DetailType: detailType, Detail: JSON.stringify(detail) }] }),
  );
  console.log(result.FailedEntryCount === 0 ? `Sent "${detailType}" (${values.type}) for ${values.email}.` : `Refused: ${JSON.stringify(result.Entries)}`);
}
