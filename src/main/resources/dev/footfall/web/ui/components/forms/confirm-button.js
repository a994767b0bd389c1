// A button for destructive list actions (remove a member, revoke a key or a link) that asks
// for a second click instead of a blocking confirm() dialog: the first click turns it into
// "Click again to confirm" for 4 seconds.

import { h } from '../../dom.js';

export function confirmButton(label, ariaLabel, action) {
  let armed = false;
  let timer = 0;
  const button = h('button', { type: 'button', class: 'danger small confirm-button', 'aria-label': ariaLabel }, label);
  const disarm = () => {
    armed = false;
    button.textContent = label;
    button.setAttribute('aria-label', ariaLabel);
    button.classList.remove('armed');
  };
  button.addEventListener('click', async () => {
    if (!armed) {
      armed = true;
      button.textContent = 'Click again to confirm';
      button.setAttribute('aria-label', `${ariaLabel}: click again to confirm`);
      button.classList.add('armed');
      timer = setTimeout(disarm, 4000);
      return;
    }
    clearTimeout(timer);
    button.disabled = true;
    try {
      await action();
    } finally {
      button.disabled = false;
      disarm();
    }
  });
  return button;
}
