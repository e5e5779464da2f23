// The national dashboard: a campaign's cities on one page — the headline figures, a map of the country (each city a
// marker sized by its crowd and coloured by its share of businesses closed), the cities' table, and the national
// timeline — live over STOMP (/topic/campaigns/{id}/days: what changed, applied to the REST snapshot), re-read after a drop.

import { AuthError, NetworkError, createApi, fetchFile } from '../api.js';
import { byTestId, h, setNumber } from '../dom.js';
import { LiveConnection, Status, statusText } from '../live.js';
import { initNav } from '../nav.js';
import { createNotice } from '../notice.js';
import { clearToken, getToken, mayAudit, roleOf } from '../session.js';
import { instantToZoned, zonedInputToInstant } from '../zoned.js';
import { createSignIn } from '../signin.js';
import { formatCount, formatShortTime, formatTime, humanize } from '../format.js';
import { t } from '../i18n.js';

const ui = {
  sessionBar: byTestId('session-bar'),
  connection: byTestId('connection-status'),
  staleNote: byTestId('stale-note'),
  signoutButton: byTestId('signout-button'),
  national: byTestId('national'),
  name: byTestId('campaign-name'),
  cities: byTestId('campaign-cities'),
  select: byTestId('campaign-select'),
  closed: byTestId('national-closed'),
  partial: byTestId('national-partial'),
  workers: byTestId('national-workers'),
  students: byTestId('national-students'),
  crowd: byTestId('national-crowd'),
  crowdRange: byTestId('national-crowd-range'),
  peak: byTestId('national-peak'),
  peakAt: byTestId('national-peak-at'),
  reports: byTestId('national-reports'),
  rows: byTestId('city-rows'),
  table: byTestId('cities'),
  timelineZone: byTestId('national-timeline-zone'),
  timelineSummary: byTestId('national-timeline-summary'),
  position: byTestId('position'),
  lastUpdate: byTestId('last-update'),
};

const TIMELINE_EVERY_MS = 10_000;
/** The viewer's own time zone: national times are shown in it, each city's own on hover. */
const VIEWER_ZONE = Intl.DateTimeFormat().resolvedOptions().timeZone;

const api = createApi(getToken);
const notice = createNotice(byTestId('notice'));
const signIn = createSignIn({ onSignIn: async () => (await open()) && ui.name.focus() });

const state = {
  campaigns: [],
  campaignId: null,
  live: null,
  follow: null,
  shown: null, // the campaign tally shown
  changedAt: new Map(), // dayId -> {position, at}: when this page saw each city's figures change
  sort: { key: 'city', ascending: true },
  places: new Map(), // dayId -> [lat, lon] from the campaign's map
  timelineTimer: null,
  timelineLoaded: 0,
};

// --- the map ---------------------------------------------------------------------------------

let map = null;
let markers = null;
/** dayId -> its circle: kept and restyled as the figures change, so a push moves no more than it must. */
const circles = new Map();
let statesDrawn = false;

function ensureMap() {
  if (map || !globalThis.L) return;
  map = L.map(byTestId('national-map'), { zoomSnap: 0.25 }).setView([39, -96], 3.75);
  markers = L.layerGroup().addTo(map);
  drawStates();
}

/** The state outlines, shipped with the page (us-atlas), so the map draws with no tiles and no network. */
async function drawStates() {
  if (statesDrawn || !globalThis.topojson) return;
  statesDrawn = true;
  try {
    const response = await fetch('data/us-states-10m.json');
    const topology = await response.json();
    L.geoJSON(topojson.feature(topology, topology.objects.states), {
      style: { className: 'state-outline', weight: 1, color: '#8a8f98', fillColor: '#c9ced6', fillOpacity: 0.25 },
      interactive: false,
      attribution: 'US Census Bureau (us-atlas)',
    }).addTo(map);
  } catch (error) {
    statesDrawn = false;
    console.warn('State outlines not loaded', error);
  }
}

/** A colour from light grey (no business closed) to deep red (every one). */
function shareColour(share) {
  if (!Number.isFinite(share)) return '#9aa0a6';
  const mix = (a, b) => Math.round(a + (b - a) * share);
  return `rgb(${mix(210, 165)}, ${mix(210, 15)}, ${mix(215, 21)})`;
}

