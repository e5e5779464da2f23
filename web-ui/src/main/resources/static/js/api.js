// HTTP clients: reads from query-service (this page's origin) and changes sent to command-service
// (its URL comes from GET /api/config). Every call carries the bearer token; failures become
// ApiError (or its subclasses AuthError for refused tokens and NetworkError when unreachable).

import { t } from './i18n.js';
import { describeProblem, problemSlug } from './problems.js';

export class ApiError extends Error {
  constructor(message, { status = 0, problem = null, retryAfter = null, cause } = {}) {
    super(message, { cause });
    this.name = 'ApiError';
    this.status = status;
    this.problem = problem;
    this.retryAfter = retryAfter; // seconds, from a 429's Retry-After
  }

  /** The bad fields of a 400 problem: [{field, message}]. */
  get fieldErrors() {
    return Array.isArray(this.problem?.errors) ? this.problem.errors : [];
  }
}

export class AuthError extends ApiError {
  constructor(message, options) {
    super(message, options);
    this.name = 'AuthError';
  }
}

export class NetworkError extends ApiError {
  constructor(message, options) {
    super(message, options);
    this.name = 'NetworkError';
  }
}

const DEFAULT_TIMEOUT_MS = 20_000;

/**
 * One HTTP exchange. Resolves to {status, ok, body, retryAfter} for any answer, rejects with
 * NetworkError when there is none (offline, refused, timed out). Never served from the HTTP cache.
 */
export async function exchange(url, { method = 'GET', token, body, timeoutMs = DEFAULT_TIMEOUT_MS, signal } = {}) {
  const headers = { Accept: 'application/json, application/problem+json' };
  if (token) headers.Authorization = `Bearer ${token}`;
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  const timeout = new AbortController();
  const timer = setTimeout(() => timeout.abort(), timeoutMs);
  const onAbort = () => timeout.abort();
  signal?.addEventListener('abort', onAbort, { once: true });
  let response;
  try {
    response = await fetch(url, {
      method,
      headers,
      body: body === undefined ? undefined : JSON.stringify(body),
      cache: 'no-store',
      credentials: 'omit',
      signal: timeout.signal,
    });
  } catch (cause) {
    if (signal?.aborted) throw cause;
    const timedOut = timeout.signal.aborted;
    throw new NetworkError(timedOut ? t('api.timeout') : t('api.unreachable'),
      { cause });
  } finally {
    clearTimeout(timer);
    signal?.removeEventListener('abort', onAbort);
  }
  const text = await response.text().catch(() => '');
  let parsed = null;
  if (text) {
    try {
      parsed = JSON.parse(text);
    } catch {
      parsed = null;
    }
  }
  const retryAfter = Number.parseInt(response.headers.get('Retry-After') ?? '', 10);
  return { status: response.status, ok: response.ok, body: parsed, retryAfter: Number.isFinite(retryAfter) ? retryAfter : null };
}

/** The error for a non-2xx answer. `reading`: a 403 means the token may not see this page at all. */
export function errorFor({ status, body, retryAfter }, { reading = true } = {}) {
  const problem = body && typeof body === 'object' ? body : null;
  const options = { status, problem, retryAfter };
  if (status === 401) {
    const revoked = problemSlug(problem) === 'token-revoked' || problem?.detail === 'This token has been revoked';
    return new AuthError(revoked ? t('api.tokenRevoked') : t('api.tokenRefused'), options);
  }
  if (status === 403) {
    return reading
      ? new AuthError(t('api.mayNotView'), options)
      : new ApiError(t('api.mayNotDo'), options);
  }
  if (status === 429) return new ApiError(t('api.busy'), options);
  if (status >= 500) return new ApiError(t('api.serverProblem', { status }), options);
  return new ApiError(t('api.problemWithStatus', { message: describeProblem({ status, body: problem }), status }), options);
}

const dayPath = (dayId) => `/api/days/${encodeURIComponent(dayId)}`;
const campaignPath = (campaignId) => `/api/campaigns/${encodeURIComponent(campaignId)}`;

function query(params) {
  const search = new URLSearchParams();
  for (const [name, value] of Object.entries(params)) {
    if (value !== undefined && value !== null && value !== '') search.set(name, String(value));
  }
  const text = search.toString();
  return text ? `?${text}` : '';
}

// --- query-service ------------------------------------------------------------------------------

