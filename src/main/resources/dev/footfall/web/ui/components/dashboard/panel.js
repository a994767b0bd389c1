// A breakdown card: tabs (buttons with role="tab" and aria-selected), the top 9 rows of the
// active tab with a bar behind each row proportional to its visitors, and a Details button
// that opens the full list. Clicking (or Enter/Space on) a row filters the whole dashboard by
// that value.
//
// A tab is {key, label, dimension, metrics} or, when it offers several dimensions through a
// <select> (UTM tags, custom property keys), {key, label, choices: [[dimension, label]] |
// async () => [[dimension, label]], emptyChoices, metrics}.

import { h, nextId } from '../../dom.js';
import { METRIC_COLUMNS, dimensionLabel, formatMetric, fullNumber, valueLabel, compact } from '../../format.js';
import { explainLine, showExplain } from './explain.js';
import { openDetails } from './details-dialog.js';
import { isAbort } from '../../api.js';
import { hasGoalFilter } from './dashboard-state.js';

export const TOP_ROWS = 9;

/**
 * What a tab shows in the current view. Under a goal filter a breakdown shows conversions and
 * each row's conversion rate (Plausible's CR column): pageviews of converting visits mean little.
 */
export function tabMetrics(tab, filters) {
  if (tab.goalMetrics === false || !hasGoalFilter(filters)) return tab.metrics;
  return ['visitors', 'group_conversion_rate'];
}

/** Column headings: visitors read "Conversions" under a goal filter. */
export function columnLabel(metric, filters) {
  return metric === 'visitors' && hasGoalFilter(filters) ? 'Conversions' : METRIC_COLUMNS[metric];
}

