// Tiny DOM helpers. Everything is built with createElement and textContent, never innerHTML,
// so values from the API (paths, referrers, property values) can never inject markup, and no
// inline style="" attribute is ever produced (the CSP forbids them).

const SVG_NS = 'http://www.w3.org/2000/svg';

function setAttributes(el, attrs) {
  for (const [key, value] of Object.entries(attrs || {})) {
    if (value == null || value === false) continue;
    if (key === 'class') el.setAttribute('class', value);
    else if (key === 'text') el.textContent = value;
    else if (key === 'dataset') Object.assign(el.dataset, value);
    else if (key.startsWith('on') && typeof value === 'function') el.addEventListener(key.slice(2), value);
    else if (value === true) el.setAttribute(key, '');
    else el.setAttribute(key, String(value));
  }
}

function appendChildren(el, children) {
  for (const child of children.flat(Infinity)) {
    if (child == null || child === false) continue;
    el.append(child instanceof Node ? child : String(child));
  }
}

/** h('button', {class: 'x', onclick: fn}, 'Label') → an HTML element. */
export function h(tag, attrs, ...children) {
  const el = document.createElement(tag);
  setAttributes(el, attrs);
  appendChildren(el, children);
  return el;
}

/** The same for SVG elements (they need their namespace). */
export function s(tag, attrs, ...children) {
  const el = document.createElementNS(SVG_NS, tag);
  setAttributes(el, attrs);
  appendChildren(el, children);
  return el;
}

/** A status line that screen readers announce when its text changes. */
export function liveRegion(className = 'status') {
  return h('p', { class: className, role: 'status', 'aria-live': 'polite' });
}

let uid = 0;
/** Unique ids for label/aria wiring inside repeated components. */
export function nextId(prefix) {
  uid += 1;
  return `${prefix}-${uid}`;
}

/** Calls fn at most once per `ms`, with the last arguments (search boxes). */
export function debounce(fn, ms) {
  let timer = 0;
  return (...args) => {
    clearTimeout(timer);
    timer = setTimeout(() => fn(...args), ms);
  };
}
