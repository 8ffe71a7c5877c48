import { ApiClient } from './api';
import { h, replaceChildren } from './dom';
import { LiveFigures } from './live';
import { renderHistory } from './views/history';
import { renderLogin } from './views/login';
import { renderOverview } from './views/overview';
import { renderPlan } from './views/plan';
import { renderShadow } from './views/shadow';
import { renderSteer } from './views/steer';
import type { ConsoleContext, Screen } from './views/screen';

const SCREENS: Screen[] = [
  { id: 'overview', title: 'Overview', render: renderOverview },
  { id: 'steer', title: 'Steer', render: renderSteer },
  { id: 'shadow', title: 'Shadow', render: renderShadow },
  { id: 'history', title: 'History', render: renderHistory },
  { id: 'plan', title: 'Plan', render: renderPlan },
];

const root = document.getElementById('app') as HTMLElement;
const api = new ApiClient();
const live = new LiveFigures(() => api.accessToken);
const liveStatus = h('span', { class: 'live-status', role: 'status', 'aria-live': 'polite' }, 'Live figures: not connected');
live.onState = (state, detail) => {
  liveStatus.textContent =
    state === 'live'
      ? 'Live figures: connected'
      : state === 'connecting'
        ? 'Live figures: connecting…'
        : `Live figures: ${detail ?? 'closed'}`;
  liveStatus.dataset.state = state;
};

const context: ConsoleContext = { api, live, refresh: (notice) => void showScreen(notice) };

api.onUnauthorized = () => {
  live.stop();
  showLogin('Your session has ended; log in again.');
};

function showLogin(notice?: string): void {
  document.title = 'Log in — Switchyard migration console';
  replaceChildren(
    root,
    renderLogin(api, notice, () => {
      live.start();
      if (!window.location.hash) window.location.hash = '#/overview';
      void showScreen();
    }),
  );
}

function currentScreen(): Screen {
  const id = window.location.hash.replace(/^#\//, '');
  return SCREENS.find((screen) => screen.id === id) ?? SCREENS[0]!;
}

let renderCount = 0;

async function showScreen(notice?: string): Promise<void> {
  if (!api.loggedIn) return showLogin();
  const screen = currentScreen();
  const render = ++renderCount;
  document.title = `${screen.title} — Switchyard migration console`;
  const main = h(
    'main',
    { id: 'main', tabindex: '-1', 'aria-busy': 'true' },
    h('p', { class: 'message' }, `Loading ${screen.title.toLowerCase()}…`),
  );
  replaceChildren(root, header(screen), main);
  const content = await screen.render(context);
  if (render !== renderCount) return;
  main.removeAttribute('aria-busy');
  replaceChildren(main, h('h1', {}, screen.title), notice ? h('p', { role: 'status', class: 'message notice' }, notice) : null, content);
  main.focus();
}

function header(active: Screen): HTMLElement {
  const links = SCREENS.map((screen) =>
    h('li', {}, h('a', { href: `#/${screen.id}`, 'aria-current': screen.id === active.id ? 'page' : undefined }, screen.title)),
  );
  const logout = h('button', { type: 'button', class: 'secondary', onclick: () => void logOut() }, 'Log out');
  return h(
    'header',
    { class: 'top' },
    h('span', { class: 'brand' }, 'Switchyard migration console'),
    h('nav', { 'aria-label': 'Console screens' }, h('ul', {}, ...links)),
    liveStatus,
    logout,
  );
}

async function logOut(): Promise<void> {
  live.stop();
  await api.logout();
  showLogin('You are logged out.');
}

window.addEventListener('hashchange', () => void showScreen());
showLogin();
