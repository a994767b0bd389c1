// How numbers, durations, dates and dimension values are shown to people.
// Pure functions (no DOM), so they can be checked with node.

const LOCALE = typeof navigator !== 'undefined' ? navigator.language : 'en';

function trimZero(text) {
  return text.replace(/\.0$/, '');
}

/** 950 → "950", 1234 → "1.2k", 123456 → "123k", 3400000 → "3.4M". */
export function compact(n) {
  if (n == null || Number.isNaN(n)) return '—';
  const abs = Math.abs(n);
  const sign = n < 0 ? '-' : '';
  if (abs < 1000) return Number.isInteger(n) ? String(n) : String(Math.round(n * 100) / 100);
  // 999,600 would round to "1000k": such values move up to the next unit.
  const [size, suffix] = abs < 999_500 ? [1e3, 'k'] : abs < 999_500_000 ? [1e6, 'M'] : [1e9, 'B'];
  const value = abs / size;
  return sign + trimZero(value < 100 ? value.toFixed(1) : value.toFixed(0)) + suffix;
}

/** Full precision for tooltips and titles: 12,345. */
export function fullNumber(n) {
  if (n == null || Number.isNaN(n)) return '—';
  return Number(n).toLocaleString(LOCALE);
}

/** Seconds → "45s", "1m 05s", "2h 03m". */
export function duration(seconds) {
  if (seconds == null || Number.isNaN(seconds)) return '—';
  const total = Math.round(seconds);
  if (total < 60) return `${total}s`;
  const pad = (x) => String(x).padStart(2, '0');
  if (total < 3600) return `${Math.floor(total / 60)}m ${pad(total % 60)}s`;
  return `${Math.floor(total / 3600)}h ${pad(Math.floor((total % 3600) / 60))}m`;
}

export function percent(n) {
  if (n == null || Number.isNaN(n)) return '—';
  return `${trimZero(Number(n).toFixed(1))}%`;
}

export const METRIC_LABELS = {
  visitors: 'Unique visitors',
  visits: 'Visits',
  pageviews: 'Pageviews',
  views_per_visit: 'Views per visit',
  bounce_rate: 'Bounce rate',
  visit_duration: 'Visit duration',
  events: 'Events',
  conversion_rate: 'Conversion rate',
  group_conversion_rate: 'Conversion rate',
  percentage: 'Share',
  time_on_page: 'Time on page',
  scroll_depth: 'Scroll depth',
};

/** Short column headings for tables. */
export const METRIC_COLUMNS = {
  visitors: 'Visitors',
  visits: 'Visits',
  pageviews: 'Pageviews',
  views_per_visit: 'Views/visit',
  bounce_rate: 'Bounce',
  visit_duration: 'Duration',
  events: 'Events',
  conversion_rate: 'CR',
  group_conversion_rate: 'CR',
  percentage: '%',
  time_on_page: 'Time on page',
  scroll_depth: 'Scroll depth',
};

/** Metrics whose smaller values are the good news (arrow colours). */
export const LOWER_IS_BETTER = new Set(['bounce_rate']);

/** Rates whose comparison `change` is in points, not percent (Plausible's rule). */
const RATE_METRICS = new Set(['bounce_rate', 'conversion_rate', 'group_conversion_rate', 'percentage']);

export function formatMetric(metric, value) {
  if (value == null) return '—';
  switch (metric) {
    case 'bounce_rate':
    case 'conversion_rate':
    case 'group_conversion_rate':
    case 'percentage':
    case 'scroll_depth':
      return percent(value);
    case 'visit_duration':
    case 'time_on_page':
      return duration(value);
    case 'views_per_visit':
      return String(Math.round(value * 100) / 100);
    default:
      return compact(value);
  }
}

/** "+12%", "-3 pts" or "—" when there is nothing to compare with. */
/**
 * The change of a metric against the other period, as Plausible counts it: percent for counts and
 * durations, points for rates. null when there is nothing to compare with (the other period had no
 * visitors, or a rate whose base was empty), "new" when a count rose from 0: "+100 %" or
 * "+7,690 %" against an empty period would only mislead.
 */
export function changeOf(metric, now, before, beforeVisitors) {
  if (now == null || before == null) return null;
  if (RATE_METRICS.has(metric) || metric === 'views_per_visit' || metric === 'visit_duration' || metric === 'time_on_page' || metric === 'scroll_depth') {
    if (!beforeVisitors) return null;
    return RATE_METRICS.has(metric) ? Math.round((now - before) * 10) / 10 : (before === 0 ? null : Math.round(((now - before) / before) * 100));
  }
  if (before === 0) return now > 0 ? 'new' : null;
  return Math.round(((now - before) / before) * 100);
}

export function formatChange(metric, change) {
  if (change == null || Number.isNaN(change)) return '—';
  const sign = change > 0 ? '+' : change < 0 ? '−' : '';
  const abs = trimZero(Math.abs(change).toFixed(Math.abs(change) < 10 && !Number.isInteger(change) ? 1 : 0));
  return RATE_METRICS.has(metric) ? `${sign}${abs} pts` : `${sign}${abs}%`;
}

