// REST client for query-service. Every call carries the bearer token; failures become
// ApiError (or its subclasses AuthError for 401/403 and NetworkError when unreachable).

export class ApiError extends Error {
  constructor(message, { status = 0, problem = null, cause } = {}) {
    super(message, { cause });
    this.name = 'ApiError';
    this.status = status;
    this.problem = problem;
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

const day = (dayId) => `/api/days/${encodeURIComponent(dayId)}`;

/** @param {() => string|null} getToken */
export function createApi(getToken) {
  async function getJson(path, { signal } = {}) {
    let response;
    try {
      response = await fetch(path, {
        headers: { Accept: 'application/json', Authorization: `Bearer ${getToken() ?? ''}` },
        cache: 'no-store',
        signal,
      });
    } catch (cause) {
      if (cause?.name === 'AbortError') throw cause;
      throw new NetworkError('The server cannot be reached right now.', { cause });
    }
    if (response.ok) {
      try {
        return await response.json();
      } catch (cause) {
        throw new ApiError('The server sent an answer this page does not understand.',
          { status: response.status, cause });
      }
    }
    throw await errorFor(response);
  }

  return {
    /** @returns {Promise<Array<{id, name, city, timeZone, startsAt, endsAt, status}>>} */
    days: (options) => getJson('/api/days', options),
    /** The tally of a day (ALL mode, now), see API.md "Tally answer". */
    tally: (dayId, options) => getJson(`${day(dayId)}/tally`, options),
  };
}

async function errorFor(response) {
  const { status } = response;
  const problem = await readProblem(response);
  if (status === 401) {
    return new AuthError('Your token was not accepted. Please sign in again.', { status, problem });
  }
  if (status === 403) {
    return new AuthError('This token may not view the dashboard. Sign in with a coordinator or auditor token.',
      { status, problem });
  }
  if (status === 429) {
    return new ApiError('The server is busy. Figures will refresh shortly.', { status, problem });
  }
  if (status >= 500) {
    return new ApiError(`The server had a problem (${status}). Please try again in a moment.`, { status, problem });
  }
  const detail = problem?.detail || problem?.title;
  return new ApiError(detail ? `${detail} (${status})` : `The server answered ${status}.`, { status, problem });
}

/** Reads an RFC 9457 problem body if there is one. */
async function readProblem(response) {
  const type = response.headers.get('Content-Type') ?? '';
  if (!type.includes('json')) return null;
  try {
    return await response.json();
  } catch {
    return null;
  }
}
