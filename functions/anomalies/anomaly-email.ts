// The email the channel's alert owners get for a new anomaly: which score dropped, by how much, on how many answers,
// and a link to the dashboard's follow-up view. No customer is named: an anomaly is about counts.
import type { Anomaly, AnomalyMetric } from '../domain/anomalies.js';
import { escapeHtml } from '../shared/html.js';

const METRIC_IN_WORDS: Readonly<Record<AnomalyMetric, string>> = {
  csat: 'CSAT',
  nps: 'NPS',
  fcr: 'first-contact resolution',
  responseRate: 'response rate',
};

/** A score in its unit, as the dashboard shows it: CSAT in %, NPS in points, the rates in %. */
export function scoreInWords(metric: AnomalyMetric, score: number): string {
  if (metric === 'nps') return `${score}`;
  return metric === 'csat' ? `${score}%` : `${Math.round(score * 10_000) / 100}%`;
}

export function renderAnomalyEmail({ anomaly, brandName, followUpUrl }: { anomaly: Anomaly; brandName: string; followUpUrl: string }): {
  subject: string;
  html: string;
  text: string;
} {
  const who = anomaly.scope === 'channel' ? `the ${anomaly.channel} channel` : `agent ${anomaly.key} on ${anomaly.channel}`;
  const when = anomaly.window === 'day' ? `on ${anomaly.day}` : `in the 7 days to ${anomaly.day}`;
  const metric = METRIC_IN_WORDS[anomaly.metric];
  const subject = `${metric} dropped for ${who} ${when}`;
  const lines = [
    `${metric} for ${who} was ${scoreInWords(anomaly.metric, anomaly.current.score)} ${when} (${anomaly.current.n} ${anomaly.metric === 'responseRate' ? 'invitations' : 'answers'}), ` +
      `against ${scoreInWords(anomaly.metric, anomaly.baseline.score)} over the 28 days before (${anomaly.baseline.n}).`,
    `A drop this large is unlikely to be chance: p = ${anomaly.p.toPrecision(2)}, significant after the correction for every test of the day's run.`,
    `The follow-up view lists every anomaly: ${followUpUrl}`,
  ];
  const html = `<!doctype html><html lang="en"><body>${lines
    .slice(0, 2)
    .map((line) => `<p>${escapeHtml(line)}</p>`)
    .join('')}<p><a href="${escapeHtml(followUpUrl)}">Open the follow-up view</a></p><p>${escapeHtml(brandName)} feedback alerts</p></body></html>`;
  return { subject, html, text: `${lines.join('\n\n')}\n\n${brandName} feedback alerts\n` };
}
