// The filter chips under the dashboard header: one per condition, each removable with its ×
// button. All conditions apply together (AND); a chip's values are alternatives (OR). A saved
// segment is one chip with its name; "Save as segment" (for members) names the filters shown.

import { h } from '../../dom.js';
import { filterLabel } from '../../format.js';
import { SEGMENT, knownSegment } from './dashboard-state.js';

function label(filter) {
  const [, dimension, values] = filter;
  if (dimension !== SEGMENT) return filterLabel(filter);
  return `Segment: ${values.map((id) => knownSegment(id)?.name || `#${id}`).join(' or ')}`;
}

/** onSave: null where segments cannot be saved (a shared link, or only segments applied). */
export function renderFilters(container, filters, { onRemove, onClear, onSave }) {
  if (!filters.length) {
    container.replaceChildren();
    container.hidden = true;
    return;
  }
  container.hidden = false;
  const chips = filters.map((filter, index) => {
    const [op, dimension, values] = filter;
    const text = label(filter);
    return h('li', { class: 'filter-chip', dataset: { dimension, op, value: values.join('|') } },
      h('span', { class: 'filter-text', title: text }, text),
      h('button', { type: 'button', class: 'remove', 'aria-label': `Remove filter: ${text}`, onclick: () => onRemove(index) }, '×'));
  });
  container.replaceChildren(
    h('span', { class: 'filter-title', id: 'filters-title' }, 'Filtered by'),
    h('ul', { class: 'filter-chips', 'aria-labelledby': 'filters-title' }, chips),
    ...(filters.length > 1 ? [h('button', { type: 'button', class: 'link-button clear-filters', id: 'clear-filters', onclick: onClear }, 'Clear all')] : []),
    ...(onSave && filters.some(([, dimension]) => dimension !== SEGMENT)
      ? [h('button', { type: 'button', class: 'link-button', id: 'save-segment', 'aria-haspopup': 'dialog', onclick: onSave }, 'Save as segment')] : []));
}
