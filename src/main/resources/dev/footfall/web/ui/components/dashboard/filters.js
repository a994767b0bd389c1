// The filter chips under the dashboard header: one per condition, each removable with its ×
// button. All conditions apply together (AND); a chip's values are alternatives (OR).

import { h } from '../../dom.js';
import { filterLabel } from '../../format.js';

export function renderFilters(container, filters, { onRemove, onClear }) {
  if (!filters.length) {
    container.replaceChildren();
    container.hidden = true;
    return;
  }
  container.hidden = false;
  const chips = filters.map((filter, index) => {
    const [op, dimension, values] = filter;
    const label = filterLabel(filter);
    return h('li', { class: 'filter-chip', dataset: { dimension, op, value: values.join('|') } },
      h('span', { class: 'filter-text', title: label }, label),
      h('button', { type: 'button', class: 'remove', 'aria-label': `Remove filter: ${label}`, onclick: () => onRemove(index) }, '×'));
  });
  container.replaceChildren(
    h('span', { class: 'filter-title', id: 'filters-title' }, 'Filtered by'),
    h('ul', { class: 'filter-chips', 'aria-labelledby': 'filters-title' }, chips),
    ...(filters.length > 1 ? [h('button', { type: 'button', class: 'link-button clear-filters', id: 'clear-filters', onclick: onClear }, 'Clear all')] : []));
}
