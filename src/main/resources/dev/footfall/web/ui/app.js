// Entry point: reads the session, draws the top navigation, declares the routes and starts the
// router. Auth rules live in guard(): which pages need a user, and where "/" leads.

import { post } from './api.js';
import { h } from './dom.js';
import { addRoute, navigate, safeNext, startRouter } from './router.js';
import { refreshSession, session, onSessionChange, setSession } from './session.js';
import { logoMark } from './components/layout/logo.js';
import { dashboardPage } from './pages/dashboard.js';

// The dashboard is imported up front (it is what most visits open, and index.html preloads its
// modules); every other page loads its module the first time it is shown.
const lazy = (load, name) => async (ctx) => (await load())[name](ctx);
const setupPage = lazy(() => import('./pages/setup.js'), 'setupPage');
const loginPage = lazy(() => import('./pages/login.js'), 'loginPage');
const accountPage = lazy(() => import('./pages/account.js'), 'accountPage');
const sitesPage = lazy(() => import('./pages/sites.js'), 'sitesPage');
const newSitePage = lazy(() => import('./pages/newsite.js'), 'newSitePage');
const settingsPage = lazy(() => import('./pages/settings.js'), 'settingsPage');
const sharePage = lazy(() => import('./pages/share.js'), 'sharePage');
const invitePage = lazy(() => import('./pages/invite.js'), 'invitePage');

const PUBLIC = new Set(['/setup', '/login', '/share/:slug', '/invite/:token']);

addRoute('/', () => null); // guard() always redirects away from "/"
addRoute('/setup', setupPage);
addRoute('/login', loginPage);
addRoute('/account', accountPage);
addRoute('/sites', sitesPage);
addRoute('/sites/new', newSitePage);
addRoute('/sites/:domain/settings', settingsPage);
addRoute('/sites/:domain', dashboardPage);
addRoute('/share/:slug', sharePage);
addRoute('/invite/:token', invitePage);

function guard(pattern, url) {
  const { setup_required: setupRequired, user } = session();
  if (pattern === '/share/:slug' || pattern === '/invite/:token') return null;
  if (setupRequired) return pattern === '/setup' ? null : '/setup';
  if (pattern === '/setup') return user ? '/sites' : '/login';
  if (pattern === '/') return user ? '/sites' : '/login';
  if (pattern === '/login') return user ? safeNext(url.searchParams.get('next')) : null;
  if (!user && !PUBLIC.has(pattern)) return `/login?next=${encodeURIComponent(url.pathname + url.search)}`;
  return null;
}

async function logOut() {
  try {
    await post('/api/ui/logout');
  } finally {
    setSession({ setup_required: false, user: null, csrf: null });
    navigate('/login');
  }
}

function drawTopbar() {
  const bar = document.getElementById('topbar');
  const { user } = session();
  const embed = new URLSearchParams(location.search).get('embed') === 'true';
  bar.hidden = embed;
  const here = location.pathname;
  const current = (path) => (here === path || (path === '/sites' && here.startsWith('/sites')) ? 'page' : null);
  bar.replaceChildren(
    h('nav', { class: 'topnav', 'aria-label': 'Main' },
      h('a', { class: 'brand', href: user ? '/sites' : '/', 'aria-label': 'Footfall home' }, logoMark(28), h('span', { class: 'brand-name' }, 'Footfall')),
      user
        ? h('ul', { class: 'nav-links' },
          h('li', {}, h('a', { href: '/sites', id: 'nav-sites', 'aria-current': current('/sites') }, 'Sites')),
          h('li', {}, h('a', { href: '/account', id: 'nav-account', 'aria-current': current('/account') }, 'Account')),
          h('li', {}, h('button', { type: 'button', id: 'nav-logout', class: 'link-button', onclick: logOut }, 'Log out')))
        : null));
}

async function start() {
  const main = document.getElementById('main');
  try {
    await refreshSession();
  } catch (error) {
    main.replaceChildren(h('p', { class: 'form-error', role: 'alert' }, `Footfall's server could not be reached: ${error.message}`));
    document.body.dataset.ready = 'true';
    return;
  }
  onSessionChange(drawTopbar);
  // The nav reflects the current path: redraw it after every navigation.
  const redraw = () => queueMicrotask(drawTopbar);
  window.addEventListener('popstate', redraw);
  for (const method of ['pushState', 'replaceState']) {
    const original = history[method].bind(history);
    history[method] = (...args) => {
      original(...args);
      redraw();
    };
  }
  drawTopbar();
  await startRouter(main, guard);
}

start();
