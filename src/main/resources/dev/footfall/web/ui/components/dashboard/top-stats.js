// The six headline numbers with their change against the previous period. Each is a button:
// clicking it charts that metric in the main graph.

import { h } from '../../dom.js';
import { METRIC_LABELS, LOWER_IS_BETTER, formatMetric, formatChange, fullNumber } from '../../format.js';
import { TOP_METRICS, canCompare, metricAllowed } from './dashboard-state.js';
import { explainLine, showExplain } from './explain.js';
import { isAbort } from '../../api.js';

/** Views per visit has no meaning once pages are filtered: the Stats API refuses it, so it is not asked. */
export function availableMetrics(filters) {
  return TOP_METRICS.filter((metric) => metricAllowed(metric, filters));
}

export function createTopStats(ctx) {
  const stats = new Map();
  const buttons = TOP_METRICS.map((metric) => {
    const value = h('span', { class: 'value' }, '–');
    const change = h('span', { class: 'change' });
    const button = h('button', {
      type: 'button', class: 'top-stat', 'data-testid': `top-stat-${metric}`, dataset: { metric },
      'aria-pressed': 'false', onclick: () => ctx.setState({ metric }),
    }, h('span', { class: 'label' }, METRIC_LABELS[metric]), value, change);
    stats.set(metric, { button, value, change });
    return button;
  });
  const status = h('p', { class: 'status top-stats-status', role: 'status', 'aria-live': 'polite' });
  const explain = explainLine('top-stats');
  const el = h('div', { class: 'top-stats-wrap' },
    h('div', { class: 'top-stats', role: 'group', 'aria-label': 'Top stats: choose the graph metric' }, buttons),
    status, explain);
  let controller = null;

  function select(metric) {
    for (const [key, { button }] of stats) button.setAttribute('aria-pressed', String(key === metric));
  }

  function draw(row, compare, metrics = TOP_METRICS) {
    TOP_METRICS.forEach((metric) => {
      const { value, change, button } = stats.get(metric);
      const i = metrics.indexOf(metric);
      button.disabled = i < 0;
      if (i < 0) {
        // Not defined for this view (views per visit under a page filter, as on Plausible).
        value.textContent = '–';
        button.title = `${METRIC_LABELS[metric]}: not available with a page filter`;
        change.className = 'change';
        change.replaceChildren();
        change.removeAttribute('aria-label');
        return;
      }
      const v = row ? row.metrics[i] : null;
      value.textContent = formatMetric(metric, v ?? 0);
      button.title = `${METRIC_LABELS[metric]}: ${metric === 'visit_duration' || metric === 'bounce_rate' ? formatMetric(metric, v ?? 0) : fullNumber(v ?? 0)}`;
      const delta = compare && row && row.comparison ? row.comparison.change[i] : null;
      change.className = 'change';
      change.replaceChildren();
      if (delta == null) {
        change.removeAttribute('aria-label');
        return;
      }
      const better = LOWER_IS_BETTER.has(metric) ? delta < 0 : delta > 0;
      change.classList.add(delta === 0 ? 'flat' : better ? 'good' : 'bad');
      const arrow = delta > 0 ? '↑' : delta < 0 ? '↓' : '→';
      change.append(h('span', { 'aria-hidden': 'true' }, `${arrow} `), formatChange(metric, delta));
      change.setAttribute('aria-label', `${delta > 0 ? 'up' : delta < 0 ? 'down' : 'unchanged'} ${formatChange(metric, Math.abs(delta))} against the previous period`);
    });
  }

  async function load() {
    const state = ctx.state;
    select(state.metric);
    controller?.abort();
    controller = new AbortController();
    el.setAttribute('aria-busy', 'true');
    status.textContent = '';
    status.classList.remove('form-error');
    const compare = canCompare(state);
    try {
      const metrics = availableMetrics(state.filters);
      const response = await ctx.query({ metrics, include: compare ? { comparison: 'previous_period' } : {} }, controller.signal);
      draw(response.results[0], compare, metrics);
      showExplain(explain, state.explain, response);
    } catch (error) {
      if (isAbort(error)) return;
      draw(null, false);
      status.textContent = `Top stats: ${error.message}`;
      status.classList.add('form-error');
      showExplain(explain, false);
    } finally {
      el.removeAttribute('aria-busy');
    }
  }

  return { el, load, select, destroy: () => controller?.abort() };
}
