// The staff pages' navigation: the audit page is offered only to auditor and admin tokens (the server
// decides what is allowed; this only keeps the menu honest).

import { SESSION_CHANGED, getToken, mayAudit, roleOf } from './session.js';

function update(root) {
  const audit = mayAudit(roleOf(getToken()));
  for (const link of root.querySelectorAll('[data-nav="audit"]')) link.hidden = !audit;
}

/** Shows or hides the role-dependent links now and whenever the signed-in token changes. */
export function initNav(root = document) {
  update(root);
  window.addEventListener(SESSION_CHANGED, () => update(root));
}
