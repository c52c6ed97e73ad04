// The email the channel's owners get for a new alert: what the customer answered and a link to their record.
import type { Alert } from '../domain/alerts.js';
import type { Channel } from '../domain/channels.js';
import { SCALES } from '../domain/survey-definition.js';
import { escapeHtml } from '../shared/html.js';

/** The managers' words for each channel (their email is in English, whatever the customer's language). */
const CHANNEL_IN_WORDS: Readonly<Record<Channel, string>> = {
  voice: 'phone call',
  email: 'email',
  chat: 'chat',
  web: 'web self-service visit',
  community: 'community forum post',
  social: 'social media conversation',
};

export function renderAlertEmail({ alert, brandName, customerUrl }: { alert: Alert; brandName: string; customerUrl: string }): {
  subject: string;
  html: string;
  text: string;
} {
  const scores = [
    alert.csat !== undefined ? `CSAT ${alert.csat} of ${SCALES.csat.max}` : null,
    alert.nps !== undefined ? `NPS ${alert.nps} of ${SCALES.nps.max}` : null,
  ]
    .filter(Boolean)
    .join(', ');
  const subject = `Unhappy customer after a ${CHANNEL_IN_WORDS[alert.channel]}: ${scores}`;
  const lines = [
    `A customer answered ${scores} about their ${CHANNEL_IN_WORDS[alert.channel]}${alert.agentId ? ` (agent ${alert.agentId})` : ''}.`,
    ...(alert.comment ? [`Their comment: "${alert.comment}"`] : []),
    `Their record, to call them back: ${customerUrl}`,
    `Mark the alert contacted, then closed, in the dashboard or with PATCH /alerts/${alert.alertId}.`,
  ];
  const html = `<!doctype html><html lang="en"><body><p>${escapeHtml(lines[0]!)}</p>${
    alert.comment ? `<blockquote>${escapeHtml(alert.comment)}</blockquote>` : ''
  }<p><a href="${escapeHtml(customerUrl)}">Open the customer's record</a></p><p>${escapeHtml(brandName)} feedback alerts</p></body></html>`;
  return { subject, html, text: `${lines.join('\n\n')}\n\n${brandName} feedback alerts\n` };
}