/** Reads from query-service. @param {() => string|null} getToken */
export function createApi(getToken) {
  async function getJson(path, { signal } = {}) {
    const answer = await exchange(path, { token: getToken(), signal });
    if (!answer.ok) throw errorFor(answer);
    if (answer.body === null) {
      throw new ApiError(t('api.notUnderstood'), { status: answer.status });
    }
    return answer.body;
  }

  return {
    /** @returns {Promise<Array<{id, name, city, timeZone, startsAt, endsAt, status, position}>>} */
    days: (options) => getJson('/api/days', options),
    day: (dayId, options) => getJson(dayPath(dayId), options),
    /** @returns {Promise<Array<{campaignId, name, createdAt, position, days}>>} */
    campaigns: (options) => getJson('/api/campaigns', options),
    /** A campaign's tally at T as known at K (both now when absent): {totals, days:[{dayId, name, city, timeZone, status, tally}]}. */
    campaignTally: (campaignId, { mode = 'ALL', at, knownAt, ...options } = {}) =>
      getJson(`${campaignPath(campaignId)}/tally${query({ at, knownAt, mode })}`, options),
    /** GeoJSON FeatureCollection: one point per member day at its city, with its headline figures. */
    campaignMap: (campaignId, { mode = 'ALL', ...options } = {}) =>
      getJson(`${campaignPath(campaignId)}/map${query({ mode })}`, options),
    /** The headline figures summed over the member days at the end of each bucket. */
    campaignTimeline: (campaignId, { mode = 'ALL', bucket = 'PT15M', ...options } = {}) =>
      getJson(`${campaignPath(campaignId)}/timeline${query({ bucket, mode })}`, options),
    /** GeoJSON FeatureCollection of the day's zones (properties.name). */
    zones: (dayId, options) => getJson(`${dayPath(dayId)}/zones`, options),
    /** The tally of a day at T (`at`) as known at K (`knownAt`), both now when absent; see API.md "Tally answer". */
    tally: (dayId, { mode = 'ALL', at, knownAt, ...options } = {}) =>
      getJson(`${dayPath(dayId)}/tally${query({ at, knownAt, mode })}`, options),
    /** GeoJSON FeatureCollection: one point per subject, with `position`; at T as known at K like the tally. */
    map: (dayId, { mode = 'ALL', at, knownAt, ...options } = {}) =>
      getJson(`${dayPath(dayId)}/map${query({ at, knownAt, mode })}`, options),
    /** The headline figures at the end of each bucket (an ISO-8601 duration, PT1S to P1D) of the day so far. */
    timeline: (dayId, { mode = 'ALL', bucket = 'PT15M', ...options } = {}) =>
      getJson(`${dayPath(dayId)}/timeline${query({ bucket, mode })}`, options),
    /** One page of the report feed: {reports, next}. */
    feed: (dayId, { after = 0, limit = 1000, ...options } = {}) =>
      getJson(`${dayPath(dayId)}/reports${query({ after, limit })}`, options),
    /** Subjects already reported near a point (REPORTER of the day, or staff). */
    places: (dayId, { lat, lon, kind, radius = 1000, limit = 20, ...options }) =>
      getJson(`${dayPath(dayId)}/places${query({ lat, lon, kind, radius, limit })}`, options),
    /** The calling reporter's own reports, latest change first. */
    myReports: (dayId, { limit = 50, ...options } = {}) =>
      getJson(`${dayPath(dayId)}/reporters/me/reports${query({ limit })}`, options),

    /**
     * The printable invite sheet of codes just issued (COORDINATOR): {joinUrl, publicUrl, invites:[{code, link,
     * qr:{size, path}}]}, each link at the public address when one is configured; nothing is stored.
     */
    inviteSheet: async (codes) => {
      const answer = await exchange('/api/invite-sheet', { method: 'POST', token: getToken(), body: { codes } });
      if (!answer.ok) throw errorFor(answer, { reading: false });
      return answer.body ?? {};
    },

    // Audit (AUDITOR or ADMIN)
    /** One page of the day's event log in log order: {events, next}; next is null on the last page. */
    events: (dayId, { after = 0, limit = 100, ...options } = {}) =>
      getJson(`${dayPath(dayId)}/events${query({ after, limit })}`, options),
    /** Every event of one report with what each changed: {reportId, dayId, events:[{event, changes}]}. */
    history: (dayId, reportId, { at, knownAt, mode, ...options } = {}) =>
      getJson(`${dayPath(dayId)}/reports/${encodeURIComponent(reportId)}/history${query({ at, knownAt, mode })}`, options),
    /** The day's hash chains recomputed: {ok, events, aggregates, broken, checkpoint}. */
    integrity: (dayId, options) => getJson(`${dayPath(dayId)}/integrity`, options),
    /** Each member day's integrity check: {campaignId, ok, days}. */
    campaignIntegrity: (campaignId, options) => getJson(`${campaignPath(campaignId)}/integrity`, options),
    /** Starts a rebuild of every projection from the log (or answers the one running): {jobId}. */
    startRebuild: async () => {
      const answer = await exchange('/api/projections/rebuild', { method: 'POST', token: getToken() });
      if (!answer.ok) throw errorFor(answer, { reading: false });
      return answer.body ?? {};
    },
    /** A rebuild's progress: {jobId, state, processed, total, eventsPerSecond, secondsLeft, digestsEqual, differences, error}. */
    rebuild: (jobId, options) => getJson(`/api/projections/rebuild/${encodeURIComponent(jobId)}`, options),
    /** The day's paths, for fetchFile: the log as JSON lines, the reports as they stood at K. */
    files: {
      events: (dayId) => `${dayPath(dayId)}/events.jsonl`,
      reportsCsv: (dayId, { knownAt } = {}) => `${dayPath(dayId)}/reports.csv${query({ knownAt })}`,
      reportsGeoJson: (dayId, { knownAt } = {}) => `${dayPath(dayId)}/reports.geojson${query({ knownAt })}`,
      campaignEvents: (campaignId) => `${campaignPath(campaignId)}/events.jsonl`,
    },
  };
}

