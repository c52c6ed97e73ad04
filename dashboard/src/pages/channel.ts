// One channel: its scores, how its NPS answers split, its agents ranked by CSAT, and where its customers went next.
import { CHANNELS, type Channel } from '../../../functions/domain/channels.js';
import type { AgentReport, ChannelReport, EscalationReport, ScoreRow } from '../api.js';
import { figureCell } from '../charts.js';
import { h, keepTableRoles, replace, statusMessage } from '../dom.js';
import { CHANNEL_NAMES, confidenceLevel, count, dayRange, fewerThan, nps, percentRate, percentScore } from '../format.js';
import type { Page, PageContext } from '../page.js';
import { href, isChannel, windowChoice, windowQuery } from '../route.js';
import { previousWindowLabel, scoreCard } from '../score-card.js';
import { windowPicker } from '../window-picker.js';

/** Highest CSAT first; agents without ratings last; ties by more ratings, then by id, so the order is stable. */
export function rankByCsat<T extends { agentId: string } & ScoreRow>(agents: T[]): T[] {
  return [...agents].sort((a, b) => (b.csat.score ?? -1) - (a.csat.score ?? -1) || b.csat.responses - a.csat.responses || a.agentId.localeCompare(b.agentId));
}

function npsSplit(row: ScoreRow): HTMLElement {
  const { promoters, passives, detractors, responses } = row.nps;
  if (responses === 0) return statusMessage('empty', 'No NPS answers in this window.');
  const parts = [
    { key: 'promoters', label: 'Promoters (9–10)', n: promoters },
    { key: 'passives', label: 'Passives (7–8)', n: passives },
    { key: 'detractors', label: 'Detractors (0–6)', n: detractors },
  ];
  const bar = h('div', { class: 'split-bar', 'aria-hidden': 'true' });
  for (const part of parts) {
    const segment = h('span', { class: `split split-${part.key}` });
    segment.style.width = `${(part.n / responses) * 100}%`;
    bar.append(segment);
  }
  return h(
    'div',
    { class: 'nps-split', 'data-testid': 'nps-split' },
    bar,
    h(
      'dl',
      { class: 'split-legend' },
      ...parts.map((part) =>
        h(
          'div',
          { 'data-part': part.key },
          h('dt', {}, h('span', { class: `swatch split-${part.key}`, 'aria-hidden': 'true' }), part.label),
          h('dd', {}, h('span', { 'data-value': '' }, count(part.n)), ` (${Math.round((part.n / responses) * 1000) / 10}%)`),
        ),
      ),
    ),
    h('p', { class: 'note' }, `Counts from the API, of ${count(responses)} NPS answers; the shares in brackets are computed from those counts.`),
  );
}

function agentTable(report: AgentReport): HTMLElement {
  if (report.agents.length === 0)
    return statusMessage('empty', 'No agent of this channel has surveys in this window.', 'Interactions without an agentId count for the channel only.');
  const ranked = rankByCsat(report.agents);
  // An agent's CSAT on few ratings is greyed with the reason, its interval beside it: coaching on noise is what this prevents.
  const lowSampleReason = fewerThan(report.minSample, 'rating', 'ratings');
  const csatFigures = { format: percentScore, level: confidenceLevel(report.confidence), lowSampleReason };
  const lowSample = (agent: ScoreRow) => agent.csat.lowSample && agent.csat.score !== null;
  const table = h(
    'div',
    { class: 'table-scroll', tabindex: '0', role: 'region', 'aria-labelledby': 'agents' },
    keepTableRoles(
      h(
        'table',
        { class: 'data stack', 'data-testid': 'agents' },
        h(
          'thead',
          {},
          h(
            'tr',
            {},
            ...['Rank', 'Agent', 'CSAT', 'Ratings', 'NPS', 'Resolved first time', 'Answers'].map((t) =>
              h('th', { scope: 'col', class: t === 'Agent' ? null : 'num' }, t),
            ),
          ),
        ),
        h(
          'tbody',
          {},
          ...ranked.map((agent, i) =>
            h(
              'tr',
              { 'data-agent': agent.agentId },
              h('td', { 'data-label': 'Rank', class: 'num' }, String(i + 1)),
              h('th', { scope: 'row', 'data-label': 'Agent' }, agent.agentId),
              figureCell({ 'data-label': 'CSAT', 'data-metric': 'csat' }, { value: agent.csat.score, ci: agent.csat.ci, low: lowSample(agent) }, csatFigures),
              h('td', { 'data-label': 'Ratings', 'data-metric': 'ratings', class: 'num' }, count(agent.csat.responses)),
              h('td', { 'data-label': 'NPS', 'data-metric': 'nps', class: 'num' }, nps(agent.nps.score)),
              h('td', { 'data-label': 'Resolved first time', 'data-metric': 'fcr', class: 'num' }, percentRate(agent.fcr.rate)),
              h('td', { 'data-label': 'Answers', 'data-metric': 'answers', class: 'num' }, count(agent.responses)),
            ),
          ),
        ),
      ),
    ),
  );
  return h('div', {}, table, ranked.some(lowSample) ? h('p', { class: 'note' }, `† Low sample, greyed: ${lowSampleReason}.`) : null);
}

