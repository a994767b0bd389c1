// History API routing: real <a href> links everywhere (so they can be opened in a new tab),
// with same-origin clicks intercepted and turned into pushState + render, and Back/Forward
// (popstate) rendering again from the URL.
//
// A route's mount(ctx) draws into ctx.main and may return {update(ctx), destroy()}. When the
// next URL matches the same route with the same parameters and the page has update(), the page
// is updated in place (the dashboard re-reads its state from the query string) instead of being
// rebuilt.

import { track } from './ready.js';

const routes = [];
let outlet = null;
let current = null; // {key, mounted: Promise<page|null>}
let beforeEach = null;
let renderCount = 0;
let rendered = null; // pathname + search of the page on screen, to tell a #fragment move from a navigation

export function addRoute(pattern, mount) {
  // "/sites/:domain/settings" → a regex with named groups.
  const source = pattern.replace(/:(\w+)/g, (_, name) => `(?<${name}>[^/]+)`);
  routes.push({ pattern, regex: new RegExp(`^${source}/?$`), mount });
}

function match(pathname) {
  for (const route of routes) {
    const m = route.regex.exec(pathname);
    if (m) {
      const params = {};
      for (const [k, v] of Object.entries(m.groups || {})) params[k] = decodeURIComponent(v);
      return { route, params };
    }
  }
  return null;
}

/** Only local paths are followed after login (no open redirect). */
export function safeNext(next) {
  return next && next.startsWith('/') && !next.startsWith('//') ? next : '/sites';
}

export function navigate(url, { replace = false } = {}) {
  const target = new URL(url, location.href);
  const same = target.href === location.href;
  if (replace || same) history.replaceState(null, '', target.href);
  else history.pushState(null, '', target.href);
  // Tracked at once, so body[data-ready] turns "false" before this call returns.
  return track(render({ focus: !same }));
}

/** Called by pages that change their own query string (dashboard state). */
export function pushUrl(url) {
  history.pushState(null, '', new URL(url, location.href).href);
  return track(render({ focus: false }));
}

async function render({ focus = false, fromHistory = false } = {}) {
  renderCount += 1;
  const thisRender = renderCount;
  const found = match(location.pathname);
  const url = new URL(location.href);
  // Following an in-page link (#settings-members) fires popstate too. The page on screen is the
  // same, so it must stay: rebuilding it would drop what it shows only once (a new API key's
  // secret, an invitation link) and lose the scroll position the link asked for.
  if (fromHistory && current && rendered === url.pathname + url.search) {
    revealHash(url.hash);
    return current.mounted;
  }
  if (beforeEach) {
    const redirect = beforeEach(found ? found.route.pattern : null, url);
    if (redirect && redirect !== location.pathname + location.search) return navigate(redirect, { replace: true });
  }
  rendered = url.pathname + url.search;
  const key = found ? `${found.route.pattern}|${JSON.stringify(found.params)}` : '404';
  const ctx = { main: outlet, params: found ? found.params : {}, url, isCurrent: () => thisRender === renderCount };
  if (current && current.key === key) {
    const page = await current.mounted;
    if (page && page.update) return track(page.update(ctx));
  }
  if (current) {
    const previous = await current.mounted;
    if (previous && previous.destroy) previous.destroy();
  }
  if (thisRender !== renderCount) return null;
  const mount = found ? found.route.mount : notFound;
  outlet.replaceChildren();
  const mounted = track(Promise.resolve().then(() => mount(ctx)));
  current = {
    key,
    mounted: mounted.catch((error) => {
      const box = document.createElement('p');
      box.className = 'form-error page-error';
      box.setAttribute('role', 'alert');
      box.textContent = `This page could not be shown: ${error.message || error}`;
      outlet.append(box);
      return null;
    }),
  };
  const page = await current.mounted;
  if (thisRender === renderCount && url.hash) {
    // A page loaded at …/settings#settings-members draws its sections after a fetch, so the
    // browser found no target at load time: go there now that it exists.
    revealHash(url.hash);
    return page;
  }
  if (focus) {
    // Move focus to the new page's heading so screen readers announce the change.
    const heading = outlet.querySelector('h1');
    if (heading) {
      heading.setAttribute('tabindex', '-1');
      heading.focus({ preventScroll: true });
    }
  }
  return page;
}

/** Scrolls to the element a #fragment names and moves focus there (without a second scroll). */
function revealHash(hash) {
  if (!hash || hash.length < 2) return;
  let target = null;
  try {
    target = document.getElementById(decodeURIComponent(hash.slice(1)));
  } catch {
    return;
  }
  if (!target) return;
  target.scrollIntoView({ block: 'start' });
  if (!target.hasAttribute('tabindex')) target.setAttribute('tabindex', '-1');
  target.focus({ preventScroll: true });
}

function notFound({ main }) {
  document.title = 'Not found · Footfall';
  const h1 = document.createElement('h1');
  h1.textContent = 'Page not found';
  const p = document.createElement('p');
  const a = document.createElement('a');
  a.href = '/sites';
  a.textContent = 'Back to your sites';
  p.append(a);
  main.append(h1, p);
}

function onClick(event) {
  if (event.defaultPrevented || event.button !== 0) return;
  if (event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
  const a = event.target.closest('a[href]');
  if (!a || a.target || a.hasAttribute('download') || a.dataset.external != null) return;
  const url = new URL(a.href, location.href);
  if (url.origin !== location.origin || url.pathname.startsWith('/api/') || url.pathname.startsWith('/ui/')) return;
  // In-page anchors (#section) are the browser's job.
  if (url.hash && url.pathname === location.pathname && url.search === location.search) return;
  event.preventDefault();
  navigate(url.href);
}

/** guard(pattern, url) may return a path to redirect to (auth and setup checks). */
export function startRouter(main, guard) {
  outlet = main;
  beforeEach = guard;
  document.addEventListener('click', onClick);
  window.addEventListener('popstate', () => track(render({ fromHistory: true })));
  return track(render());
}
