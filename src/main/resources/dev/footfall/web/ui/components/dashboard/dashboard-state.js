// The dashboard's whole state lives in the URL query string, so a copied link reproduces the
// view and Back/Forward walk through it:
//   ?period=30d&interval=day&metric=visitors&f=visit:source,is,Google&f=event:page,is,/pricing&explain=1
// period: day|7d|30d|month|12mo|year|all|custom (custom also has from=YYYY-MM-DD&to=YYYY-MM-DD);
// f: "dimension,operator,value" (the value is everything after the second comma, so it may
// itself contain commas); realtime=1 shows the realtime view; embed=true hides the navigation.

export const PERIODS = [
  ['day', 'Today'],
  ['7d', 'Last 7 days'],
  ['30d', 'Last 30 days'],
  ['month', 'This month'],
  ['12mo', 'Last 12 months'],
  ['year', 'This year'],
  ['all', 'All time'],
  ['custom', 'Custom range'],
];

export const TOP_METRICS = ['visitors', 'visits', 'pageviews', 'views_per_visit', 'bounce_rate', 'visit_duration'];
export const INTERVALS = ['minute', 'hour', 'day', 'week', 'month'];
const OPERATORS = new Set(['is', 'is_not', 'contains']);
const DEFAULT_PERIOD = '30d';
const DAY_MS = 86_400_000;

const isDate = (text) => typeof text === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(text) && !Number.isNaN(Date.parse(text));

/** Today as YYYY-MM-DD in the browser's zone (close enough to the site's for choosing intervals). */
export function today(now = new Date()) {
  const local = new Date(now.getTime() - now.getTimezoneOffset() * 60_000);
  return local.toISOString().slice(0, 10);
}

export function addDays(date, days) {
  return new Date(Date.parse(`${date}T00:00:00Z`) + days * DAY_MS).toISOString().slice(0, 10);
}

/** About how many days a period spans; decides which intervals make sense. */
export function periodDays(period, from, to, now = new Date()) {
  const day = today(now);
  switch (period) {
    case 'day': return 1;
    case '7d': return 7;
    case '30d': return 30;
    case 'month': return Number(day.slice(8, 10));
    case '12mo': return 365;
    case 'year': return Math.round((Date.parse(day) - Date.parse(`${day.slice(0, 4)}-01-01`)) / DAY_MS) + 1;
    case 'all': return Infinity;
    case 'custom': return Math.round((Date.parse(to) - Date.parse(from)) / DAY_MS) + 1;
    default: return 30;
  }
}

/** Only intervals that give a readable graph: not 8,760 hours, not a single month bar. */
export function intervalsFor(days) {
  if (days <= 1) return ['hour'];
  if (days <= 7) return ['hour', 'day'];
  if (days <= 31) return ['day', 'week'];
  return ['day', 'week', 'month'];
}

export function defaultInterval(days) {
  if (days <= 1) return 'hour';
  if (days <= 31) return 'day';
  return 'month';
}

export function parseFilter(text) {
  const first = text.indexOf(',');
  const second = first < 0 ? -1 : text.indexOf(',', first + 1);
  if (second < 0) return null;
  const dimension = text.slice(0, first);
  const op = text.slice(first + 1, second);
  if (!OPERATORS.has(op) || !/^(event|visit):/.test(dimension)) return null;
  return [op, dimension, [text.slice(second + 1)]];
}

export function formatFilter([op, dimension, values]) {
  return `${dimension},${op},${values[0]}`;
}

export function parseState(search, now = new Date()) {
  const params = new URLSearchParams(search);
  let period = params.get('period') || DEFAULT_PERIOD;
  if (!PERIODS.some(([key]) => key === period)) period = DEFAULT_PERIOD;
  let from = params.get('from');
  let to = params.get('to');
  if (period === 'custom') {
    if (!isDate(from) || !isDate(to)) period = DEFAULT_PERIOD;
    else if (from > to) [from, to] = [to, from];
  }
  if (period !== 'custom') {
    from = null;
    to = null;
  }
  const days = periodDays(period, from, to, now);
  let interval = params.get('interval');
  if (!intervalsFor(days).includes(interval)) interval = defaultInterval(days);
  const filters = params.getAll('f').map(parseFilter).filter(Boolean);
  let metric = params.get('metric');
  if (!TOP_METRICS.includes(metric) || !metricAllowed(metric, filters)) metric = 'visitors';
  return {
    period, from, to, interval, metric, filters,
    explain: params.get('explain') === '1',
    realtime: params.get('realtime') === '1',
    embed: params.get('embed') === 'true',
  };
}

/** Readable query strings: ":", ",", "/" and "@" need no escaping in a query value. */
function encodeValue(value) {
  return encodeURIComponent(value).replace(/%3A/gi, ':').replace(/%2C/gi, ',').replace(/%2F/gi, '/').replace(/%40/g, '@');
}

export function toSearch(state) {
  const parts = [['period', state.period]];
  if (state.period === 'custom') parts.push(['from', state.from], ['to', state.to]);
  parts.push(['interval', state.interval], ['metric', state.metric]);
  for (const filter of state.filters) parts.push(['f', formatFilter(filter)]);
  if (state.explain) parts.push(['explain', '1']);
  if (state.realtime) parts.push(['realtime', '1']);
  if (state.embed) parts.push(['embed', 'true']);
  return `?${parts.map(([k, v]) => `${k}=${encodeValue(String(v))}`).join('&')}`;
}

/** A state change; a new period picks its default interval unless one is given. */
export function nextState(state, patch, now = new Date()) {
  const next = { ...state, ...patch };
  if (('period' in patch || 'from' in patch) && !('interval' in patch)) {
    next.interval = defaultInterval(periodDays(next.period, next.from, next.to, now));
  }
  if (next.period !== 'custom') {
    next.from = null;
    next.to = null;
  }
  return next;
}

/**
 * The v2 query's date_range. The rolling presets end today, as "Last 7 days" does in Plausible's
 * dashboard and every other analytics tool, so a new site's first visits show at once. The Stats
 * API's "7d" is the 7 days before today, so explicit dates are sent: today by the browser's
 * calendar (a viewer far from the site's zone may see the range shifted a day around midnight).
 */
export function dateRange(state, now = new Date()) {
  const day = today(now);
  switch (state.period) {
    case 'custom': return [state.from, state.to];
    case '7d': return [addDays(day, -6), day];
    case '30d': return [addDays(day, -29), day];
    case '12mo': {
      const [year, month] = day.split('-').map(Number);
      return [new Date(Date.UTC(year, month - 12, 1)).toISOString().slice(0, 10), day];
    }
    default: return state.period;
  }
}

/** Plausible refuses views_per_visit with a filter on event:page (a page's visits are those
 *  that entered on it, so "views per visit of /pricing" has no clear meaning). */
export function metricAllowed(metric, filters) {
  return metric !== 'views_per_visit' || !filters.some(([, dimension]) => dimension === 'event:page');
}

/** "All time" has no previous period to compare with. */
export function canCompare(state) {
  return state.period !== 'all';
}

/** Adds or replaces the filter on a dimension (one condition per dimension keeps chips clear). */
export function withFilter(filters, filter) {
  return [...filters.filter(([, dimension]) => dimension !== filter[1]), filter];
}

/** The last 30 minutes as ISO datetimes with an offset, for the realtime view. */
export function last30Minutes(now = new Date()) {
  const iso = (d) => `${d.toISOString().slice(0, 19)}+00:00`;
  return [iso(new Date(now.getTime() - 30 * 60_000)), iso(now)];
}
