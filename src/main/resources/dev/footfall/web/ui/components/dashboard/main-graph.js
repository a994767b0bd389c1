// The main graph: the selected top-stat metric over time, with an interval switch offering
// only the intervals that suit the period. time_labels gives every bucket, so empty ones are
// drawn as 0 instead of being skipped, except buckets still to come: a period in progress stops
// at the site's "now", and its unfinished bucket is drawn dashed, so today's few hours do not
// look like a crash. The comparison period is a fainter line, bucket by bucket.

import { h } from '../../dom.js';
import { METRIC_LABELS, formatMetric, labelToSeconds, bucketLabel, fullNumber } from '../../format.js';
import { intervalsFor, periodDays, canCompare, comparisonDates, COMPARISONS } from './dashboard-state.js';
import { siteNow } from './site-clock.js';
import { createChart } from './chart.js';
import { explainLine, showExplain } from './explain.js';
import { isAbort } from '../../api.js';
import { availableMetrics, statLabel } from './top-stats.js';

const INTERVAL_LABELS = { minute: 'Minute', hour: 'Hour', day: 'Day', week: 'Week', month: 'Month' };
const COUNT_METRICS = new Set(['visitors', 'visits', 'pageviews', 'events']);

/** Pairs the API's rows with every time label; buckets without a row are 0. */
export function seriesFrom(response) {
  const byLabel = new Map(response.results.map((row) => [row.dimensions[0], row.metrics[0]]));
  const labels = response.meta && Array.isArray(response.meta.time_labels) && response.meta.time_labels.length
    ? response.meta.time_labels
    : [...byLabel.keys()];
  const xs = [];
  const ys = [];
  for (const label of labels) {
    const x = labelToSeconds(label);
    if (x == null) continue;
    xs.push(x);
    ys.push(Number(byLabel.get(label) ?? 0));
  }
  return { xs, ys };
}

/**
 * Splits a series at the site's now (seconds, wall-clock read as UTC): buckets that have not
 * begun get no point, the bucket holding now moves to `partial` (with the finished bucket
 * before it, so the dashed piece joins the line).
 */
export function splitAtNow(xs, ys, now) {
  const end = (i) => (i + 1 < xs.length ? xs[i + 1] : xs[i] + (xs.length > 1 ? xs[i] - xs[i - 1] : 86_400));
  const current = xs.findIndex((x, i) => x <= now && now < end(i));
  if (current < 0) return { ys, partial: null }; // the range is over (or not begun): nothing unfinished
  const done = ys.map((y, i) => (i < current ? y : null));
  const partial = ys.map((y, i) => (i === current || i === current - 1 ? y : null));
  return { ys: done, partial };
}

export function createMainGraph(ctx) {
  const title = h('h2', { class: 'graph-title', id: 'graph-title' });
  const intervals = h('div', { class: 'interval-switch', id: 'interval-switch', role: 'group', 'aria-label': 'Interval' });
  const status = h('p', { class: 'status', role: 'status', 'aria-live': 'polite' });
  const chart = createChart({ height: 260, className: 'main-chart' });
  chart.el.id = 'main-graph';
  const explain = explainLine('graph');
  // Says which line is which; hidden when there is one line only.
  const legend = h('p', { class: 'graph-legend muted', id: 'graph-legend', hidden: true });
  const el = h('div', { class: 'graph-wrap' }, h('div', { class: 'graph-head' }, title, intervals), status, chart.el, legend, explain);
  let controller = null;

  function drawIntervals(state) {
    const offered = intervalsFor(periodDays(state.period, state.from, state.to));
    intervals.replaceChildren(...offered.map((interval) => h('button', {
      type: 'button', class: 'segment', dataset: { interval }, 'aria-pressed': String(interval === state.interval),
      onclick: () => ctx.setState({ interval }),
    }, INTERVAL_LABELS[interval])));
    intervals.hidden = offered.length < 2;
  }

  async function load() {
    const state = ctx.state;
    const { interval } = state;
    const metric = availableMetrics(state.filters).includes(state.metric) ? state.metric : 'visitors';
    const label = statLabel(metric, state.filters);
    title.textContent = `${label} per ${interval}`;
    drawIntervals(state);
    controller?.abort();
    controller = new AbortController();
    el.setAttribute('aria-busy', 'true');
    status.textContent = '';
    status.className = 'status';
    try {
      const body = { metrics: [metric], dimensions: [`time:${interval}`], include: { time_labels: true } };
      const other = canCompare(state) ? comparisonDates(state) : null;
      const [response, before] = await Promise.all([
        ctx.query(body, controller.signal),
        other ? ctx.query({ ...body, date_range: other }, controller.signal) : null,
      ]);
      ctx.learnOffset(response);
      const { xs, ys: all } = seriesFrom(response);
      const { ys, partial } = splitAtNow(xs, all, siteNow(ctx.siteOffset) / 1000);
      const compareYs = before ? seriesFrom(before).ys.slice(0, xs.length) : null;
      const total = all.reduce((a, b) => a + b, 0);
      if (!xs.length || (COUNT_METRICS.has(metric) && total === 0)) status.textContent = 'No data for this period';
      status.classList.toggle('empty', !!status.textContent);
      const peak = all.length ? Math.max(...all) : 0;
      const compareLabel = (COMPARISONS.find(([key]) => key === state.comparison) || [])[1] || 'Previous period';
      await chart.draw({
        xs, ys, partial,
        compare: compareYs ? { ys: compareYs, label: compareLabel } : null,
        label,
        integer: COUNT_METRICS.has(metric),
        yFormat: (v) => formatMetric(metric, v),
        xFormat: (x) => bucketLabel(x, interval),
        summary: `${label} per ${interval}, ${xs.length} points${COUNT_METRICS.has(metric) ? `, total ${fullNumber(total)}` : ''}, peak ${formatMetric(metric, peak)}${partial ? ', the last one still running' : ''}`,
      });
      legend.replaceChildren(
        h('span', { class: 'legend-now' }, 'This period'),
        partial ? h('span', { class: 'legend-partial' }, 'still running') : null,
        compareYs ? h('span', { class: 'legend-compare' }, compareLabel) : null);
      legend.hidden = !compareYs && !partial;
      showExplain(explain, state.explain, response);
    } catch (error) {
      if (isAbort(error)) return;
      legend.hidden = true;
      status.textContent = `Graph: ${error.message}`;
      status.classList.add('form-error');
      await chart.draw({ xs: [], ys: [], label: METRIC_LABELS[metric], yFormat: String, xFormat: String });
      showExplain(explain, false);
    } finally {
      el.removeAttribute('aria-busy');
    }
  }

  return { el, load, destroy: () => { controller?.abort(); chart.destroy(); } };
}
