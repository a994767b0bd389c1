// /sites/{domain}/settings (admins and owners): time zone, allowed hostnames, goals,
// retention, members and invitations, API keys, shared links, imports and the danger zone, one module
// each under settings/. Each section saves on its own and shows its own errors.

import { get, seg } from '../api.js';
import { h } from '../dom.js';
import { canManage } from '../roles.js';
import { generalSection } from './settings/general.js';
import { hostnamesSection } from './settings/hostnames.js';
import { goalsSection } from './settings/goals.js';
import { retentionSection } from './settings/retention.js';
import { membersSection } from './settings/members.js';
import { apiKeysSection } from './settings/api-keys.js';
import { sharedLinksSection } from './settings/shared-links.js';
import { importsSection } from './settings/imports.js';
import { dangerZoneSection } from './settings/danger-zone.js';

export async function settingsPage({ main, params }) {
  const domain = params.domain;
  const base = `/api/ui/sites/${seg(domain)}`;
  document.title = `Settings · ${domain} · Footfall`;
  main.append(
    h('p', { class: 'breadcrumb' }, h('a', { href: `/sites/${seg(domain)}` }, `← ${domain} dashboard`)),
    h('h1', {}, `Settings for ${domain}`));

  let info;
  try {
    info = await get(base);
  } catch (error) {
    main.append(h('p', { class: 'form-error', role: 'alert' }, error.status === 404 ? `There is no site "${domain}", or you may not see it.` : error.message));
    return;
  }
  if (!canManage(info.role)) {
    main.append(h('p', { class: 'form-error', role: 'alert', id: 'settings-forbidden' }, 'Only admins and owners of this site can change its settings.'));
    return;
  }
  // What the sections share. Goals reloads info and hostnames updates it, so each reads ctx.info when it acts.
  // Each section returns its card, and load() if its list is fetched once the page is drawn.
  const ctx = {
    domain, info,
    uiPath: base,
    sitePath: `/api/v1/sites/${seg(domain)}`,
    async reloadInfo() { ctx.info = await get(base); },
  };
  const sections = [generalSection, hostnamesSection, goalsSection, retentionSection,
    membersSection, apiKeysSection, sharedLinksSection, importsSection, dangerZoneSection].map((build) => build(ctx));

  const nav = [['settings-general', 'General'], ['settings-hostnames', 'Hostnames'], ['settings-goals', 'Goals'], ['settings-retention', 'Retention'],
    ['settings-members', 'Members'], ['settings-api-keys', 'API keys'], ['settings-shared-links', 'Shared links'], ['settings-imports', 'Imports'], ['settings-danger', 'Danger zone']];
  main.append(
    h('nav', { class: 'section-nav', 'aria-label': 'Settings sections' },
      h('ul', {}, nav.map(([id, label]) => h('li', {}, h('a', { href: `#${id}` }, label))))),
    ...sections.map(({ element }) => element));

  // The lists load in parallel once the page is drawn; a failure shows in its own section.
  await Promise.allSettled(sections.map(({ load }) => load?.()));
}
