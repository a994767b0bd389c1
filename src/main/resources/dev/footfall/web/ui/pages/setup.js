// /setup: the first run. Creates the owner account and logs it in.

import { post } from '../api.js';
import { h } from '../dom.js';
import { navigate } from '../router.js';
import { setSession } from '../session.js';
import { field, fieldError, formError, onSubmit } from '../components/forms/form.js';
import { authCard } from '../components/layout/auth-card.js';
import { MIN_PASSWORD } from '../passwords.js';

export function setupPage({ main }) {
  document.title = 'Set up · Footfall';
  const form = h('form', { id: 'setup-form', class: 'stack', novalidate: true },
    field({ id: 'setup-email', name: 'email', label: 'Email', type: 'email', autocomplete: 'username', required: true }),
    field({ id: 'setup-password', name: 'password', label: 'Password', type: 'password', autocomplete: 'new-password', required: true, minlength: MIN_PASSWORD, hint: `At least ${MIN_PASSWORD} characters.` }),
    field({ id: 'setup-confirm', name: 'confirm', label: 'Confirm password', type: 'password', autocomplete: 'new-password', required: true }),
    formError(),
    h('button', { type: 'submit', class: 'primary' }, 'Create account'));
  onSubmit(form, async ({ email, password, confirm }) => {
    if (!email.trim()) return fieldError(form, 'email', 'Enter your email address.');
    if (password.length < MIN_PASSWORD) return fieldError(form, 'password', `Use at least ${MIN_PASSWORD} characters.`);
    if (password !== confirm) return fieldError(form, 'confirm', 'The passwords do not match.');
    setSession(await post('/api/ui/setup', { email: email.trim(), password }));
    navigate('/sites/new');
  });
  main.append(authCard('Welcome to Footfall', 'Create the owner account for this server.', form));
}
