// Comments: the latest answers that carry a comment, filtered by channel, CSAT and days, page by page,
// and a CSV download of exactly the rows on screen (the API's own CSV, same filters, checked row by row).
import { CHANNELS } from '../../../functions/domain/channels.js';
import type { ResponsePage, ResponseRow } from '../api.js';
import { parseCsv } from '../csv.js';
import { lastDays, windowProblem } from '../dates.js';
import { h, keepTableRoles, replace, statusMessage } from '../dom.js';
import { CHANNEL_NAMES, count, dateTime, dayRange } from '../format.js';
import type { Page, PageContext } from '../page.js';
import { href, isChannel } from '../route.js';

const PAGE_SIZE = 50;
const CSAT_LIMITS = ['1', '2', '3', '4'] as const;

interface Filters {
  channel?: string;
  maxCsat?: string;
  from: string;
  to: string;
}

function filtersOf(query: URLSearchParams): { filters: Filters; problem: string | null } {
  const fallback = lastDays(30);
  const from = query.get('from') ?? fallback.from;
  const to = query.get('to') ?? fallback.to;
  const problem = windowProblem({ from, to });
  const channel = query.get('channel');
  const maxCsat = query.get('maxCsat');
  return {
    filters: {
      ...(isChannel(channel) ? { channel } : {}),
      ...((CSAT_LIMITS as readonly string[]).includes(maxCsat ?? '') ? { maxCsat: maxCsat! } : {}),
      ...(problem ? fallback : { from, to }),
    },
    problem,
  };
}

const yesNo = (resolved: boolean | undefined) => (resolved === undefined ? '—' : resolved ? 'Yes' : 'No');
const score = (value: number | undefined) => (value === undefined ? '—' : String(value));

function commentRow(row: ResponseRow): HTMLElement {
  const who = row.customer.name ?? row.customer.email ?? row.customer.id;
  return h(
    'tr',
    { 'data-survey': row.surveyId },
    h('td', { 'data-label': 'Answered' }, h('time', { datetime: row.answeredAt }, dateTime(row.answeredAt))),
    h('td', { 'data-label': 'Channel' }, CHANNEL_NAMES[row.channel]),
    h('td', { 'data-label': 'Agent' }, row.agentId ?? '—'),
    h('td', { 'data-label': 'Customer' }, h('a', { href: href(['customers', row.customer.id]) }, who)),
    h('td', { 'data-label': 'CSAT', class: 'num', 'data-field': 'csat' }, score(row.csat)),
    h('td', { 'data-label': 'NPS', class: 'num', 'data-field': 'nps' }, score(row.nps)),
    h('td', { 'data-label': 'Resolved', 'data-field': 'resolved' }, yesNo(row.resolved)),
    // The comment is the customer's own words: text, never markup.
    h('td', { 'data-label': 'Comment', class: 'comment', 'data-field': 'comment' }, row.comment ?? ''),
  );
}

function filterForm(filters: Filters, problem: string | null, onApply: (next: Filters) => void): HTMLFormElement {
  const channel = h(
    'select',
    { id: 'f-channel', name: 'channel' },
    h('option', { value: '' }, 'All channels'),
    ...CHANNELS.map((c) => h('option', { value: c, selected: c === filters.channel }, CHANNEL_NAMES[c])),
  );
  const maxCsat = h(
    'select',
    { id: 'f-csat', name: 'maxCsat' },
    h('option', { value: '' }, 'Any rating'),
    ...CSAT_LIMITS.map((n) => h('option', { value: n, selected: n === filters.maxCsat }, n === '1' ? '1 only' : `${n} or lower`)),
  );
  const from = h('input', { id: 'f-from', type: 'date', name: 'from', value: filters.from, required: true, 'aria-describedby': 'f-problem' });
  const to = h('input', { id: 'f-to', type: 'date', name: 'to', value: filters.to, required: true, 'aria-describedby': 'f-problem' });
  const error = h('p', { class: 'field-error', id: 'f-problem', role: 'alert' }, problem ?? '');
  const form = h(
    'form',
    { class: 'toolbar', 'aria-label': 'Filter comments', novalidate: true },
    h('div', { class: 'field' }, h('label', { for: 'f-channel' }, 'Channel'), channel),
    h('div', { class: 'field' }, h('label', { for: 'f-csat' }, 'CSAT'), maxCsat),
    h('div', { class: 'field' }, h('label', { for: 'f-from' }, 'From'), from),
    h('div', { class: 'field' }, h('label', { for: 'f-to' }, 'To'), to),
    h('button', { type: 'submit', class: 'button' }, 'Show'),
    error,
  );
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    const issue = windowProblem({ from: from.value, to: to.value });
    error.textContent = issue ?? '';
    if (issue) return;
    onApply({ ...(channel.value ? { channel: channel.value } : {}), ...(maxCsat.value ? { maxCsat: maxCsat.value } : {}), from: from.value, to: to.value });
  });
  return form;
}

