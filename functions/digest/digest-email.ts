// The weekly digest as an email: HTML and text with the same content, in the brand's name, no images and nothing
// loaded from anywhere (so no tracking pixel), every name and id from outside escaped as text.
import { escapeHtml } from '../shared/html.js';
import type { Anomaly } from '../domain/anomalies.js';
import { OVERDUE_ALERT_HOURS, type DigestChannel, type DigestContent, type DigestScore } from './build-digest.js';

type Unit = 'percent' | 'points' | 'rate' | 'average';

const number = (value: number) => (Number.isInteger(value) ? String(value) : value.toFixed(2).replace(/\.?0+$/, ''));
/** A value in the unit people read it in: rates (0..1) as percentages. */
function format(value: number, unit: Unit): string {
  if (unit === 'rate') return `${number(Math.round(value * 10_000) / 100)}%`;
  if (unit === 'percent') return `${number(value)}%`;
  return number(value);
}
function signed(value: number, unit: Unit): string {
  const magnitude =
    unit === 'rate'
      ? `${number(Math.round(Math.abs(value) * 10_000) / 100)} pts`
      : unit === 'average'
        ? number(Math.abs(value))
        : `${number(Math.abs(value))} pts`;
  return `${value >= 0 ? '+' : '−'}${magnitude}`;
}

/** One score in words: "84% (71.47% to 91.66%), 50 answers; +12 pts since the week before, significant". */
export function scoreInWords(s: DigestScore, unit: Unit, counted: 'answers' | 'invitations' = 'answers'): string {
  if (s.score === null) return 'no answers';
  const parts = [format(s.score, unit)];
  // "to", not a dash: an NPS interval may run from -100 to -40.
  if (s.ci) parts.push(` (${format(s.ci.low, unit)} to ${format(s.ci.high, unit)})`);
  parts.push(`, ${s.responses} ${s.responses === 1 ? counted.slice(0, -1) : counted}`);
  if (s.lowSample) parts.push(', too few to rely on');
  if (s.change?.significant) parts.push(`; ${signed(s.change.delta, unit)} against the week before, significant`);
  return parts.join('');
}

const METRICS: ReadonlyArray<{ key: keyof Omit<DigestChannel, 'channel'>; label: string; unit: Unit; counted?: 'invitations' }> = [
  { key: 'csat', label: 'CSAT', unit: 'percent' },
  { key: 'nps', label: 'NPS', unit: 'points' },
  { key: 'ces', label: 'CES', unit: 'average' },
  { key: 'fcr', label: 'Resolved first time', unit: 'rate' },
  { key: 'responseRate', label: 'Response rate', unit: 'rate', counted: 'invitations' },
];

const ANOMALY_METRIC: Readonly<Record<Anomaly['metric'], { label: string; unit: Unit }>> = {
  csat: { label: 'CSAT', unit: 'percent' },
  nps: { label: 'NPS', unit: 'points' },
  fcr: { label: 'resolved first time', unit: 'rate' },
  responseRate: { label: 'response rate', unit: 'rate' },
};

function anomalyInWords(a: Anomaly): string {
  const { label, unit } = ANOMALY_METRIC[a.metric];
  const current = a.current.score === null ? 'none' : format(a.current.score, unit);
  const baseline = a.baseline.score === null ? 'none' : format(a.baseline.score, unit);
  return `${a.day}: ${label} of ${a.scope} ${a.key} over the ${a.window === 'day' ? 'day' : 'week'} ${current} (${a.current.n} answers) against ${baseline} over the 28 days before`;
}

function duration(seconds: number): string {
  const hours = seconds / 3600;
  return hours < 48 ? `${number(Math.round(hours * 10) / 10)} hours` : `${number(Math.round((hours / 24) * 10) / 10)} days`;
}