function drawMarkers(tally) {
  if (!markers) return;
  const days = tally.days ?? [];
  const largest = Math.max(1, ...days.map((d) => d.tally?.crowd?.estimate ?? 0));
  const shown = new Set();
  for (const day of days) {
    const place = state.places.get(day.dayId);
    if (!place) continue;
    shown.add(day.dayId);
    const figures = cityFigures(day);
    const style = { radius: 6 + 22 * Math.sqrt(figures.crowd / largest), fillColor: shareColour(figures.share) };
    const tooltip = t('national.marker', {
      city: day.city, crowd: formatCount(figures.crowd), closed: formatCount(figures.closed),
      local: formatShortTime(new Date().toISOString(), day.timeZone),
    });
    let circle = circles.get(day.dayId);
    if (!circle) {
      circle = L.circleMarker(place, { ...style, weight: 2, color: '#1f2933', fillOpacity: 0.8 });
      circle.bindTooltip(tooltip);
      circle.on('click', () => { location.href = cityLink(day.dayId); });
      circle.on('add', () => {
        const element = circle.getElement();
        if (element) {
          element.setAttribute('data-testid', 'city-marker');
          element.setAttribute('data-day', day.dayId);
          element.setAttribute('role', 'img');
          element.setAttribute('aria-label', t('national.markerLabel', { city: day.city }));
        }
      });
      circles.set(day.dayId, circle);
      markers.addLayer(circle);
    } else {
      circle.setRadius(style.radius);
      circle.setStyle({ fillColor: style.fillColor });
      circle.setTooltipContent(tooltip);
    }
  }
  for (const [dayId, circle] of circles) {
    if (!shown.has(dayId)) {
      markers.removeLayer(circle); // left the campaign
      circles.delete(dayId);
    }
  }
}

const cityLink = (dayId) => `./?day=${encodeURIComponent(dayId)}`;

// --- the figures -----------------------------------------------------------------------------

function cityFigures(day) {
  const b = day.tally?.businesses ?? {};
  const counted = (b.closed ?? 0) + (b.partial ?? 0) + (b.open ?? 0);
  return {
    closed: b.closed ?? 0,
    share: counted > 0 ? (b.closed ?? 0) / counted : NaN,
    workers: day.tally?.walkouts?.workers ?? 0,
    crowd: day.tally?.crowd?.estimate ?? 0,
    low: day.tally?.crowd?.low ?? 0,
    high: day.tally?.crowd?.high ?? 0,
    reports: day.tally?.reports?.total ?? 0,
    position: day.tally?.position ?? 0,
  };
}

/**
 * Shows a campaign tally unless it is older than the one shown; answers whether it was shown. A snapshot's table is
 * drawn at once, a push's at most twice a second.
 */
/**
 * The campaign as shown, with a message of its changes' topic applied: its totals, the days it carries in place of
 * those shown (or added), and without the days that left.
 */
function withChanges(shown, changes) {
  if (!shown || !changes || changes.campaignId !== shown.campaignId) return null;
  const left = new Set(changes.left ?? []);
  const changed = new Map((changes.days ?? []).map((d) => [d.dayId, d]));
  const days = (shown.days ?? []).filter((d) => !left.has(d.dayId)).map((d) => changed.get(d.dayId) ?? d);
  const shownIds = new Set((shown.days ?? []).map((d) => d.dayId));
  for (const day of changed.values()) if (!shownIds.has(day.dayId)) days.push(day);
  const { left: _left, ...figures } = changes;
  return { ...figures, days };
}

