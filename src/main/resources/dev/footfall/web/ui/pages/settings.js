// /sites/{domain}/settings (admins and owners): time zone, allowed hostnames, goals,
// retention, members and invitations, API keys, shared links and the danger zone. Each
// section saves on its own and shows its own errors.

import { get, post, put, del, seg } from '../api.js';
import { h } from '../dom.js';
import { navigate } from '../router.js';
import { field, fieldWith, formError, onSubmit } from '../components/form.js';
import { timezoneSelect } from '../components/timezone.js';
import { copyBlock } from '../components/copy.js';
import { confirmButton } from '../components/confirm-button.js';
import { canManage } from '../roles.js';

function section(id, title, intro, ...content) {
  return h('section', { class: 'card section settings-section', id, 'aria-labelledby': `${id}-title` },
    h('h2', { id: `${id}-title` }, title),
    intro ? h('p', { class: 'muted' }, intro) : null,
    ...content);
}

function saved(form, text = 'Saved.') {
  let note = form.querySelector('.success');
  if (!note) {
    note = h('p', { class: 'success', role: 'status', 'aria-live': 'polite' });
    form.append(note);
  }
  note.textContent = text;
  setTimeout(() => { note.textContent = ''; }, 3000);
}

/** Errors of list actions (delete, revoke) go to the section's alert line. */
function guarded(alert, action) {
  return async (...args) => {
    alert.textContent = '';
    try {
      await action(...args);
    } catch (error) {
      alert.textContent = error.message;
    }
  };
}

