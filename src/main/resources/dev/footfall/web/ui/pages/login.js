// /login: email + password. Wrong credentials (401) and rate limiting (429, with Retry-After)
// come back as messages from api.js and show in the form's alert line.

import { post } from '../api.js';
import { h } from '../dom.js';
import { navigate, safeNext } from '../router.js';
import { setSession } from '../session.js';
import { field, formError, onSubmit } from '../components/forms/form.js';
import { authCard } from '../components/layout/auth-card.js';

export function loginPage({ main, url }) {
  document.title = 'Log in · Footfall';
  const form = h('form', { id: 'login-form', class: 'stack' },
    field({ id: 'login-email', name: 'email', label: 'Email', type: 'email', autocomplete: 'username', required: true }),
    field({ id: 'login-password', name: 'password', label: 'Password', type: 'password', autocomplete: 'current-password', required: true }),
    formError(),
    h('button', { type: 'submit', class: 'primary' }, 'Log in'));
  onSubmit(form, async ({ email, password }) => {
    setSession(await post('/api/ui/login', { email: email.trim(), password }));
    navigate(safeNext(url.searchParams.get('next')), { replace: true });
  });
  main.append(authCard('Log in', null, form));
  form.querySelector('#login-email').focus();
}