function apply(tally, source) {
  if (!tally || tally.campaignId !== state.campaignId) return false;
  if (state.shown && (tally.position ?? 0) < (state.shown.position ?? 0)) return false;
  const known = new Set((state.shown?.days ?? []).map((d) => d.dayId));
  state.shown = tally;
  const totals = tally.totals ?? {};
  setNumber(ui.closed, totals.businesses?.closed, formatCount);
  setNumber(ui.partial, totals.businesses?.partial, formatCount);
  setNumber(ui.workers, totals.walkouts?.workers, formatCount);
  setNumber(ui.students, totals.walkouts?.students, formatCount);
  setNumber(ui.crowd, totals.crowd?.estimate, formatCount);
  ui.crowdRange.textContent = t('national.range', { low: formatCount(totals.crowd?.low ?? 0),
    high: formatCount(totals.crowd?.high ?? 0), rallies: formatCount(totals.crowd?.rallies ?? 0) });
  setNumber(ui.peak, totals.crowd?.peak, formatCount);
  ui.peakAt.textContent = totals.crowd?.peakAt ? t('national.peakAt', { time: formatShortTime(totals.crowd.peakAt, VIEWER_ZONE) }) : '';
  setNumber(ui.reports, totals.reports?.total, formatCount);
  ui.cities.textContent = t('national.cityCount', { count: (tally.days ?? []).length });
  ui.position.textContent = String(tally.position ?? '–');
  ui.position.dataset.value = String(tally.position ?? '');
  ui.lastUpdate.textContent = formatTime(tally.knownAt ?? tally.at, VIEWER_ZONE);
  ui.lastUpdate.dateTime = tally.knownAt ?? '';
  const now = Date.now();
  for (const day of tally.days ?? []) {
    const before = state.changedAt.get(day.dayId);
    const position = cityFigures(day).position;
    if (!before || position > before.position) state.changedAt.set(day.dayId, { position, at: before ? now : null });
  }
  if (source === 'snapshot') renderRows();
  else renderRowsSoon();
  const members = (tally.days ?? []).map((d) => d.dayId);
  if (members.some((id) => !known.has(id) || !state.places.has(id))) loadPlaces();
  drawMarkers(tally);
  scheduleTimeline();
  return true;
}

/** The table at most twice a second: a national day pushes up to ten tallies a second. */
let rowsTimer = null;
function renderRowsSoon() {
  rowsTimer ??= setTimeout(() => {
    rowsTimer = null;
    renderRows();
  }, 500);
}

function renderRows() {
  clearTimeout(rowsTimer);
  rowsTimer = null;
  const days = [...(state.shown?.days ?? [])];
  const { key, ascending } = state.sort;
  const value = (day) => {
    const f = cityFigures(day);
    switch (key) {
      case 'closed': return f.closed;
      case 'workers': return f.workers;
      case 'crowd': return f.crowd;
      case 'reports': return f.reports;
      case 'updated': return state.changedAt.get(day.dayId)?.at ?? 0;
      default: return day.city ?? '';
    }
  };
  days.sort((a, b) => {
    const [x, y] = [value(a), value(b)];
    const order = typeof x === 'string' ? x.localeCompare(y) : x - y;
    return ascending ? order : -order;
  });
  ui.rows.replaceChildren(...days.map((day) => {
    const f = cityFigures(day);
    const changed = state.changedAt.get(day.dayId)?.at;
    const share = Number.isFinite(f.share) ? t('national.share', { share: Math.round(100 * f.share) }) : '';
    return h('tr', { 'data-testid': 'city-row', 'data-day': day.dayId },
      h('th', { scope: 'row' },
        h('a', { href: cityLink(day.dayId), 'data-testid': 'city-link',
          title: t('national.localTime', { time: formatShortTime(new Date().toISOString(), day.timeZone), zone: day.timeZone }) },
          day.city),
        ' ', h('span', { class: 'badge', 'data-status': day.status ?? '' }, humanize(day.status ?? '', 'dayStatus'))),
      h('td', { 'data-testid': 'city-closed', 'data-value': String(f.closed) }, `${formatCount(f.closed)} ${share}`.trim()),
      h('td', { 'data-testid': 'city-workers', 'data-value': String(f.workers) }, formatCount(f.workers)),
      h('td', { 'data-testid': 'city-crowd', 'data-value': String(f.crowd) },
        t('national.crowdWithRange', { estimate: formatCount(f.crowd), low: formatCount(f.low), high: formatCount(f.high) })),
      h('td', { 'data-testid': 'city-reports', 'data-value': String(f.reports) }, formatCount(f.reports)),
      h('td', {}, changed ? formatShortTime(new Date(changed).toISOString(), VIEWER_ZONE, { seconds: true }) : '–'));
  }));
}

