// The dashboard's entry: reads config.json, signs the manager in, then draws the view the URL names.
// Nothing is shown and nothing is fetched from the API without a token; a 401 anywhere returns to sign-in.
import { ApiError, SessionEnded, createApi, type Api } from './api.js';
import { clearSession, completeHostedSignIn, currentToken, saveSession, signOut, startHostedSignIn } from './auth.js';
import { loadConfig, type DashboardConfig } from './config.js';
import { todayUtc } from './dates.js';
import { h, replace, statusMessage } from './dom.js';
import type { Page } from './page.js';
import { channelPage } from './pages/channel.js';
import { commentsPage } from './pages/comments.js';
import { customersPage } from './pages/customers.js';
import { followUpPage } from './pages/follow-up.js';
import { overviewPage } from './pages/overview.js';
import { currentRoute, href } from './route.js';

const PAGES: Record<string, Page> = {
  overview: overviewPage,
  channels: channelPage,
  comments: commentsPage,
  customers: customersPage,
  'follow-up': followUpPage,
};
const NAV = [
  { key: 'overview', label: 'Overview' },
  { key: 'comments', label: 'Comments' },
  { key: 'follow-up', label: 'Follow-up' },
  { key: 'customers', label: 'Customers' },
] as const;

const header = document.getElementById('top') as HTMLElement;
const main = document.getElementById('main') as HTMLElement;

let config: DashboardConfig;
let api: Api;
let generation = 0;
const cleanups: Array<() => void> = [];
let firstView = true;
/** Why the session ended (a 401), kept until the next sign-in so that no later redraw of the form loses it. */
let endedBecause: string | undefined;

function leaveView(): void {
  generation++;
  for (const cleanup of cleanups.splice(0)) cleanup();
}

function brand(): HTMLElement {
  return h(
    'a',
    { class: 'brand', href: href(['overview']) },
    h('img', { class: 'brand-mark', src: 'favicon.svg', alt: '' }),
    'Feedback',
    h('span', { class: 'brand-sub' }, ' · CX dashboard'),
  );
}

function showSignIn(message: string | undefined = endedBecause): void {
  leaveView();
  clearSession();
  replace(
    header,
    h(
      'div',
      { class: 'topbar-inner' },
      h(
        'span',
        { class: 'brand' },
        h('img', { class: 'brand-mark', src: 'favicon.svg', alt: '' }),
        'Feedback',
        h('span', { class: 'brand-sub' }, ' · CX dashboard'),
      ),
    ),
  );
  document.title = 'Sign in · Feedback dashboard';
  const notice = h('p', { class: 'field-error', id: 'signin-problem', role: 'alert' }, message ?? '');
  let form: HTMLElement;
  if (config.auth.mode === 'cognito') {
    const auth = config.auth;
    form = h(
      'div',
      { class: 'signin-actions' },
      h('button', { type: 'button', class: 'button', onclick: () => void startHostedSignIn(auth) }, 'Sign in with your company account'),
    );
  } else {
    const input = h('input', {
      id: 'token',
      name: 'token',
      type: 'password',
      required: true,
      autocomplete: 'off',
      spellcheck: 'false',
      'aria-describedby': 'token-hint signin-problem',
    });
    const submit = h('button', { type: 'submit', class: 'button' }, 'Sign in');
    form = h(
      'form',
      { class: 'signin-form', novalidate: true },
      h('div', { class: 'field' }, h('label', { for: 'token' }, 'Manager token'), input),
      h('p', { class: 'hint', id: 'token-hint' }, 'On the local stack: MANAGER_TOKEN, printed by npm start. In AWS: a Cognito access token.'),
      submit,
    );
    form.addEventListener('submit', async (event) => {
      event.preventDefault();
      const token = input.value.trim();
      if (!token) {
        notice.textContent = 'Enter the manager token.';
        input.setAttribute('aria-invalid', 'true');
        return input.focus();
      }
      submit.disabled = true;
      notice.textContent = '';
      try {
        // Checks the token on the smallest report before keeping it.
        const today = todayUtc();
        const response = await fetch(`${config.apiBaseUrl}/reports/channels?from=${today}&to=${today}`, {
          headers: { authorization: `Bearer ${token}` },
          cache: 'no-store',
          credentials: 'omit',
        });
        if (response.status === 401) {
          notice.textContent = 'The API did not accept this token. Check it and try again.';
          input.setAttribute('aria-invalid', 'true');
          return input.focus();
        }
        if (!response.ok) {
          notice.textContent = `The API answered ${response.status}; try again in a moment.`;
          return;
        }
        saveSession({ token });
        endedBecause = undefined;
        showApp();
      } catch {
        notice.textContent = `Could not reach the API at ${config.apiBaseUrl || location.origin}. Check that the service is running.`;
      } finally {
        submit.disabled = false;
      }
    });
  }
  replace(
    main,
    h(
      'div',
      { class: 'signin' },
      h('h1', { tabindex: '-1' }, 'Sign in'),
      h('p', { class: 'lede' }, 'Scores, comments and customer records for CX managers. They hold personal data: sign in to see them.'),
      notice,
      form,
    ),
  );
  (main.querySelector('input') ?? main.querySelector('h1'))?.focus();
}

