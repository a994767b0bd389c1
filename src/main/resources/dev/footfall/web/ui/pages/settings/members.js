// Settings, Members: who may see or manage the site, and invitations as links to hand over
// (shown once, when made: the server keeps only a hash of each).

import { get, post, del, seg } from '../../api.js';
import { h } from '../../dom.js';
import { field, fieldWith, formError, onSubmit } from '../../components/forms/form.js';
import { copyBlock } from '../../components/forms/copy.js';
import { confirmButton } from '../../components/forms/confirm-button.js';
import { section, guarded, absolute } from './section.js';

export function membersSection(ctx) {
  const base = ctx.uiPath;
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
  return {
    element: section('settings-members', 'Members', null, memberList, membersAlert, h('h3', {}, 'Invite someone'), inviteForm, inviteResult, h('h3', {}, 'Pending invitations'),
      h('p', { class: 'muted' }, 'An invitation link is shown once, when it is made. If one is lost, revoke it and invite again.'), invitationList),
    load: () => drawMembers().catch((error) => { membersAlert.textContent = error.message; }),
  };
}