function setSort(key) {
  state.sort = { key, ascending: state.sort.key === key ? !state.sort.ascending : key === 'city' };
  for (const th of ui.table.querySelectorAll('th')) {
    const button = th.querySelector('button[data-sort]');
    if (button?.dataset.sort === key) th.setAttribute('aria-sort', state.sort.ascending ? 'ascending' : 'descending');
    else th.removeAttribute('aria-sort');
  }
  renderRows();
}

/** Where each member city is, from the campaign's map (it changes only when a day joins). */
async function loadPlaces() {
  try {
    const collection = await api.campaignMap(state.campaignId);
    for (const feature of collection.features ?? []) {
      const [lon, lat] = feature.geometry?.coordinates ?? [];
      if (Number.isFinite(lat) && Number.isFinite(lon)) state.places.set(feature.properties.dayId, [lat, lon]);
    }
    if (state.shown) drawMarkers(state.shown);
  } catch (error) {
    if (!(error instanceof NetworkError)) console.warn('Campaign map not loaded', error);
  }
}

// --- the timeline ----------------------------------------------------------------------------

let chart = null;

function scheduleTimeline({ now = false } = {}) {
  if (state.timelineTimer) return;
  const wait = now ? 0 : Math.max(0, state.timelineLoaded + TIMELINE_EVERY_MS - Date.now());
  const campaignId = state.campaignId;
  state.timelineTimer = setTimeout(async () => {
    state.timelineLoaded = Date.now();
    try {
      const days = state.shown?.days ?? [];
      const answer = await api.campaignTimeline(campaignId, { bucket: 'PT15M' });
      if (state.campaignId === campaignId) showTimeline(answer, days);
    } catch (error) {
      if (!(error instanceof NetworkError)) console.warn('Timeline not loaded', error);
    } finally {
      state.timelineTimer = null;
    }
  }, wait);
}

function showTimeline(answer, days) {
  const points = answer.points ?? [];
  const zones = [...new Set(days.map((d) => d.timeZone).filter((z) => z && z !== VIEWER_ZONE))];
  const labels = points.map((p) => formatShortTime(p.at, VIEWER_ZONE));
  const last = points[points.length - 1];
  ui.timelineSummary.textContent = last ? t('national.timelineSummary', {
    time: formatShortTime(last.at, VIEWER_ZONE), crowd: formatCount(last.crowdEstimate), closed: formatCount(last.closed),
  }) : '';
  if (!globalThis.Chart) return;
  const data = {
    labels,
    datasets: [
      { label: t('national.crowd'), data: points.map((p) => p.crowdEstimate), borderColor: '#6f42c1', yAxisID: 'crowd', pointRadius: 0 },
      { label: t('dashboard.businessesClosed'), data: points.map((p) => p.closed), borderColor: '#a50f15', yAxisID: 'count', pointRadius: 0 },
      { label: t('dashboard.workersOut'), data: points.map((p) => p.workers), borderColor: '#1f6feb', yAxisID: 'count', pointRadius: 0 },
    ],
  };
  const footer = (items) => {
    const at = points[items[0]?.dataIndex]?.at;
    return at ? zones.map((zone) => t('national.timeIn', { time: formatShortTime(at, zone), zone })).join('\n') : '';
  };
  if (chart) {
    chart.data = data;
    chart.options.plugins.tooltip.callbacks.footer = footer;
    chart.update('none');
    return;
  }
  chart = new Chart(byTestId('national-timeline'), {
    type: 'line',
    data,
    options: {
      animation: false,
      maintainAspectRatio: false,
      interaction: { mode: 'index', intersect: false },
      plugins: { tooltip: { callbacks: { footer } } },
      scales: { crowd: { position: 'left', beginAtZero: true }, count: { position: 'right', beginAtZero: true, grid: { drawOnChartArea: false } } },
    },
  });
}

// --- the auditor's view ----------------------------------------------------------------------

