// Settings, Allowed hostnames: saved on every add and remove.

import { put } from '../../api.js';
import { h } from '../../dom.js';
import { field, formError, onSubmit } from '../../components/forms/form.js';
import { section, guarded } from './section.js';

export function hostnamesSection(ctx) {
  const hostList = h('ul', { class: 'plain-list hostname-list', id: 'hostname-list' });
  const hostAlert = formError();
  const hostForm = h('form', { class: 'inline-form', id: 'hostname-form' },
    field({ id: 'hostname-input', name: 'allowed_hostnames', label: 'Hostname', placeholder: 'example.com or *.example.com', autocomplete: 'off', required: true }),
    h('button', { type: 'submit', class: 'secondary' }, 'Add'),
    formError());
  const saveHosts = async (list) => {
    const site = await put(ctx.sitePath, { allowed_hostnames: list });
    ctx.info.site.allowed_hostnames = site && site.allowed_hostnames ? site.allowed_hostnames : list;
    drawHosts();
  };
  function drawHosts() {
    const hosts = ctx.info.site.allowed_hostnames || [];
    hostList.replaceChildren(...hosts.map((host) => h('li', { class: 'hostname', dataset: { hostname: host } },
      h('code', {}, host),
      h('button', { type: 'button', class: 'danger small remove', 'aria-label': `Remove ${host}`, onclick: guarded(hostAlert, () => saveHosts(hosts.filter((x) => x !== host))) }, 'Remove'))));
    if (!hosts.length) hostList.append(h('li', { class: 'empty' }, 'No restriction: events for this site are accepted from any hostname.'));
  }
  onSubmit(hostForm, async ({ allowed_hostnames: host }) => {
    // The add-site form takes "https://www.example.com/shop": so does this field (host only).
    const value = host.trim().toLowerCase().replace(/^[a-z][a-z0-9+.-]*:\/\//, '').replace(/[/?#].*$/, '').replace(/:\d+$/, '');
    const hosts = ctx.info.site.allowed_hostnames || [];
    if (value && !hosts.includes(value)) await saveHosts([...hosts, value]);
    hostForm.reset();
  });
  drawHosts();
  return {
    element: section('settings-hostnames', 'Allowed hostnames', 'Only events whose page is on one of these hostnames are counted. "*.example.com" also allows every subdomain.', hostList, hostAlert, hostForm),
  };
}
