// Settings, API keys: keys for the Stats API limited to this site; a secret is shown once.

import { get, post, del, seg } from '../../api.js';
import { h } from '../../dom.js';
import { field, formError, onSubmit } from '../../components/forms/form.js';
import { copyBlock } from '../../components/forms/copy.js';
import { confirmButton } from '../../components/forms/confirm-button.js';
import { section, guarded } from './section.js';

export function apiKeysSection(ctx) {
  const base = ctx.uiPath;
  const keyList = h('ul', { class: 'plain-list key-list', id: 'api-key-list' });
  const keysAlert = formError();
  const keyResult = h('div', { class: 'key-result', id: 'api-key-result', 'aria-live': 'polite' });
  const keyForm = h('form', { class: 'inline-form', id: 'api-key-form' },
    field({ id: 'api-key-name', name: 'name', label: 'Key name', placeholder: 'Grafana', required: true, autocomplete: 'off' }),
    h('button', { type: 'submit', class: 'secondary' }, 'Create key'), formError());
  async function drawKeys() {
    const { keys } = await get(`${base}/keys`);
    keyList.replaceChildren(...keys.map((key) => h('li', { class: 'api-key', dataset: { prefix: key.prefix } },
      h('span', {}, key.name, ' ', h('code', {}, `${key.prefix}…`)),
      confirmButton('Revoke', `Revoke key ${key.name}`, guarded(keysAlert, async () => {
        await del(`${base}/keys/${seg(key.prefix)}`);
        await drawKeys();
      })))));
    if (!keys.length) keyList.append(h('li', { class: 'empty' }, 'No API keys.'));
  }
  onSubmit(keyForm, async ({ name }) => {
    const { key, secret } = await post(`${base}/keys`, { name: name.trim() });
    keyForm.reset();
    keyResult.replaceChildren(
      h('p', { class: 'warning' }, `The secret of "${key.name}" is shown only this once. Copy it now:`),
      copyBlock(secret, { label: 'Copy secret', className: 'api-key-secret', testid: 'api-key-secret' }),
      h('p', { class: 'muted' }, 'Use it as ', h('code', {}, 'Authorization: Bearer <secret>'), ' with the Stats API (', h('code', {}, 'POST /api/v2/query'), ').'));
    await drawKeys();
  });
  return {
    element: section('settings-api-keys', 'API keys', 'Keys for the Stats API, limited to this site.', keyList, keysAlert, keyForm, keyResult),
    load: () => drawKeys().catch((error) => { keysAlert.textContent = error.message; }),
  };
}
