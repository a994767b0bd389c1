// /sites/{domain}: the dashboard of a site the user can see. The settings link appears for
// admins and owners once the site's details (with the user's role) arrive; they are fetched
// alongside the stats, not before them.

import { get, seg } from '../api.js';
import { mountDashboard } from '../components/dashboard-view.js';
import { canManage } from './sites.js';

export function dashboardPage({ main, params, url }) {
  const domain = params.domain;
  const info = get(`/api/ui/sites/${seg(domain)}`);
  const dashboard = mountDashboard(main, {
    domain,
    basePath: `/sites/${seg(domain)}`,
    readOnly: false,
    url,
    canManage: info.then((site) => canManage(site.role)),
  });
  info.catch((error) => {
    if (error.status === 404) {
      dashboard.destroy();
      main.replaceChildren();
      const h1 = document.createElement('h1');
      h1.textContent = 'Site not found';
      const p = document.createElement('p');
      p.className = 'form-error';
      p.setAttribute('role', 'alert');
      p.textContent = `There is no site "${domain}", or you may not see it.`;
      main.append(h1, p);
    }
  });
  return dashboard;
}
