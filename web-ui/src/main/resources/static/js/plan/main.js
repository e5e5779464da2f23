// Planning: a coordinator plans a day of action (with its zones from a GeoJSON file), opens and
// closes it, replaces its zones while it is planned, and issues invite codes as a printable sheet.

import { AuthError, NetworkError, createApi, createCommands } from '../api.js';
import { byTestId, h } from '../dom.js';
import { showFieldErrors } from '../fields.js';
import { formatWindow } from '../format.js';
import { has, t } from '../i18n.js';
import { initNav } from '../nav.js';
import { createNotice } from '../notice.js';
import { clearToken, getToken, mayCoordinate, roleOf } from '../session.js';
import { createSignIn } from '../signin.js';
import { isTimeZone, zonedToInstant } from '../zoned.js';
import { readZonesFile } from './zones.js';

const dayStatusName = (status) => (has(`days.status.${status}`) ? t(`days.status.${status}`) : status ?? '');

const ui = {
  sessionBar: byTestId('session-bar'),
  signout: byTestId('signout-button'),
  planning: byTestId('planning'),
  heading: document.getElementById('planning-heading'),
  days: byTestId('plan-days'),
  panel: byTestId('day-panel'),
  panelName: byTestId('day-panel-name'),
  panelStatus: byTestId('day-panel-status'),
  panelWindow: byTestId('day-panel-window'),
  openDay: byTestId('open-day'),
  closeDay: byTestId('close-day'),
  dashboardLink: byTestId('dashboard-link'),
  replaceForm: byTestId('replace-zones-form'),
  replaceFile: byTestId('replace-zones-file'),
  replaceStatus: byTestId('replace-zones-status'),
  inviteForm: byTestId('invite-form'),
  inviteCount: byTestId('invite-count'),
  inviteExpires: byTestId('invite-expires'),
  inviteErrors: byTestId('invite-errors'),
  sheet: byTestId('invite-sheet'),
  sheetTitle: byTestId('invite-sheet-title'),
  joinUrl: byTestId('invite-join-url'),
  localWarning: byTestId('invite-local-warning'),
  codes: byTestId('invite-codes'),
  print: byTestId('print-codes'),
  planForm: byTestId('plan-form'),
  planErrors: byTestId('plan-errors'),
  name: byTestId('plan-name'),
  city: byTestId('plan-city'),
  timeZone: byTestId('plan-timezone'),
  date: byTestId('plan-date'),
  start: byTestId('plan-start'),
  end: byTestId('plan-end'),
  id: byTestId('plan-id'),
  zonesFile: byTestId('zones-file'),
  zonesStatus: byTestId('zones-status'),
  zoneNames: byTestId('zone-names'),
  zonesPreview: byTestId('zones-preview'),
  campaign: byTestId('plan-campaign'),
  campaignForm: byTestId('campaign-form'),
  campaignErrors: byTestId('campaign-errors'),
  campaignName: byTestId('campaign-name-input'),
  campaignId: byTestId('campaign-id-input'),
};

const CATCH_UP_MS = 10_000; // how long to wait for the read side to show a change
const api = createApi(getToken);
const commands = createCommands(getToken);
const notice = createNotice(byTestId('notice'));
const signIn = createSignIn({ onSignIn: async () => (await open()) && ui.heading.focus() });
const state = { days: [], selected: null, zones: null, replacement: null, idEdited: false, preview: null };

// --- signing in -------------------------------------------------------------------------------

function signOut(message) {
  clearToken();
  ui.planning.hidden = true;
  ui.sessionBar.hidden = true;
  notice.clear();
  signIn.show(message);
}

async function open() {
  signIn.hide();
  ui.sessionBar.hidden = false;
  if (!mayCoordinate(roleOf(getToken()))) {
    notice.show(t('plan.onlyCoordinator'), { key: 'role' });
  }
  if (!(await loadDays())) return false;
  ui.planning.hidden = false;
  const requested = new URLSearchParams(location.search).get('day');
  if (requested && state.days.some((d) => d.id === requested)) select(requested);
  return true;
}

// --- the days -----------------------------------------------------------------------------------

