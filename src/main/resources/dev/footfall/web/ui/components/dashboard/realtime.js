// The realtime view: visitors right now (last 5 minutes, as a big number), pageviews per
// minute over the last 30 minutes, and the top pages and sources of those 30 minutes. It
// refreshes itself every 10 s, but only while the tab is visible.

import { h } from '../../dom.js';
import { get, seg, isAbort } from '../../api.js';
import { compact, fullNumber, bucketLabel } from '../../format.js';
import { last30Minutes } from './dashboard-state.js';
import { createChart } from './chart.js';
import { createPanel } from './panel.js';
import { realtimePanelSpecs } from './panels.js';
import { seriesFrom } from './main-graph.js';
import { explainLine, showExplain } from './explain.js';

const REFRESH_MS = 10_000;

export function createRealtimeView(ctx) {
  // The panels and the chart ask for the last 30 minutes instead of the dashboard's period.
  let range = last30Minutes();
  const rctx = Object.create(ctx);
  rctx.query = (body, signal) => ctx.query({ ...body, date_range: range }, signal);

  const bigNumber = h('strong', { class: 'value' }, '–');
  const chart = createChart({ height: 200, className: 'realtime-chart' });
  chart.el.id = 'realtime-graph';
  const status = h('p', { class: 'status', role: 'status', 'aria-live': 'polite' });
  const explain = explainLine('realtime-graph');
  const panels = realtimePanelSpecs().map((spec) => createPanel(rctx, spec));
  const el = h('div', { class: 'realtime-view', id: 'realtime-view' },
    h('section', { class: 'card realtime-top' },
      h('p', { class: 'realtime-now', 'data-testid': 'realtime-visitors', 'aria-live': 'polite' },
        h('span', { class: 'pulse', 'aria-hidden': 'true' }), bigNumber, h('span', { class: 'label' }, ' visitors in the last 5 minutes')),
      h('h2', { class: 'graph-title' }, 'Pageviews per minute, last 30 minutes'),
      status, chart.el, explain),
    h('div', { class: 'panels' }, panels.map((p) => p.el)));
  let timer = 0;
  let controller = null;
  let running = false;

  async function loadNumber(signal) {
    const n = await get(`/api/v1/stats/realtime/visitors?site_id=${seg(ctx.domain)}`, { signal });
    bigNumber.textContent = compact(Number(n) || 0);
    bigNumber.title = fullNumber(Number(n) || 0);
  }

  async function loadChart(signal) {
    try {
      const response = await rctx.query({ metrics: ['pageviews'], dimensions: ['time:minute'], include: { time_labels: true } }, signal);
      const { xs, ys } = seriesFrom(response);
      status.textContent = ys.some((v) => v > 0) ? '' : 'No pageviews in the last 30 minutes';
      await chart.draw({
        xs, ys, bars: true, integer: true, label: 'Pageviews',
        yFormat: (v) => compact(v), xFormat: (x) => bucketLabel(x, 'minute'),
        summary: `Pageviews per minute over the last 30 minutes: ${ys.reduce((a, b) => a + b, 0)} in all`,
      });
      showExplain(explain, ctx.state.explain, response);
    } catch (error) {
      if (isAbort(error)) return;
      status.textContent = error.message;
    }
  }

  /** One refresh of everything; resolves when all parts have drawn. */
  function load() {
    range = last30Minutes();
    controller?.abort();
    controller = new AbortController();
    const { signal } = controller;
    return Promise.allSettled([
      loadNumber(signal).catch(() => { bigNumber.textContent = '–'; }),
      loadChart(signal),
      ...panels.map((p) => p.load()),
    ]);
  }

  function schedule() {
    clearTimeout(timer);
    if (!running) return;
    timer = setTimeout(async () => {
      if (document.visibilityState === 'visible') await load();
      schedule();
    }, REFRESH_MS);
  }

  function onVisibility() {
    // Catch up at once when the tab comes back instead of waiting up to 10 s.
    if (running && document.visibilityState === 'visible') {
      load();
      schedule();
    }
  }
  document.addEventListener('visibilitychange', onVisibility);

  return {
    el,
    start() {
      running = true;
      const first = load();
      schedule();
      return first;
    },
    stop() {
      running = false;
      clearTimeout(timer);
      controller?.abort();
    },
    destroy() {
      running = false;
      clearTimeout(timer);
      controller?.abort();
      document.removeEventListener('visibilitychange', onVisibility);
      chart.destroy();
      panels.forEach((p) => p.destroy());
    },
  };
}
