// "Export": the current view (period, filters) as a ZIP of CSV files, one per panel list plus the
// graph's series, as Plausible's export does. Every file comes from the same Stats API queries
// the dashboard makes, without the 9-row limit. The ZIP is written here (stored, not deflated:
// CSVs this size need no compression library), so nothing leaves the browser but the queries.

import { metricsFor, hasGoalFilter, dateRange, periodDates } from './dashboard-state.js';
import { tabMetrics } from './panel.js';

const LIMIT = 10_000;

/** The files: name, dimension, metrics. Goal-filtered views export conversions, as on screen. */
export function exportFiles(filters, propertyKeys = []) {
  const list = (name, dimension, metrics = ['visitors']) => ({ name, dimension, metrics: tabMetrics({ metrics }, filters) });
  return [
    list('pages.csv', 'event:page', ['visitors', 'pageviews']),
    list('entry_pages.csv', 'visit:entry_page', ['visitors', 'visits']),
    list('exit_pages.csv', 'visit:exit_page', ['visitors', 'visits']),
    list('sources.csv', 'visit:source'),
    list('referrers.csv', 'visit:referrer'),
    list('utm_mediums.csv', 'visit:utm_medium'),
    list('utm_sources.csv', 'visit:utm_source'),
    list('utm_campaigns.csv', 'visit:utm_campaign'),
    list('utm_contents.csv', 'visit:utm_content'),
    list('utm_terms.csv', 'visit:utm_term'),
    list('countries.csv', 'visit:country'),
    list('regions.csv', 'visit:region_name'),
    list('cities.csv', 'visit:city'),
    list('devices.csv', 'visit:device'),
    list('browsers.csv', 'visit:browser'),
    list('browser_versions.csv', 'visit:browser_version'),
    list('operating_systems.csv', 'visit:os'),
    list('operating_system_versions.csv', 'visit:os_version'),
    { name: 'conversions.csv', dimension: 'event:goal', metrics: ['visitors', 'events', 'conversion_rate'] },
    ...propertyKeys.map((key) => ({ name: `custom_props_${key.replace(/[^A-Za-z0-9_-]/g, '_')}.csv`, dimension: `event:props:${key}`, metrics: ['visitors', 'events'] })),
  ];
}

/**
 * A CSV cell. Text that a spreadsheet would run as a formula (=, +, -, @ first; referrers and
 * paths come from anyone) gets a leading apostrophe, the usual guard.
 */
export function csvCell(value) {
  if (typeof value === 'number') return String(value);
  let text = value == null ? '' : String(value);
  if (/^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\n\r]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

export function csv(header, rows) {
  return [header, ...rows].map((row) => row.map(csvCell).join(',')).join('\r\n') + '\r\n';
}

const CRC_TABLE = (() => {
  const table = new Uint32Array(256);
  for (let n = 0; n < 256; n += 1) {
    let c = n;
    for (let k = 0; k < 8; k += 1) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    table[n] = c >>> 0;
  }
  return table;
})();

function crc32(bytes) {
  let c = 0xffffffff;
  for (const b of bytes) c = CRC_TABLE[(c ^ b) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

/** A ZIP archive (stored entries) of [{name, text}] as a Blob. */
export function zip(files) {
  const encoder = new TextEncoder();
  const parts = [];
  const central = [];
  let offset = 0;
  const now = new Date();
  const time = (now.getHours() << 11) | (now.getMinutes() << 5) | (now.getSeconds() >> 1);
  const date = ((now.getFullYear() - 1980) << 9) | ((now.getMonth() + 1) << 5) | now.getDate();
  for (const file of files) {
    const name = encoder.encode(file.name);
    const data = encoder.encode(file.text);
    const crc = crc32(data);
    const local = new DataView(new ArrayBuffer(30));
    local.setUint32(0, 0x04034b50, true);
    local.setUint16(4, 20, true);
    local.setUint16(6, 0x0800, true); // UTF-8 names
    local.setUint16(8, 0, true); // stored
    local.setUint16(10, time, true);
    local.setUint16(12, date, true);
    local.setUint32(14, crc, true);
    local.setUint32(18, data.length, true);
    local.setUint32(22, data.length, true);
    local.setUint16(26, name.length, true);
    parts.push(local, name, data);
    const entry = new DataView(new ArrayBuffer(46));
    entry.setUint32(0, 0x02014b50, true);
    entry.setUint16(4, 20, true);
    entry.setUint16(6, 20, true);
    entry.setUint16(8, 0x0800, true);
    entry.setUint16(10, 0, true);
    entry.setUint16(12, time, true);
    entry.setUint16(14, date, true);
    entry.setUint32(16, crc, true);
    entry.setUint32(20, data.length, true);
    entry.setUint32(24, data.length, true);
    entry.setUint16(28, name.length, true);
    entry.setUint32(42, offset, true);
    central.push(entry, name);
    offset += 30 + name.length + data.length;
  }
  const size = central.reduce((sum, part) => sum + part.byteLength, 0);
  const end = new DataView(new ArrayBuffer(22));
  end.setUint32(0, 0x06054b50, true);
  end.setUint16(8, files.length, true);
  end.setUint16(10, files.length, true);
  end.setUint32(12, size, true);
  end.setUint32(16, offset, true);
  return new Blob([...parts, ...central, end], { type: 'application/zip' });
}

/** Runs every query of the export and downloads the ZIP. */
export async function exportView(ctx, propertyKeys = []) {
  const state = ctx.state;
  const metrics = metricsFor(state.filters);
  const files = [];
  const series = await ctx.query({ metrics, dimensions: [`time:${state.interval}`], include: { time_labels: true } });
  const byLabel = new Map(series.results.map((r) => [r.dimensions[0], r.metrics]));
  const labels = series.meta?.time_labels?.length ? series.meta.time_labels : [...byLabel.keys()];
  files.push({ name: hasGoalFilter(state.filters) ? 'conversions_over_time.csv' : 'visitors.csv',
    text: csv(['date', ...metrics], labels.map((label) => [label, ...(byLabel.get(label) || metrics.map(() => 0))])) });
  const lists = exportFiles(state.filters, propertyKeys);
  const answers = await Promise.all(lists.map((file) => ctx.query({
    metrics: file.metrics, dimensions: [file.dimension], order_by: [[file.metrics[0], 'desc'], [file.dimension, 'asc']],
    pagination: { limit: LIMIT, offset: 0 },
  }).then((r) => r, (error) => ({ error }))));
  lists.forEach((file, i) => {
    const answer = answers[i];
    // A list the API refuses for this view (e.g. a mix Plausible does not allow) is left out.
    if (answer.error) return;
    files.push({ name: file.name, text: csv(['name', ...file.metrics], answer.results.map((r) => [r.dimensions[0], ...r.metrics])) });
  });
  const range = dateRange(state);
  const dates = Array.isArray(range) ? range : (periodDates(state) || [state.period]);
  const name = `Footfall export ${ctx.domain} ${dates.join(' to ')}.zip`;
  const url = URL.createObjectURL(zip(files));
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  a.hidden = true;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
  return { name, files: files.map((f) => f.name) };
}