async function loadDays() {
  try {
    const [days, campaigns] = await Promise.all([api.days(), api.campaigns()]);
    state.days = Array.isArray(days) ? days : [];
    renderCampaigns(Array.isArray(campaigns) ? campaigns : []);
  } catch (error) {
    handleError(error, { retry: loadDays });
    return false;
  }
  renderDays();
  if (state.selected) showPanel(state.days.find((d) => d.id === state.selected));
  return true;
}

/** The campaigns a new day may join, keeping the one chosen. */
function renderCampaigns(campaigns) {
  const chosen = ui.campaign.value;
  ui.campaign.replaceChildren(h('option', { value: '' }, t('plan.campaignNone')),
    ...campaigns.map((c) => h('option', { value: c.campaignId }, c.name)));
  if (campaigns.some((c) => c.campaignId === chosen)) ui.campaign.value = chosen;
}

function renderDays() {
  if (state.days.length === 0) {
    ui.days.replaceChildren(h('tr', { class: 'empty' }, h('td', { colspan: '5' }, t('plan.noDays'))));
    return;
  }
  ui.days.replaceChildren(...state.days.map((day) => {
    const manage = h('button', { type: 'button', class: 'button-small', 'data-testid': 'manage-day',
      'aria-label': t('plan.manageDay', { name: day.name }) }, t('plan.manage'));
    manage.addEventListener('click', () => {
      select(day.id);
      ui.panelName.focus();
    });
    return h('tr', { 'data-testid': 'plan-day', 'data-day-id': day.id, 'data-status': day.status },
      h('th', { scope: 'row' }, day.name, h('br'), h('span', { class: 'hint' }, day.id)),
      h('td', {}, day.city),
      h('td', {}, formatWindow(day.startsAt, day.endsAt, day.timeZone)),
      h('td', {}, h('span', { class: 'badge', 'data-status': day.status }, dayStatusName(day.status))),
      h('td', {}, manage));
  }));
}

function select(dayId) {
  state.selected = dayId;
  const url = new URL(location.href);
  url.searchParams.set('day', dayId);
  history.replaceState(null, '', url);
  ui.sheet.hidden = true;
  ui.codes.replaceChildren();
  ui.inviteExpires.value = '';
  showPanel(state.days.find((d) => d.id === dayId));
}

function showPanel(day) {
  ui.panel.hidden = !day;
  if (!day) return;
  ui.panel.dataset.dayId = day.id;
  ui.panel.dataset.status = day.status;
  ui.panelName.textContent = t('plan.panelName', { name: day.name, city: day.city });
  ui.panelStatus.textContent = dayStatusName(day.status);
  ui.panelStatus.dataset.status = day.status;
  ui.panelWindow.textContent = formatWindow(day.startsAt, day.endsAt, day.timeZone);
  ui.openDay.hidden = day.status !== 'PLANNED';
  ui.closeDay.hidden = day.status !== 'LIVE';
  ui.replaceForm.hidden = day.status !== 'PLANNED';
  ui.inviteForm.hidden = day.status === 'CLOSED';
  ui.dashboardLink.href = `./?day=${encodeURIComponent(day.id)}`;
  if (!ui.inviteExpires.value) ui.inviteExpires.value = localInput(new Date(day.endsAt));
}

