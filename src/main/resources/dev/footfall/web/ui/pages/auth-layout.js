// The narrow centred card used by setup, login and invitation pages.

import { h } from '../dom.js';
import { logoMark } from '../components/layout/logo.js';

export function authCard(title, intro, ...content) {
  return h('section', { class: 'auth-card card' },
    h('div', { class: 'auth-logo' }, logoMark(40)),
    h('h1', {}, title),
    intro ? h('p', { class: 'muted' }, intro) : null,
    ...content);
}
