// The "Details" dialog of a panel: the whole breakdown, 50 rows at a time ("Load more", using
// pagination offset and total_rows), with a search box that adds a `contains` condition on the
// panel's dimension (countries are searched by the names shown, not their ISO codes), and
// columns sorted by clicking their heading (the Stats API sorts, so "Load more" stays in order).
// Pages also show bounce rate, time on page and scroll depth. A native <dialog>: modal, focus
// kept inside, closes on Escape.

import { h, debounce } from '../../dom.js';
import { dimensionLabel, formatMetric, valueLabel, fullNumber, countryName } from '../../format.js';
import { columnLabel } from './panel.js';
import { hasGoalFilter } from './dashboard-state.js';
import { explainLine, showExplain } from './explain.js';
import { isAbort } from '../../api.js';

const PAGE = 50;
const PAGE_ENGAGEMENT = ['bounce_rate', 'time_on_page', 'scroll_depth'];

let countryCodes = null;
/** ISO codes whose shown name contains the term ("united" → GB, US, AE, …), and the code itself. */
export function countriesMatching(term) {
  if (!countryCodes) {
    countryCodes = [];
    for (let a = 65; a <= 90; a += 1) {
      for (let b = 65; b <= 90; b += 1) {
        const code = String.fromCharCode(a, b);
        if (countryName(code) !== code) countryCodes.push(code);
      }
    }
  }
  const needle = term.toLocaleLowerCase();
  return countryCodes.filter((code) => code.toLowerCase() === needle || countryName(code).toLocaleLowerCase().includes(needle));
}

/** The search's condition on the dimension, or null when nothing can match. */
function searchFilter(dimension, term) {
  if (!term) return [];
  if (dimension === 'visit:country') {
    const codes = countriesMatching(term);
    return codes.length ? [['is', dimension, codes]] : null;
  }
  return [['contains', dimension, [term], { case_sensitive: false }]];
}

export function openDetails(ctx, { title, dimension, metrics: panelMetrics }) {
  const metrics = dimension === 'event:page' && !hasGoalFilter(ctx.state.filters)
    ? [...panelMetrics, ...PAGE_ENGAGEMENT.filter((m) => !panelMetrics.includes(m))] : panelMetrics;
  let order = [metrics[0], 'desc'];
  const headings = metrics.map((m) => {
    const button = h('button', { type: 'button', class: 'sort-button link-button', dataset: { metric: m }, onclick: () => sortBy(m) }, columnLabel(m, ctx.state.filters));
    return h('th', { scope: 'col', class: 'num', dataset: { metric: m }, 'aria-sort': m === order[0] ? 'descending' : 'none' }, button);
  });
  function sortBy(metric) {
    order = [metric, order[0] === metric && order[1] === 'desc' ? 'asc' : 'desc'];
    headings.forEach((th) => th.setAttribute('aria-sort', th.dataset.metric === metric ? (order[1] === 'desc' ? 'descending' : 'ascending') : 'none'));
    ctx.track(load(true));
  }
  document.getElementById('details-dialog')?.remove();
  const tbody = h('tbody');
  const search = h('input', { type: 'search', id: 'details-search', placeholder: 'Search…', autocomplete: 'off' });
  const status = h('p', { class: 'status', role: 'status', 'aria-live': 'polite' });
  const more = h('button', { type: 'button', id: 'details-more', class: 'secondary', hidden: true }, 'Load more');
  const explain = explainLine('details');
  const close = h('button', { type: 'button', class: 'dialog-close icon-button', 'aria-label': 'Close' }, '×');
  const dialog = h('dialog', { class: 'details-dialog', id: 'details-dialog', 'aria-labelledby': 'details-title', dataset: { dimension } },
    h('header', { class: 'dialog-head' }, h('h2', { id: 'details-title' }, title), close),
    h('div', { class: 'field inline' }, h('label', { for: 'details-search' }, 'Search'), search),
    h('div', { class: 'table-scroll' },
      h('table', { class: 'details-table' },
        h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, dimensionLabel(dimension)), ...headings)),
        tbody)),
    status,
    h('footer', { class: 'dialog-foot' }, more, explain));

  let offset = 0;
  let term = '';
  let controller = null;

  function pick(value) {
    dialog.close();
    ctx.addFilter(dimension, value);
  }

  function row(result) {
    const value = String(result.dimensions[0]);
    const tr = h('tr', { class: 'row', tabindex: '0', dataset: { value }, title: 'Filter by this value' },
      h('td', { class: 'label' }, valueLabel(dimension, value)),
      ...metrics.map((m, i) => h('td', { class: 'num', dataset: { metric: m } }, formatMetric(m, result.metrics[i]))));
    tr.addEventListener('click', () => pick(value));
    tr.addEventListener('keydown', (event) => {
      if (event.key === 'Enter' || event.key === ' ') {
        event.preventDefault();
        pick(value);
      }
    });
    return tr;
  }

  async function load(reset) {
    controller?.abort();
    controller = new AbortController();
    if (reset) offset = 0;
    status.className = 'status';
    status.textContent = 'Loading…';
    more.disabled = true;
    const filters = searchFilter(dimension, term);
    if (!filters) {
      tbody.replaceChildren();
      more.hidden = true;
      status.textContent = 'Nothing matches this search.';
      more.disabled = false;
      return;
    }
    try {
      const response = await ctx.query({
        metrics,
        dimensions: [dimension],
        filters,
        // Ties keep a stable order by the value itself.
        order_by: [order, [dimension, 'asc']],
        include: { total_rows: true },
        pagination: { limit: PAGE, offset },
      }, controller.signal);
      const results = response.results || [];
      if (reset) tbody.replaceChildren();
      tbody.append(...results.map(row));
      offset += results.length;
      const total = response.meta?.total_rows ?? offset;
      more.hidden = offset >= total || results.length < PAGE;
      status.textContent = offset ? `${fullNumber(offset)} of ${fullNumber(total)}` : (term ? 'Nothing matches this search.' : 'No data for this period');
      showExplain(explain, ctx.state.explain, response);
    } catch (error) {
      if (isAbort(error)) return;
      status.textContent = error.message;
      status.classList.add('form-error');
    } finally {
      more.disabled = false;
    }
  }

  search.addEventListener('input', debounce(() => {
    term = search.value.trim();
    ctx.track(load(true));
  }, 250));
  more.addEventListener('click', () => ctx.track(load(false)));
  close.addEventListener('click', () => dialog.close());
  // <dialog> closes on Escape by itself; this also covers browsers whose close watcher
  // ignores a second Escape without a user activation in between.
  dialog.addEventListener('keydown', (event) => {
    if (event.key === 'Escape') {
      event.preventDefault();
      dialog.close();
    }
  });
  // A click on the backdrop (outside the dialog's box) closes it too.
  dialog.addEventListener('click', (event) => {
    if (event.target !== dialog) return;
    const box = dialog.getBoundingClientRect();
    const inside = event.clientX >= box.left && event.clientX <= box.right && event.clientY >= box.top && event.clientY <= box.bottom;
    if (!inside) dialog.close();
  });
  dialog.addEventListener('close', () => {
    controller?.abort();
    dialog.remove();
  });
  document.body.append(dialog);
  dialog.showModal();
  search.focus();
  ctx.track(load(true));
  return dialog;
}