export function createPanel(ctx, spec) {
  const { id, title, tabs } = spec;
  // The tab comes from the URL (tab_<panel>=<key>), so a copied link opens the same lists.
  let active = tabs.find((tab) => tab.key === (ctx.state.tabs || {})[id]) || tabs[0];
  const chosen = new Map(); // tab key → chosen dimension
  let controller = null;
  const headingId = nextId(`panel-${id}`);
  const bodyId = nextId(`panel-body-${id}`);

  const tabButtons = tabs.map((tab) => h('button', {
    type: 'button', role: 'tab', class: 'tab', id: `${bodyId}-tab-${tab.key}`, 'aria-controls': bodyId,
    dataset: { tab: tab.key }, 'aria-selected': String(tab === active), tabindex: tab === active ? '0' : '-1',
    onclick: () => selectTab(tab),
  }, tab.label));
  const tablist = h('div', { role: 'tablist', class: 'tabs', 'aria-label': title }, tabButtons);
  tablist.addEventListener('keydown', (event) => {
    // Arrow keys move between tabs (the WAI-ARIA tabs pattern).
    const step = { ArrowRight: 1, ArrowLeft: -1 }[event.key];
    if (!step) return;
    const index = (tabs.indexOf(active) + step + tabs.length) % tabs.length;
    selectTab(tabs[index]);
    tabButtons[index].focus();
    event.preventDefault();
  });
  const choice = h('select', { class: 'panel-choice', id: `${id}-choice`, hidden: true, 'aria-label': `${title}: which one` });
  choice.addEventListener('change', () => {
    chosen.set(active.key, choice.value);
    ctx.track(load());
  });
  const columns = h('div', { class: 'panel-columns', 'aria-hidden': 'true' });
  const rows = h('ul', { class: 'rows' });
  const status = h('p', { class: 'status', role: 'status', 'aria-live': 'polite' });
  const details = h('button', { type: 'button', class: 'details-button link-button', hidden: true, onclick: openFull }, 'Details');
  const explain = explainLine(id);
  const body = h('div', { class: 'panel-body', role: 'tabpanel', id: bodyId, 'aria-labelledby': `${bodyId}-tab-${active.key}` }, choice, columns, status, rows);
  const el = h('section', { class: 'panel card', dataset: { panel: id, tab: active.key }, 'aria-labelledby': headingId },
    h('header', { class: 'panel-head' }, h('h2', { id: headingId }, title), tablist),
    body,
    h('footer', { class: 'panel-foot' }, details, explain));

  if (tabs.length < 2) {
    // A single list needs no tabs: the heading names it.
    tablist.hidden = true;
    body.removeAttribute('role');
    body.setAttribute('aria-labelledby', headingId);
  }

  /** A tab chosen by the user: kept in the URL; the dashboard then calls syncTab(). */
  function selectTab(tab) {
    if (tab === active) return;
    const tabsInUrl = { ...(ctx.state.tabs || {}) };
    if (tab === tabs[0]) delete tabsInUrl[id];
    else tabsInUrl[id] = tab.key;
    ctx.setState({ tabs: tabsInUrl });
  }

  /** Shows the tab the URL names; resolves once its list has drawn (at once if unchanged). */
  function syncTab() {
    const tab = tabs.find((t) => t.key === (ctx.state.tabs || {})[id]) || tabs[0];
    if (tab === active) return Promise.resolve();
    active = tab;
    el.dataset.tab = tab.key;
    body.setAttribute('aria-labelledby', `${bodyId}-tab-${tab.key}`);
    tabButtons.forEach((button, i) => {
      button.setAttribute('aria-selected', String(tabs[i] === tab));
      button.tabIndex = tabs[i] === tab ? 0 : -1;
    });
    return load();
  }

  /** The active tab's dimension, filling its <select> when it has choices. */
  async function dimensionOf(tab, signal) {
    if (!tab.choices) {
      choice.hidden = true;
      const one = ctx.state.filters.some(([op, d, values]) => op === 'is' && d === tab.dimension && values.length === 1);
      return tab.drill && one ? tab.drill : tab.dimension;
    }
    const options = typeof tab.choices === 'function' ? await tab.choices(signal) : tab.choices;
    if (!options.length) {
      choice.hidden = true;
      return null;
    }
    let dimension = chosen.get(tab.key);
    if (!options.some(([d]) => d === dimension)) dimension = options[0][0];
    chosen.set(tab.key, dimension);
    choice.replaceChildren(...options.map(([d, label]) => h('option', { value: d }, label)));
    choice.value = dimension;
    choice.hidden = false;
    return dimension;
  }

  function drawColumns(dimension, metrics) {
    columns.replaceChildren(h('span', { class: 'col-label' }, dimensionLabel(dimension)),
      ...metrics.map((m) => h('span', { class: 'col-metric', dataset: { metric: m } }, columnLabel(m, ctx.state.filters))));
  }

  function row(dimension, metrics, result, max) {
    const value = result.dimensions[0];
    const label = valueLabel(dimension, value);
    const bar = h('span', { class: 'bar', 'aria-hidden': 'true' });
    bar.style.width = `${max > 0 ? Math.max(1, (100 * (result.metrics[0] || 0)) / max) : 0}%`;
    return h('li', {},
      h('button', {
        type: 'button', class: 'row', dataset: { value: String(value) },
        title: `Filter by ${dimensionLabel(dimension)}: ${label}`,
        'aria-label': `${label}: ${metrics.map((m, i) => `${formatMetric(m, result.metrics[i])} ${columnLabel(m, ctx.state.filters).toLowerCase()}`).join(', ')}. Filter by it.`,
        onclick: () => ctx.addFilter(dimension, String(value)),
      },
      bar,
      h('span', { class: 'label' }, label),
      ...metrics.map((m, i) => h('span', { class: 'num', dataset: { metric: m } }, formatMetric(m, result.metrics[i])))));
  }

  let current = null; // {dimension, metrics, total}

  async function load() {
    controller?.abort();
    controller = new AbortController();
    const { signal } = controller;
    const tab = active;
    const metrics = tabMetrics(tab, ctx.state.filters);
    el.setAttribute('aria-busy', 'true');
    status.className = 'status';
    status.textContent = 'Loading…';
    try {
      const dimension = await dimensionOf(tab, signal);
      if (signal.aborted) return;
      if (!dimension) {
        current = null;
        columns.replaceChildren();
        rows.replaceChildren();
        details.hidden = true;
        status.textContent = tab.emptyChoices || 'No data for this period';
        status.classList.add('empty');
        showExplain(explain, false);
        return;
      }
      const response = await ctx.query({
        metrics,
        dimensions: [dimension],
        order_by: [[metrics[0], 'desc']],
        include: { total_rows: true },
        pagination: { limit: TOP_ROWS + (tab.dropNone ? 1 : 0), offset: 0 },
      }, signal);
      if (signal.aborted) return;
      let results = response.results || [];
      let total = response.meta && response.meta.total_rows != null ? response.meta.total_rows : results.length;
      if (tab.dropNone) {
        const before = results.length;
        results = results.filter((r) => r.dimensions[0] !== '' && r.dimensions[0] !== '(none)').slice(0, TOP_ROWS);
        if (results.length < Math.min(before, TOP_ROWS + 1)) total -= 1;
      }
      if (tab.needsCities && results.length && results.every((r) => r.dimensions[0] === '')) {
        // Only a country database is configured: every visit's region and city are unknown.
        // One "(none)" row with every visitor in it says nothing and filters by nothing.
        current = null;
        columns.replaceChildren();
        rows.replaceChildren();
        details.hidden = true;
        status.replaceChildren(`${tab.label} need a city-level GeoIP database (MaxMind format, .mmdb, such as DB-IP's free "IP to City Lite"). Start Footfall with `,
          h('code', {}, '--geoip FILE'), ' or ', h('code', {}, 'FOOTFALL_GEOIP=FILE'), ' to add one; visits from then on get their region and city.');
        status.classList.add('empty', 'needs-geo');
        showExplain(explain, false);
        return;
      }
      current = { dimension, metrics, total };
      if (results.length) drawColumns(dimension, metrics);
      else columns.replaceChildren();
      const max = Math.max(0, ...results.map((r) => r.metrics[0] || 0));
      rows.replaceChildren(...results.map((r) => row(dimension, metrics, r, max)));
      status.textContent = results.length ? '' : (tab.empty || 'No data for this period');
      status.classList.toggle('empty', !results.length);
      details.hidden = !results.length;
      details.textContent = total > results.length ? `Details (${compact(total)})` : 'Details';
      showExplain(explain, ctx.state.explain, response);
    } catch (error) {
      if (isAbort(error)) return;
      rows.replaceChildren();
      columns.replaceChildren();
      details.hidden = true;
      status.textContent = error.message;
      status.classList.add('form-error');
      showExplain(explain, false);
    } finally {
      if (!signal.aborted) el.removeAttribute('aria-busy');
    }
  }

  function openFull() {
    if (!current) return;
    openDetails(ctx, {
      title: `${title}: ${dimensionLabel(current.dimension)}`,
      dimension: current.dimension,
      metrics: current.metrics,
    });
  }

  return { el, load, syncTab, destroy: () => controller?.abort() };
}
