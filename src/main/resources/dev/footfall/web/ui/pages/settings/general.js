// Settings, General: the reporting time zone, and the tracking snippet for reference.

import { put } from '../../api.js';
import { h } from '../../dom.js';
import { fieldWith, formError, onSubmit } from '../../components/forms/form.js';
import { timezoneSelect } from '../../components/forms/timezone.js';
import { copyBlock } from '../../components/forms/copy.js';
import { section, saved } from './section.js';

export function generalSection(ctx) {
  const general = h('form', { class: 'stack narrow', id: 'settings-general-form' },
    fieldWith({ label: 'Reporting time zone', name: 'timezone', control: timezoneSelect({ id: 'settings-timezone', value: ctx.info.site.timezone }), hint: 'Changing it rebuilds the rollups in the new zone; the dashboard reads raw data meanwhile.' }),
    formError(),
    h('button', { type: 'submit', class: 'primary' }, 'Save'));
  onSubmit(general, async ({ timezone }) => {
    await put(ctx.sitePath, { timezone });
    saved(general);
  });
  return {
    element: section('settings-general', 'General', null, general, h('h3', {}, 'Tracking snippet'), copyBlock(ctx.info.snippet, { label: 'Copy snippet', className: 'snippet', testid: 'settings-snippet' })),
  };
}