/** Waits until the read side shows what the command side did, then shows it. */
async function afterChange(dayId, done, message) {
  const deadline = Date.now() + CATCH_UP_MS;
  while (Date.now() < deadline) {
    try {
      const days = await api.days();
      const day = Array.isArray(days) ? days.find((d) => d.id === dayId) : null;
      if (day && done(day)) {
        state.days = days;
        renderDays();
        select(dayId);
        notice.show(message, { key: 'done' });
        return;
      }
    } catch {
      // keep trying until the deadline
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  await loadDays();
  notice.show(`${message} (The list may take a moment to show it.)`, { key: 'done' });
}

async function run(button, action) {
  button.disabled = true;
  try {
    await action();
  } catch (error) {
    handleError(error);
  } finally {
    button.disabled = false;
  }
}

ui.openDay.addEventListener('click', () => run(ui.openDay, async () => {
  const dayId = state.selected;
  await commands.openDay(dayId);
  await afterChange(dayId, (d) => d.status === 'LIVE', t('plan.opened'));
}));

ui.closeDay.addEventListener('click', () => run(ui.closeDay, async () => {
  // eslint-disable-next-line no-alert
  if (!window.confirm(t('plan.confirmClose'))) return;
  const dayId = state.selected;
  await commands.closeDay(dayId);
  await afterChange(dayId, (d) => d.status === 'CLOSED', t('plan.closed'));
}));

ui.replaceFile.addEventListener('change', async () => {
  state.replacement = null;
  const file = ui.replaceFile.files[0];
  if (!file) return;
  const { collection, names, problems } = await readZonesFile(file);
  state.replacement = collection;
  ui.replaceStatus.textContent = problems.length ? problems.join(' ') : t('plan.zones.names', { count: names.length, names: names.join(', ') });
});

ui.replaceForm.addEventListener('submit', (event) => {
  event.preventDefault();
  const button = event.submitter ?? ui.replaceForm.querySelector('button');
  run(button, async () => {
    if (!state.replacement) {
      ui.replaceStatus.textContent = t('plan.zones.chooseFirst');
      return;
    }
    const dayId = state.selected;
    const answer = await commands.replaceZones(dayId, state.replacement);
    await afterChange(dayId, (d) => Number(d.position) >= Number(answer.position ?? 0), t('plan.zones.replaced'));
  });
});

// --- invites ------------------------------------------------------------------------------------

ui.inviteForm.addEventListener('submit', (event) => {
  event.preventDefault();
  const button = event.submitter ?? ui.inviteForm.querySelector('button');
  run(button, async () => {
    const count = Number(ui.inviteCount.value);
    const expires = new Date(ui.inviteExpires.value);
    const errors = [];
    if (!Number.isInteger(count) || count < 1 || count > 500) errors.push({ field: 'count', message: t('plan.invite.countRange') });
    if (Number.isNaN(expires.getTime())) errors.push({ field: 'expiresAt', message: t('plan.invite.expiresMissing') });
    showFieldErrors(ui.inviteForm, ui.inviteErrors, errors);
    if (errors.length) return;
    const day = state.days.find((d) => d.id === state.selected);
    try {
      const answer = await commands.invite(day.id, { count, expiresAt: expires.toISOString() });
      await showCodes(day, answer.codes ?? [], answer.expiresAt ?? expires.toISOString());
    } catch (error) {
      if (error.fieldErrors?.length) showFieldErrors(ui.inviteForm, ui.inviteErrors, error.fieldErrors);
      else throw error;
    }
  });
});

async function showCodes(day, codes, expiresAt) {
  // The links and their QR codes come from the query service, at the public address when one is set.
  let sheet = null;
  try {
    sheet = await api.inviteSheet(codes);
  } catch (error) {
    if (error instanceof AuthError) throw error;
  }
  const joinUrl = new URL(sheet?.joinUrl ?? new URL('report.html', location.href).href);
  const invites = sheet?.invites ?? codes.map((code) => {
    const link = new URL(joinUrl);
    link.searchParams.set('code', code);
    return { code, link: link.href, qr: null };
  });
  ui.sheetTitle.textContent = t('plan.invite.sheetTitle', {
    name: day.name, city: day.city, until: formatWindow(expiresAt, expiresAt, day.timeZone).split('–')[0].trim(),
  });
  ui.joinUrl.textContent = joinUrl.href;
  ui.codes.replaceChildren(...invites.map(({ code, link, qr }) => {
    const spaced = code.replace(/(.{5})(.{5})/, '$1 $2');
    return h('li', { 'data-testid': 'invite-code-item', 'data-code': code },
      qr ? qrImage(qr, link, spaced) : '',
      h('span', { class: 'code-text' },
        h('span', { class: 'code' }, spaced), ' ',
        h('span', { class: 'code-link', 'data-testid': 'invite-link' }, link)));
  }));
  // A sheet of localhost links is useless to a phone: say so on screen (not on paper).
  ui.localWarning.hidden = Boolean(sheet?.publicUrl) || !isThisComputer(joinUrl.hostname);
  ui.sheet.hidden = false;
  notice.show(t(sheet ? 'plan.invite.issued' : 'plan.invite.issuedNoQr', { count: codes.length }), { key: 'done' });
  ui.print.focus();
}

/** A QR code as SVG: one unit a module, four modules of white around it, so it scans at any printed size. */
function qrImage({ size, path }, link, spacedCode) {
  const ns = 'http://www.w3.org/2000/svg';
  const svg = document.createElementNS(ns, 'svg');
  const side = size + 8;
  for (const [name, value] of Object.entries({
    viewBox: `-4 -4 ${side} ${side}`, class: 'qr', role: 'img', 'shape-rendering': 'crispEdges',
    'aria-label': t('plan.invite.qrName', { code: spacedCode }), 'data-testid': 'invite-qr', 'data-link': link,
  })) svg.setAttribute(name, value);
  const background = document.createElementNS(ns, 'rect');
  for (const [name, value] of Object.entries({ x: '-4', y: '-4', width: String(side), height: String(side), fill: '#fff' })) {
    background.setAttribute(name, value);
  }
  const modules = document.createElementNS(ns, 'path');
  modules.setAttribute('d', path);
  modules.setAttribute('fill', '#000');
  svg.append(background, modules);
  return svg;
}

function isThisComputer(hostname) {
  const host = hostname.replace(/^\[|\]$/g, '');
  return host === 'localhost' || host.endsWith('.localhost') || host === '::1' || /^127\./.test(host);
}

ui.print.addEventListener('click', () => window.print());

// --- planning a day -----------------------------------------------------------------------------

function slug(text) {
  return text.normalize('NFD').replace(/[\u0300-\u036f]/g, '').toLowerCase()
    .replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '').slice(0, 50);
}

function suggestId() {
  if (state.idEdited) return;
  const parts = [slug(ui.city.value).split('-').slice(0, 2).join('-'), ui.date.value].filter(Boolean);
  ui.id.value = parts.join('-');
}

ui.id.addEventListener('input', () => {
  state.idEdited = ui.id.value !== '';
});
for (const input of [ui.city, ui.date]) input.addEventListener('input', suggestId);

ui.zonesFile.addEventListener('change', async () => {
  state.zones = null;
  ui.zoneNames.replaceChildren();
  const file = ui.zonesFile.files[0];
  if (!file) {
    ui.zonesStatus.textContent = '';
    ui.zonesPreview.hidden = true;
    return;
  }
  const { collection, names, problems } = await readZonesFile(file);
  state.zones = collection;
  ui.zonesFile.toggleAttribute('aria-invalid', problems.length > 0);
  ui.zonesStatus.textContent = problems.length ? t('plan.zones.unusable', { problems: problems.join(' ') })
    : t('plan.zones.read', { count: names.length, file: file.name });
  ui.zoneNames.replaceChildren(...(problems.length ? [] : names.map((n) => h('li', { 'data-testid': 'zone-name' }, n))));
  preview(collection);
});

/** A small map of the zones, to catch swapped coordinates before the day is planned. */
function preview(collection) {
  const L = globalThis.L;
  ui.zonesPreview.hidden = !collection || !L;
  if (!collection || !L) return;
  state.preview ??= L.map(ui.zonesPreview, { attributionControl: false, zoomControl: true, maxZoom: 18 });
  state.preview.eachLayer((layer) => state.preview.removeLayer(layer));
  const layer = L.geoJSON(collection, {
    style: { color: '#0b5394', weight: 2, fillOpacity: 0.15 },
    onEachFeature: (feature, l) => l.bindTooltip(feature.properties.name, { permanent: true, direction: 'center', className: 'zone-label' }),
  }).addTo(state.preview);
  state.preview.invalidateSize();
  if (layer.getBounds().isValid()) state.preview.fitBounds(layer.getBounds(), { padding: [10, 10] });
}

ui.campaignForm.addEventListener('submit', (event) => {
  event.preventDefault();
  const button = event.submitter ?? ui.campaignForm.querySelector('button[type="submit"]');
  run(button, async () => {
    const name = ui.campaignName.value.trim();
    const id = ui.campaignId.value.trim();
    const errors = [];
    if (!name) errors.push({ field: 'name', message: t('plan.error.campaignName') });
    if (!/^[a-z0-9-]{3,64}$/.test(id)) errors.push({ field: 'id', message: t('plan.error.id') });
    const { first } = showFieldErrors(ui.campaignForm, ui.campaignErrors, errors);
    if (errors.length) {
      (first ?? ui.campaignErrors).focus?.();
      return;
    }
    try {
      await commands.createCampaign({ id, name });
    } catch (error) {
      if (error.fieldErrors?.length) {
        const shown = showFieldErrors(ui.campaignForm, ui.campaignErrors, error.fieldErrors);
        (shown.first ?? ui.campaignErrors).focus?.();
        return;
      }
      throw error;
    }
    ui.campaignForm.reset();
    // the read side shows it a moment after the 201: then it is the campaign the next day joins
    const deadline = Date.now() + CATCH_UP_MS;
    while (Date.now() < deadline) {
      const campaigns = await api.campaigns();
      if (campaigns.some((c) => c.campaignId === id)) {
        renderCampaigns(campaigns);
        ui.campaign.value = id;
        notice.show(t('plan.campaignCreated', { name }), { key: 'campaign' });
        return;
      }
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  });
});

ui.planForm.addEventListener('submit', (event) => {
  event.preventDefault();
  const button = event.submitter ?? ui.planForm.querySelector('button[type="submit"]');
  run(button, async () => {
    const errors = [];
    const name = ui.name.value.trim();
    const city = ui.city.value.trim();
    const timeZone = ui.timeZone.value.trim();
    const id = ui.id.value.trim();
    if (!name) errors.push({ field: 'name', message: t('plan.error.name') });
    if (!city) errors.push({ field: 'city', message: t('plan.error.city') });
    if (!isTimeZone(timeZone)) errors.push({ field: 'timeZone', message: t('plan.error.timeZone') });
    if (!ui.date.value) errors.push({ field: 'startsAt', message: t('plan.error.date') });
    if (!/^[a-z0-9-]{3,64}$/.test(id)) errors.push({ field: 'id', message: t('plan.error.id') });
    const extra = ui.zonesFile.files[0] && !state.zones ? [t('plan.error.zones')] : [];
    const { first } = showFieldErrors(ui.planForm, ui.planErrors, errors, { extra });
    if (errors.length || extra.length) {
      (first ?? ui.planErrors).focus?.();
      return;
    }
    const startsAt = zonedToInstant(ui.date.value, ui.start.value || '00:00', timeZone);
    let endsAt = zonedToInstant(ui.date.value, ui.end.value || '23:59', timeZone);
    if (endsAt <= startsAt) endsAt = new Date(endsAt.getTime() + 24 * 3600 * 1000);
    const day = { id, name, city, timeZone, startsAt: startsAt.toISOString(), endsAt: endsAt.toISOString() };
    if (state.zones) day.zones = state.zones;
    if (ui.campaign.value) day.campaignId = ui.campaign.value;
    try {
      await commands.planDay(day);
    } catch (error) {
      if (error.fieldErrors?.length) {
        const shown = showFieldErrors(ui.planForm, ui.planErrors, error.fieldErrors);
        (shown.first ?? ui.planErrors).focus?.();
        return;
      }
      throw error;
    }
    ui.planForm.reset();
    state.zones = null;
    state.idEdited = false;
    ui.zoneNames.replaceChildren();
    ui.zonesStatus.textContent = '';
    ui.zonesPreview.hidden = true;
    ui.timeZone.value = timeZone;
    await afterChange(id, () => true, `“${name}” is planned. Open it when the day starts, and invite reporters.`);
    ui.panelName.focus();
  });
});

// --- errors and start ---------------------------------------------------------------------------

function handleError(error, { retry } = {}) {
  if (error instanceof AuthError) {
    signOut(error.message);
    return;
  }
  const message = error instanceof NetworkError
    ? t('plan.unreachable')
    : error?.message ?? t('common.somethingWrong');
  notice.show(message, { key: 'error', kind: 'error', action: retry ? { label: t('common.tryAgain'), run: retry } : null });
}

function localInput(date) {
  const local = new Date(date.getTime() - date.getTimezoneOffset() * 60_000);
  return local.toISOString().slice(0, 16);
}

const zones = typeof Intl.supportedValuesOf === 'function' ? Intl.supportedValuesOf('timeZone') : [];
document.getElementById('time-zones').replaceChildren(...zones.map((zone) => h('option', { value: zone })));
ui.timeZone.value = Intl.DateTimeFormat().resolvedOptions().timeZone ?? 'UTC';
initNav();
ui.signout.addEventListener('click', () => signOut());

if (getToken()) open();
else signOut();
