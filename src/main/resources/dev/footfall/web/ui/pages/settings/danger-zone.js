// Settings, Danger zone: reset the stats or delete the site, each enabled only once the domain
// is typed.

import { post } from '../../api.js';
import { h } from '../../dom.js';
import { navigate } from '../../router.js';
import { fieldWith, formError, onSubmit } from '../../components/forms/form.js';
import { section, saved } from './section.js';

function dangerForm(ctx, { id, title, text, button, path, done }) {
  const domain = ctx.domain;
  const input = h('input', { id: `${id}-confirm`, name: 'confirm', autocomplete: 'off', spellcheck: 'false' });
  const submit = h('button', { type: 'submit', class: 'danger', id: `${id}-button`, disabled: true, dataset: { keepDisabled: 'true' } }, button);
  input.addEventListener('input', () => {
    const match = input.value.trim() === domain;
    submit.disabled = !match;
    submit.dataset.keepDisabled = String(!match);
  });
  const form = h('form', { class: 'stack narrow danger-form', id: `${id}-form` },
    h('h3', {}, title), h('p', {}, text),
    fieldWith({ label: `Type ${domain} to confirm`, name: 'confirm', control: input }),
    formError(), submit);
  onSubmit(form, async ({ confirm }) => {
    await post(`${ctx.uiPath}/${path}`, { confirm: confirm.trim() });
    await done(form);
  });
  return form;
}

export function dangerZoneSection(ctx) {
  return {
    element: section('settings-danger', 'Danger zone', null,
      dangerForm(ctx, {
        id: 'reset', title: 'Reset stats', button: 'Reset all stats', path: 'reset',
        text: 'Deletes every event, visit and import of this site. The site, its settings, goals and members stay.',
        done: (form) => {
          form.reset();
          form.querySelector('#reset-button').dataset.keepDisabled = 'true';
          saved(form, 'All stats were deleted.');
        },
      }),
      dangerForm(ctx, {
        id: 'delete', title: 'Delete site', button: 'Delete this site', path: 'delete',
        text: 'Deletes the site and all its data, for good.',
        done: () => navigate('/sites'),
      })),
  };
}
