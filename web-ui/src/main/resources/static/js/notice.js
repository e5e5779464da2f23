// The notice line at the top of the page: loading messages, polite error messages, with an
// optional action button ("Try again"). Each message has a key so that whoever showed it can
// clear it without clearing someone else's.

import { byTestId } from './dom.js';

export function createNotice(root) {
  const text = byTestId('notice-text', root);
  const button = byTestId('notice-action', root);
  let currentKey = null;
  let run = null;

  button.addEventListener('click', () => {
    const action = run;
    clear();
    action?.();
  });

  function clear(key) {
    if (key !== undefined && key !== currentKey) return;
    currentKey = null;
    run = null;
    root.hidden = true;
    text.textContent = '';
    button.hidden = true;
  }

  return {
    /** @param {{key?: string, kind?: 'info'|'error', action?: {label: string, run: () => void}|null}} options */
    show(message, { key = 'general', kind = 'info', action = null } = {}) {
      currentKey = key;
      run = action?.run ?? null;
      root.dataset.kind = kind;
      text.textContent = message;
      button.textContent = action?.label ?? '';
      button.hidden = !action;
      root.hidden = false;
    },
    /** Clears the notice; with a key, only if that key's message is the one shown. */
    clear,
  };
}
