// Entry point: sign-in, choosing the day of action, and the live tally.

import { AuthError, NetworkError, createApi } from './api.js';
import { chooseDay, createDayView } from './days.js';
import { byTestId } from './dom.js';
import { LiveConnection, Status } from './live.js';
import { createNotice } from './notice.js';
import { clearToken, getToken, normalizeToken, setToken } from './session.js';
import { createTallyView } from './tally.js';

const ui = {
  signin: byTestId('signin'),
  form: byTestId('signin-form'),
  tokenInput: byTestId('token-input'),
  signinError: byTestId('signin-error'),
  signinSubmit: byTestId('signin-submit'),
  sessionBar: byTestId('session-bar'),
  connection: byTestId('connection-status'),
  signoutButton: byTestId('signout-button'),
  dashboard: byTestId('dashboard'),
  dayName: byTestId('day-name'),
};

const CONNECTION_TEXT = {
  [Status.CONNECTING]: 'Connecting…',
  [Status.CONNECTED]: 'Connected',
  [Status.RECONNECTING]: 'Reconnecting…',
  [Status.UNAVAILABLE]: 'Live updates unavailable',
  [Status.STOPPED]: 'Not connected',
};

const api = createApi(getToken);
const notice = createNotice(byTestId('notice'));
const dayView = createDayView();
const tallyView = createTallyView();

const state = {
  days: [],
  dayId: null,
  live: null, // LiveConnection
  tally: null, // the followed tally topic of the chosen day
  opening: null, // the pending openDashboard(), if any
};

// --- signing in and out ---------------------------------------------------------------------

function showSignIn(message) {
  ui.dashboard.hidden = true;
  ui.sessionBar.hidden = true;
  ui.signin.hidden = false;
  ui.signinError.textContent = message ?? '';
  ui.signinError.hidden = !message;
  ui.tokenInput.value = '';
  if (message) ui.tokenInput.setAttribute('aria-invalid', 'true');
  else ui.tokenInput.removeAttribute('aria-invalid');
  ui.tokenInput.focus();
}

async function signIn(event) {
  event.preventDefault();
  const token = normalizeToken(ui.tokenInput.value);
  if (!token) {
    showSignIn('Please paste your access token.');
    return;
  }
  try {
    setToken(token);
  } catch {
    showSignIn('This browser does not let the page keep your token (storage is disabled).');
    return;
  }
  ui.signinSubmit.disabled = true;
  try {
    if (await openDashboard()) ui.dayName.focus();
  } finally {
    ui.signinSubmit.disabled = false;
  }
}

function signOut(message) {
  stopLive();
  clearToken();
  state.days = [];
  state.dayId = null;
  tallyView.clear();
  notice.clear();
  showSignIn(message);
}

// --- the dashboard --------------------------------------------------------------------------

/** Loads the days and shows the chosen one; resolves to whether the dashboard is shown. */
function openDashboard() {
  state.opening ??= loadDashboard().finally(() => {
    state.opening = null;
  });
  return state.opening;
}

async function loadDashboard() {
  ui.signin.hidden = true;
  ui.sessionBar.hidden = false;
  notice.show('Loading days of action…', { key: 'load' });
  let days;
  try {
    days = await api.days();
  } catch (error) {
    handleError(error, { key: 'load', retry: openDashboard });
    return false;
  }
  if (!getToken()) return false; // signed out meanwhile
  notice.clear('load');
  state.days = Array.isArray(days) ? days : [];
  dayView.setDays(state.days, (dayId) => selectDay(dayId, { updateUrl: true }));
  ui.dashboard.hidden = false;
  startLive();

  const requested = new URLSearchParams(location.search).get('day');
  const { day, missing } = chooseDay(state.days, requested);
  if (!day) {
    dayView.show(null);
    notice.show('There are no days of action yet.', { key: 'day' });
    return true;
  }
  if (missing) {
    notice.show(`There is no day of action “${requested}”; showing ${day.name} instead.`, { key: 'day' });
  }
  selectDay(day.id, { updateUrl: missing });
  return true;
}

function selectDay(dayId, { updateUrl = false } = {}) {
  const day = state.days.find((d) => d.id === dayId);
  if (!day) return;
  state.dayId = day.id;
  dayView.show(day);
  if (updateUrl) {
    const url = new URL(location.href);
    url.searchParams.set('day', day.id);
    history.replaceState(null, '', url);
  }

  state.tally?.stop();
  tallyView.clear();
  tallyView.setTimeZone(day.timeZone);
  notice.clear('tally');
  state.tally = state.live.follow(`/topic/days/${day.id}/tally`, {
    load: () => api.tally(day.id),
    apply: (tally, source) => {
      if (state.dayId !== day.id || (tally?.dayId && tally.dayId !== day.id)) return;
      tallyView.apply(tally);
      if (source === 'snapshot') notice.clear('tally');
    },
    onLoadError: (error) => handleError(error, { key: 'tally', retry: () => state.tally?.refresh() }),
  });
}

// --- live connection ------------------------------------------------------------------------

function startLive() {
  stopLive();
  let lastCheck = 0;
  state.live = new LiveConnection({
    token: getToken(),
    onStatus: showConnection,
    onError: () => {
      // The server refused or dropped us; if the token is the reason, the REST call says so.
      if (Date.now() - lastCheck < 10_000) return;
      lastCheck = Date.now();
      state.tally?.refresh();
    },
  });
  state.live.start();
}

function stopLive() {
  state.tally?.stop();
  state.tally = null;
  state.live?.stop();
  state.live = null;
}

function showConnection(status) {
  ui.connection.hidden = status === Status.STOPPED;
  ui.connection.dataset.state = status;
  ui.connection.textContent = CONNECTION_TEXT[status] ?? status;
}

// --- errors ---------------------------------------------------------------------------------

function handleError(error, { key, retry } = {}) {
  if (error?.name === 'AbortError') return;
  if (error instanceof AuthError) {
    signOut(error.message);
    return;
  }
  let message = error?.message || 'Something went wrong.';
  if (error instanceof NetworkError) {
    message = 'We cannot reach the server right now. Please check your connection; '
      + 'the figures will refresh once it is back.';
  } else if (error?.status === 404 && key === 'tally') {
    message = 'This day of action was not found.';
  }
  console.warn(message, error);
  notice.show(message, { key, kind: 'error', action: retry ? { label: 'Try again', run: retry } : null });
}

// --- start ----------------------------------------------------------------------------------

ui.form.addEventListener('submit', signIn);
ui.signoutButton.addEventListener('click', () => signOut());
window.addEventListener('online', () => {
  if (!getToken()) return;
  if (state.days.length === 0) openDashboard();
  else state.tally?.refresh();
});

if (getToken()) openDashboard();
else showSignIn();
