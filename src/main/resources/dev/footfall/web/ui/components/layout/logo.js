// The Footfall mark: three rising steps (footfall, and a growing chart) in a rounded square.
// Drawn inline so no image request leaves for it; /ui/favicon.svg is the same drawing.

import { s } from '../../dom.js';

export function logoMark(size = 28) {
  return s('svg', { class: 'logo-mark', width: size, height: size, viewBox: '0 0 32 32', 'aria-hidden': 'true', focusable: 'false' },
    s('rect', { width: 32, height: 32, rx: 8, class: 'logo-bg' }),
    s('rect', { x: 6, y: 18, width: 6, height: 8, rx: 2, class: 'logo-step' }),
    s('rect', { x: 13, y: 12, width: 6, height: 14, rx: 2, class: 'logo-step' }),
    s('rect', { x: 20, y: 6, width: 6, height: 20, rx: 2, class: 'logo-step' }));
}
