// Settings, Shared links: read-only dashboards for anyone with the link, optionally behind a
// password, with the code to embed them. A link is shown once, when made (the server keeps only
// a hash); the list knows each by the first characters of its secret.

import { get, post, del, seg } from '../../api.js';
import { h } from '../../dom.js';
import { field, formError, onSubmit } from '../../components/forms/form.js';
import { copyBlock } from '../../components/forms/copy.js';
import { confirmButton } from '../../components/forms/confirm-button.js';
import { section, guarded, absolute } from './section.js';

export function sharedLinksSection(ctx) {
  const base = ctx.uiPath;
  const linkList = h('ul', { class: 'plain-list shared-link-list', id: 'shared-link-list' });
  const linksAlert = formError();
  const linkResult = h('div', { class: 'shared-link-result', id: 'shared-link-result', 'aria-live': 'polite' });
  const linkForm = h('form', { class: 'inline-form', id: 'shared-link-form' },
    field({ id: 'shared-link-name', name: 'name', label: 'Name', placeholder: 'Public stats', required: true, autocomplete: 'off' }),
    field({ id: 'shared-link-password', name: 'password', label: 'Password (optional)', type: 'password', autocomplete: 'new-password' }),
    h('button', { type: 'submit', class: 'secondary' }, 'Create link'), formError());
  const embedCode = (link) => `<iframe src="${absolute(link.embed_url)}" title="${ctx.domain} analytics" width="100%" height="1600" loading="lazy" frameborder="0"></iframe>`;
  async function drawLinks() {
    const { links } = await get(`${base}/shared-links`);
    linkList.replaceChildren(...links.map((link) => h('li', { class: 'shared-link', dataset: { prefix: link.prefix } },
      h('span', {}, link.name, link.password_protected ? h('span', { class: 'badge' }, 'password') : null, ' ',
        h('code', { class: 'shared-link-prefix', title: 'The start of the link' }, `/share/${link.prefix}…`)),
      h('span', { class: 'row-actions' },
        confirmButton('Revoke', `Revoke shared link ${link.name}`, guarded(linksAlert, async () => {
          await del(`${base}/shared-links/${seg(link.prefix)}`);
          await drawLinks();
        }))))));
    if (!links.length) linkList.append(h('li', { class: 'empty' }, 'No shared links.'));
  }
  onSubmit(linkForm, async ({ name, password }) => {
    const body = { name: name.trim() };
    if (password) body.password = password;
    const link = await post(`${base}/shared-links`, body);
    linkForm.reset();
    linkResult.replaceChildren(
      h('p', { class: 'warning' }, 'Anyone with this link can see the dashboard', link.password_protected ? ' (after entering the password)' : '',
        '. It is shown only this once: copy it now.'),
      copyBlock(absolute(link.url), { label: 'Copy URL', className: 'shared-link-new', testid: 'shared-link-url' }),
      h('p', {}, 'To embed it in a page:'),
      copyBlock(embedCode(link), { label: 'Copy embed code', className: 'shared-link-embed', testid: 'shared-link-embed' }));
    await drawLinks();
  });
  return {
    element: section('settings-shared-links', 'Shared links', 'A read-only dashboard anyone with the link can open, optionally behind a password, and embeddable in an iframe. A link is shown once, when it is made; if one is lost, revoke it and make another.', linkList, linksAlert, linkForm, linkResult),
    load: () => drawLinks().catch((error) => { linksAlert.textContent = error.message; }),
  };
}
