// Who is logged in, as told by GET /api/ui/state. The CSRF token that comes with it is handed
// to api.js; the session cookie itself is HttpOnly and never visible here.

import { get, setCsrfToken } from './api.js';

let state = { setup_required: false, user: null, csrf: null };
const listeners = new Set();

export function session() {
  return state;
}

/** Store a state answer (from /state, /login, /setup, invitation accept) and tell the nav. */
export function setSession(next) {
  state = next || { setup_required: false, user: null, csrf: null };
  setCsrfToken(state.csrf);
  for (const listener of listeners) listener(state);
}

export async function refreshSession() {
  setSession(await get('/api/ui/state'));
  return state;
}

export function onSessionChange(listener) {
  listeners.add(listener);
}
