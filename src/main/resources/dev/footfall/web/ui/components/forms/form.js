// Form building blocks shared by every page: labelled fields, per-field error messages from
// the server's {"errors": {field: problem}}, a form-level alert, and a busy submit button.

import { h, nextId } from '../../dom.js';

/** A <label> + <input> pair. `name` is the server's field name, so errors land next to it. */
export function field({ id, label, name, type = 'text', value, hint, ...attrs }) {
  const inputId = id || nextId('field');
  const hintId = hint ? `${inputId}-hint` : null;
  const errorId = `${inputId}-error`;
  const input = h('input', { id: inputId, name: name || inputId, type, value, 'aria-describedby': [hintId, errorId].filter(Boolean).join(' '), ...attrs });
  return h('div', { class: 'field', dataset: { field: name || inputId } },
    h('label', { for: inputId }, label),
    input,
    hint ? h('p', { class: 'hint', id: hintId }, hint) : null,
    h('p', { class: 'field-error', id: errorId, 'aria-live': 'polite' }));
}

/** The alert line at the bottom of a form (server errors, network errors). */
export function formError() {
  return h('p', { class: 'form-error', role: 'alert', 'aria-live': 'assertive' });
}

export function clearErrors(form) {
  for (const el of form.querySelectorAll('.field-error, .form-error')) el.textContent = '';
  for (const el of form.querySelectorAll('[aria-invalid]')) el.removeAttribute('aria-invalid');
}

/** Puts each field error next to its field; whatever has no field goes to the form alert. */
export function showErrors(form, error) {
  clearErrors(form);
  const alert = form.querySelector('.form-error');
  const leftovers = [];
  if (error && error.fields) {
    for (const [name, problem] of Object.entries(error.fields)) {
      const box = form.querySelector(`.field[data-field="${CSS.escape(name)}"]`);
      if (box) {
        box.querySelector('.field-error').textContent = problem;
        box.querySelector('input, select, textarea')?.setAttribute('aria-invalid', 'true');
      } else leftovers.push(`${name}: ${problem}`);
    }
    if (alert && leftovers.length) alert.textContent = leftovers.join('; ');
    const firstInvalid = form.querySelector('[aria-invalid="true"]');
    if (firstInvalid) firstInvalid.focus();
  } else if (alert) {
    alert.textContent = (error && error.message) || String(error);
  }
}

export function fieldError(form, name, message) {
  const box = form.querySelector(`.field[data-field="${CSS.escape(name)}"]`);
  box.querySelector('.field-error').textContent = message;
  const input = box.querySelector('input, select');
  input.setAttribute('aria-invalid', 'true');
  input.focus();
}

/**
 * Wires a form's submit to an async action: prevents double submits, marks the form busy,
 * clears and shows errors. action(values) gets the form's values as an object.
 */
export function onSubmit(form, action) {
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    if (form.getAttribute('aria-busy') === 'true') return;
    clearErrors(form);
    const values = Object.fromEntries(new FormData(form).entries());
    const buttons = form.querySelectorAll('button[type=submit]');
    form.setAttribute('aria-busy', 'true');
    for (const b of buttons) b.disabled = true;
    try {
      await action(values);
    } catch (error) {
      if (error && error.name !== 'AbortError') showErrors(form, error);
    } finally {
      form.removeAttribute('aria-busy');
      for (const b of buttons) if (b.isConnected) b.disabled = b.dataset.keepDisabled === 'true';
    }
  });
  return form;
}

/** The same wrapper as field() around a control built elsewhere (a <select>). */
export function fieldWith({ label, name, control, hint }) {
  const hintId = hint ? `${control.id}-hint` : null;
  const errorId = `${control.id}-error`;
  control.setAttribute('aria-describedby', [hintId, errorId].filter(Boolean).join(' '));
  return h('div', { class: 'field', dataset: { field: name || control.name } },
    h('label', { for: control.id }, label),
    control,
    hint ? h('p', { class: 'hint', id: hintId }, hint) : null,
    h('p', { class: 'field-error', id: errorId, 'aria-live': 'polite' }));
}
