// The coordinator's dashboard: sign-in, choosing the day, and its live views — tiles, city map,
// feed and timeline — each following its STOMP topic and re-reading its REST snapshot after a drop.

import { AuthError, NetworkError, createApi, createCommands, loadConfig } from '../api.js';
import { chooseDay, createDayView } from '../days.js';
import { byTestId } from '../dom.js';
import { LiveConnection, Status, statusText } from '../live.js';
import { initNav } from '../nav.js';
import { createNotice } from '../notice.js';
import { clearToken, getToken, mayCoordinate, roleOf } from '../session.js';
import { createSignIn } from '../signin.js';
import { createTallyView } from '../tally.js';
import { createFeedView } from './feed.js';
import { createFilters, keepReport, keepSubject } from './filters.js';
import { createCityMap } from './map.js';
import { createTimeline } from './timeline.js';
import { autoBucket, bucketsFor, describeBucket, isoBucket } from '../buckets.js';
import { h } from '../dom.js';
import { crowdBasis, describeCrowdBasis } from '../plausibility.js';
import { t } from '../i18n.js';

const ui = {
  sessionBar: byTestId('session-bar'),
  connection: byTestId('connection-status'),
  staleNote: byTestId('stale-note'),
  signoutButton: byTestId('signout-button'),
  dashboard: byTestId('dashboard'),
  dayName: byTestId('day-name'),
  crowdBasis: byTestId('crowd-basis'),
  crowdCheck: byTestId('crowd-check'),
  bucket: byTestId('timeline-bucket'),
  skipMap: byTestId('skip-map'),
  feedHeading: document.getElementById('feed-heading'),
};

const TIMELINE_EVERY_MS = 10_000;
const VERIFIED_REFRESH_MS = 400;

const api = createApi(getToken);
const commands = createCommands(getToken);
const notice = createNotice(byTestId('notice'));
const signIn = createSignIn({ onSignIn: async () => (await openDashboard()) && ui.dayName.focus() });
const dayView = createDayView();
const tallyView = createTallyView();
const filters = createFilters(onFilters);
let cityMap = null; // made once the dashboard is visible (Leaflet needs the container's size)
const timeline = createTimeline(byTestId('timeline-chart'), byTestId('timeline-rows'), byTestId('timeline-summary'));
const feed = createFeedView(byTestId('feed'), {
  count: byTestId('feed-count'),
  canJudge: () => mayCoordinate(state.role),
  onVerdict: (report, verdict) => commands.verdict(state.dayId, report.reportId, verdict),
});

const state = {
  days: [],
  dayId: null,
  role: null,
  live: null, // LiveConnection
  feed: null, // the followed feed topic of the chosen day
  figures: [], // the followed tally and map topics, in the current mode
  opening: null, // the pending openDashboard(), if any
  timelineTimer: null,
  timelineLoaded: 0,
};

// --- signing in and out ---------------------------------------------------------------------

function showSignIn(message) {
  ui.dashboard.hidden = true;
  ui.sessionBar.hidden = true;
  signIn.show(message);
}

