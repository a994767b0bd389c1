// The site's clock, as far as the dashboard needs it: periods are in the site's timezone, which
// the browser does not know. Every Stats API answer echoes its date_range with the site's UTC
// offset ("2026-12-01T00:00:00+01:00"), and that offset gives the site's wall-clock time now, so
// a period in progress can be compared up to the same moment and the graph can stop at "now".

const DAY_MS = 86_400_000;

/** The UTC offset in minutes of an answer's echoed date_range, or null. */
export function offsetOf(response) {
  const start = response && response.query && Array.isArray(response.query.date_range) ? response.query.date_range[0] : null;
  if (typeof start !== 'string') return null;
  if (start.endsWith('Z')) return 0;
  const m = /([+-])(\d\d):?(\d\d)$/.exec(start);
  return m ? (m[1] === '-' ? -1 : 1) * (Number(m[2]) * 60 + Number(m[3])) : null;
}

/** The site's wall-clock time now, as milliseconds read as UTC (the way chart labels are read). */
export function siteNow(offsetMinutes, now = Date.now()) {
  return now + (offsetMinutes || 0) * 60_000;
}

function offsetText(minutes) {
  const sign = minutes < 0 ? '-' : '+';
  const abs = Math.abs(minutes);
  return `${sign}${String(Math.floor(abs / 60)).padStart(2, '0')}:${String(abs % 60).padStart(2, '0')}`;
}

/** A wall-clock millisecond value (read as UTC) as an ISO datetime with the site's offset. */
export function isoAt(wallMs, offsetMinutes) {
  return `${new Date(wallMs).toISOString().slice(0, 19)}${offsetText(offsetMinutes || 0)}`;
}

/**
 * The part of the other period [otherFirst, otherLast] that matches the elapsed part of a period
 * that started on `first` (local midnight): as long from the other's start as now is from the
 * period's, never past the other period's end. A datetime range's end is inclusive to the second.
 */
export function elapsedPart(first, [otherFirst, otherLast], offsetMinutes, now = Date.now()) {
  const elapsed = siteNow(offsetMinutes, now) - Date.parse(`${first}T00:00:00Z`);
  const start = Date.parse(`${otherFirst}T00:00:00Z`);
  const end = Math.min(start + Math.max(elapsed, 1000), Date.parse(`${otherLast}T00:00:00Z`) + DAY_MS);
  return [isoAt(start, offsetMinutes), isoAt(end - 1000, offsetMinutes)];
}

/** The UTC offset in minutes of an IANA zone now ("Europe/Berlin" → 60 or 120), or null. */
export function zoneOffset(timeZone, now = new Date()) {
  if (!timeZone) return null;
  try {
    const name = new Intl.DateTimeFormat('en-US', { timeZone, timeZoneName: 'longOffset' })
      .formatToParts(now).find((part) => part.type === 'timeZoneName')?.value || '';
    if (name === 'GMT') return 0;
    const m = /GMT([+-])(\d{1,2}):?(\d{2})?/.exec(name);
    return m ? (m[1] === '-' ? -1 : 1) * (Number(m[2]) * 60 + Number(m[3] || 0)) : null;
  } catch {
    return null;
  }
}
