// The dashboard, for /sites/{domain} and for shared links (/share/{slug}, read-only).
// It reads its whole state from the URL; every change (period, interval, metric, filters,
// toggles) is a pushState through the router, which calls update() with the new URL. Each
// load fires all of the view's queries at once and tracks them, so body[data-ready] turns
// "true" (and performance mark "dashboard-drawn" is set) only once everything has drawn.
// The site's saved segments are listed once at mount; a URL that applies one waits for the list,
// so its chip has its name and a segment holding a goal shows conversions from the first draw.

import { h } from '../../dom.js';
import { get, query as runQuery, seg } from '../../api.js';
import { compact, fullNumber } from '../../format.js';
import { pushUrl } from '../../router.js';
import { track, setReadyMark } from '../../ready.js';
import { parseState, toSearch, nextState, dateRange, withFilter, apiFilters, SEGMENT } from './dashboard-state.js';
import { createDatePicker, shortcutPatch } from './datepicker.js';
import { renderFilters } from './filters.js';
import { openFilterBuilder } from './filter-builder.js';
import { loadSegments, openSaveSegment } from './segments.js';
import { exportView } from './export.js';
import { createTopStats } from './top-stats.js';
import { createMainGraph } from './main-graph.js';
import { createPanel } from './panel.js';
import { panelSpecs } from './panels.js';
import { createRealtimeView } from './realtime.js';
import { offsetOf, zoneOffset } from './site-clock.js';

const CURRENT_VISITORS_MS = 30_000;

/**
 * options: {domain, timezone (the site's IANA zone, if known), basePath (path the state's query string is appended to), readOnly,
 * url (the current URL), canManage: () => Promise<boolean> (whether to show the settings link and
 * the explain toggle), role (the user's role on the site: who may save segments; none on a shared link)}
 */
