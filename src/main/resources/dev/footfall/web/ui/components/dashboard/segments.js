// Saved segments (Plausible's): a name for the current filters, personal or shown to everyone
// who sees the site. The filter dialog lists them (apply, and rename or delete the ones the
// user may change); "Save as segment" in the filter bar saves the filters on screen and puts
// the segment in their place, as one chip. The server checks the same rules (SegmentsApi).

import { h, nextId } from '../../dom.js';
import { get, post, patch, del, seg } from '../../api.js';
import { field, formError, onSubmit } from '../forms/form.js';
import { confirmButton } from '../forms/confirm-button.js';
import { canManage } from '../../roles.js';
import { SEGMENT, setKnownSegments } from './dashboard-state.js';

const base = (domain) => `/api/ui/sites/${seg(domain)}/segments`;

/** The site's segments this viewer sees; they also become the ones chips and decisions know. */
export async function loadSegments(domain) {
  const { segments } = await get(base(domain));
  setKnownSegments(segments);
  return segments;
}

/** A member changes their personal segments; site ones are the admins'. */
export function canChange(segment, role) {
  return segment.type === 'personal' || canManage(role);
}

/**
 * The "Saved segments" part of the filter dialog. options: {role (null on a shared link: apply
 * only), onApply(segment), onChanged() after a rename or delete}.
 */
export function segmentsSection(ctx, { role, onApply, onChanged }) {
  const list = h('ul', { class: 'segment-list', id: 'segment-list' });
  const status = h('p', { class: 'status', role: 'status', 'aria-live': 'polite' });
  const section = h('section', { class: 'segments', 'aria-labelledby': 'segments-title' },
    h('h3', { id: 'segments-title' }, 'Saved segments'), list, status);

  function row(segment) {
    const name = h('button', { type: 'button', class: 'link-button segment-apply', title: 'Apply this segment', onclick: () => onApply(segment) }, segment.name);
    const kind = h('span', { class: 'segment-type muted' }, segment.type === 'site' ? 'site' : 'personal');
    const item = h('li', { class: 'segment-row', dataset: { segmentId: String(segment.id) } }, name, kind);
    if (role && canChange(segment, role)) {
      const rename = h('button', { type: 'button', class: 'link-button segment-rename', 'aria-label': `Rename ${segment.name}`, onclick: () => renameForm(item, segment) }, 'Rename');
      item.append(rename, confirmButton('Delete', `Delete ${segment.name}`, async () => {
        try {
          await del(`${base(ctx.domain)}/${seg(segment.id)}`);
          status.textContent = `Deleted ${segment.name}.`;
          await onChanged();
          draw();
        } catch (error) {
          status.textContent = error.message;
        }
      }));
    }
    return item;
  }

  function renameForm(item, segment) {
    const inputId = nextId('segment-name');
    const form = onSubmit(h('form', { class: 'segment-rename-form' },
      field({ id: inputId, label: `New name for ${segment.name}`, name: 'name', value: segment.name, maxlength: 255, required: true }),
      h('div', { class: 'dialog-foot' },
        h('button', { type: 'button', class: 'secondary small', onclick: () => draw() }, 'Cancel'),
        h('button', { type: 'submit', class: 'primary small' }, 'Save name')),
      formError()), async ({ name }) => {
      await patch(`${base(ctx.domain)}/${seg(segment.id)}`, { name });
      status.textContent = `Renamed to ${name.trim()}.`;
      await onChanged();
      draw();
    });
    item.replaceChildren(form);
    form.querySelector('input').focus();
  }

  function draw() {
    const segments = ctx.segments || [];
    list.replaceChildren(...segments.map(row));
    if (!segments.length) list.replaceChildren(h('li', { class: 'muted' }, role ? 'None yet: filter the dashboard, then "Save as segment".' : 'None.'));
  }
  draw();
  return section;
}

/**
 * The dialog that saves the current filters (segments left out: a segment cannot hold one) as
 * a segment. onSaved(segment) gets the new segment; admins may make it a site segment.
 */
export function openSaveSegment(ctx, { filters, role, opener, onSaved }) {
  document.getElementById('segment-dialog')?.remove();
  const own = filters.filter(([, dimension]) => dimension !== SEGMENT);
  const close = h('button', { type: 'button', class: 'dialog-close icon-button', 'aria-label': 'Close' }, '×');
  const siteWide = canManage(role)
    ? h('label', { class: 'check' }, h('input', { type: 'checkbox', name: 'site', id: 'segment-site', value: 'yes' }),
      ' Show to everyone who sees this dashboard (a site segment)')
    : null;
  const form = onSubmit(h('form', { class: 'stack', id: 'segment-form' },
    field({ id: 'segment-name', label: 'Segment name', name: 'name', maxlength: 255, required: true, autocomplete: 'off' }),
    siteWide,
    h('p', { class: 'hint' }, `${own.length} filter${own.length === 1 ? '' : 's'} will be saved; the segment then replaces them in the view.`),
    formError(),
    h('div', { class: 'dialog-foot' }, h('span'), h('button', { type: 'submit', class: 'primary', id: 'segment-save' }, 'Save segment'))),
  async ({ name, site }) => {
    const { segment } = await post(base(ctx.domain), {
      name, type: site ? 'site' : 'personal', segment_data: { filters: own, labels: {} },
    });
    dialog.close();
    await onSaved(segment);
  });
  const dialog = h('dialog', { class: 'filter-dialog', id: 'segment-dialog', 'aria-labelledby': 'segment-title' },
    h('header', { class: 'dialog-head' }, h('h2', { id: 'segment-title' }, 'Save as segment'), close), form);
  close.addEventListener('click', () => dialog.close());
  dialog.addEventListener('close', () => {
    dialog.remove();
    if (opener && opener.isConnected) opener.focus();
  });
  document.body.append(dialog);
  dialog.showModal();
  form.querySelector('input').focus();
  return dialog;
}