function showApp(): void {
  const signOutButton = h('button', { type: 'button', class: 'button button-quiet' }, 'Sign out');
  signOutButton.addEventListener('click', () => {
    signOut(config.auth);
    if (config.auth.mode === 'token') showSignIn('You have signed out.');
  });
  replace(
    header,
    h(
      'div',
      { class: 'topbar-inner' },
      brand(),
      h(
        'nav',
        { class: 'nav', 'aria-label': 'Dashboard' },
        h('ul', {}, ...NAV.map((item) => h('li', {}, h('a', { href: href([item.key]), 'data-nav': item.key }, item.label)))),
      ),
      signOutButton,
    ),
  );
  void renderRoute();
}

async function renderRoute(): Promise<void> {
  // An in-page anchor is not a view; on the first load it means the overview.
  const route = currentRoute() ?? (firstView ? { path: ['overview'], query: new URLSearchParams() } : null);
  if (!route) return;
  if (!currentToken()) return showSignIn();
  leaveView();
  const mine = generation;
  const page = PAGES[route.path[0] ?? 'overview'];
  for (const link of header.querySelectorAll<HTMLAnchorElement>('[data-nav]')) {
    if (link.dataset.nav === route.path[0]) link.setAttribute('aria-current', 'page');
    else link.removeAttribute('aria-current');
  }
  if (!page) {
    document.title = 'Not found · Feedback dashboard';
    replace(
      main,
      h('h1', { tabindex: '-1' }, 'Nothing here'),
      statusMessage('empty', 'This address names no view of the dashboard.', undefined, h('a', { href: href(['overview']) }, 'Go to the overview')),
    );
    return;
  }
  document.title = `${page.title} · Feedback dashboard`;
  const rendering = page.render({
    api,
    main,
    route,
    isCurrent: () => mine === generation,
    navigate: (hash) => (location.hash === hash ? void renderRoute() : (location.hash = hash)),
    reload: () => void renderRoute(),
    onLeave: (cleanup) => (mine === generation ? cleanups.push(cleanup) : cleanup()),
  });
  // Moving to a new view moves focus to its heading, so that screen readers announce it; not on the first load.
  if (!firstView) main.querySelector<HTMLElement>('h1')?.focus();
  firstView = false;
  try {
    await rendering;
  } catch (error) {
    if (mine !== generation || error instanceof SessionEnded) return;
    const where = main.querySelector<HTMLElement>('.page-body') ?? main;
    const retry = h('button', { type: 'button', class: 'button button-secondary', onclick: () => void renderRoute() }, 'Try again');
    replace(
      where,
      statusMessage(
        'error',
        'This view could not be loaded.',
        error instanceof ApiError ? error.message : `Unexpected error: ${(error as Error).message}`,
        retry,
      ),
    );
  }
}

async function boot(): Promise<void> {
  try {
    config = await loadConfig();
  } catch (error) {
    replace(main, h('h1', {}, 'Feedback dashboard'), statusMessage('error', 'The dashboard is not configured.', (error as Error).message));
    return;
  }
  let message: string | undefined;
  if (config.auth.mode === 'cognito') {
    const result = await completeHostedSignIn(config.auth);
    if (result?.error) message = result.error;
  }
  api = createApi(config.apiBaseUrl, currentToken, (reason) => showSignIn((endedBecause = reason)));
  window.addEventListener('hashchange', () => void renderRoute());
  if (currentToken()) showApp();
  else showSignIn(message);
}

// The skip link moves focus without touching the hash, which holds the view.
document.querySelector('.skip-link')?.addEventListener('click', (event) => {
  event.preventDefault();
  main.focus();
});

void boot();
