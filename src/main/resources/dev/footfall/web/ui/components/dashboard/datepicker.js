// The period picker: a <select id="date-preset"> of presets plus "Custom range", which reveals
// two <input type="date"> and an Apply button.

import { h } from '../../dom.js';
import { PERIODS, today, addDays } from './dashboard-state.js';

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
  let current = null;

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
    el: h('div', { class: 'datepicker' }, select, custom),
    set(state) {
      current = state;
      select.value = state.period;
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