function escalations(report: EscalationReport, channel: Channel): HTMLElement {
  const row = report.channels.find((c) => c.channel === channel);
  if (!row) return statusMessage('empty', `No ${CHANNEL_NAMES[channel]} interactions in this window.`);
  const destinations = CHANNELS.filter((c) => (row.to[c] ?? 0) > 0);
  return h(
    'div',
    { 'data-testid': 'escalations' },
    h(
      'p',
      {},
      h('strong', { 'data-value': 'escalated' }, count(row.escalated)),
      ` of ${count(row.interactions)} interactions (`,
      h('span', { 'data-value': 'share' }, percentRate(row.share)),
      `) were followed by the same customer on another channel within ${report.windowHours} hours.`,
    ),
    destinations.length === 0
      ? h('p', { class: 'note' }, 'None went elsewhere.')
      : h(
          'div',
          { class: 'table-scroll table-narrow' },
          h(
            'table',
            { class: 'data' },
            h('caption', { class: 'sr-only' }, 'Where customers went next'),
            h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, 'Went next to'), h('th', { scope: 'col', class: 'num' }, 'Interactions'))),
            h(
              'tbody',
              {},
              ...destinations.map((c) =>
                h('tr', { 'data-to': c }, h('th', { scope: 'row' }, CHANNEL_NAMES[c]), h('td', { class: 'num' }, count(row.to[c] ?? 0))),
              ),
            ),
          ),
        ),
  );
}

export const channelPage: Page = {
  title: 'Channel',
  async render(context: PageContext) {
    const { api, main, route } = context;
    const channel = route.path[1];
    if (!isChannel(channel)) {
      replace(
        main,
        h('h1', { tabindex: '-1' }, 'Unknown channel'),
        statusMessage(
          'error',
          `There is no channel called “${channel ?? ''}”.`,
          `The channels are ${CHANNELS.join(', ')}.`,
          h('a', { href: href(['overview']) }, 'Back to the overview'),
        ),
      );
      return;
    }
    const choice = windowChoice(route.query);
    const linkQuery = windowQuery(choice);
    const body = h('div', { class: 'page-body' }, statusMessage('loading', `Loading ${CHANNEL_NAMES[channel]}…`));
    document.title = `${CHANNEL_NAMES[channel]} · Feedback dashboard`;
    replace(
      main,
      h(
        'nav',
        { class: 'breadcrumb', 'aria-label': 'Breadcrumb' },
        h('a', { href: href(['overview'], linkQuery) }, 'Overview'),
        h('span', { 'aria-hidden': 'true' }, ' › '),
        h('span', { 'aria-current': 'page' }, CHANNEL_NAMES[channel]),
      ),
      h('h1', { tabindex: '-1' }, CHANNEL_NAMES[channel]),
      h('p', { class: 'lede' }, `${dayRange(choice.window.from, choice.window.to)}.`),
      windowPicker(choice, { granularity: false, onChange: (next) => context.navigate(href(['channels', channel], windowQuery(next))) }),
      body,
    );

    const [current, agents, escalation] = await Promise.all([
      api.get<ChannelReport>('/reports/channels', { ...choice.window, compare: 'previous' }),
      api.get<AgentReport>('/reports/agents', { ...choice.window, channel }),
      api.get<EscalationReport>('/reports/escalations', choice.window),
    ]);
    if (!context.isCurrent()) return;

    const row = current.channels.find((c) => c.channel === channel);
    replace(
      body,
      row
        ? scoreCard({ title: 'Scores', testId: channel, current: row, statistics: current, previousLabel: previousWindowLabel(current), wide: true })
        : statusMessage('empty', `No ${CHANNEL_NAMES[channel]} surveys were sent or answered in this window.`, 'Try a longer range.'),
      h(
        'section',
        { 'aria-labelledby': 'nps-split' },
        h('h2', { id: 'nps-split' }, 'NPS answers'),
        row ? npsSplit(row) : statusMessage('empty', 'No NPS answers in this window.'),
      ),
      h('section', { 'aria-labelledby': 'agents' }, h('h2', { id: 'agents' }, 'Agents, ranked by CSAT'), agentTable(agents)),
      h('section', { 'aria-labelledby': 'escalations' }, h('h2', { id: 'escalations' }, 'Where customers went next'), escalations(escalation, channel)),
      h(
        'p',
        {},
        h(
          'a',
          { class: 'button button-secondary', href: href(['comments'], { channel, from: choice.window.from, to: choice.window.to }) },
          `Read the comments on ${CHANNEL_NAMES[channel]}`,
        ),
      ),
    );
  },
};
