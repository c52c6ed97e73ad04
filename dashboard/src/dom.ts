// Builds elements from data. Text always goes in as text nodes, never as HTML: a comment that looks like markup stays text.
type Child = Node | string | number | null | undefined | false;
type Attributes = Record<string, string | number | boolean | null | undefined | EventListener>;

/** h('a', { href: '#/x' }, 'label'): attributes by setAttribute, `on*` as listeners, children as nodes or text. */
export function h<K extends keyof HTMLElementTagNameMap>(tag: K, attributes: Attributes = {}, ...children: Child[]): HTMLElementTagNameMap[K] {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (value === null || value === undefined || value === false) continue;
    if (typeof value === 'function') element.addEventListener(name.slice(2), value);
    // No inline styles (the CSP forbids them); layout that depends on data uses element.style, which the CSP allows.
    else if (name === 'style') throw new Error('h(): use classes or element.style, not a style attribute');
    else element.setAttribute(name, value === true ? '' : String(value));
  }
  append(element, ...children);
  return element;
}

export function append(parent: Node, ...children: Child[]): void {
  for (const child of children) {
    if (child === null || child === undefined || child === false) continue;
    parent.appendChild(typeof child === 'object' ? child : document.createTextNode(String(child)));
  }
}

/** Replaces every child of an element. */
export function replace(parent: Element, ...children: Child[]): void {
  parent.replaceChildren();
  append(parent, ...children);
}

/** Text that only screen readers read (e.g. what a dash or an arrow means). */
export const srOnly = (text: string) => h('span', { class: 'sr-only' }, text);

/**
 * On phones, "stack" tables are laid out as blocks (one card per row), which makes browsers drop their table semantics:
 * explicit roles keep them a table for screen readers.
 */
export function keepTableRoles(table: HTMLTableElement): HTMLTableElement {
  table.setAttribute('role', 'table');
  for (const group of table.querySelectorAll('thead, tbody')) group.setAttribute('role', 'rowgroup');
  for (const row of table.querySelectorAll('tr')) row.setAttribute('role', 'row');
  for (const cell of table.querySelectorAll('th[scope="col"]')) cell.setAttribute('role', 'columnheader');
  for (const cell of table.querySelectorAll('th[scope="row"]')) cell.setAttribute('role', 'rowheader');
  for (const cell of table.querySelectorAll('td')) cell.setAttribute('role', 'cell');
  return table;
}

export type StatusKind = 'loading' | 'empty' | 'error';

/** A loading, empty or error state that says what happened; errors are announced at once, the others politely. */
export function statusMessage(kind: StatusKind, title: string, detail?: string, action?: Node): HTMLElement {
  return h(
    'div',
    { class: `state state-${kind}`, role: kind === 'error' ? 'alert' : 'status' },
    kind === 'loading' ? h('span', { class: 'spinner', 'aria-hidden': 'true' }) : null,
    h('p', { class: 'state-title' }, title),
    detail ? h('p', { class: 'state-detail' }, detail) : null,
    action ?? null,
  );
}
