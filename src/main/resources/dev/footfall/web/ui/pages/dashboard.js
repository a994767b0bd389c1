// /sites/{domain}: the dashboard of a site the user can see. The site's details (with the
// user's role) come first, one small request: an unknown site says so at once instead of firing
// every panel's query into a 404, and the settings link knows whether to show.

import { get, seg } from '../api.js';
import { h } from '../dom.js';
import { mountDashboard } from '../components/dashboard/dashboard-view.js';
import { canManage } from '../roles.js';

export async function dashboardPage({ main, params, url }) {
  const domain = params.domain;

  function notFound() {
    document.title = 'Site not found · Footfall';
    main.replaceChildren(
      h('h1', {}, 'Site not found'),
      h('p', { class: 'form-error', role: 'alert', id: 'site-not-found' }, `There is no site "${domain}", or you may not see it.`),
      h('p', {}, h('a', { href: '/sites' }, 'Back to your sites')));
  }

  let site;
  try {
    site = await get(`/api/ui/sites/${seg(domain)}`);
  } catch (error) {
    if (error.status === 404) {
      notFound();
      return null;
    }
    throw error;
  }
  return mountDashboard(main, { domain, basePath: `/sites/${seg(domain)}`, readOnly: false, url, timezone: site.site?.timezone, role: site.role, canManage: () => Promise.resolve(canManage(site.role)) });
}
