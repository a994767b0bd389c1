// What the settings sections share: the section card, the "Saved." note of a form, the alert
// line of list actions, and absolute links for copying.

import { h } from '../../dom.js';

export function section(id, title, intro, ...content) {
  return h('section', { class: 'card section settings-section', id, 'aria-labelledby': `${id}-title` },
    h('h2', { id: `${id}-title` }, title),
    intro ? h('p', { class: 'muted' }, intro) : null,
    ...content);
}

export function saved(form, text = 'Saved.') {
  let note = form.querySelector('.success');
  if (!note) {
    note = h('p', { class: 'success', role: 'status', 'aria-live': 'polite' });
    form.append(note);
  }
  note.textContent = text;
  setTimeout(() => { note.textContent = ''; }, 3000);
}

/** Errors of list actions (delete, revoke) go to the section's alert line. */
export function guarded(alert, action) {
  return async (...args) => {
    alert.textContent = '';
    try {
      await action(...args);
    } catch (error) {
      alert.textContent = error.message;
    }
  };
}

export const absolute = (path) => new URL(path, location.origin).href;