let regionNames = null;
/** "DE" → "Germany" (in the browser's language). Unknown codes come back as given. */
export function countryName(code) {
  if (!code || code.length !== 2) return code || '(unknown)';
  try {
    regionNames ??= new Intl.DisplayNames([LOCALE, 'en'], { type: 'region' });
    return regionNames.of(code.toUpperCase()) || code;
  } catch {
    return code;
  }
}

/** "DE" → 🇩🇪 (two regional indicator symbols); '' for anything else. */
export function flag(code) {
  if (!code || !/^[A-Za-z]{2}$/.test(code)) return '';
  const base = 0x1f1e6;
  const upper = code.toUpperCase();
  return String.fromCodePoint(base + upper.charCodeAt(0) - 65, base + upper.charCodeAt(1) - 65);
}

export const DIMENSION_LABELS = {
  'event:page': 'Page',
  'event:goal': 'Goal',
  'event:name': 'Event',
  'event:hostname': 'Hostname',
  'visit:entry_page': 'Entry page',
  'visit:exit_page': 'Exit page',
  'visit:source': 'Source',
  'visit:referrer': 'Referrer',
  'visit:utm_medium': 'UTM medium',
  'visit:utm_source': 'UTM source',
  'visit:utm_campaign': 'UTM campaign',
  'visit:utm_content': 'UTM content',
  'visit:utm_term': 'UTM term',
  'visit:country': 'Country',
  'visit:region': 'Region code',
  'visit:region_name': 'Region',
  'visit:city': 'City',
  'visit:device': 'Device',
  'visit:browser': 'Browser',
  'visit:browser_version': 'Browser version',
  'visit:os': 'OS',
  'visit:os_version': 'OS version',
};

export function dimensionLabel(dimension) {
  if (DIMENSION_LABELS[dimension]) return DIMENSION_LABELS[dimension];
  if (dimension.startsWith('event:props:')) return `Property ${dimension.slice('event:props:'.length)}`;
  return dimension;
}

export const OPERATOR_LABELS = { is: 'is', is_not: 'is not', contains: 'contains', contains_not: 'does not contain', matches: 'matches' };

/** What a dimension value looks like on screen (countries by name with a flag). */
export function valueLabel(dimension, value) {
  if (dimension === 'visit:country') {
    const name = countryName(value);
    const icon = flag(value);
    return icon ? `${icon} ${name}` : name;
  }
  return value === '' ? '(none)' : String(value);
}

/** ["is", "visit:source", ["Google"]] → "Source is Google". */
export function filterLabel([op, dimension, values]) {
  const shown = (values || []).map((v) => valueLabel(dimension, v)).join(' or ');
  return `${dimensionLabel(dimension)} ${OPERATOR_LABELS[op] || op} ${shown}`;
}

/** Time bucket labels from the API ("2024-03-01", "2024-03-01 13:00:00") as seconds, read as UTC
 *  so the chart (which draws in UTC) shows the site's local wall-clock time unchanged. */
export function labelToSeconds(label) {
  const text = String(label);
  const iso = text.length === 10 ? `${text}T00:00:00Z` : `${text.replace(' ', 'T').slice(0, 19)}Z`;
  const ms = Date.parse(iso);
  return Number.isNaN(ms) ? null : ms / 1000;
}

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** A bucket start (seconds, wall-clock as UTC) shown for its interval: "13:00", "Mar 4", "Mar 2024". */
export function bucketLabel(seconds, interval) {
  const d = new Date(seconds * 1000);
  const day = `${MONTHS[d.getUTCMonth()]} ${d.getUTCDate()}`;
  const hm = `${String(d.getUTCHours()).padStart(2, '0')}:${String(d.getUTCMinutes()).padStart(2, '0')}`;
  switch (interval) {
    case 'minute':
    case 'hour':
      return `${day}, ${hm}`;
    case 'week':
      return `Week of ${day}`;
    case 'month':
      return `${MONTHS[d.getUTCMonth()]} ${d.getUTCFullYear()}`;
    default:
      return `${day}, ${d.getUTCFullYear()}`;
  }
}

/** Distinct tiers, total milliseconds and rows scanned of a query's meta.explain. */
export function explainSummary(explain) {
  if (!Array.isArray(explain) || explain.length === 0) return null;
  const tiers = [...new Set(explain.map((e) => e.tier).filter(Boolean))];
  const ms = explain.reduce((sum, e) => sum + (Number(e.ms) || 0), 0);
  const rows = explain.reduce((sum, e) => sum + (Number(e.rows_read) || 0), 0);
  return `tier: ${tiers.join(', ') || '?'} · ${trimZero(ms.toFixed(1))} ms · ${fullNumber(rows)} rows`;
}