/**
 * A file from query-service, fetched with the bearer header (a plain link could not send it):
 * resolves to {blob, name} with the name from Content-Disposition, or throws like the JSON reads.
 */
export async function fetchFile(path, { token, fallbackName = 'download' } = {}) {
  let response;
  try {
    response = await fetch(path, {
      headers: token ? { Authorization: `Bearer ${token}` } : {}, cache: 'no-store', credentials: 'omit',
    });
  } catch (cause) {
    throw new NetworkError(t('api.unreachable'), { cause });
  }
  if (!response.ok) {
    const text = await response.text().catch(() => '');
    let body = null;
    try {
      body = text ? JSON.parse(text) : null;
    } catch {
      body = null;
    }
    throw errorFor({ status: response.status, body, retryAfter: null });
  }
  const disposition = response.headers.get('Content-Disposition') ?? '';
  const name = /filename="?([^";]+)"?/i.exec(disposition)?.[1] ?? fallbackName;
  return { blob: await response.blob(), name };
}

// --- configuration ------------------------------------------------------------------------------

const CONFIG_KEY = 'standstill.config';
let configPromise = null;

/**
 * {commandUrl, publicUrl?, tileUrl?, tileAttribution?, tileMinZoom?, tileMaxZoom?, tileBounds?} from
 * GET /api/config; remembered in localStorage so a
 * page opened without a connection still knows where to send what it queued.
 */
export function loadConfig() {
  configPromise ??= (async () => {
    try {
      const answer = await exchange('/api/config', { timeoutMs: 8000 });
      if (answer.ok && answer.body?.commandUrl) {
        try {
          localStorage.setItem(CONFIG_KEY, JSON.stringify(answer.body));
        } catch {
          // storage disabled: use it for this page only
        }
        return answer.body;
      }
    } catch {
      // offline: fall back to what we knew
    }
    configPromise = null; // ask again next time
    const remembered = readRememberedConfig();
    if (remembered) return remembered;
    throw new NetworkError(t('api.unreachable'));
  })();
  return configPromise;
}

function readRememberedConfig() {
  try {
    const value = JSON.parse(localStorage.getItem(CONFIG_KEY) ?? 'null');
    return value?.commandUrl ? value : null;
  } catch {
    return null;
  }
}

/** The command-service URL for a path, e.g. commandUrl('/api/join'). */
export async function commandUrl(path) {
  const { commandUrl: base } = await loadConfig();
  return base.replace(/\/+$/, '') + path;
}

// --- command-service ----------------------------------------------------------------------------

/** Changes, for staff pages: each resolves to the answer's body or throws ApiError. */
export function createCommands(getToken) {
  async function post(path, body, method = 'POST') {
    const answer = await exchange(await commandUrl(path), { method, token: getToken(), body });
    if (!answer.ok) throw errorFor(answer, { reading: false });
    return answer.body ?? {};
  }

  return {
    planDay: (day) => post('/api/days', day),
    createCampaign: (campaign) => post('/api/campaigns', campaign),
    replaceZones: (dayId, zones) => post(`${dayPath(dayId)}/zones`, zones, 'PUT'),
    openDay: (dayId) => post(`${dayPath(dayId)}/opening`, {}),
    closeDay: (dayId) => post(`${dayPath(dayId)}/closing`, {}),
    invite: (dayId, { count, expiresAt }) => post(`${dayPath(dayId)}/invites`, { count, expiresAt }),
    verdict: (dayId, reportId, verdict, note) =>
      post(`${dayPath(dayId)}/reports/${encodeURIComponent(reportId)}/verdict`, { verdict, note }),
  };
}

export const paths = {
  reports: (dayId) => `${dayPath(dayId)}/reports`,
  corrections: (dayId, reportId) => `${dayPath(dayId)}/reports/${encodeURIComponent(reportId)}/corrections`,
  retraction: (dayId, reportId) => `${dayPath(dayId)}/reports/${encodeURIComponent(reportId)}/retraction`,
};

/** A random UUID, also where crypto.randomUUID is missing (pages served over plain http). */
export function newId() {
  if (typeof crypto.randomUUID === 'function') return crypto.randomUUID();
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  bytes[6] = (bytes[6] & 0x0f) | 0x40;
  bytes[8] = (bytes[8] & 0x3f) | 0x80;
  const hex = [...bytes].map((b) => b.toString(16).padStart(2, '0')).join('');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
