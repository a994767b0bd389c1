// /account: who is logged in, change password, log out.

import { post } from '../api.js';
import { h } from '../dom.js';
import { navigate } from '../router.js';
import { session, setSession } from '../session.js';
import { field, fieldError, formError, onSubmit } from '../components/forms/form.js';
import { MIN_PASSWORD } from '../passwords.js';

export function accountPage({ main }) {
  document.title = 'Account · Footfall';
  const { user } = session();
  const done = h('p', { class: 'success', role: 'status', 'aria-live': 'polite' });
  const form = h('form', { id: 'password-form', class: 'stack narrow' },
    field({ id: 'current-password', name: 'current_password', label: 'Current password', type: 'password', autocomplete: 'current-password', required: true }),
    field({ id: 'new-password', name: 'new_password', label: 'New password', type: 'password', autocomplete: 'new-password', required: true, minlength: MIN_PASSWORD, hint: `At least ${MIN_PASSWORD} characters.` }),
    field({ id: 'new-password-confirm', name: 'confirm', label: 'Confirm new password', type: 'password', autocomplete: 'new-password', required: true }),
    formError(),
    h('button', { type: 'submit', class: 'primary' }, 'Change password'),
    done);
  onSubmit(form, async ({ current_password: current, new_password: next, confirm }) => {
    done.textContent = '';
    if (next.length < MIN_PASSWORD) return fieldError(form, 'new_password', `Use at least ${MIN_PASSWORD} characters.`);
    if (next !== confirm) return fieldError(form, 'confirm', 'The passwords do not match.');
    await post('/api/ui/password', { current_password: current, new_password: next });
    form.reset();
    done.textContent = 'Password changed.';
  });
  const logout = h('button', {
    type: 'button', id: 'logout-button', class: 'secondary',
    onclick: async () => {
      try {
        await post('/api/ui/logout');
      } finally {
        setSession({ setup_required: false, user: null, csrf: null });
        navigate('/login');
      }
    },
  }, 'Log out');
  main.append(
    h('h1', {}, 'Account'),
    h('section', { class: 'card section' },
      h('h2', {}, 'Signed in'),
      h('p', {}, 'You are logged in as ', h('strong', { id: 'account-email' }, user ? user.email : ''), user && user.owner ? ' (server owner).' : '.'),
      logout),
    h('section', { class: 'card section' }, h('h2', {}, 'Change password'), form));
}