const audit = {
  section: byTestId('campaign-audit'),
  form: byTestId('campaign-audit-form'),
  at: byTestId('audit-at'),
  knownAt: byTestId('audit-known-at'),
  mode: byTestId('audit-mode'),
  status: byTestId('audit-status'),
  rows: byTestId('audit-day-rows'),
  integrity: new Map(), // dayId -> the day's integrity answer
  shown: null,
};

/** The campaign at T as known at K (the viewer's zone), each member day with its status and chains. */
async function showAudit() {
  const now = Date.now();
  const at = zonedInputToInstant(audit.at.value, VIEWER_ZONE) ?? now;
  const knownAt = Math.min(zonedInputToInstant(audit.knownAt.value, VIEWER_ZONE) ?? now, now);
  audit.status.textContent = t('national.auditLoading');
  try {
    audit.shown = await api.campaignTally(state.campaignId, {
      at: new Date(at).toISOString(), knownAt: new Date(knownAt).toISOString(), mode: audit.mode.value,
    });
    renderAudit();
    const totals = audit.shown.totals ?? {};
    audit.status.textContent = t('national.auditShown', {
      at: formatTime(audit.shown.at, VIEWER_ZONE), knownAt: formatTime(audit.shown.knownAt, VIEWER_ZONE),
      closed: formatCount(totals.businesses?.closed ?? 0), crowd: formatCount(totals.crowd?.estimate ?? 0),
      peak: formatCount(totals.crowd?.peak ?? 0), reports: formatCount(totals.reports?.total ?? 0),
    });
  } catch (error) {
    audit.status.textContent = '';
    handleError(error, { key: 'audit' });
  }
}

function renderAudit() {
  const days = audit.shown?.days ?? [];
  audit.rows.replaceChildren(...days.map((day) => {
    const f = cityFigures(day);
    const chains = audit.integrity.get(day.dayId);
    return h('tr', { 'data-testid': 'audit-day', 'data-day': day.dayId },
      h('th', { scope: 'row' }, day.city),
      h('td', {}, humanize(day.status ?? '', 'dayStatus')),
      h('td', {}, formatCount(f.closed)),
      h('td', {}, formatCount(f.workers)),
      h('td', {}, formatCount(f.crowd)),
      h('td', {}, formatCount(f.reports)),
      h('td', { 'data-testid': 'audit-chains', 'data-ok': chains ? String(chains.ok) : '' },
        chains ? (chains.ok ? t('national.chainsOk', { events: formatCount(chains.events) })
          : t('national.chainsBroken', { broken: formatCount(chains.brokenCount ?? chains.broken?.length ?? 0) })) : '–'));
  }));
}

async function checkIntegrity() {
  audit.status.textContent = t('national.auditChecking');
  try {
    const answer = await api.campaignIntegrity(state.campaignId);
    audit.integrity = new Map((answer.days ?? []).map((d) => [d.dayId, d]));
    if (!audit.shown) await showAudit();
    renderAudit();
    audit.status.textContent = answer.ok ? t('national.auditAllOk') : t('national.auditSomeBroken');
  } catch (error) {
    audit.status.textContent = '';
    handleError(error, { key: 'audit' });
  }
}

async function downloadLog() {
  audit.status.textContent = t('national.auditPreparing');
  try {
    const { blob, name } = await fetchFile(api.files.campaignEvents(state.campaignId), {
      token: getToken(), fallbackName: `${state.campaignId}-events.jsonl`,
    });
    const url = URL.createObjectURL(blob);
    const link = h('a', { href: url, download: name, hidden: '' });
    document.body.append(link);
    link.click();
    link.remove();
    setTimeout(() => URL.revokeObjectURL(url), 60_000);
    audit.status.textContent = t('national.auditSaved', { name });
  } catch (error) {
    audit.status.textContent = '';
    handleError(error, { key: 'audit' });
  }
}

function resetAudit() {
  audit.section.hidden = !mayAudit(roleOf(getToken()));
  audit.shown = null;
  audit.integrity = new Map();
  audit.rows.replaceChildren();
  audit.status.textContent = '';
  const now = instantToZoned(Date.now(), VIEWER_ZONE);
  audit.at.value = now;
  audit.knownAt.value = now;
}

// --- the campaign ----------------------------------------------------------------------------

