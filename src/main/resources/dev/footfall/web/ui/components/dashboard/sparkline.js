// A tiny inline SVG line of the last 24 hours' visitors for the sites list (no chart library:
// a dozen sites would otherwise mean a dozen uPlot instances).

import { s } from '../../dom.js';

export function sparkline(values, { width = 120, height = 32 } = {}) {
  const points = (values || []).map((v) => Number(v) || 0);
  const max = Math.max(1, ...points);
  const step = points.length > 1 ? width / (points.length - 1) : width;
  const coords = points.map((v, i) => [i * step, height - 2 - (v / max) * (height - 4)]);
  const line = coords.map(([x, y]) => `${x.toFixed(1)},${y.toFixed(1)}`).join(' ');
  const area = coords.length ? `M0,${height} L${coords.map(([x, y]) => `${x.toFixed(1)},${y.toFixed(1)}`).join(' L')} L${width},${height} Z` : '';
  const total = points.reduce((a, b) => a + b, 0);
  return s('svg', {
    class: 'sparkline', viewBox: `0 0 ${width} ${height}`, width, height, preserveAspectRatio: 'none',
    role: 'img', 'aria-label': `Visitors per hour over the last 24 hours, peak ${Math.max(0, ...points)}, sum ${total}`,
  },
  area ? s('path', { d: area, class: 'sparkline-area' }) : null,
  coords.length ? s('polyline', { points: line, class: 'sparkline-line', fill: 'none', 'vector-effect': 'non-scaling-stroke' }) : null);
}