/** The digest's sections as headed lists of lines: text, rendered below as HTML or plain text. */
function sections(d: DigestContent): Array<{ heading: string; lines: string[]; note?: string }> {
  const overdue = d.alerts.overdueCount;
  return [
    {
      heading: 'Scores per channel',
      note:
        d.channels.length === 0
          ? 'No answers in these 7 days.'
          : d.channels.some((c) => METRICS.some((m) => c[m.key].ci !== undefined))
            ? 'Each score with its 95% interval; a change against the week before is shown only when it is significant.'
            : undefined,
      lines: d.channels.flatMap((c) => [`${c.channel}:`, ...METRICS.map((m) => `  ${m.label}: ${scoreInWords(c[m.key], m.unit, m.counted)}`)]),
    },
    {
      heading: 'Anomalies',
      lines: d.anomalies.map(anomalyInWords),
      ...(d.anomalies.length === 0 ? { note: 'No anomaly was raised these 7 days.' } : {}),
    },
    {
      heading: 'Alerts',
      lines: [
        `${d.alerts.overdueCountIsLowerBound ? 'At least ' : ''}${overdue} ${overdue === 1 ? 'alert' : 'alerts'} still not closed more than ${OVERDUE_ALERT_HOURS} hours after ${overdue === 1 ? 'it was' : 'they were'} raised${overdue > d.alerts.overdue.length ? ` (the ${d.alerts.overdue.length} oldest below)` : ''}.`,
        ...d.alerts.overdue.map(
          (a) => `  ${a.channel}${a.agentId ? `, agent ${a.agentId}` : ''}: ${a.status} for ${duration(a.hoursOpen * 3600)} (alert ${a.alertId})`,
        ),
        d.alerts.closedThisWeek === 0
          ? 'No alert closed these 7 days.'
          : `${d.alerts.closedThisWeek} closed these 7 days; median time to close ${d.alerts.medianSecondsToClose === null ? 'unknown' : duration(d.alerts.medianSecondsToClose)}.`,
      ],
    },
    {
      heading: 'Topics with the most negative comments',
      lines: d.negativeTopics.map((t) => `${t.name}: ${t.negative} negative of ${t.comments} ${t.comments === 1 ? 'comment' : 'comments'}`),
      ...(d.negativeTopics.length === 0 ? { note: 'No negative comment matched a topic these 7 days.' } : {}),
    },
  ];
}

export function renderDigestEmail(d: DigestContent): { subject: string; html: string; text: string } {
  const subject = `${d.brandName} weekly feedback digest, ${d.from} to ${d.to}`;
  const parts = sections(d);
  const intro = `Customer feedback from ${d.from} to ${d.to} (UTC days).`;
  const text = [
    subject,
    '',
    intro,
    ...parts.flatMap((s) => ['', s.heading.toUpperCase(), ...(s.note ? [s.note] : []), ...s.lines]),
    '',
    `The dashboard: ${d.dashboardUrl}`,
    '',
    `${d.brandName} feedback digest`,
    '',
  ].join('\n');
  const list = (lines: string[]) => {
    if (lines.length === 0) return '';
    // An indented line belongs to the line above it (a channel's scores, the overdue alerts): a nested list.
    const items: Array<{ head: string; children: string[] }> = [];
    for (const line of lines) {
      if (line.startsWith('  ') && items.length > 0) items.at(-1)!.children.push(line.trim());
      else items.push({ head: line, children: [] });
    }
    const li = (text: string) => `<li>${escapeHtml(text)}</li>`;
    return `<ul>${items
      .map(({ head, children }) => (children.length === 0 ? li(head) : `<li>${escapeHtml(head)}<ul>${children.map(li).join('')}</ul></li>`))
      .join('')}</ul>`;
  };
  const html =
    `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${escapeHtml(subject)}</title></head><body>` +
    `<h1>${escapeHtml(d.brandName)} weekly feedback digest</h1><p>${escapeHtml(intro)}</p>` +
    parts.map((s) => `<h2>${escapeHtml(s.heading)}</h2>${s.note ? `<p>${escapeHtml(s.note)}</p>` : ''}${list(s.lines)}`).join('') +
    `<p><a href="${escapeHtml(d.dashboardUrl)}">Open the dashboard</a></p><p>${escapeHtml(d.brandName)} feedback digest</p></body></html>`;
  return { subject, html, text };
}