function open() {
  state.opening ??= load().finally(() => {
    state.opening = null;
  });
  return state.opening;
}

async function load() {
  signIn.hide();
  ui.sessionBar.hidden = false;
  notice.show(t('national.loading'), { key: 'load' });
  let campaigns;
  try {
    campaigns = await api.campaigns();
  } catch (error) {
    handleError(error, { key: 'load', retry: open });
    return false;
  }
  if (!getToken()) return false;
  notice.clear('load');
  state.campaigns = Array.isArray(campaigns) ? campaigns : [];
  ui.select.replaceChildren(...state.campaigns.map((c) => h('option', { value: c.campaignId }, c.name)));
  ui.national.hidden = false;
  ensureMap();
  map?.invalidateSize();
  startLive();
  if (state.campaigns.length === 0) {
    notice.show(t('national.noCampaigns'), { key: 'campaign' });
    return true;
  }
  const requested = new URLSearchParams(location.search).get('campaign');
  const chosen = state.campaigns.find((c) => c.campaignId === requested) ?? state.campaigns[state.campaigns.length - 1];
  select(chosen.campaignId);
  return true;
}

function select(campaignId) {
  const campaign = state.campaigns.find((c) => c.campaignId === campaignId);
  if (!campaign) return;
  state.follow?.stop();
  clearTimeout(state.timelineTimer);
  state.timelineTimer = null;
  state.campaignId = campaignId;
  state.shown = null;
  state.changedAt.clear();
  state.places.clear();
  for (const circle of circles.values()) markers?.removeLayer(circle);
  circles.clear();
  ui.select.value = campaignId;
  ui.name.textContent = campaign.name;
  document.title = t('national.titleWith', { campaign: campaign.name });
  const url = new URL(location.href);
  url.searchParams.set('campaign', campaignId);
  history.replaceState(null, '', url);
  ui.timelineZone.textContent = t('national.timelineZone', { zone: VIEWER_ZONE });
  resetAudit();
  state.follow = state.live.follow(`/topic/campaigns/${campaignId}/days`, {
    load: () => api.campaignTally(campaignId),
    apply: (view, source) => {
      const tally = source === 'snapshot' ? view : withChanges(state.shown, view);
      if (apply(tally, source) && source === 'snapshot') notice.clear('tally');
    },
    onLoadError: (error) => handleError(error, { key: 'tally', retry: () => select(campaignId) }),
  });
  scheduleTimeline({ now: true });
}

// --- the session and the connection ----------------------------------------------------------

function startLive() {
  state.live?.stop();
  state.live = new LiveConnection({ token: getToken(), onStatus: showConnection });
  state.live.start();
}

function showConnection(status) {
  ui.connection.hidden = false;
  ui.connection.dataset.state = status;
  ui.connection.textContent = statusText(status);
  ui.staleNote.hidden = status !== Status.RECONNECTING;
}

function handleError(error, { key, retry }) {
  if (error instanceof AuthError) {
    signOut(error.message);
    return;
  }
  if (error?.name === 'AbortError') return;
  const message = error instanceof NetworkError ? t('dashboard.unreachable') : error?.message || t('common.somethingWrong');
  console.warn(message, error);
  notice.show(message, { key, kind: 'error', action: retry ? { label: t('common.tryAgain'), run: retry } : null });
}

function signOut(message) {
  state.follow?.stop();
  state.live?.stop();
  state.live = null;
  clearToken();
  ui.national.hidden = true;
  ui.sessionBar.hidden = true;
  signIn.show(message);
}

initNav();
ui.signoutButton.addEventListener('click', () => signOut());
ui.select.addEventListener('change', () => select(ui.select.value));
audit.form.addEventListener('submit', (event) => {
  event.preventDefault();
  showAudit();
});
byTestId('audit-integrity').addEventListener('click', checkIntegrity);
byTestId('audit-download').addEventListener('click', downloadLog);
for (const button of ui.table.querySelectorAll('button[data-sort]')) {
  button.addEventListener('click', () => setSort(button.dataset.sort));
}
// Each city's "last change" and local time move with the clock.
setInterval(() => state.shown && renderRows(), 30_000);

if (getToken()) open();
else signIn.show();
