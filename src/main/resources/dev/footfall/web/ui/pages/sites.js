// /sites: every site the user can see, with visitors in the last 24 hours and a sparkline.

import { get, seg } from '../api.js';
import { h } from '../dom.js';
import { compact, fullNumber } from '../format.js';
import { sparkline } from '../components/dashboard/sparkline.js';
import { canManage } from '../roles.js';

function siteRow(site) {
  const dashboard = `/sites/${seg(site.domain)}`;
  return h('li', { class: 'site-row card', dataset: { domain: site.domain, role: site.role } },
    h('a', { class: 'site-link', href: dashboard },
      h('span', { class: 'site-domain' }, site.domain),
      h('span', { class: 'site-visitors', title: `${fullNumber(site.visitors_24h)} visitors in the last 24 hours` },
        h('strong', { class: 'visitors-24h' }, compact(site.visitors_24h)), ' visitors in 24 h')),
    sparkline(site.sparkline),
    h('span', { class: 'site-actions' },
      canManage(site.role) ? h('a', { class: 'site-settings-link button secondary small', href: `${dashboard}/settings`, 'aria-label': `Settings of ${site.domain}` }, 'Settings') : null));
}

export async function sitesPage({ main }) {
  document.title = 'Sites · Footfall';
  const list = h('ul', { class: 'site-list', id: 'site-list', 'aria-busy': 'true' });
  const status = h('p', { class: 'status', role: 'status', 'aria-live': 'polite' }, 'Loading sites…');
  main.append(
    h('div', { class: 'page-head' },
      h('h1', {}, 'Sites'),
      h('a', { class: 'button primary', href: '/sites/new', id: 'add-site' }, '+ Add site')),
    status, list);
  try {
    const { sites } = await get('/api/ui/sites');
    list.replaceChildren(...sites.map(siteRow));
    status.textContent = sites.length ? '' : 'No sites yet. Add your first site to start counting visitors.';
    status.classList.toggle('empty', !sites.length);
  } catch (error) {
    status.textContent = error.message;
    status.classList.add('form-error');
  } finally {
    list.removeAttribute('aria-busy');
  }
}
