// The headline numbers with their change against the comparison period. Each is a button:
// clicking it charts that metric in the main graph. Under a goal filter they are Plausible's
// conversion numbers (unique conversions, total conversions, conversion rate), because pageviews
// or a bounce rate of "visits that converted" read as nonsense there.
//
// The comparison runs as a second query over explicit dates (comparison.js decides which), so
// every comparison mode works the same way. A period in progress ("Today", "This month") is
// compared up to the same moment of the other period, not with all of it.

import { h } from '../../dom.js';
import { METRIC_LABELS, LOWER_IS_BETTER, formatMetric, formatChange, changeOf, fullNumber } from '../../format.js';
import { metricsFor, hasGoalFilter, canCompare, comparisonDates, inProgress, periodDates } from './dashboard-state.js';
import { elapsedPart } from './site-clock.js';
import { explainLine, showExplain } from './explain.js';
import { isAbort } from '../../api.js';

/** The metrics the view can chart (views per visit is refused under a page filter, as on Plausible). */
export function availableMetrics(filters) {
  return metricsFor(filters);
}

const GOAL_LABELS = { visitors: 'Unique conversions', events: 'Total conversions', conversion_rate: 'Conversion rate' };

export function statLabel(metric, filters) {
  return (hasGoalFilter(filters) && GOAL_LABELS[metric]) || METRIC_LABELS[metric];
}

const SHORT = new Intl.DateTimeFormat(undefined, { month: 'short', day: 'numeric', timeZone: 'UTC' });
const WITH_YEAR = new Intl.DateTimeFormat(undefined, { month: 'short', day: 'numeric', year: 'numeric', timeZone: 'UTC' });
const TIME = new Intl.DateTimeFormat(undefined, { hour: '2-digit', minute: '2-digit', timeZone: 'UTC', hourCycle: 'h23' });

/** "Nov 1 – Nov 3, 10:59", or "Dec 2 until 10:28" for part of one day: what the numbers are compared with. */
function rangeText(range) {
  const [a, b] = range.map((t) => new Date(Date.parse(t.length === 10 ? `${t}T00:00:00Z` : `${t.slice(0, 19)}Z`)));
  const fmt = a.getUTCFullYear() === new Date().getUTCFullYear() ? SHORT : WITH_YEAR;
  const partial = range[1].length > 10;
  if (fmt.format(a) === fmt.format(b)) return partial ? `${fmt.format(a)} until ${TIME.format(b)}` : fmt.format(a);
  return `${fmt.format(a)} – ${fmt.format(b)}${partial ? `, ${TIME.format(b)}` : ''}`;
}