/** Starts a download of text as a file, without a server round trip (the bytes are the API's). */
function saveFile(text: string, filename: string): void {
  const url = URL.createObjectURL(new Blob([text], { type: 'text/csv;charset=utf-8' }));
  const link = h('a', { href: url, download: filename, hidden: true });
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

export const commentsPage: Page = {
  title: 'Comments',
  async render(context: PageContext) {
    const { api, main, route } = context;
    const { filters, problem } = filtersOf(route.query);
    const query = { ...filters, hasComment: true };
    const rows: ResponseRow[] = [];
    let nextCursor: string | undefined;

    const body = h('div', { class: 'page-body' }, statusMessage('loading', 'Loading comments…'));
    replace(
      main,
      h('h1', { tabindex: '-1' }, 'Comments'),
      h('p', { class: 'lede' }, 'The latest answers with a comment, newest first.'),
      filterForm(filters, problem, (next) => context.navigate(href(['comments'], { ...next }))),
      body,
    );

    const first = await api.get<ResponsePage>('/responses', { ...query, limit: PAGE_SIZE });
    if (!context.isCurrent()) return;
    rows.push(...first.responses);
    nextCursor = first.nextCursor;

    const describe = () =>
      [
        filters.channel ? CHANNEL_NAMES[filters.channel as keyof typeof CHANNEL_NAMES] : 'all channels',
        filters.maxCsat ? `CSAT ${filters.maxCsat === '1' ? '1' : `≤ ${filters.maxCsat}`}` : null,
        dayRange(filters.from, filters.to),
      ]
        .filter(Boolean)
        .join(', ');
    if (rows.length === 0) {
      replace(
        body,
        statusMessage('empty', `No comments for ${describe()}.`, 'Answers without a comment are not listed here; try other filters or a longer range.'),
      );
      return;
    }

    const tbody = h('tbody', {}, ...rows.map(commentRow));
    const summary = h('p', { class: 'summary', role: 'status', 'data-testid': 'comment-count' });
    const downloadStatus = h('p', { class: 'download-status', role: 'status' });
    const more = h('button', { type: 'button', class: 'button button-secondary' }, 'Show more');
    const download = h('button', { type: 'button', class: 'button' });
    const update = () => {
      summary.textContent = `${count(rows.length)} ${rows.length === 1 ? 'comment' : 'comments'} shown (${describe()})${nextCursor ? '; there are more' : ''}.`;
      download.textContent = `Download these ${count(rows.length)} as CSV`;
      more.hidden = !nextCursor;
    };

    more.addEventListener('click', async () => {
      if (!nextCursor) return;
      more.disabled = true;
      more.textContent = 'Loading…';
      try {
        const page = await api.get<ResponsePage>('/responses', { ...query, limit: PAGE_SIZE, cursor: nextCursor });
        if (!context.isCurrent()) return;
        rows.push(...page.responses);
        nextCursor = page.nextCursor;
        tbody.append(...page.responses.map(commentRow));
        keepTableRoles(tbody.closest('table')!);
      } catch (error) {
        downloadStatus.textContent = error instanceof Error ? error.message : 'Could not load more comments.';
      } finally {
        more.disabled = false;
        more.textContent = 'Show more';
        update();
      }
    });

    download.addEventListener('click', async () => {
      download.disabled = true;
      downloadStatus.textContent = 'Preparing the CSV…';
      try {
        // The same filters and as many rows as are shown: the API's CSV of exactly this list.
        const { text, filename } = await api.csv('/responses', { ...query, limit: rows.length });
        if (!context.isCurrent()) return;
        const ids = parseCsv(text)
          .slice(1)
          .map((cells) => cells.at(-1));
        if (ids.length !== rows.length || ids.some((id, i) => id !== rows[i]!.surveyId)) {
          downloadStatus.textContent =
            'New answers arrived since this list was loaded, so the file would not match it: the list is being refreshed, then download again.';
          context.reload();
          return;
        }
        saveFile(text, filename);
        downloadStatus.textContent = `Downloaded ${filename} (${count(rows.length)} rows).`;
      } catch (error) {
        downloadStatus.textContent = error instanceof Error ? `The CSV could not be downloaded. ${error.message}` : 'The CSV could not be downloaded.';
      } finally {
        download.disabled = false;
      }
    });

    update();
    replace(
      body,
      h('div', { class: 'list-actions' }, summary, download),
      downloadStatus,
      h(
        'div',
        { class: 'table-scroll', tabindex: '0', role: 'region', 'aria-label': 'Comments' },
        keepTableRoles(
          h(
            'table',
            { class: 'data stack comments', 'data-testid': 'comments' },
            h(
              'thead',
              {},
              h(
                'tr',
                {},
                ...['Answered', 'Channel', 'Agent', 'Customer', 'CSAT', 'NPS', 'Resolved', 'Comment'].map((t) =>
                  h('th', { scope: 'col', class: t === 'CSAT' || t === 'NPS' ? 'num' : null }, t),
                ),
              ),
            ),
            tbody,
          ),
        ),
      ),
      more,
    );
  },
};
