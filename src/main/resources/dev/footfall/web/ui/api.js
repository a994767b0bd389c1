// The one way the UI talks to the server. It adds the CSRF header to every non-GET request
// made with the session, the X-Footfall-Share header on shared dashboards, sends JSON bodies,
// and turns error answers ({"error"} or {"errors": {field: problem}}) into ApiError messages
// that pages can show next to the form or field at fault.

let csrfToken = null;
let shareSlug = null;

export function setCsrfToken(token) {
  csrfToken = token || null;
}

/** While a shared dashboard is shown, every call identifies itself with the link's slug. */
export function setShareSlug(slug) {
  shareSlug = slug || null;
}

export class ApiError extends Error {
  constructor(message, { status = 0, fields = null, retryAfter = null } = {}) {
    super(message);
    this.name = 'ApiError';
    this.status = status;
    this.fields = fields; // {field: problem} when the server named fields
    this.retryAfter = retryAfter;
  }
}

function retryText(seconds) {
  if (!seconds) return 'later';
  if (seconds < 90) return `in ${seconds} seconds`;
  return `in ${Math.ceil(seconds / 60)} minutes`;
}

function errorFrom(response, data) {
  const status = response.status;
  const retryAfter = Number(response.headers.get('Retry-After')) || null;
  const fields = data && typeof data === 'object' && data.errors && typeof data.errors === 'object' ? data.errors : null;
  let message = data && typeof data === 'object' && typeof data.error === 'string' ? data.error : null;
  if (!message && fields) message = Object.entries(fields).map(([field, problem]) => `${field}: ${problem}`).join('; ');
  if (status === 429 && !message) message = `Too many attempts. Try again ${retryText(retryAfter)}.`;
  if (!message) {
    if (status === 401) message = 'Please log in.';
    else if (status === 403) message = 'You are not allowed to do this (or the page is stale: reload it).';
    else if (status === 404) message = 'Not found.';
    else if (status >= 500) message = `The server failed (${status}). Try again in a moment.`;
    else message = `Request failed (${status}).`;
  }
  return new ApiError(message, { status, fields, retryAfter });
}

/** fetch + JSON. Resolves with the parsed body, rejects with ApiError (or AbortError). */
export async function request(path, { method = 'GET', body, signal } = {}) {
  const headers = { Accept: 'application/json' };
  // A Blob (a part of an uploaded file) goes as it is; anything else as JSON.
  const binary = body instanceof Blob;
  if (body !== undefined) headers['Content-Type'] = binary ? 'application/octet-stream' : 'application/json';
  if (method !== 'GET' && csrfToken) headers['X-CSRF-Token'] = csrfToken;
  if (shareSlug) headers['X-Footfall-Share'] = shareSlug;
  let response;
  try {
    response = await fetch(path, {
      method,
      headers,
      body: body === undefined ? undefined : binary ? body : JSON.stringify(body),
      credentials: 'same-origin',
      signal,
    });
  } catch (error) {
    if (error.name === 'AbortError') throw error;
    throw new ApiError('Cannot reach the server. Check your connection and try again.');
  }
  const text = await response.text();
  let data = null;
  if (text) {
    try {
      data = JSON.parse(text);
    } catch {
      data = text;
    }
  }
  if (!response.ok) throw errorFrom(response, data);
  return data;
}

export const get = (path, options) => request(path, { ...options, method: 'GET' });
export const post = (path, body = {}, options) => request(path, { ...options, method: 'POST', body });
export const put = (path, body = {}, options) => request(path, { ...options, method: 'PUT', body });
export const patch = (path, body = {}, options) => request(path, { ...options, method: 'PATCH', body });
export const del = (path, options) => request(path, { ...options, method: 'DELETE' });

/** Stats API v2. */
export const query = (body, signal) => post('/api/v2/query', body, { signal });

/** Path segment escaping for domains, slugs, tokens and ids. */
export const seg = (value) => encodeURIComponent(String(value));

export function isAbort(error) {
  return error && error.name === 'AbortError';
}
