// The dashboard's whole state lives in the URL query string, so a copied link reproduces the
// view and Back/Forward walk through it:
//   ?period=30d&interval=day&metric=visitors&f=visit:source,is,Google&f=event:page,is,/pricing&explain=1
// period: day|yesterday|7d|28d|30d|month|6mo|12mo|year|all|custom (custom also has
// from=YYYY-MM-DD&to=YYYY-MM-DD);
// f: "dimension,operator,value" (the value is everything after the second comma, so it may
// itself contain commas); several values (any of them) are separated by "|", a "|" inside a
// value is written "\|"; realtime=1 shows the realtime view; embed=true hides the navigation.
// comparison: previous_period (the default, left out of the URL)|year_over_year|custom|off, with
// cfrom/cto for custom and match_dow=1 to line weekdays up; tab_<panel>=<tab> keeps a panel's tab;
// imports=1 adds imported history (Plausible's include.imports) where it can be added.
// A saved segment is a filter too: f=segment,is,12 (the Stats API's ["is", "segment", [12]]).

export const PERIODS = [
  ['day', 'Today'],
  ['yesterday', 'Yesterday'],
  ['7d', 'Last 7 days (with today)'],
  ['28d', 'Last 28 days (with today)'],
  ['30d', 'Last 30 days (with today)'],
  ['month', 'This month'],
  ['6mo', 'Last 6 months (with this one)'],
  ['12mo', 'Last 12 months (with this one)'],
  ['year', 'This year'],
  ['all', 'All time'],
  ['custom', 'Custom range'],
];

export const TOP_METRICS = ['visitors', 'visits', 'pageviews', 'views_per_visit', 'bounce_rate', 'visit_duration'];
export const INTERVALS = ['minute', 'hour', 'day', 'week', 'month'];
export const OPERATORS = ['is', 'is_not', 'contains', 'contains_not', 'matches'];
export const COMPARISONS = [
  ['previous_period', 'Previous period'],
  ['year_over_year', 'Year over year'],
  ['custom', 'Custom period'],
  ['off', 'No comparison'],
];
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
    case 'day':
    case 'yesterday': return 1;
    case '7d': return 7;
    case '28d': return 28;
    case '30d': return 30;
    case '6mo': return 183;
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
  const values = splitValues(text.slice(second + 1));
  if (dimension === SEGMENT) return op === 'is' && values.length && values.every((v) => /^\d{1,18}$/.test(v)) ? [op, dimension, values] : null;
  if (!OPERATORS.includes(op) || !/^(event|visit):/.test(dimension)) return null;
  return values.length ? [op, dimension, values] : null;
}

/** The dimension of a saved segment's filter. */
export const SEGMENT = 'segment';

/**
 * The site's saved segments the page knows, by id (set by the dashboard once it has listed them):
 * a segment's chip shows its name, and a segment holding a goal switches the view to conversions
 * as its filters sent directly would.
 */
const knownSegments = new Map();

export function setKnownSegments(segments) {
  knownSegments.clear();
  for (const segment of segments) knownSegments.set(String(segment.id), segment);
}

export function knownSegment(id) {
  return knownSegments.get(String(id)) || null;
}

/** The filters with each known segment of one id in place of its filter, for decisions the view makes from them. */
export function expandSegments(filters) {
  return filters.flatMap((filter) => {
    const [, dimension, values] = filter;
    const segment = dimension === SEGMENT && values.length === 1 ? knownSegment(values[0]) : null;
    return segment ? segment.segment_data.filters : [filter];
  });
}

/** The filters as the Stats API takes them: segment ids as numbers. */
export function apiFilters(filters) {
  return filters.map(([op, dimension, values, ...rest]) => (dimension === SEGMENT ? [op, dimension, values.map(Number), ...rest] : [op, dimension, values, ...rest]));
}

/** "a|b\\|c" → ["a", "b|c"]: "|" separates values, "\\|" is a "|" inside one. */
export function splitValues(text) {
  const values = [];
  let current = '';
  for (let i = 0; i < text.length; i += 1) {
    if (text[i] === '\\' && text[i + 1] === '|') {
      current += '|';
      i += 1;
    } else if (text[i] === '|') {
      values.push(current);
      current = '';
    } else current += text[i];
  }
  values.push(current);
  return values;
}

export function formatFilter([op, dimension, values]) {
  return `${dimension},${op},${values.map((v) => String(v).replaceAll('|', '\\|')).join('|')}`;
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
  if (!metricsFor(filters).includes(metric)) metric = 'visitors';
  let comparison = params.get('comparison') || 'previous_period';
  if (!COMPARISONS.some(([key]) => key === comparison)) comparison = 'previous_period';
  let cfrom = params.get('cfrom');
  let cto = params.get('cto');
  if (comparison === 'custom' && (!isDate(cfrom) || !isDate(cto))) comparison = 'previous_period';
  if (comparison !== 'custom') {
    cfrom = null;
    cto = null;
  } else if (cfrom > cto) [cfrom, cto] = [cto, cfrom];
  const tabs = {};
  for (const [key, value] of params) {
    if (key.startsWith('tab_') && /^[a-z0-9_-]+$/.test(value)) tabs[key.slice(4)] = value;
  }
  return {
    period, from, to, interval, metric, filters, comparison, cfrom, cto,
    matchDow: params.get('match_dow') === '1',
    tabs,
    explain: params.get('explain') === '1',
    imports: params.get('imports') === '1',
    realtime: params.get('realtime') === '1',
    embed: params.get('embed') === 'true',
  };
}

