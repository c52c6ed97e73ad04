// Customers: find one by id or email, then read their record: profile and timeline across channels, newest first.
import type { CustomerMatches, CustomerRecord } from '../api.js';
import { ApiError } from '../api.js';
import { SCALES } from '../../../functions/domain/survey-definition.js';
import { h, replace, statusMessage } from '../dom.js';
import { CHANNEL_NAMES, dateTime } from '../format.js';
import type { Page, PageContext } from '../page.js';
import { href } from '../route.js';

const TIMELINE_PAGE = 25;

function searchForm(initial: string, onSearch: (q: string) => void): HTMLFormElement {
  const input = h('input', {
    id: 'q',
    name: 'q',
    type: 'search',
    value: initial,
    required: true,
    autocomplete: 'off',
    spellcheck: 'false',
    'aria-describedby': 'q-hint',
  });
  const form = h(
    'form',
    { class: 'toolbar search', role: 'search', 'aria-label': 'Find a customer' },
    h(
      'div',
      { class: 'field field-grow' },
      h('label', { for: 'q' }, 'Customer id or email'),
      input,
      h('p', { class: 'hint', id: 'q-hint' }, 'An email address finds every customer record that used it.'),
    ),
    h('button', { type: 'submit', class: 'button' }, 'Find'),
  );
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    const q = input.value.trim();
    if (q) onSearch(q);
  });
  return form;
}

function timelineEntry(entry: CustomerRecord['timeline'][number]): HTMLElement {
  const { interaction, invitation, answer } = entry;
  const survey = answer
    ? h(
        'div',
        { class: 'survey survey-answered' },
        h(
          'p',
          {},
          h('strong', {}, 'Answered '),
          h('time', { datetime: answer.answeredAt }, dateTime(answer.answeredAt)),
          answer.revision > 1 ? ` (changed ${answer.revision - 1}×)` : '',
        ),
        h(
          'dl',
          { class: 'answer' },
          answer.csat !== undefined ? h('div', {}, h('dt', {}, 'CSAT'), h('dd', { 'data-field': 'csat' }, `${answer.csat} of ${SCALES.csat.max}`)) : null,
          answer.nps !== undefined ? h('div', {}, h('dt', {}, 'NPS'), h('dd', { 'data-field': 'nps' }, `${answer.nps} of ${SCALES.nps.max}`)) : null,
          answer.resolved !== undefined ? h('div', {}, h('dt', {}, 'Resolved'), h('dd', { 'data-field': 'resolved' }, answer.resolved ? 'Yes' : 'No')) : null,
        ),
        answer.comment ? h('blockquote', { class: 'comment', 'data-field': 'comment' }, answer.comment) : null,
      )
    : invitation
      ? h(
          'p',
          { class: 'survey' },
          ...(invitation.delivery === 'sent' && invitation.sentAt
            ? [
                'Survey sent ',
                h('time', { datetime: invitation.sentAt }, dateTime(invitation.sentAt)),
                Date.parse(invitation.expiresAt) <= Date.now() ? '; not answered before it closed.' : ', not answered yet.',
              ]
            : ['Survey scheduled, not sent yet.']),
        )
      : h('p', { class: 'survey' }, 'No survey for this interaction.');
  return h(
    'li',
    { class: 'timeline-entry', 'data-interaction': interaction.interactionId },
    h(
      'div',
      { class: 'timeline-head' },
      h('span', { class: `badge badge-${interaction.channel}` }, CHANNEL_NAMES[interaction.channel]),
      h('time', { datetime: interaction.occurredAt }, dateTime(interaction.occurredAt)),
    ),
    h(
      'p',
      { class: 'timeline-subject' },
      interaction.subject ?? 'No subject',
      interaction.agentId ? h('span', { class: 'muted' }, ` · agent ${interaction.agentId}`) : null,
      interaction.queue ? h('span', { class: 'muted' }, ` · queue ${interaction.queue}`) : null,
    ),
    survey,
  );
}

