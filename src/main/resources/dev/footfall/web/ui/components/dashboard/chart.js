// A thin wrapper around uPlot (the global from /ui/vendor/uPlot.iife.min.js): one series over
// time, as a line with a soft fill or as bars, a hover tooltip, colours from the CSS variables
// (so dark mode applies), resized with its container and redrawn when the colour scheme flips.
//
// x values are bucket starts in seconds, read as UTC wall-clock (see format.labelToSeconds), so
// the axis draws in UTC to show the site's local times unchanged.

import { h } from '../../dom.js';

/** Resolves with the uPlot global once /ui/vendor/uPlot.iife.min.js has run (it loads async),
 *  or with null if it failed to load. */
function whenUPlot() {
  if (typeof window.uPlot === 'function') return Promise.resolve(window.uPlot);
  const script = document.getElementById('uplot-script');
  if (!script) return Promise.resolve(null);
  return new Promise((resolve) => {
    script.addEventListener('load', () => resolve(typeof window.uPlot === 'function' ? window.uPlot : null), { once: true });
    script.addEventListener('error', () => resolve(null), { once: true });
  });
}

function cssVar(name, fallback) {
  const value = getComputedStyle(document.documentElement).getPropertyValue(name).trim();
  return value || fallback;
}

export function createChart({ height = 260, className = '' } = {}) {
  const plotBox = h('div', { class: 'chart-plot' });
  const tooltip = h('div', { class: 'chart-tooltip', hidden: true, 'aria-hidden': 'true' });
  const fallback = h('p', { class: 'chart-empty', hidden: true });
  const el = h('div', { class: `chart ${className}`.trim(), role: 'img' }, plotBox, tooltip, fallback);
  let plot = null;
  let last = null;

  const resize = new ResizeObserver(() => {
    if (plot && plotBox.clientWidth > 0 && plotBox.clientWidth !== plot.width) plot.setSize({ width: plotBox.clientWidth, height });
  });
  resize.observe(plotBox);
  const scheme = window.matchMedia('(prefers-color-scheme: dark)');
  const redraw = () => { if (last) draw(last); };
  scheme.addEventListener('change', redraw);

  function moveTooltip(u) {
    const i = u.cursor.idx;
    if (i == null || !last) {
      tooltip.hidden = true;
      return;
    }
    const value = u.data[1][i] ?? (last.partial ? last.partial[i] : null);
    if (value == null) {
      tooltip.hidden = true;
      return;
    }
    let text = `${last.xFormat(u.data[0][i])}: ${last.yFormat(value)} ${last.label.toLowerCase()}`;
    if (last.partial && last.partial[i] != null && u.data[1][i] == null) text += ' (so far)';
    if (last.compare && last.compare.ys[i] != null) text += ` · ${last.compare.label}: ${last.yFormat(last.compare.ys[i])}`;
    tooltip.textContent = text;
    tooltip.hidden = false;
    const left = u.valToPos(u.data[0][i], 'x') + u.over.offsetLeft;
    const top = u.valToPos(value, 'y') + u.over.offsetTop;
    const width = tooltip.offsetWidth;
    tooltip.style.left = `${Math.min(Math.max(0, left - width / 2), plotBox.clientWidth - width)}px`;
    tooltip.style.top = `${Math.max(0, top - 40)}px`;
  }

  /**
   * xs: seconds; ys: numbers; label: series name; yFormat/xFormat: value → text;
   * integer: only whole-number ticks; bars: draw bars instead of a line; summary: aria-label;
   * partial: the unfinished bucket's line, drawn dashed (null elsewhere but its neighbour);
   * compare: {ys, label} of the comparison period, a fainter line paired by position.
   * Resolves once drawn.
   */
  async function draw(spec) {
    last = spec;
    el.setAttribute('aria-label', spec.summary || spec.label);
    // What is drawn, for tests and curious readers: finished points and the unfinished bucket.
    el.dataset.points = String(spec.ys.filter((y) => y != null).length);
    el.dataset.partial = spec.partial ? String(spec.partial.findLastIndex((y) => y != null)) : '';
    el.dataset.compare = spec.compare ? 'true' : 'false';
    const uPlot = await whenUPlot();
    if (last !== spec) return; // a newer draw came in while waiting
    if (plot) {
      plot.destroy();
      plot = null;
    }
    tooltip.hidden = true;
    if (!uPlot) {
      fallback.textContent = 'The chart library did not load.';
      fallback.hidden = false;
      return;
    }
    fallback.hidden = true;
    const accent = cssVar('--accent', '#4f46e5');
    const soft = cssVar('--accent-fill', 'rgba(79,70,229,0.12)');
    const grid = cssVar('--grid', '#e5e7eb');
    const muted = cssVar('--muted', '#6b7280');
    const font = `12px ${cssVar('--font', 'system-ui, sans-serif')}`;
    const axis = { stroke: muted, font, grid: { stroke: grid, width: 1 }, ticks: { stroke: grid, width: 1, size: 4 } };
    const muteLine = cssVar('--compare', muted);
    const extra = [];
    const data = [spec.xs, spec.ys];
    if (spec.partial) {
      extra.push({ label: `${spec.label} (so far)`, stroke: accent, width: 2, dash: [6, 5], points: { show: false } });
      data.push(spec.partial);
    }
    if (spec.compare) {
      extra.push({ label: spec.compare.label, stroke: muteLine, width: 1.5, dash: [2, 3], points: { show: false } });
      data.push(spec.compare.ys);
    }
    const options = {
      width: Math.max(plotBox.clientWidth, 200),
      height,
      legend: { show: false },
      cursor: { drag: { x: false, y: false }, points: { size: 8, fill: accent } },
      tzDate: (ts) => uPlot.tzDate(new Date(ts * 1e3), 'Etc/UTC'),
      scales: {
        // Bars are centred on their bucket: widen the range by half a bucket on each side so
        // the first and last bars are not cut in half.
        x: spec.bars && spec.xs.length > 1
          ? { time: true, range: (u, min, max) => { const half = (spec.xs[1] - spec.xs[0]) / 2; return [min - half, max + half]; } }
          : { time: true },
        y: { range: (u, min, max) => [0, max > 0 ? max * 1.1 : 1] },
      },
      axes: [
        { ...axis, space: 60 },
        {
          ...axis,
          size: 56,
          values: (u, ticks) => ticks.map((v) => (spec.integer && !Number.isInteger(v) ? '' : spec.yFormat(v))),
        },
      ],
      series: [
        {},
        {
          label: spec.label,
          stroke: accent,
          width: 2,
          fill: soft,
          points: { show: !spec.bars && spec.xs.length <= 45, size: 5, fill: accent },
          paths: spec.bars ? uPlot.paths.bars({ size: [0.7, 40] }) : undefined,
          ...(spec.bars ? { fill: accent } : {}),
        },
        ...extra,
      ],
      hooks: { setCursor: [moveTooltip] },
    };
    plot = new uPlot(options, data, plotBox);
  }

  function destroy() {
    last = null; // also stops a draw still waiting for uPlot
    resize.disconnect();
    scheme.removeEventListener('change', redraw);
    if (plot) plot.destroy();
    plot = null;
  }

  return { el, draw, destroy };
}