export function mountDashboard(main, { domain, basePath, readOnly, url, canManage, timezone, role = null }) {
  setReadyMark('dashboard-drawn');
  let state = parseState(url.search);

  const ctx = {
    domain,
    readOnly,
    /** The saved segments this viewer sees (segments.js). */
    segments: [],
    get state() {
      return state;
    },
    track,
    /** The site's UTC offset in minutes, once an answer has told it (see site-clock.js). */
    // Known from the site's zone when the page has it, so a period in progress can send its
    // comparison query together with the others on the first load too.
    siteOffset: zoneOffset(timezone),
    learnOffset(response) {
      const offset = offsetOf(response);
      if (offset != null) ctx.siteOffset = offset;
    },
    /** A v2 query for this site with the dashboard's period, filters and explain flag. */
    query(body, signal) {
      const include = { ...(body.include || {}) };
      if (state.explain) include.explain = true;
      if (state.imports) include.imports = true;
      return runQuery({
        site_id: domain,
        date_range: dateRange(state),
        ...body,
        filters: apiFilters([...state.filters, ...(body.filters || [])]),
        include,
      }, signal);
    },
    setState(patch) {
      return pushUrl(basePath + toSearch(nextState(state, patch)));
    },
    addFilter(dimension, value) {
      const done = ctx.setState({ filters: withFilter(state.filters, ['is', dimension, [value]]) });
      // A row low on the page filters everything above it: bring the new chip and the top stats
      // into view, so the click visibly did something.
      if (filterBar.getBoundingClientRect().top < 0 || header.getBoundingClientRect().top < 0) {
        root.scrollIntoView({ block: 'start', behavior: matchMedia('(prefers-reduced-motion: reduce)').matches ? 'auto' : 'smooth' });
      }
      return done;
    },
  };

  // Header: name, visitors now, period, toggles, settings.
  const visitorsNow = h('strong', { class: 'value' }, '–');
  const currentVisitors = h('button', {
    type: 'button', class: 'current-visitors link-button', id: 'current-visitors', 'data-testid': 'current-visitors',
    title: 'Visitors in the last 5 minutes: open the realtime view', onclick: () => ctx.setState({ realtime: true }),
  }, h('span', { class: 'pulse', 'aria-hidden': 'true' }), visitorsNow, ' current visitors');
  const datePicker = createDatePicker({ onChange: (patch) => ctx.setState(patch) });
  const realtimeToggle = h('button', { type: 'button', class: 'toggle', id: 'realtime-toggle', 'aria-pressed': 'false', onclick: () => ctx.setState({ realtime: !state.realtime }) }, 'Realtime');
  // Explain is for the site's admins: the server ignores it for anyone else, and the toggle
  // appears once the role check below allows it (never on a shared link).
  const explainToggle = h('button', { type: 'button', class: 'toggle', id: 'explain-toggle', 'aria-pressed': 'false', hidden: true, title: 'Show which storage tier answered each query and how long it took', onclick: () => ctx.setState({ explain: !state.explain }) }, 'Explain');
  const importsToggle = h('button', { type: 'button', class: 'toggle', id: 'imports-toggle', 'aria-pressed': 'false', title: 'Include history imported from Plausible where it can be added', onclick: () => ctx.setState({ imports: !state.imports }) }, 'Include imported data');
  const settingsSlot = h('span', { class: 'settings-slot' });
  const filterButton = h('button', {
    type: 'button', class: 'secondary small', id: 'filter-button', 'aria-haspopup': 'dialog',
    onclick: () => openFilterBuilder(ctx, {
      opener: filterButton,
      // A condition is added, never merged: several on one dimension are what the builder is for.
      // A segment replaces the one applied before, as on Plausible.
      onApply: (filter) => ctx.setState({ filters: filter[1] === SEGMENT ? withFilter(state.filters, filter) : [...state.filters, filter] }),
      segments: { role: readOnly ? null : role, onChanged: refreshSegments },
    }),
  }, 'Filter');
  const filterBar = h('div', { class: 'filter-bar', id: 'filter-bar', 'aria-live': 'polite', hidden: true });

  const title = h('h1', { id: 'dashboard-title' }, domain);
  const exportStatus = h('span', { class: 'status export-status', role: 'status', 'aria-live': 'polite', id: 'export-status' });
  const exportButton = h('button', {
    type: 'button', class: 'secondary small', id: 'export-button', title: 'Download this view as CSV files in a ZIP',
    onclick: async () => {
      exportButton.disabled = true;
      exportStatus.textContent = 'Preparing the export…';
      try {
        const keys = await get(`/api/ui/sites/${seg(domain)}/property-keys`).then((r) => r.keys, () => []);
        const done = await track(exportView(ctx, keys));
        exportStatus.textContent = `Downloaded ${done.name} (${done.files.length} files).`;
        exportStatus.dataset.files = done.files.join(',');
      } catch (error) {
        exportStatus.textContent = `Export failed: ${error.message}`;
      } finally {
        exportButton.disabled = false;
      }
    },
  }, 'Export CSV');
  const header = h('header', { class: 'dash-head' },
    h('div', { class: 'dash-title' }, title, currentVisitors),
    h('div', { class: 'dash-controls' }, filterButton, datePicker.el, realtimeToggle, importsToggle, explainToggle, exportButton, settingsSlot, exportStatus));

  // The normal view: top stats and graph in one card, then the panels.
  const topStats = createTopStats(ctx);
  const graph = createMainGraph(ctx);
  const panels = panelSpecs(ctx).map((spec) => createPanel(ctx, spec));
  const normalView = h('div', { class: 'normal-view', id: 'normal-view' },
    h('section', { class: 'card overview', 'aria-label': 'Overview' }, topStats.el, graph.el),
    h('div', { class: 'panels' }, panels.map((p) => p.el)));
  let realtime = null;

  const root = h('div', { class: 'dashboard', dataset: { domain, readonly: String(!!readOnly) } }, header, filterBar, normalView);
  main.append(root);

  // Plausible's keyboard shortcuts, not while typing or with a modifier (those are the browser's).
  function onKey(event) {
    if (event.defaultPrevented || event.ctrlKey || event.metaKey || event.altKey || state.realtime) return;
    const target = event.target;
    if (target.closest && target.closest('input, select, textarea, dialog, [contenteditable=""], [role=tablist]')) return;
    if (event.key === 'c') {
      event.preventDefault();
      const select = document.getElementById('date-preset');
      select.value = 'custom';
      select.dispatchEvent(new Event('change'));
      return;
    }
    const patch = shortcutPatch(event.key, state);
    if (!patch) return;
    event.preventDefault();
    ctx.setState(patch);
  }
  document.addEventListener('keydown', onKey);

  let pendingFocus = null;
  let destroyed = false;

  /** Lists the segments again (after a save, rename or delete) and redraws their chips. */
  async function refreshSegments() {
    ctx.segments = await loadSegments(domain);
    if (!destroyed) drawControls();
  }
  const segmentsListed = loadSegments(domain).then((segments) => {
    ctx.segments = segments;
  }, () => {});

  let visitorsTimer = 0;
  async function refreshCurrentVisitors() {
    clearTimeout(visitorsTimer);
    if (document.visibilityState === 'visible') {
      try {
        const n = Number(await get(`/api/v1/stats/realtime/visitors?site_id=${seg(domain)}`)) || 0;
        visitorsNow.textContent = compact(n);
        currentVisitors.setAttribute('aria-label', `${fullNumber(n)} current visitors: open the realtime view`);
      } catch {
        visitorsNow.textContent = '–';
      }
    }
    visitorsTimer = setTimeout(refreshCurrentVisitors, CURRENT_VISITORS_MS);
  }

  function drawControls() {
    datePicker.set(state);
    datePicker.el.hidden = state.realtime;
    realtimeToggle.setAttribute('aria-pressed', String(state.realtime));
    explainToggle.setAttribute('aria-pressed', String(state.explain));
    importsToggle.setAttribute('aria-pressed', String(state.imports));
    importsToggle.hidden = state.realtime;
    filterButton.hidden = state.realtime;
    // The realtime view shows the same count, bigger and fresher: two numbers for one thing,
    // read at different moments, would disagree side by side.
    currentVisitors.hidden = state.realtime;
    exportButton.hidden = state.realtime;
    renderFilters(filterBar, state.filters, {
      onRemove: (index) => {
        // The chip and its button go away: focus moves to the chip now at that place, or to the
        // Filter button, never to <body>.
        pendingFocus = index;
        return ctx.setState({ filters: state.filters.filter((_, i) => i !== index) });
      },
      onClear: () => {
        pendingFocus = 0;
        return ctx.setState({ filters: [] });
      },
      // The filters on screen become one segment chip once saved.
      onSave: readOnly || !role ? null : () => openSaveSegment(ctx, {
        filters: state.filters,
        role,
        opener: filterButton,
        onSaved: async (segment) => {
          await refreshSegments();
          await ctx.setState({ filters: [...state.filters.filter(([, d]) => d === SEGMENT), ['is', SEGMENT, [String(segment.id)]]] });
        },
      }),
    });
    if (pendingFocus != null) {
      const removes = filterBar.querySelectorAll('.filter-chip .remove');
      (removes[Math.min(pendingFocus, removes.length - 1)] || filterButton).focus();
      pendingFocus = null;
    }
    document.title = `${domain} · Footfall`;
  }

  /** Everything of the current view, in parallel; resolves once all of it has drawn. */
  function load() {
    drawControls();
    if (state.realtime) {
      normalView.hidden = true;
      if (!realtime) {
        realtime = createRealtimeView(ctx);
        root.append(realtime.el);
      }
      realtime.el.hidden = false;
      return track(realtime.start());
    }
    if (realtime) {
      realtime.stop();
      realtime.el.hidden = true;
    }
    normalView.hidden = false;
    return track(Promise.allSettled([topStats.load(), graph.load(), ...panels.map((p) => p.load())]));
  }

  // The first load gets the browser's connections to itself (6 per host over HTTP/1.1); the
  // current-visitors count and the role check (settings link, explain toggle) follow once it has drawn.
  // Waiting for the segments is tracked too, or the page would read as drawn before its first load began.
  const first = state.filters.some(([, d]) => d === SEGMENT)
    ? track(segmentsListed.then(() => {
      state = parseState(url.search); // the metric chosen may be a conversion one, once the segment is known
      return load();
    }))
    : load();
  first.then(() => {
    if (!destroyed) segmentsListed.then(() => !destroyed && drawControls());
    if (destroyed) return;
    refreshCurrentVisitors();
    if (!readOnly && !state.embed) {
      // The site switcher: the other sites this account sees, same period, no filters (a filter
      // on one site's pages rarely means anything on another's).
      get('/api/ui/sites').then(({ sites }) => {
        if (destroyed || !sites || sites.length < 2) return;
        const switcher = h('select', { id: 'site-switcher', class: 'site-switcher', 'aria-label': 'Switch site' },
          sites.map((site) => h('option', { value: site.domain, selected: site.domain === domain }, site.domain)));
        switcher.addEventListener('change', () => pushUrl(`/sites/${seg(switcher.value)}${toSearch({ ...state, filters: [], tabs: {} })}`));
        title.after(switcher);
      }, () => {});
    }
    if (!readOnly && canManage) {
      canManage().then((ok) => {
        if (!ok || destroyed) return;
        settingsSlot.replaceChildren(h('a', { class: 'button secondary small', id: 'settings-link', href: `/sites/${seg(domain)}/settings` }, 'Settings'));
        explainToggle.hidden = false;
      }, () => {});
    }
  });

  return {
    loaded: first,
    update(ctxOfRouter) {
      const previous = state;
      state = parseState(ctxOfRouter.url.search);
      // Toggling explain alone still reloads: the numbers come back with their explanation.
      if (JSON.stringify(previous) === JSON.stringify(state)) return Promise.resolve();
      // Another panel tab changes that panel only.
      if (JSON.stringify({ ...previous, tabs: null }) === JSON.stringify({ ...state, tabs: null })) {
        return track(Promise.allSettled(panels.map((p) => p.syncTab())));
      }
      return load();
    },
    destroy() {
      destroyed = true;
      document.removeEventListener('keydown', onKey);
      clearTimeout(visitorsTimer);
      topStats.destroy();
      graph.destroy();
      panels.forEach((p) => p.destroy());
      realtime?.destroy();
      document.getElementById('details-dialog')?.remove();
      setReadyMark(null);
    },
  };
}
