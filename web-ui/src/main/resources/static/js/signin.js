// The staff sign-in form (dashboard and planning pages): a pasted bearer token, kept in this tab.

import { byTestId } from './dom.js';
import { t } from './i18n.js';
import { normalizeToken, setToken } from './session.js';

/**
 * @param {{onSignIn: () => Promise<boolean>}} options onSignIn loads the page with the stored
 *   token and resolves to whether it is shown.
 */
export function createSignIn({ onSignIn }) {
  const section = byTestId('signin');
  const form = byTestId('signin-form');
  const input = byTestId('token-input');
  const error = byTestId('signin-error');
  const submit = byTestId('signin-submit');

  function show(message) {
    section.hidden = false;
    error.textContent = message ?? '';
    error.hidden = !message;
    input.value = '';
    if (message) input.setAttribute('aria-invalid', 'true');
    else input.removeAttribute('aria-invalid');
    input.focus();
  }

  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const token = normalizeToken(input.value);
    if (!token) {
      show(t('signin.empty'));
      return;
    }
    try {
      setToken(token);
    } catch {
      show(t('signin.storage'));
      return;
    }
    submit.disabled = true;
    try {
      await onSignIn();
    } finally {
      submit.disabled = false;
    }
  });

  return {
    show,
    hide() {
      section.hidden = true;
    },
  };
}