export function createTopStats(ctx) {
  const stats = new Map();
  const group = h('div', { class: 'top-stats', role: 'group', 'aria-label': 'Top stats: choose the graph metric' });
  const compared = h('p', { class: 'muted comparison-note', id: 'comparison-note' });
  const status = h('p', { class: 'status top-stats-status', role: 'status', 'aria-live': 'polite' });
  const explain = explainLine('top-stats');
  const el = h('div', { class: 'top-stats-wrap' }, group, compared, status, explain);
  let controller = null;
  let shown = '';

  function buttons(metrics, filters) {
    const key = `${metrics.join()}|${hasGoalFilter(filters)}`;
    if (key === shown) return;
    shown = key;
    stats.clear();
    group.replaceChildren(...metrics.map((metric) => {
      const value = h('span', { class: 'value' }, '–');
      const change = h('span', { class: 'change' });
      const label = statLabel(metric, filters);
      const button = h('button', {
        type: 'button', class: 'top-stat', 'data-testid': `top-stat-${metric}`, dataset: { metric },
        'aria-pressed': 'false', onclick: () => ctx.setState({ metric }),
      }, h('span', { class: 'label' }, label), value, change);
      stats.set(metric, { button, value, change, label });
      return button;
    }));
  }

  function select(metric) {
    for (const [key, { button }] of stats) button.setAttribute('aria-pressed', String(key === metric));
  }

  function draw(row, before, metrics) {
    const beforeVisitors = before ? before.metrics[metrics.indexOf('visitors')] : 0;
    metrics.forEach((metric, i) => {
      const { value, change, button, label } = stats.get(metric);
      const v = row ? row.metrics[i] : null;
      value.textContent = formatMetric(metric, v ?? 0);
      button.title = `${label}: ${metric === 'visit_duration' || metric === 'bounce_rate' || metric === 'conversion_rate' ? formatMetric(metric, v ?? 0) : fullNumber(v ?? 0)}`;
      change.className = 'change';
      change.replaceChildren();
      change.removeAttribute('aria-label');
      delete change.dataset.before;
      if (!before) return;
      change.dataset.before = String(before.metrics[i] ?? 0);
      // A conversion rate always has a base (the site's visitors), even when nobody converted.
      const delta = changeOf(metric, v ?? 0, before.metrics[i] ?? 0, metric === 'conversion_rate' ? 1 : beforeVisitors);
      if (delta == null) {
        change.classList.add('flat');
        change.append('—');
        change.setAttribute('aria-label', 'nothing to compare with in the other period');
        return;
      }
      if (delta === 'new') {
        change.classList.add('new');
        change.append('new');
        change.setAttribute('aria-label', 'new: none in the other period');
        return;
      }
      const better = LOWER_IS_BETTER.has(metric) ? delta < 0 : delta > 0;
      change.classList.add(delta === 0 ? 'flat' : better ? 'good' : 'bad');
      const arrow = delta > 0 ? '↑' : delta < 0 ? '↓' : '→';
      change.append(h('span', { 'aria-hidden': 'true' }, `${arrow} `), formatChange(metric, delta));
      // Spoken without the sign: "up 11 %" (not "up +11 %").
      change.setAttribute('aria-label', `${delta > 0 ? 'up' : delta < 0 ? 'down' : 'unchanged'} ${formatChange(metric, Math.abs(delta))} against the comparison period`);
    });
  }

  async function load() {
    const state = ctx.state;
    const metrics = metricsFor(state.filters);
    buttons(metrics, state.filters);
    select(metrics.includes(state.metric) ? state.metric : 'visitors');
    controller?.abort();
    controller = new AbortController();
    const { signal } = controller;
    el.setAttribute('aria-busy', 'true');
    status.textContent = '';
    status.classList.remove('form-error');
    const other = canCompare(state) ? comparisonDates(state) : null;
    try {
      // One request: the Stats API answers over the other range too (include.comparison with a
      // date_range, a Footfall extension). A period in progress needs the site's clock to cut the
      // other period at the same moment: known from the site's zone, else learnt from a first answer.
      const running = inProgress(state) && state.comparison !== 'custom';
      const otherRange = (offset) => (running ? elapsedPart(periodDates(state)[0], other, offset) : other);
      const ask = (offset) => ctx.query({ metrics, include: other ? { comparison: { date_range: otherRange(offset) } } : {} }, signal);
      let response;
      if (other && running && ctx.siteOffset == null) {
        ctx.learnOffset(await ctx.query({ metrics }, signal));
      }
      response = await ask(ctx.siteOffset);
      const row = response.results[0];
      const before = other ? { metrics: row && row.comparison ? row.comparison.metrics : metrics.map(() => 0), range: response.meta.comparison_date_range } : null;
      ctx.learnOffset(response);
      draw(row, before, metrics);
      const shownRange = before && before.range ? before.range.map((t, i) => (running || i === 0 ? t : t.slice(0, 10))) : null;
      compared.textContent = before ? `Compared with ${rangeText(running ? shownRange : other)}${running ? ' (the same part of the period, as this one is still running)' : ''}` : '';
      compared.hidden = !before;
      compared.dataset.range = before && before.range ? JSON.stringify(before.range) : '';
      showExplain(explain, state.explain, response);
    } catch (error) {
      if (isAbort(error)) return;
      draw(null, null, metrics);
      compared.hidden = true;
      status.textContent = `Top stats: ${error.message}`;
      status.classList.add('form-error');
      showExplain(explain, false);
    } finally {
      if (!signal.aborted) el.removeAttribute('aria-busy');
    }
  }

  return { el, load, select, destroy: () => controller?.abort() };
}
