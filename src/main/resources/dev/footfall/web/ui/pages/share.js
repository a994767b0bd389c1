// /share/{slug}: a shared, read-only dashboard. Every API call carries X-Footfall-Share: slug
// instead of the session. A password-protected link first asks for the password (the server
// then sets its own HttpOnly cookie). ?embed=true (for iframes) hides the top navigation.

import { get, post, seg, setShareSlug } from '../api.js';
import { h } from '../dom.js';
import { field, formError, onSubmit } from '../components/forms/form.js';
import { mountDashboard } from '../components/dashboard/dashboard-view.js';
import { authCard } from '../components/layout/auth-card.js';

export async function sharePage({ main, params, url }) {
  const slug = params.slug;
  setShareSlug(slug);
  document.title = 'Shared dashboard · Footfall';
  const embed = url.searchParams.get('embed') === 'true';
  document.body.classList.toggle('embed', embed);
  let dashboard = null;
  let destroyed = false;

  const page = {
    update(ctx) {
      return dashboard ? dashboard.update(ctx) : Promise.resolve();
    },
    destroy() {
      destroyed = true;
      dashboard?.destroy();
      setShareSlug(null);
      document.body.classList.remove('embed');
    },
  };

  let info;
  try {
    info = await get(`/api/ui/share/${seg(slug)}`);
  } catch (error) {
    const message = error.status === 404 ? 'This shared link does not exist or has been revoked.' : error.message;
    main.append(h('h1', {}, 'Shared dashboard'), h('p', { class: 'form-error', role: 'alert', id: 'share-error' }, message));
    return page;
  }

  const show = () => {
    if (destroyed) return;
    main.replaceChildren();
    dashboard = mountDashboard(main, { domain: info.domain, basePath: `/share/${seg(slug)}`, readOnly: true, timezone: info.timezone, url: new URL(location.href) });
    return dashboard.loaded;
  };

  if (info.password_required && !info.authorized) {
    const form = h('form', { id: 'share-password-form', class: 'stack' },
      field({ id: 'share-password', name: 'password', label: 'Password', type: 'password', required: true, autocomplete: 'current-password' }),
      formError(),
      h('button', { type: 'submit', class: 'primary' }, 'View dashboard'));
    onSubmit(form, async ({ password }) => {
      try {
        await post(`/api/ui/share/${seg(slug)}/auth`, { password });
      } catch (error) {
        if (error.status === 401) error.message = 'Wrong password.';
        throw error;
      }
      await show();
    });
    main.append(authCard(`${info.domain} analytics`, 'This dashboard is protected by a password.', form));
    form.querySelector('#share-password').focus();
    return page;
  }
  show();
  return page;
}