function signOut(message) {
  stopLive();
  clearToken();
  state.days = [];
  state.dayId = null;
  clearViews();
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
  signIn.hide();
  ui.sessionBar.hidden = false;
  state.role = roleOf(getToken());
  notice.show(t('common.loadingDays'), { key: 'load' });
  let days;
  let config = {};
  try {
    [days, config] = await Promise.all([api.days(), loadConfig().catch(() => ({}))]);
  } catch (error) {
    handleError(error, { key: 'load', retry: openDashboard });
    return false;
  }
  if (!getToken()) return false; // signed out meanwhile
  notice.clear('load');
  state.days = Array.isArray(days) ? days : [];
  dayView.setDays(state.days, (dayId) => selectDay(dayId, { updateUrl: true }));
  ui.dashboard.hidden = false;
  cityMap ??= createCityMap(byTestId('map'), config);
  cityMap.resize();
  feed.refresh();
  startLive();

  const requested = new URLSearchParams(location.search).get('day');
  const { day, missing } = chooseDay(state.days, requested);
  if (!day) {
    dayView.show(null);
    notice.show(t('dashboard.noDays'), { key: 'day' });
    return true;
  }
  if (missing) {
    notice.show(t('common.dayMissing', { requested, name: day.name }), { key: 'day' });
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
  for (const view of [tallyView, feed, timeline, cityMap]) view.setTimeZone?.(day.timeZone);
  setBuckets(day);
  notice.clear('tally');
  showDay(day);
}

function showDay(day) {
  clearViews();
  followFeed(day);
  followFigures(day);
  loadZones(day);
}

function clearViews() {
  stopFollowing();
  ui.crowdBasis.textContent = '';
  ui.crowdCheck.hidden = true;
  tallyView.clear();
  feed.clear();
  timeline.clear();
  cityMap?.clear();
}

const topic = (day, name) => `/topic/days/${day.id}/${name}`;
const onLoadError = (day, key) => (error) => handleError(error, { key, retry: () => showDay(day) });

/** The feed (the same in both modes): every report, then each change as it is pushed. */
function followFeed(day) {
  state.feed = state.live.follow(topic(day, 'feed'), {
    load: () => loadFeedAfter(day.id, feed.position),
    apply: (view, source) => {
      if (state.dayId === day.id) feed.apply(source === 'snapshot' ? view : [view]);
    },
    onLoadError: onLoadError(day, 'feed'),
  });
  applyFilters();
}

/** The tally (tiles, zone shading, timeline) and the map, in the mode of the filters. */
function followFigures(day) {
  const mode = filters.mode;
  const current = () => state.dayId === day.id && filters.mode === mode;
  let tally;
  let map;

  // In VERIFIED mode the pushes (ALL mode) only say that something changed: re-read the snapshot.
  const refreshSoon = throttle(() => {
    tally?.refresh();
    map?.refresh();
  }, VERIFIED_REFRESH_MS);

  tally = state.live.follow(topic(day, 'tally'), {
    load: () => api.tally(day.id, { mode }),
    apply: (view, source) => {
      if (!current() || (view?.dayId && view.dayId !== day.id)) return;
      if (source === 'live' && mode !== 'ALL') {
        refreshSoon();
        return;
      }
      if (tallyView.apply(view)) {
        cityMap.setZoneFigures(view.businesses?.byZone);
        timeline.setLive(view);
        scheduleTimeline(day, mode);
      }
      if (source === 'snapshot') notice.clear('tally');
    },
    onLoadError: onLoadError(day, 'tally'),
  });
  map = state.live.follow(topic(day, 'map'), {
    load: () => api.map(day.id, { mode }),
    apply: (view, source) => {
      if (!current()) return;
      if (source === 'snapshot') cityMap.replaceFeatures(view);
      else if (mode === 'ALL') cityMap.updateFeatures(view);
      else refreshSoon();
      showCrowdBasis();
      if (filters.current.sector || filters.current.zone) applyFilters();
    },
    onLoadError: onLoadError(day, 'map'),
  });
  state.figures = [tally, map];
  scheduleTimeline(day, mode, { now: true });
}

/** Switches the figures between ALL and VERIFIED mode; the feed and the zones stay. */
function switchMode(day) {
  for (const follow of state.figures) follow.stop();
  state.figures = [];
  clearTimeout(state.timelineTimer);
  state.timelineTimer = null;
  tallyView.clear();
  timeline.clear();
  cityMap.clearSubjects();
  followFigures(day);
  applyFilters();
}

/** Every feed report changed after `after`, page by page: the catch-up after a drop. */
async function loadFeedAfter(dayId, after) {
  const reports = [];
  let cursor = after;
  for (let pages = 0; pages < 100; pages++) {
    const page = await api.feed(dayId, { after: cursor, limit: 1000 });
    reports.push(...(page.reports ?? []));
    if (page.next === null || page.next === undefined) break;
    cursor = page.next;
  }
  return reports;
}

async function loadZones(day) {
  try {
    const zones = await api.zones(day.id);
    if (state.dayId !== day.id) return;
    cityMap.setZones(zones);
    filters.setZones((zones.features ?? []).map((f) => f.properties?.name).filter(Boolean).sort());
  } catch (error) {
    handleError(error, { key: 'zones', retry: () => loadZones(day) });
  }
}

function stopFollowing() {
  for (const follow of [state.feed, ...state.figures]) follow?.stop();
  state.feed = null;
  state.figures = [];
  clearTimeout(state.timelineTimer);
  state.timelineTimer = null;
}

/** What the crowd estimate rests on (reporters, methods) and what to check first, from the map's rallies. */
function showCrowdBasis() {
  const { basis, check } = describeCrowdBasis(crowdBasis(cityMap.allSubjects()));
  ui.crowdBasis.textContent = basis;
  ui.crowdCheck.textContent = check;
  ui.crowdCheck.hidden = !check;
}

/** The bucket menu for `day`: automatic (about 48 to 96 points over the day), or any the server takes. */
function setBuckets(day) {
  const auto = autoBucket(day);
  ui.bucket.replaceChildren(h('option', { value: '' }, t('timeline.bucket.auto', { bucket: describeBucket(auto) })),
    ...bucketsFor(day).map((seconds) => h('option', { value: String(seconds) }, describeBucket(seconds))));
  ui.bucket.value = '';
}

function chosenBucket(day) {
  return isoBucket(Number(ui.bucket.value) || autoBucket(day));
}

/** The timeline is re-read at most every TIMELINE_EVERY_MS while the tally changes. */
function scheduleTimeline(day, mode, { now = false } = {}) {
  if (state.timelineTimer) return;
  const wait = now ? 0 : Math.max(0, state.timelineLoaded + TIMELINE_EVERY_MS - Date.now());
  state.timelineTimer = setTimeout(async () => {
    state.timelineLoaded = Date.now();
    try {
      const bucket = chosenBucket(day);
      const answer = await api.timeline(day.id, { mode, bucket });
      if (state.dayId === day.id && filters.mode === mode && chosenBucket(day) === bucket) timeline.show(answer);
    } catch (error) {
      if (!(error instanceof NetworkError)) console.warn('Timeline not loaded', error);
    } finally {
      state.timelineTimer = null;
    }
  }, wait);
}

// --- filters --------------------------------------------------------------------------------

function onFilters(_filters, { modeChanged }) {
  if (modeChanged) {
    const day = state.days.find((d) => d.id === state.dayId);
    if (day) switchMode(day);
    return;
  }
  applyFilters();
}

function applyFilters() {
  const current = filters.current;
  cityMap?.setFilter((p) => keepSubject(current, p));
  feed.setFilter((report) => keepReport(current, report, cityMap?.subject(report.subjectId)));
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
      state.figures[0]?.refresh();
    },
  });
  state.live.start();
}

