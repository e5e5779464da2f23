// Server problems (RFC 9457) in the page's language: each problem's stable `type` (e.g.
// "/problems/day-not-open") names a catalog message "problem.day-not-open"; a type the catalog does
// not know falls back to the server's own detail text, then to the status.

import { has, t } from './i18n.js';

/** "/problems/day-not-open" or "https://…/problems/day-not-open" → "day-not-open"; null for about:blank or none. */
export function problemSlug(problem) {
  const type = problem && typeof problem === 'object' ? problem.type : null;
  if (!type || type === 'about:blank') return null;
  return /\/problems\/([a-z0-9-]+)$/.exec(String(type))?.[1] ?? null;
}

/** The message for an answer {status, body}: by the problem's type, else its detail, else its status. */
export function describeProblem({ status, body }) {
  const problem = body && typeof body === 'object' ? body : null;
  const slug = problemSlug(problem);
  if (slug && has(`problem.${slug}`)) return t(`problem.${slug}`, { status, detail: problem.detail ?? '' });
  return problem?.detail || problem?.title || t('problem.status', { status });
}
