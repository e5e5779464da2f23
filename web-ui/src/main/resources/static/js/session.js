// The bearer token of the signed-in user, kept in sessionStorage (this tab only).

const KEY = 'standstill.token';

export function getToken() {
  try {
    return sessionStorage.getItem(KEY);
  } catch {
    return null; // storage disabled: behave as signed out
  }
}

export function setToken(token) {
  sessionStorage.setItem(KEY, token);
}

export function clearToken() {
  try {
    sessionStorage.removeItem(KEY);
  } catch {
    // nothing stored, nothing to clear
  }
}

/** Accepts a pasted token with or without a leading "Bearer ". */
export function normalizeToken(raw) {
  return String(raw ?? '').trim().replace(/^Bearer\s+/i, '').trim();
}