async function showRecord(context: PageContext, id: string, body: HTMLElement): Promise<void> {
  let record: CustomerRecord;
  try {
    record = await context.api.get<CustomerRecord>(`/customers/${encodeURIComponent(id)}`, { limit: TIMELINE_PAGE });
  } catch (error) {
    if (error instanceof ApiError && error.status === 404) {
      if (context.isCurrent())
        replace(
          body,
          statusMessage(
            'empty',
            `No customer with the id “${id}”.`,
            'Ids are the ones your systems send with each interaction; to search by email, type the address.',
          ),
        );
      return;
    }
    throw error;
  }
  if (!context.isCurrent()) return;
  const { profile } = record;
  document.title = `${profile.name ?? profile.id} · Feedback dashboard`;
  const list = h('ol', { class: 'timeline', 'aria-label': 'Interactions, newest first' }, ...record.timeline.map(timelineEntry));
  const more = h('button', { type: 'button', class: 'button button-secondary', hidden: !record.nextCursor }, 'Show older interactions');
  const status = h('p', { role: 'status', class: 'download-status' });
  let cursor = record.nextCursor;
  more.addEventListener('click', async () => {
    more.disabled = true;
    try {
      const page = await context.api.get<CustomerRecord>(`/customers/${encodeURIComponent(id)}`, { limit: TIMELINE_PAGE, cursor });
      if (!context.isCurrent()) return;
      list.append(...page.timeline.map(timelineEntry));
      cursor = page.nextCursor;
      more.hidden = !cursor;
      status.textContent = `${page.timeline.length} older interactions added.`;
    } catch (error) {
      status.textContent = error instanceof Error ? error.message : 'Could not load older interactions.';
    } finally {
      more.disabled = false;
    }
  });
  replace(
    body,
    h(
      'section',
      { class: 'profile', 'aria-labelledby': 'profile-name', 'data-testid': 'profile' },
      h('h2', { id: 'profile-name', 'data-field': 'name' }, profile.name ?? profile.id),
      h(
        'dl',
        { class: 'facts' },
        h('div', {}, h('dt', {}, 'Customer id'), h('dd', { 'data-field': 'id' }, profile.id)),
        h('div', {}, h('dt', {}, 'Email'), h('dd', { 'data-field': 'email' }, profile.email)),
        profile.locale ? h('div', {}, h('dt', {}, 'Language'), h('dd', {}, profile.locale)) : null,
        h('div', {}, h('dt', {}, 'Known since'), h('dd', {}, h('time', { datetime: profile.createdAt }, dateTime(profile.createdAt)))),
      ),
    ),
    h(
      'section',
      { 'aria-labelledby': 'timeline' },
      h('h2', { id: 'timeline' }, 'Timeline across channels'),
      record.timeline.length === 0 ? statusMessage('empty', 'No interactions recorded for this customer yet.') : list,
      more,
      status,
    ),
  );
}

async function showMatches(context: PageContext, email: string, body: HTMLElement): Promise<void> {
  const { customers } = await context.api.get<CustomerMatches>('/customers', { email });
  if (!context.isCurrent()) return;
  if (customers.length === 0) {
    replace(
      body,
      statusMessage(
        'empty',
        `No customer has used the email address “${email}”.`,
        'Addresses are compared without regard to case; try the customer id instead.',
      ),
    );
    return;
  }
  replace(
    body,
    h('h2', {}, customers.length === 1 ? 'One customer' : `${customers.length} customers`),
    h(
      'ul',
      { class: 'matches', 'data-testid': 'matches' },
      ...customers.map((c) =>
        h('li', {}, h('a', { href: href(['customers', c.id]) }, c.name ?? c.id), h('span', { class: 'muted' }, ` · ${c.email} · id ${c.id}`)),
      ),
    ),
  );
}

export const customersPage: Page = {
  title: 'Customers',
  async render(context: PageContext) {
    const { main, route } = context;
    const id = route.path[1];
    const q = route.query.get('q')?.trim() ?? '';
    const body = h('div', { class: 'page-body' });
    replace(
      main,
      h('h1', { tabindex: '-1' }, id ? 'Customer' : 'Customers'),
      searchForm(id ?? q, (next) => context.navigate(next.includes('@') ? href(['customers'], { q: next }) : href(['customers', next]))),
      body,
    );
    if (id) {
      replace(body, statusMessage('loading', `Loading the record of ${id}…`));
      return showRecord(context, id, body);
    }
    if (q.includes('@')) {
      replace(body, statusMessage('loading', `Looking for ${q}…`));
      return showMatches(context, q, body);
    }
    if (q) return context.navigate(href(['customers', q]));
    replace(body, statusMessage('empty', 'Type a customer id, or an email address, to open their record.', 'Names in the comments and reports link here too.'));
  },
};
