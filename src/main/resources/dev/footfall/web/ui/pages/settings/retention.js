// Settings, Retention: when raw events move to the archive, and when all data is deleted.

import { put } from '../../api.js';
import { h } from '../../dom.js';
import { field, fieldError, formError, onSubmit } from '../../components/forms/form.js';
import { section, saved } from './section.js';

export function retentionSection(ctx) {
  const retention = h('form', { class: 'stack narrow', id: 'retention-form' },
    field({ id: 'raw-retention-days', name: 'raw_retention_days', label: 'Move raw events to the archive after (days)', type: 'number', min: 1, step: 1, value: ctx.info.site.raw_retention_days ?? '', hint: 'Empty: keep raw events in the hot tables forever. Archived months stay queryable (slower).' }),
    field({ id: 'retention-days', name: 'retention_days', label: 'Delete all data after (days)', type: 'number', min: 1, step: 1, value: ctx.info.site.retention_days ?? '', hint: 'Empty: keep everything forever.' }),
    formError(),
    h('button', { type: 'submit', class: 'primary' }, 'Save retention'));
  onSubmit(retention, async (values) => {
    const days = (text) => (text === '' || text == null ? null : Number(text));
    const raw = days(values.raw_retention_days);
    const all = days(values.retention_days);
    // Said in the form's own words before the server answers in the API's field names.
    if (raw != null && all != null && raw > all) {
      fieldError(retention, 'raw_retention_days', `Archive within the ${all} days data is kept: at most ${all}.`);
      return;
    }
    await put(ctx.sitePath, { raw_retention_days: days(values.raw_retention_days), retention_days: days(values.retention_days) });
    saved(retention, 'Saved. It is applied daily at 01:00 UTC.');
  });
  return { element: section('settings-retention', 'Retention', null, retention) };
}
