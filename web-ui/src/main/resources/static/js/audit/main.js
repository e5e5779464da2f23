// The auditor's page: sign-in (AUDITOR or ADMIN), choosing the day, and its parts — the replay of the
// tally and map at T as known at K, the event log with filters and downloads, a report's history, the
// rebuild of the projections from the log, and the integrity check of the day's hash chains.

import { AuthError, NetworkError, createApi, loadConfig } from '../api.js';
import { createCityMap } from '../dashboard/map.js';
import { chooseDay, createDayView } from '../days.js';
import { byTestId } from '../dom.js';
import { t } from '../i18n.js';
import { LiveConnection, Status, statusText } from '../live.js';
import { initNav } from '../nav.js';
import { createNotice } from '../notice.js';
import { clearToken, getToken, mayAudit, roleOf } from '../session.js';
import { createSignIn } from '../signin.js';
import { createTallyView } from '../tally.js';
import { createDownloads } from './downloads.js';
import { createHistory } from './history.js';
import { createIntegrity } from './integrity.js';
import { DEFAULT_PAGE, createLog } from './log.js';
import { createRebuild } from './rebuild.js';
import { createReplay } from './replay.js';

const ui = {
  sessionBar: byTestId('session-bar'),
  connection: byTestId('connection-status'),
  signoutButton: byTestId('signout-button'),
  page: byTestId('audit'),
  dayName: byTestId('day-name'),
  map: byTestId('map'),
};

const api = createApi(getToken);
const notice = createNotice(byTestId('notice'));
const signIn = createSignIn({ onSignIn: async () => (await openPage()) && ui.dayName.focus() });
const dayView = createDayView();
const tallyView = createTallyView();
const state = { days: [], dayId: null, live: null, opening: null };
let cityMap = null; // made once the page is visible (Leaflet needs the container's size)
let replay = null;

const reportHistory = createHistory({
  api, moment: () => replay?.moment, onError: (error, retry) => handleError(error, { key: 'history', retry }),
});
const log = createLog({
  api,
  pageSize: pageSizeFromUrl(),
  onHistory: (reportId, trigger) => reportHistory.open(reportId, trigger),
  onFirstEvent: (event) => replay?.setEarliest(event.recordedAt),
  onError: (error, retry) => handleError(error, { key: 'log', retry }),
});
const integrity = createIntegrity({ api, onError: (error) => handleError(error, { key: 'integrity' }) });
const rebuild = createRebuild({ api, live: liveConnection, onError: (error) => handleError(error, { key: 'rebuild' }) });
const downloads = createDownloads({
  api, getToken, day: () => currentDay(), knownAt: () => replay?.knownAt,
  onError: (error) => handleError(error, { key: 'download' }),
});

// --- signing in and out ---------------------------------------------------------------------

function showSignIn(message) {
  ui.page.hidden = true;
  ui.sessionBar.hidden = true;
  signIn.show(message);
}

function signOut(message) {
  rebuild.stop();
  replay?.stop();
  state.live?.stop();
  state.live = null;
  clearToken();
  state.days = [];
  state.dayId = null;
  log.clear();
  notice.clear();
  showSignIn(message);
}

// --- the page -------------------------------------------------------------------------------

/** Loads the days and shows the chosen one; resolves to whether the page is shown. */
function openPage() {
  state.opening ??= loadPage().finally(() => {
    state.opening = null;
  });
  return state.opening;
}

async function loadPage() {
  if (!mayAudit(roleOf(getToken()))) {
    signOut(t('audit.needsAuditor'));
    return false;
  }
  signIn.hide();
  ui.sessionBar.hidden = false;
  notice.show(t('common.loadingDays'), { key: 'load' });
  let days;
  let config = {};
  try {
    [days, config] = await Promise.all([api.days(), loadConfig().catch(() => ({}))]);
  } catch (error) {
    handleError(error, { key: 'load', retry: openPage });
    return false;
  }
  if (!getToken()) return false; // signed out meanwhile
  notice.clear('load');
  state.days = Array.isArray(days) ? days : [];
  dayView.setDays(state.days, (dayId) => selectDay(dayId, { updateUrl: true }));
  ui.page.hidden = false;
  cityMap ??= createCityMap(ui.map, config);
  cityMap.resize();
  replay ??= createReplay({ api, tallyView, cityMap, onError: (error) => handleError(error, { key: 'replay' }) });

  const requested = new URLSearchParams(location.search).get('day');
  const { day, missing } = chooseDay(state.days, requested);
  if (!day) {
    dayView.show(null);
    notice.show(t('audit.noDays'), { key: 'day' });
    return true;
  }
  if (missing) notice.show(t('common.dayMissing', { requested, name: day.name }), { key: 'day' });
  selectDay(day.id, { updateUrl: missing });
  return true;
}

function currentDay() {
  return state.days.find((d) => d.id === state.dayId) ?? null;
}

function selectDay(dayId, { updateUrl = false } = {}) {
  const day = state.days.find((d) => d.id === dayId);
  if (!day) return;
  state.dayId = day.id;
  dayView.show(day);
  document.title = t('audit.titleWithDay', { name: day.name });
  if (updateUrl) {
    const url = new URL(location.href);
    url.searchParams.set('day', day.id);
    history.replaceState(null, '', url);
  }
  for (const view of [tallyView, cityMap]) view.setTimeZone(day.timeZone);
  tallyView.clear();
  cityMap.clear();
  loadZones(day);
  replay.setDay(day);
  log.setDay(day);
  reportHistory.setDay(day);
  integrity.setDay(day);
  downloads.clear();
}

async function loadZones(day) {
  try {
    const zones = await api.zones(day.id);
    if (state.dayId === day.id) cityMap.setZones(zones);
  } catch (error) {
    handleError(error, { key: 'zones', retry: () => loadZones(day) });
  }
}

/** The page's STOMP connection, opened the first time something follows a topic (a rebuild). */
function liveConnection() {
  if (!state.live) {
    state.live = new LiveConnection({ token: getToken(), onStatus: showConnection });
    state.live.start();
  }
  return state.live;
}

function showConnection(status) {
  ui.connection.hidden = status === Status.STOPPED;
  ui.connection.dataset.state = status;
  ui.connection.textContent = statusText(status);
}

/** `?limit=` sets the log's page size (1 to 1000), e.g. to read a huge log in smaller bites. */
function pageSizeFromUrl() {
  const limit = Number.parseInt(new URLSearchParams(location.search).get('limit') ?? '', 10);
  return Number.isFinite(limit) ? Math.min(1000, Math.max(1, limit)) : DEFAULT_PAGE;
}

// --- errors ---------------------------------------------------------------------------------

function handleError(error, { key, retry } = {}) {
  if (error?.name === 'AbortError') return;
  if (error instanceof AuthError) {
    signOut(error.message);
    return;
  }
  let message = error?.message || t('common.somethingWrong');
  if (error instanceof NetworkError) message = t('audit.unreachable');
  else if (error?.status === 404) message = t('audit.notFound');
  console.warn(message, error);
  notice.show(message, { key, kind: 'error', action: retry ? { label: t('common.tryAgain'), run: retry } : null });
}

// --- start ----------------------------------------------------------------------------------

initNav();
ui.signoutButton.addEventListener('click', () => signOut());

if (getToken()) openPage();
else showSignIn();