const absolute = (path) => new URL(path, location.origin).href;

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
  const sitePath = `/api/v1/sites/${seg(domain)}`;
  const reloadInfo = async () => { info = await get(base); return info; };

  // General: time zone (and the snippet, for reference).
  const general = h('form', { class: 'stack narrow', id: 'settings-general-form' },
    fieldWith({ label: 'Reporting time zone', name: 'timezone', control: timezoneSelect({ id: 'settings-timezone', value: info.site.timezone }), hint: 'Changing it rebuilds the rollups in the new zone; the dashboard reads raw data meanwhile.' }),
    formError(),
    h('button', { type: 'submit', class: 'primary' }, 'Save'));
  onSubmit(general, async ({ timezone }) => {
    await put(sitePath, { timezone });
    saved(general);
  });

  // Allowed hostnames: saved on every add and remove.
  const hostList = h('ul', { class: 'plain-list hostname-list', id: 'hostname-list' });
  const hostAlert = formError();
  const hostForm = h('form', { class: 'inline-form', id: 'hostname-form' },
    field({ id: 'hostname-input', name: 'allowed_hostnames', label: 'Hostname', placeholder: 'example.com or *.example.com', autocomplete: 'off', required: true }),
    h('button', { type: 'submit', class: 'secondary' }, 'Add'),
    formError());
  const saveHosts = async (list) => {
    const site = await put(sitePath, { allowed_hostnames: list });
    info.site.allowed_hostnames = site && site.allowed_hostnames ? site.allowed_hostnames : list;
    drawHosts();
  };
  function drawHosts() {
    const hosts = info.site.allowed_hostnames || [];
    hostList.replaceChildren(...hosts.map((host) => h('li', { class: 'hostname', dataset: { hostname: host } },
      h('code', {}, host),
      h('button', { type: 'button', class: 'danger small remove', 'aria-label': `Remove ${host}`, onclick: guarded(hostAlert, () => saveHosts(hosts.filter((x) => x !== host))) }, 'Remove'))));
    if (!hosts.length) hostList.append(h('li', { class: 'empty' }, 'No restriction: events for this site are accepted from any hostname.'));
  }
  onSubmit(hostForm, async ({ allowed_hostnames: host }) => {
    const value = host.trim().toLowerCase();
    const hosts = info.site.allowed_hostnames || [];
    if (value && !hosts.includes(value)) await saveHosts([...hosts, value]);
    hostForm.reset();
  });
  drawHosts();

  // Goals.
  const goalList = h('ul', { class: 'plain-list goal-list', id: 'goal-list' });
  const goalAlert = formError();
  const goalType = h('select', { id: 'goal-type', name: 'goal_type' }, h('option', { value: 'event' }, 'Custom event'), h('option', { value: 'page' }, 'Pageview'));
  const goalValue = field({ id: 'goal-value', name: 'event_name', label: 'Event name', placeholder: 'Signup', required: true, autocomplete: 'off' });
  goalType.addEventListener('change', () => {
    const page = goalType.value === 'page';
    const input = goalValue.querySelector('input');
    goalValue.querySelector('label').textContent = page ? 'Page path' : 'Event name';
    input.placeholder = page ? '/blog/** or /pricing' : 'Signup';
    input.name = page ? 'page_path' : 'event_name';
    goalValue.dataset.field = input.name;
  });
  const goalForm = h('form', { class: 'inline-form', id: 'goal-form' },
    fieldWith({ label: 'Goal type', name: 'goal_type', control: goalType }), goalValue,
    h('button', { type: 'submit', class: 'secondary' }, 'Add goal'), formError());
  function drawGoals() {
    goalList.replaceChildren(...(info.goals || []).map((goal) => h('li', { class: 'goal', dataset: { goalId: String(goal.id), goalType: goal.goal_type } },
      h('span', {}, h('span', { class: 'badge' }, goal.goal_type === 'page' ? 'Pageview' : 'Event'), ' ', goal.display_name || goal.event_name || goal.page_path),
      h('button', {
        type: 'button', class: 'danger small remove', 'aria-label': `Delete goal ${goal.display_name || goal.event_name || goal.page_path}`,
        onclick: guarded(goalAlert, async () => {
          await del(`/api/v1/sites/goals/${seg(goal.id)}?site_id=${seg(domain)}`);
          await reloadInfo();
          drawGoals();
        }),
      }, 'Delete'))));
    if (!info.goals || !info.goals.length) goalList.append(h('li', { class: 'empty' }, 'No goals yet.'));
  }
  onSubmit(goalForm, async (values) => {
    const body = { site_id: domain, goal_type: values.goal_type };
    if (values.goal_type === 'page') body.page_path = (values.page_path || '').trim();
    else body.event_name = (values.event_name || '').trim();
    await put('/api/v1/sites/goals', body);
    goalForm.reset();
    goalType.dispatchEvent(new Event('change'));
    await reloadInfo();
    drawGoals();
  });
  drawGoals();

  // Retention.
  const retention = h('form', { class: 'stack narrow', id: 'retention-form' },
    field({ id: 'raw-retention-days', name: 'raw_retention_days', label: 'Move raw events to the archive after (days)', type: 'number', min: 1, step: 1, value: info.site.raw_retention_days ?? '', hint: 'Empty: keep raw events in the hot tables forever. Archived months stay queryable (slower).' }),
    field({ id: 'retention-days', name: 'retention_days', label: 'Delete all data after (days)', type: 'number', min: 1, step: 1, value: info.site.retention_days ?? '', hint: 'Empty: keep everything forever.' }),
    formError(),
    h('button', { type: 'submit', class: 'primary' }, 'Save retention'));
  onSubmit(retention, async (values) => {
    const days = (text) => (text === '' || text == null ? null : Number(text));
    await put(sitePath, { raw_retention_days: days(values.raw_retention_days), retention_days: days(values.retention_days) });
    saved(retention, 'Saved. It is applied daily at 01:00 UTC.');
  });

  // Members and invitations.
  const memberList = h('ul', { class: 'plain-list member-list', id: 'member-list' });
  const invitationList = h('ul', { class: 'plain-list invitation-list', id: 'invitation-list' });
  const membersAlert = formError();
  const inviteResult = h('div', { class: 'invite-result', id: 'invite-result', 'aria-live': 'polite' });
  const inviteRole = h('select', { id: 'invite-role', name: 'role' }, h('option', { value: 'viewer' }, 'Viewer (sees the dashboard)'), h('option', { value: 'admin' }, 'Admin (also changes settings)'));
  const inviteForm = h('form', { class: 'inline-form', id: 'invite-form' },
    field({ id: 'invite-email', name: 'email', type: 'email', label: 'Email', required: true, autocomplete: 'off' }),
    fieldWith({ label: 'Role', name: 'role', control: inviteRole }),
    h('button', { type: 'submit', class: 'secondary' }, 'Create invitation'), formError());
  async function drawMembers() {
    const { members, invitations } = await get(`${base}/members`);
    memberList.replaceChildren(...members.map((m) => h('li', { class: 'member', dataset: { email: m.email, role: m.role, userId: String(m.user_id) } },
      h('span', {}, m.email, ' ', h('span', { class: 'badge' }, m.role)),
      m.role === 'owner' ? null : confirmButton('Remove', `Remove ${m.email}`, guarded(membersAlert, async () => {
        await del(`${base}/members/${seg(m.user_id)}`);
        await drawMembers();
      })))));
    if (!members.length) memberList.append(h('li', { class: 'empty' }, 'No members yet. The server owner sees every site without being a member.'));
    invitationList.replaceChildren(...invitations.map((inv) => h('li', { class: 'invitation', dataset: { email: inv.email, invitationId: String(inv.id) } },
      h('span', {}, inv.email, ' ', h('span', { class: 'badge' }, inv.role), inv.expires ? h('span', { class: 'muted' }, ` expires ${String(inv.expires).slice(0, 10)}`) : null),
      h('span', { class: 'row-actions' },
        h('button', {
          type: 'button', class: 'danger small revoke', 'aria-label': `Revoke the invitation of ${inv.email}`,
          onclick: guarded(membersAlert, async () => {
            await del(`${base}/invitations/${seg(inv.id)}`);
            await drawMembers();
          }),
        }, 'Revoke')))));
    if (!invitations.length) invitationList.append(h('li', { class: 'empty' }, 'No pending invitations.'));
  }
  onSubmit(inviteForm, async ({ email, role }) => {
    const { invitation } = await post(`${base}/members`, { email: email.trim(), role });
    inviteForm.reset();
    inviteResult.replaceChildren(
      h('p', { class: 'warning' }, `Send this link to ${invitation.email} (no e-mail is sent by Footfall). It is shown only this once:`),
      copyBlock(absolute(invitation.link), { label: 'Copy link', className: 'invite-link', testid: 'invite-link' }));
    await drawMembers();
  });

  // API keys.
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

  // Shared links.
  const linkList = h('ul', { class: 'plain-list shared-link-list', id: 'shared-link-list' });
  const linksAlert = formError();
  const linkResult = h('div', { class: 'shared-link-result', id: 'shared-link-result', 'aria-live': 'polite' });
  const linkForm = h('form', { class: 'inline-form', id: 'shared-link-form' },
    field({ id: 'shared-link-name', name: 'name', label: 'Name', placeholder: 'Public stats', required: true, autocomplete: 'off' }),
    field({ id: 'shared-link-password', name: 'password', label: 'Password (optional)', type: 'password', autocomplete: 'new-password' }),
    h('button', { type: 'submit', class: 'secondary' }, 'Create link'), formError());
  const embedCode = (link) => `<iframe src="${absolute(link.embed_url)}" title="${domain} analytics" width="100%" height="1600" loading="lazy" frameborder="0"></iframe>`;
  async function drawLinks() {
    const { links } = await get(`${base}/shared-links`);
    // Only the start of each link is known: the whole URL was shown once, when it was made.
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

  // Danger zone: the button enables only once the domain is typed.
  function dangerForm({ id, title, text, button, path, done }) {
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
      await post(`${base}/${path}`, { confirm: confirm.trim() });
      await done(form);
    });
    return form;
  }

  const sections = [['settings-general', 'General'], ['settings-hostnames', 'Hostnames'], ['settings-goals', 'Goals'], ['settings-retention', 'Retention'],
    ['settings-members', 'Members'], ['settings-api-keys', 'API keys'], ['settings-shared-links', 'Shared links'], ['settings-danger', 'Danger zone']];
  main.append(
    h('nav', { class: 'section-nav', 'aria-label': 'Settings sections' },
      h('ul', {}, sections.map(([id, label]) => h('li', {}, h('a', { href: `#${id}` }, label))))),
    section('settings-general', 'General', null, general, h('h3', {}, 'Tracking snippet'), copyBlock(info.snippet, { label: 'Copy snippet', className: 'snippet', testid: 'settings-snippet' })),
    section('settings-hostnames', 'Allowed hostnames', 'Only events whose page is on one of these hostnames are counted. "*.example.com" also allows every subdomain.', hostList, hostAlert, hostForm),
    section('settings-goals', 'Goals', 'A goal counts visitors who sent a custom event, or who viewed a page whose path matches ("*" matches anything, "**" across slashes).', goalList, goalAlert, goalForm),
    section('settings-retention', 'Retention', null, retention),
    section('settings-members', 'Members', null, memberList, membersAlert, h('h3', {}, 'Invite someone'), inviteForm, inviteResult, h('h3', {}, 'Pending invitations'),
      h('p', { class: 'muted' }, 'An invitation link is shown once, when it is made. If one is lost, revoke it and invite again.'), invitationList),
    section('settings-api-keys', 'API keys', 'Keys for the Stats API, limited to this site.', keyList, keysAlert, keyForm, keyResult),
    section('settings-shared-links', 'Shared links', 'A read-only dashboard anyone with the link can open, optionally behind a password, and embeddable in an iframe. A link is shown once, when it is made; if one is lost, revoke it and make another.', linkList, linksAlert, linkForm, linkResult),
    section('settings-danger', 'Danger zone', null,
      dangerForm({
        id: 'reset', title: 'Reset stats', button: 'Reset all stats', path: 'reset',
        text: 'Deletes every event and visit of this site. The site, its settings, goals and members stay.',
        done: (form) => {
          form.reset();
          form.querySelector('#reset-button').dataset.keepDisabled = 'true';
          saved(form, 'All stats were deleted.');
        },
      }),
      dangerForm({
        id: 'delete', title: 'Delete site', button: 'Delete this site', path: 'delete',
        text: 'Deletes the site and all its data, for good.',
        done: () => navigate('/sites'),
      })));

  // The lists load in parallel once the page is drawn; a failure shows in its own section.
  await Promise.allSettled([
    drawMembers().catch((error) => { membersAlert.textContent = error.message; }),
    drawKeys().catch((error) => { keysAlert.textContent = error.message; }),
    drawLinks().catch((error) => { linksAlert.textContent = error.message; }),
  ]);
}
