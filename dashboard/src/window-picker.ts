// The date-range picker: last 7, 30 or 90 days, or custom days; and, where there are charts, day/week/month buckets.
import { GRANULARITIES, MAX_WINDOW_DAYS, windowProblem, type Granularity } from './dates.js';
import { h } from './dom.js';
import { dayRange } from './format.js';
import type { WindowChoice } from './route.js';

const RANGE_LABELS: Record<WindowChoice['range'], string> = { '7': 'Last 7 days', '30': 'Last 30 days', '90': 'Last 90 days', custom: 'Custom dates' };
const GRANULARITY_LABELS: Record<Granularity, string> = { day: 'Day', week: 'Week', month: 'Month' };

export function windowPicker(
  choice: WindowChoice,
  options: { granularity: boolean; onChange: (next: Pick<WindowChoice, 'range' | 'window'> & { granularity?: Granularity }) => void },
): HTMLElement {
  const range = h(
    'select',
    { name: 'range', id: 'range' },
    ...(Object.keys(RANGE_LABELS) as WindowChoice['range'][]).map((value) => h('option', { value, selected: value === choice.range }, RANGE_LABELS[value])),
  );
  const from = h('input', { type: 'date', name: 'from', id: 'from', value: choice.window.from, required: true });
  const to = h('input', { type: 'date', name: 'to', id: 'to', value: choice.window.to, required: true });
  const granularity = h(
    'select',
    { name: 'g', id: 'granularity' },
    ...GRANULARITIES.map((g) => h('option', { value: g, selected: g === choice.granularity }, GRANULARITY_LABELS[g])),
  );
  const problem = h('p', { class: 'field-error', id: 'range-problem', role: 'alert' }, choice.problem ?? '');
  const custom = h(
    'div',
    { class: 'custom-dates', hidden: choice.range !== 'custom' },
    h('div', { class: 'field' }, h('label', { for: 'from' }, 'From'), from),
    h('div', { class: 'field' }, h('label', { for: 'to' }, 'To'), to),
    h('button', { type: 'submit', class: 'button' }, 'Apply'),
  );
  const form = h(
    'form',
    { class: 'toolbar', 'aria-label': 'Date range', novalidate: true },
    h('div', { class: 'field' }, h('label', { for: 'range' }, 'Range'), range),
    custom,
    options.granularity ? h('div', { class: 'field' }, h('label', { for: 'granularity' }, 'Group by'), granularity) : null,
    problem,
    h('p', { class: 'hint' }, `Days are UTC days; a custom range may span up to ${MAX_WINDOW_DAYS} days.`),
  );

  const submit = () => {
    const selected = range.value as WindowChoice['range'];
    const g = options.granularity ? (granularity.value as Granularity) : undefined;
    if (selected !== 'custom') return options.onChange({ range: selected, window: choice.window, ...(g ? { granularity: g } : {}) });
    const issue = windowProblem({ from: from.value, to: to.value });
    problem.textContent = issue ?? '';
    for (const input of [from, to]) input.setAttribute('aria-invalid', issue ? 'true' : 'false');
    if (!issue) options.onChange({ range: 'custom', window: { from: from.value, to: to.value }, ...(g ? { granularity: g } : {}) });
  };
  range.addEventListener('change', () => {
    custom.hidden = range.value !== 'custom';
    if (range.value !== 'custom') submit();
    else from.focus();
  });
  granularity.addEventListener('change', () => {
    if (range.value !== 'custom' || !windowProblem({ from: from.value, to: to.value })) submit();
  });
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    submit();
  });
  for (const input of [from, to]) input.setAttribute('aria-describedby', 'range-problem');
  form.prepend(h('p', { class: 'sr-only' }, `Showing ${dayRange(choice.window.from, choice.window.to)}.`));
  return form;
}
