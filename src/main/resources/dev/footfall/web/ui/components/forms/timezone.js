// A <select> of every IANA time zone the browser knows, defaulting to the browser's own.

import { h } from '../../dom.js';

export function browserTimeZone() {
  try {
    return Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';
  } catch {
    return 'UTC';
  }
}

function allZones() {
  let zones = [];
  try {
    zones = Intl.supportedValuesOf('timeZone');
  } catch {
    zones = [];
  }
  return zones;
}

export function timezoneSelect({ id, name = 'timezone', value }) {
  const selected = value || browserTimeZone();
  const zones = allZones();
  // Chrome's list has no "UTC" and may lack the site's zone spelling: keep both choosable.
  for (const extra of ['UTC', selected]) if (!zones.includes(extra)) zones.push(extra);
  zones.sort();
  const select = h('select', { id, name }, zones.map((zone) => h('option', { value: zone, selected: zone === selected }, zone.replaceAll('_', ' '))));
  select.value = selected;
  return select;
}
