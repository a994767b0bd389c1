// The filter builder (Plausible's "Filter" menu): a dialog to add one condition, a dimension,
// an operator (is, is not, contains, does not contain, matches) and one or more values, any of
// which may match (OR). Conditions add up (AND), several on one dimension too: "Page contains
// /blog" and "Page is not /blog/drafts". Values are suggested from the site's own data. The
// site's saved segments are listed above the builder (segments.js).

import { h, debounce, nextId } from '../../dom.js';
import { DIMENSION_LABELS, OPERATOR_LABELS, valueLabel } from '../../format.js';
import { OPERATORS } from './dashboard-state.js';
import { isAbort } from '../../api.js';
import { segmentsSection } from './segments.js';

/** The dimensions offered, in the order a Plausible user finds them. */
export const FILTER_DIMENSIONS = ['event:page', 'visit:entry_page', 'visit:exit_page', 'event:hostname', 'visit:source', 'visit:referrer',
  'visit:utm_medium', 'visit:utm_source', 'visit:utm_campaign', 'visit:utm_content', 'visit:utm_term',
  'visit:country', 'visit:region_name', 'visit:city', 'visit:device', 'visit:browser', 'visit:browser_version', 'visit:os', 'visit:os_version', 'event:goal'];

/** Goals take only "is" and "contains" (the Stats API's rule for event:goal). */
export function operatorsFor(dimension) {
  return dimension === 'event:goal' ? ['is', 'contains'] : OPERATORS;
}

/**
 * Opens the builder. onApply(filter) receives [op, dimension, values]; the dialog closes itself
 * and gives focus back to the button that opened it. segments, when given ({role, onChanged}),
 * lists the saved segments too; applying one hands onApply its filter ["is", "segment", [id]].
 */
export function openFilterBuilder(ctx, { onApply, opener, segments }) {
  document.getElementById('filter-dialog')?.remove();
  const dimension = h('select', { id: 'filter-dimension' }, FILTER_DIMENSIONS.map((d) => h('option', { value: d }, DIMENSION_LABELS[d] || d)));
  const operator = h('select', { id: 'filter-operator' });
  const listId = nextId('filter-suggestions');
  const suggestions = h('datalist', { id: listId });
  const values = h('ul', { class: 'filter-values', id: 'filter-values' });
  const error = h('p', { class: 'field-error', role: 'alert', id: 'filter-error' });
  const addValue = h('button', { type: 'button', class: 'link-button', id: 'filter-add-value' }, '+ or another value');
  const close = h('button', { type: 'button', class: 'dialog-close icon-button', 'aria-label': 'Close' }, '×');
  const form = h('form', { class: 'stack filter-form', id: 'filter-form' },
    h('div', { class: 'field' }, h('label', { for: 'filter-dimension' }, 'Filter by'), dimension),
    h('div', { class: 'field' }, h('label', { for: 'filter-operator' }, 'Condition'), operator),
    h('fieldset', { class: 'field' }, h('legend', {}, 'Value (any of them)'), values, addValue, suggestions),
    error,
    h('div', { class: 'dialog-foot' }, h('button', { type: 'submit', class: 'primary', id: 'filter-apply' }, 'Apply filter')));
  const saved = segments && (segments.role || ctx.segments?.length) ? segmentsSection(ctx, {
    role: segments.role,
    onChanged: segments.onChanged,
    onApply: (segment) => {
      dialog.close();
      onApply(['is', 'segment', [String(segment.id)]]);
    },
  }) : null;
  const dialog = h('dialog', { class: 'filter-dialog', id: 'filter-dialog', 'aria-labelledby': 'filter-title' },
    h('header', { class: 'dialog-head' }, h('h2', { id: 'filter-title' }, 'Add a filter'), close), saved, form);

  let controller = null;
  function valueInput(value = '') {
    const input = h('input', { type: 'text', class: 'filter-value', list: listId, autocomplete: 'off', value, 'aria-label': 'Value' });
    const remove = h('button', { type: 'button', class: 'icon-button', 'aria-label': 'Remove this value', onclick: () => {
      if (values.children.length > 1) {
        const item = input.closest('li');
        (item.previousElementSibling || item.nextElementSibling).querySelector('input').focus();
        item.remove();
      }
    } }, '×');
    input.addEventListener('input', debounce(() => suggest(input.value), 200));
    return h('li', {}, input, remove);
  }
  function drawOperators() {
    const ops = operatorsFor(dimension.value);
    const was = operator.value;
    operator.replaceChildren(...ops.map((op) => h('option', { value: op }, OPERATOR_LABELS[op])));
    operator.value = ops.includes(was) ? was : ops[0];
  }
  /** Values the site has for the dimension, for the datalist (countries by their codes, named). */
  async function suggest(term) {
    controller?.abort();
    controller = new AbortController();
    const d = dimension.value;
    try {
      const response = await ctx.query({
        metrics: ['visitors'], dimensions: [d],
        filters: term && d !== 'visit:country' ? [['contains', d, [term], { case_sensitive: false }]] : [],
        order_by: [['visitors', 'desc']], pagination: { limit: 20, offset: 0 },
      }, controller.signal);
      suggestions.replaceChildren(...response.results.filter((r) => r.dimensions[0] !== '')
        .map((r) => h('option', { value: String(r.dimensions[0]) }, valueLabel(d, r.dimensions[0]))));
    } catch (e) {
      if (!isAbort(e)) suggestions.replaceChildren();
    }
  }
  dimension.addEventListener('change', () => {
    drawOperators();
    suggest('');
  });
  addValue.addEventListener('click', () => {
    const item = valueInput();
    values.append(item);
    item.querySelector('input').focus();
  });
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    const list = [...values.querySelectorAll('input')].map((i) => i.value.trim()).filter(Boolean);
    if (!list.length) {
      error.textContent = 'Give at least one value.';
      values.querySelector('input').focus();
      return;
    }
    if (operator.value === 'matches') {
      for (const pattern of list) {
        try {
          new RegExp(pattern);
        } catch {
          error.textContent = `"${pattern}" is not a valid regular expression.`;
          return;
        }
      }
    }
    dialog.close();
    onApply([operator.value, dimension.value, list]);
  });
  close.addEventListener('click', () => dialog.close());
  dialog.addEventListener('close', () => {
    controller?.abort();
    dialog.remove();
    if (opener && opener.isConnected) opener.focus();
  });
  values.append(valueInput());
  drawOperators();
  document.body.append(dialog);
  dialog.showModal();
  dimension.focus();
  suggest('');
  return dialog;
}
