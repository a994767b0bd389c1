// /sites/{domain}: the dashboard of a site the user can see. The settings link appears for
// admins and owners once the site's details (with the user's role) arrive; they are fetched
// after the stats have drawn, not before them.

import { get, seg } from '../api.js';
import { h } from '../dom.js';
import { mountDashboard } from '../components/dashboard/dashboard-view.js';
import { canManage } from '../roles.js';

export function dashboardPage({ main, params, url }) {
  const domain = params.domain;
  let dashboard = null;

  function notFound() {
    dashboard.destroy();
    main.replaceChildren(
      h('h1', {}, 'Site not found'),
      h('p', { class: 'form-error', role: 'alert', id: 'site-not-found' }, `There is no site "${domain}", or you may not see it.`),
      h('p', {}, h('a', { href: '/sites' }, 'Back to your sites')));
  }

  const siteInfo = () => get(`/api/ui/sites/${seg(domain)}`).then(
    (site) => canManage(site.role),
    (error) => {
      if (error.status === 404) notFound();
      throw error;
    });

  dashboard = mountDashboard(main, { domain, basePath: `/sites/${seg(domain)}`, readOnly: false, url, canManage: siteInfo });
  return dashboard;
}
