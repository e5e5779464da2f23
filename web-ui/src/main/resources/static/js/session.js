// The bearer token of the signed-in user, kept in sessionStorage (this tab only).

const KEY = 'standstill.token';

/** Dispatched on window whenever the token of this tab is set or cleared (the navigation listens). */
export const SESSION_CHANGED = 'standstill:session';

function changed() {
  window.dispatchEvent(new Event(SESSION_CHANGED));
}

export function getToken() {
  try {
    return sessionStorage.getItem(KEY);
  } catch {
    return null; // storage disabled: behave as signed out
  }
}

export function setToken(token) {
  sessionStorage.setItem(KEY, token);
  changed();
}

export function clearToken() {
  try {
    sessionStorage.removeItem(KEY);
  } catch {
    // nothing stored, nothing to clear
  }
  changed();
}

/** Accepts a pasted token with or without a leading "Bearer ". */
export function normalizeToken(raw) {
  return String(raw ?? '').trim().replace(/^Bearer\s+/i, '').trim();
}

/**
 * The role a token carries, for what the page offers (the server decides what is allowed): the
 * `role` claim of a JWT, or ADMIN for the admin token, which is not a JWT.
 * @returns {'ADMIN'|'COORDINATOR'|'AUDITOR'|'REPORTER'|null}
 */
export function roleOf(token) {
  if (!token) return null;
  const parts = token.split('.');
  if (parts.length !== 3) return 'ADMIN';
  try {
    const json = atob(parts[1].replace(/-/g, '+').replace(/_/g, '/'));
    return JSON.parse(json).role ?? null;
  } catch {
    return null;
  }
}

/** Whether this role may give verdicts, plan days and issue invites (ADMIN includes COORDINATOR). */
export function mayCoordinate(role) {
  return role === 'COORDINATOR' || role === 'ADMIN';
}

/** Whether this role may read the event log, rebuild and check integrity (the audit page). */
export function mayAudit(role) {
  return role === 'AUDITOR' || role === 'ADMIN';
}
