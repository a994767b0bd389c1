// The narrow centred card of the setup, login and invitation pages and of a shared link's password prompt.

import { h } from '../../dom.js';
import { logoMark } from './logo.js';

export function authCard(title, intro, ...content) {
  return h('section', { class: 'auth-card card' },
    h('div', { class: 'auth-logo' }, logoMark(40)),
    h('h1', {}, title),
    intro ? h('p', { class: 'muted' }, intro) : null,
    ...content);
}
