// /invite/{token}: accept an invitation to a site. A new account chooses its password here;
// an existing account confirms with its password.

import { get, post, seg } from '../api.js';
import { h } from '../dom.js';
import { navigate } from '../router.js';
import { setSession } from '../session.js';
import { field, fieldError, formError, onSubmit } from '../components/forms/form.js';
import { authCard } from '../components/layout/auth-card.js';
import { MIN_PASSWORD } from '../passwords.js';

export async function invitePage({ main, params }) {
  document.title = 'Invitation · Footfall';
  let invitation;
  try {
    invitation = await get(`/api/ui/invitations/${seg(params.token)}`);
  } catch (error) {
    const message = error.status === 404 ? 'This invitation is unknown or has expired. Ask for a new one.' : error.message;
    main.append(authCard('Invitation', null, h('p', { class: 'form-error', role: 'alert', id: 'invite-error' }, message)));
    return;
  }
  const existing = invitation.account_exists;
  const form = h('form', { id: 'invite-form', class: 'stack' },
    field({ id: 'invite-email', name: 'email', label: 'Email', type: 'email', value: invitation.email, readonly: true, autocomplete: 'username' }),
    field({ id: 'invite-password', name: 'password', label: existing ? 'Your password' : 'Choose a password', type: 'password', required: true, autocomplete: existing ? 'current-password' : 'new-password', hint: existing ? null : `At least ${MIN_PASSWORD} characters.` }),
    existing ? null : field({ id: 'invite-confirm', name: 'confirm', label: 'Confirm password', type: 'password', required: true, autocomplete: 'new-password' }),
    formError(),
    h('button', { type: 'submit', class: 'primary' }, 'Accept invitation'));
  onSubmit(form, async ({ password, confirm }) => {
    if (!existing && password.length < MIN_PASSWORD) return fieldError(form, 'password', `Use at least ${MIN_PASSWORD} characters.`);
    if (!existing && password !== confirm) return fieldError(form, 'confirm', 'The passwords do not match.');
    setSession(await post(`/api/ui/invitations/${seg(params.token)}/accept`, { password }));
    navigate(`/sites/${seg(invitation.domain)}`);
  });
  main.append(authCard('You are invited',
    null,
    h('p', { id: 'invite-summary' }, 'Join ', h('strong', {}, invitation.domain), ` as ${invitation.role === 'admin' ? 'an admin' : 'a viewer'}.`),
    form));
}
