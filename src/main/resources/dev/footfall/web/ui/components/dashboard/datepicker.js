// The period picker: a <select id="date-preset"> of presets plus "Custom range", which reveals
// two <input type="date"> and an Apply button; arrows step to the previous and next period; the
// comparison's <select id="comparison-mode"> (previous period, year over year, custom, off) with
// "match day of week". Plausible's keyboard shortcuts choose periods (see shortcutPatch).

import { h } from '../../dom.js';
import { PERIODS, COMPARISONS, today, addDays, addMonths, periodDates } from './dashboard-state.js';

/** The period before or after the one shown (a calendar month steps by months), as a custom range. */
export function shiftedPeriod(state, step, now = new Date()) {
  const range = periodDates(state, now);
  if (!range) return null;
  let [first, last] = range;
  if (state.period === 'month' || state.period === '6mo' || state.period === '12mo' || state.period === 'year') {
    const months = { month: 1, '6mo': 6, '12mo': 12, year: 12 }[state.period];
    first = addMonths(`${first.slice(0, 7)}-01`, step * months);
    last = addDays(addMonths(first, months), -1);
  } else {
    const days = Math.round((Date.parse(last) - Date.parse(first)) / 86_400_000) + 1;
    first = addDays(first, step * days);
    last = addDays(last, step * days);
  }
  if (first > today(now)) return null;
  if (last > today(now)) last = today(now);
  return { period: 'custom', from: first, to: last };
}

/** Plausible's keys: d today, e yesterday, w 7 days, f 28 days, t 30 days, m month, n 6 months,
 *  l 12 months, y year, a all time, c custom, x comparison on/off, ←/→ previous/next period. */
export function shortcutPatch(key, state) {
  const periods = { d: 'day', e: 'yesterday', w: '7d', f: '28d', t: '30d', m: 'month', n: '6mo', l: '12mo', y: 'year', a: 'all' };
  if (periods[key]) return { period: periods[key] };
  if (key === 'x') return { comparison: state.comparison === 'off' ? 'previous_period' : 'off' };
  if (key === 'ArrowLeft') return shiftedPeriod(state, -1);
  if (key === 'ArrowRight') return shiftedPeriod(state, 1);
  return null;
}

export function createDatePicker({ onChange }) {
  const select = h('select', { id: 'date-preset', 'aria-label': 'Period' },
    PERIODS.map(([value, label]) => h('option', { value }, label)));
  const from = h('input', { type: 'date', id: 'date-from', name: 'from', required: true });
  const to = h('input', { type: 'date', id: 'date-to', name: 'to', required: true });
  const error = h('p', { class: 'field-error', role: 'alert' });
  const custom = h('form', { class: 'custom-range', id: 'custom-range', hidden: true },
    h('label', { for: 'date-from' }, 'From'), from,
    h('label', { for: 'date-to' }, 'To'), to,
    h('button', { type: 'submit', class: 'secondary small', id: 'date-apply' }, 'Apply'),
    error);
  const prev = h('button', { type: 'button', class: 'icon-button period-step', id: 'period-prev', 'aria-label': 'Previous period', title: 'Previous period (←)', onclick: () => step(-1) }, '‹');
  const next = h('button', { type: 'button', class: 'icon-button period-step', id: 'period-next', 'aria-label': 'Next period', title: 'Next period (→)', onclick: () => step(1) }, '›');
  const mode = h('select', { id: 'comparison-mode', 'aria-label': 'Compare with' }, COMPARISONS.map(([value, label]) => h('option', { value }, label)));
  const cfrom = h('input', { type: 'date', id: 'compare-from', required: true, 'aria-label': 'Compare from' });
  const cto = h('input', { type: 'date', id: 'compare-to', required: true, 'aria-label': 'Compare to' });
  const compareCustom = h('form', { class: 'custom-range', id: 'compare-range', hidden: true },
    cfrom, cto, h('button', { type: 'submit', class: 'secondary small', id: 'compare-apply' }, 'Compare'));
  const dow = h('input', { type: 'checkbox', id: 'match-dow' });
  const dowLabel = h('label', { class: 'check', for: 'match-dow', title: 'Compare Mondays with Mondays' }, dow, ' Match day of week');
  let current = null;

  function step(direction) {
    const patch = current && shiftedPeriod(current, direction);
    if (patch) onChange(patch);
  }
  mode.addEventListener('change', () => {
    if (mode.value === 'custom') {
      const first = current ? periodDates(current) : null;
      if (!cfrom.value) cfrom.value = first ? addDays(first[0], -30) : addDays(today(), -60);
      if (!cto.value) cto.value = first ? addDays(first[0], -1) : addDays(today(), -31);
      compareCustom.hidden = false;
      cfrom.focus();
    } else onChange({ comparison: mode.value });
  });
  compareCustom.addEventListener('submit', (event) => {
    event.preventDefault();
    if (cfrom.value && cto.value) onChange({ comparison: 'custom', cfrom: cfrom.value <= cto.value ? cfrom.value : cto.value, cto: cfrom.value <= cto.value ? cto.value : cfrom.value });
  });
  dow.addEventListener('change', () => onChange({ matchDow: dow.checked }));

  select.addEventListener('change', () => {
    if (select.value === 'custom') {
      // Start from the last 7 days so the inputs are never empty.
      if (!from.value) from.value = current && current.from ? current.from : addDays(today(), -6);
      if (!to.value) to.value = current && current.to ? current.to : today();
      custom.hidden = false;
      from.focus();
    } else {
      custom.hidden = true;
      onChange({ period: select.value });
    }
  });
  custom.addEventListener('submit', (event) => {
    event.preventDefault();
    error.textContent = '';
    if (!from.value || !to.value) {
      error.textContent = 'Choose both dates.';
      return;
    }
    if (from.value > to.value) {
      error.textContent = 'The start date must come before the end date.';
      return;
    }
    onChange({ period: 'custom', from: from.value, to: to.value });
  });

  return {
    el: h('div', { class: 'datepicker' }, prev, select, next, custom,
      h('span', { class: 'compare-controls' }, mode, compareCustom, dowLabel)),
    set(state) {
      current = state;
      select.value = state.period;
      prev.disabled = !shiftedPeriod(state, -1);
      next.disabled = !shiftedPeriod(state, 1);
      mode.value = state.comparison;
      mode.disabled = state.period === 'all';
      compareCustom.hidden = state.comparison !== 'custom';
      if (state.comparison === 'custom') {
        cfrom.value = state.cfrom;
        cto.value = state.cto;
      }
      dow.checked = state.matchDow;
      dowLabel.hidden = state.comparison === 'off' || state.comparison === 'custom' || state.period === 'all';
      const max = today();
      from.max = max;
      to.max = max;
      custom.hidden = state.period !== 'custom';
      if (state.period === 'custom') {
        from.value = state.from;
        to.value = state.to;
      }
    },
  };
}
