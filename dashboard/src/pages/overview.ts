// Overview: a card per channel with its scores, their intervals and the API's change against the previous window of
// equal length, and CSAT and NPS per channel over time, each line with its interval as a band.
import { CHANNELS } from '../../../functions/domain/channels.js';
import type { ChannelReport, SeriesEntry } from '../api.js';
import { chartTable, lineChart, type LineSeries } from '../charts.js';
import { h, replace, statusMessage } from '../dom.js';
import { CHANNEL_NAMES, confidenceLevel, dayRange, fewerThan, nps, percentScore } from '../format.js';
import type { Page, PageContext } from '../page.js';
import { href, windowChoice, windowQuery } from '../route.js';
import { previousWindowLabel, scoreCard } from '../score-card.js';
import { windowPicker } from '../window-picker.js';

export const overviewPage: Page = {
  title: 'Overview',
  async render(context: PageContext) {
    const { api, main, route } = context;
    const choice = windowChoice(route.query);
    const body = h('div', { class: 'page-body' }, statusMessage('loading', `Loading the scores for ${dayRange(choice.window.from, choice.window.to)}…`));
    replace(
      main,
      h('h1', { tabindex: '-1' }, 'Overview'),
      h('p', { class: 'lede' }, `Scores per channel, ${dayRange(choice.window.from, choice.window.to)}.`),
      windowPicker(choice, { granularity: true, onChange: (next) => context.navigate(href(['overview'], windowQuery(next, next.granularity))) }),
      body,
    );

    // One request: the API compares with the previous window and says which changes are significant.
    const current = await api.get<ChannelReport>('/reports/channels', { ...choice.window, granularity: choice.granularity, compare: 'previous' });
    if (!context.isCurrent()) return;
    const previousLabel = previousWindowLabel(current);

    if (current.channels.length === 0) {
      replace(
        body,
        statusMessage(
          'empty',
          `No surveys were sent or answered between ${dayRange(current.from, current.to)}.`,
          'Invitations count on the day their email went out and ratings on the day of the first answer: try a longer range.',
        ),
      );
      return;
    }

    const linkQuery = windowQuery(choice);
    const cards = h(
      'ul',
      { class: 'cards', 'aria-label': 'Scores by channel' },
      h('li', {}, scoreCard({ title: 'All channels', testId: 'total', current: current.total, statistics: current, previousLabel })),
      ...current.channels.map((row) =>
        h(
          'li',
          {},
          scoreCard({
            title: h('a', { href: href(['channels', row.channel], linkQuery) }, CHANNEL_NAMES[row.channel]),
            testId: row.channel,
            current: row,
            statistics: current,
            previousLabel,
          }),
        ),
      ),
    );
    const quiet = CHANNELS.filter((c) => !current.channels.some((row) => row.channel === c));

    const starts = current.total.series?.map((s) => s.start) ?? [];
    const seriesOf = (pick: (s: SeriesEntry) => SeriesEntry['csat'] | SeriesEntry['nps']): LineSeries[] =>
      current.channels.map((row) => {
        const periods = (row.series ?? []).map(pick);
        return {
          key: row.channel,
          label: CHANNEL_NAMES[row.channel],
          values: periods.map((p) => p.score),
          ci: periods.map((p) => p.ci),
          lowSample: periods.map((p) => p.lowSample && p.score !== null),
        };
      });
    const csatHost = h('div', { class: 'chart' });
    const npsHost = h('div', { class: 'chart' });
    const lowSampleReason = fewerThan(current.minSample, 'answer', 'answers');
    const level = confidenceLevel(current.confidence);
    const csat = { starts, series: seriesOf((s) => s.csat), format: percentScore, level, lowSampleReason };
    const npsSeries = { starts, series: seriesOf((s) => s.nps), format: nps, level, lowSampleReason };

    replace(
      body,
      h(
        'section',
        { 'aria-labelledby': 'by-channel' },
        h('h2', { id: 'by-channel' }, 'By channel'),
        h(
          'p',
          { class: 'note' },
          `Each bar and range is the score's ${level} interval. Changes are against ${previousLabel}, as the API computes them (rates in percentage points): `,
          `▲ or ▼ marks only a significant rise or fall; anything else reads “no significant change”. `,
          `Greyed figures rest on ${lowSampleReason}.`,
        ),
        cards,
        quiet.length > 0 ? h('p', { class: 'note' }, `No activity on ${quiet.map((c) => CHANNEL_NAMES[c]).join(', ')} in this window.`) : null,
      ),
      h(
        'section',
        { 'aria-labelledby': 'over-time' },
        h('h2', { id: 'over-time' }, `Over time, by ${choice.granularity}`),
        h(
          'figure',
          { class: 'chart-figure' },
          h('figcaption', {}, 'CSAT (% of ratings that are 4 or 5)'),
          csatHost,
          chartTable('CSAT by channel', csat, 'csat-table'),
        ),
        h(
          'figure',
          { class: 'chart-figure' },
          h('figcaption', {}, 'NPS (% promoters − % detractors)'),
          npsHost,
          chartTable('NPS by channel', npsSeries, 'nps-table'),
        ),
        h(
          'p',
          { class: 'note' },
          `The shaded band around each line is its ${level} interval. An empty period has no point: a score with no answers is not zero.`,
        ),
      ),
    );
    context.onLeave(lineChart(csatHost, { title: 'CSAT by channel', range: [0, 100], ...csat }));
    context.onLeave(lineChart(npsHost, { title: 'NPS by channel', range: [-100, 100], ...npsSeries }));
  },
};