/** Readable query strings: ":", ",", "/", "@" and "|" need no escaping in a query value. */
function encodeValue(value) {
  return encodeURIComponent(value).replace(/%3A/gi, ':').replace(/%2C/gi, ',').replace(/%2F/gi, '/').replace(/%40/g, '@').replace(/%7C/gi, '|');
}

export function toSearch(state) {
  const parts = [['period', state.period]];
  if (state.period === 'custom') parts.push(['from', state.from], ['to', state.to]);
  parts.push(['interval', state.interval], ['metric', state.metric]);
  for (const filter of state.filters) parts.push(['f', formatFilter(filter)]);
  if (state.comparison && state.comparison !== 'previous_period') parts.push(['comparison', state.comparison]);
  if (state.comparison === 'custom') parts.push(['cfrom', state.cfrom], ['cto', state.cto]);
  if (state.matchDow) parts.push(['match_dow', '1']);
  for (const [panel, tab] of Object.entries(state.tabs || {})) parts.push([`tab_${panel}`, tab]);
  if (state.explain) parts.push(['explain', '1']);
  if (state.imports) parts.push(['imports', '1']);
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
  if (next.comparison !== 'custom') {
    next.cfrom = null;
    next.cto = null;
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
    case 'yesterday': return [addDays(day, -1), addDays(day, -1)];
    case '7d': return [addDays(day, -6), day];
    case '28d': return [addDays(day, -27), day];
    case '30d': return [addDays(day, -29), day];
    case '6mo': return [addMonths(`${day.slice(0, 7)}-01`, -5), day];
    case '12mo': return [addMonths(`${day.slice(0, 7)}-01`, -11), day];
    default: return state.period;
  }
}

/** The first day of the month `months` away from `date`'s month (date is a YYYY-MM-01). */
export function addMonths(date, months) {
  const [year, month] = date.split('-').map(Number);
  return new Date(Date.UTC(year, month - 1 + months, 1)).toISOString().slice(0, 10);
}

/** The same calendar day a number of years away (29 February becomes the 28th). */
function addYears(date, years) {
  const [year, month, day] = date.split('-').map(Number);
  const last = new Date(Date.UTC(year + years, month, 0)).getUTCDate();
  return `${String(year + years).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(Math.min(day, last)).padStart(2, '0')}`;
}

const dayDiff = (a, b) => Math.round((Date.parse(b) - Date.parse(a)) / DAY_MS);

/** The period's whole days [first, last], as the graph lays them out (a month in progress runs to its end). */
export function periodDates(state, now = new Date()) {
  const day = today(now);
  switch (state.period) {
    case 'day': return [day, day];
    case 'month': return [`${day.slice(0, 7)}-01`, addDays(addMonths(`${day.slice(0, 7)}-01`, 1), -1)];
    case 'year': return [`${day.slice(0, 4)}-01-01`, `${day.slice(0, 4)}-12-31`];
    case 'all': return null;
    default: return dateRange(state, now);
  }
}

/**
 * The dates compared with, [first, last] as whole days, or null (comparison off, "All time").
 * Previous period: the same stretch just before (the previous calendar month or year for "This
 * month" and "This year", the previous N months for "Last N months"); year over year: a year back;
 * custom: as chosen. Matching the day of week moves the other period back to the same weekday.
 */
export function comparisonDates(state, now = new Date()) {
  const range = periodDates(state, now);
  if (!range || state.comparison === 'off') return null;
  if (state.comparison === 'custom') return [state.cfrom, state.cto];
  const [first, last] = range;
  let other;
  if (state.comparison === 'year_over_year') other = [addYears(first, -1), addYears(last, -1)];
  else if (state.period === 'month') other = [addMonths(first, -1), addDays(first, -1)];
  else if (state.period === 'year') other = [addYears(first, -1), addDays(first, -1)];
  else if (state.period === '6mo' || state.period === '12mo') {
    const months = state.period === '6mo' ? 6 : 12;
    other = [addMonths(first, -months), addDays(first, -1)];
  } else {
    const days = dayDiff(first, last) + 1;
    other = [addDays(first, -days), addDays(first, -1)];
  }
  if (state.matchDow) {
    // Back to the nearest earlier day with the start's weekday, keeping the length.
    const shift = (new Date(Date.parse(other[0])).getUTCDay() - new Date(Date.parse(first)).getUTCDay() + 7) % 7;
    other = [addDays(other[0], -shift), addDays(other[1], -shift)];
  }
  return other;
}

/** Whether the period runs through today, so part of it is still to come. */
export function inProgress(state, now = new Date()) {
  const range = periodDates(state, now);
  return !!range && range[0] <= today(now) && range[1] >= today(now);
}

/** Plausible refuses views_per_visit with a filter on event:page (a page's visits are those
 *  that entered on it, so "views per visit of /pricing" has no clear meaning). */
export function metricAllowed(metric, filters) {
  return metric !== 'views_per_visit' || !expandSegments(filters).some(([, dimension]) => dimension === 'event:page');
}

/** "All time" has no previous period to compare with. */
export function canCompare(state) {
  return state.period !== 'all' && state.comparison !== 'off';
}

/** Whether the filters hold a goal: the dashboard then shows conversions, as Plausible does. */
export function hasGoalFilter(filters) {
  return expandSegments(filters).some(([op, dimension]) => dimension === 'event:goal' && (op === 'is' || op === 'contains'));
}

export const GOAL_METRICS = ['visitors', 'events', 'conversion_rate'];

/** The top-stat metrics of a view: conversions under a goal filter, else the usual six. */
export function metricsFor(filters) {
  if (hasGoalFilter(filters)) return GOAL_METRICS;
  return TOP_METRICS.filter((metric) => metricAllowed(metric, filters));
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
