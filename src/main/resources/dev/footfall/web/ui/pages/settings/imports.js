// Settings, Imports: history from Plausible's "Export data" ZIP. Request bodies are bounded at
// 1 MiB, so the ZIP goes up in parts (start, parts in order, finish); finishing imports it whole
// or names the problem and imports nothing. Each import can be deleted with all it brought.

import { get, post, del, seg } from '../../api.js';
import { h } from '../../dom.js';
import { formError } from '../../components/forms/form.js';
import { section, guarded } from './section.js';

/** Under the server's 1 MiB body bound, with room to spare. */
const PART_BYTES = 512 * 1024;

export function importsSection(ctx) {
  const base = `${ctx.uiPath}/imports`;
  const list = h('ul', { class: 'plain-list import-list', id: 'import-list' });
  const alert = formError();
  const status = h('p', { class: 'muted', id: 'import-status', role: 'status', 'aria-live': 'polite' });
  const file = h('input', { type: 'file', id: 'import-file', name: 'file', accept: '.zip,application/zip', required: true });
  const form = h('form', { class: 'inline-form', id: 'import-form' },
    h('label', { for: 'import-file' }, 'Plausible export (ZIP)'), file,
    h('button', { type: 'submit', class: 'secondary' }, 'Import'), alert, status);

  async function load() {
    const { imports } = await get(base);
    list.replaceChildren(...imports.map((i) => h('li', { class: 'import', dataset: { importId: String(i.id) } },
      h('span', {}, `${i.start_date} – ${i.end_date} · ${i.source_file}`),
      h('button', {
        type: 'button', class: 'danger small remove', 'aria-label': `Delete import ${i.id} (${i.source_file})`,
        onclick: guarded(alert, async () => {
          await del(`${base}/${seg(i.id)}`);
          await load();
        }),
      }, 'Delete'))));
    if (!imports.length) list.append(h('li', { class: 'empty' }, 'No imports yet.'));
  }

  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const chosen = file.files[0];
    if (!chosen || form.getAttribute('aria-busy') === 'true') return;
    form.setAttribute('aria-busy', 'true');
    alert.textContent = '';
    try {
      const { upload } = await post(`${base}/uploads`);
      for (let at = 0; at < chosen.size; at += PART_BYTES) {
        status.textContent = `Uploading… ${Math.round((100 * at) / chosen.size)}%`;
        await post(`${base}/uploads/${seg(upload)}`, chosen.slice(at, at + PART_BYTES));
      }
      status.textContent = 'Importing…';
      const done = await post(`${base}/uploads/${seg(upload)}/finish`, { file_name: chosen.name });
      status.textContent = `Imported ${done.rows.toLocaleString()} rows (${done.start_date} – ${done.end_date}).`;
      form.reset();
      await load();
    } catch (error) {
      status.textContent = '';
      alert.textContent = error.message;
    } finally {
      form.removeAttribute('aria-busy');
    }
  });

  return {
    element: section('settings-imports', 'Imports',
      'History from Plausible: in Plausible, Site settings → Imports & Exports → Export data makes a ZIP; import it here. '
      + 'The dashboard adds it when "Include imported data" is on.', list, form),
    load,
  };
}