function stopLive() {
  stopFollowing();
  state.live?.stop();
  state.live = null;
}

function showConnection(status) {
  ui.connection.hidden = status === Status.STOPPED;
  ui.connection.dataset.state = status;
  ui.connection.textContent = statusText(status);
  ui.dashboard.dataset.connection = status;
  ui.staleNote.hidden = status === Status.CONNECTED || status === Status.STOPPED;
}

// --- errors ---------------------------------------------------------------------------------

function handleError(error, { key, retry } = {}) {
  if (error?.name === 'AbortError') return;
  if (error instanceof AuthError) {
    signOut(error.message);
    return;
  }
  let message = error?.message || t('common.somethingWrong');
  if (error instanceof NetworkError) {
    message = t('dashboard.unreachable');
  } else if (error?.status === 404) {
    message = t('dashboard.dayNotFound');
  }
  console.warn(message, error);
  notice.show(message, { key, kind: 'error', action: retry ? { label: t('common.tryAgain'), run: retry } : null });
}

function throttle(run, ms) {
  let timer = null;
  return () => {
    if (timer) return;
    timer = setTimeout(() => {
      timer = null;
      run();
    }, ms);
  };
}

// --- start ----------------------------------------------------------------------------------

initNav();
ui.signoutButton.addEventListener('click', () => signOut());
ui.bucket.addEventListener('change', () => {
  const day = state.days.find((d) => d.id === state.dayId);
  if (!day) return;
  clearTimeout(state.timelineTimer);
  state.timelineTimer = null;
  scheduleTimeline(day, filters.mode, { now: true });
});
// The skip link moves the focus, not only the view: the next Tab then reaches the feed's first button.
ui.skipMap.addEventListener('click', (event) => {
  event.preventDefault();
  ui.feedHeading.focus();
});
window.addEventListener('offline', () => state.live?.reconnect());
window.addEventListener('online', () => {
  if (!getToken()) return;
  if (state.days.length === 0) openDashboard();
  else for (const follow of [state.feed, ...state.figures]) follow?.refresh();
});

if (getToken()) openDashboard();
else showSignIn();
