// A "Copy" button for snippets, links and secrets. The Clipboard API needs a secure context
// (https or localhost); elsewhere it falls back to selecting a hidden textarea.

import { h } from '../../dom.js';

async function writeClipboard(text) {
  if (navigator.clipboard && window.isSecureContext) {
    await navigator.clipboard.writeText(text);
    return;
  }
  const area = h('textarea', { class: 'visually-hidden', readonly: true });
  area.value = text;
  document.body.append(area);
  area.select();
  const ok = document.execCommand('copy');
  area.remove();
  if (!ok) throw new Error('copy refused');
}

export function copyButton(getText, label = 'Copy', extraClass = '') {
  const status = h('span', { class: 'copy-status', role: 'status', 'aria-live': 'polite' });
  const button = h('button', {
    type: 'button',
    class: `copy-button secondary ${extraClass}`.trim(),
    onclick: async () => {
      const text = typeof getText === 'function' ? getText() : getText;
      try {
        await writeClipboard(text);
        status.textContent = 'Copied';
      } catch {
        status.textContent = 'Select the text and copy it by hand';
      }
      setTimeout(() => { status.textContent = ''; }, 2500);
    },
  }, label);
  return h('span', { class: 'copy-wrap' }, button, status);
}

/** A read-only block of text (snippet, URL, secret) with a Copy button beside it. */
export function copyBlock(text, { label = 'Copy', className = '', testid } = {}) {
  return h('div', { class: `copy-block ${className}`.trim(), 'data-testid': testid },
    h('pre', {}, h('code', {}, text)),
    copyButton(text, label));
}
