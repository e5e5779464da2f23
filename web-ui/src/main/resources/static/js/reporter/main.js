// The field reporter's page: join with an invite code, report what you see (closure, walkout,
// headcount) from where you are, and follow your reports. Everything goes through the outbox, so
// nothing is lost to a bad connection or a closed browser.

import { NetworkError, commandUrl, createApi, exchange, loadConfig, newId, paths } from '../api.js';
import { byTestId } from '../dom.js';
import { formatShortTime } from '../format.js';
import { intlLocales, t } from '../i18n.js';
import { describeProblem } from '../problems.js';
import { createNotice } from '../notice.js';
import { createReportForm } from './form.js';
import { createMyReports, mergeReports } from './mine.js';
import { State, openOutbox } from './outbox.js';
import { createLocation, createPlaces } from './places.js';

const SESSION_KEY = 'standstill.reporter';
const SERVER_REFRESH_MS = 60_000;

const ui = {
  join: byTestId('join'),
  joinForm: byTestId('join-form'),
  code: byTestId('invite-code'),
  dayZone: byTestId('day-zone'),
  observedZone: byTestId('observed-zone'),
  joinError: byTestId('join-error'),
  joinSubmit: byTestId('join-submit'),
  reporter: byTestId('reporter'),
  dayName: byTestId('day-name'),
  reporterId: byTestId('reporter-id'),
  leave: byTestId('leave-button'),
  net: byTestId('net-status'),
  submit: byTestId('submit-report'),
  mineSource: byTestId('mine-source'),
};

// --- the reporter's session: kept in localStorage, because the outbox must outlive the tab -------

function readSession() {
  try {
    const value = JSON.parse(localStorage.getItem(SESSION_KEY) ?? 'null');
    return value?.token && value?.dayId ? value : null;
  } catch {
    return null;
  }
}

function writeSession(value) {
  session = value;
  if (value) localStorage.setItem(SESSION_KEY, JSON.stringify(value));
  else localStorage.removeItem(SESSION_KEY);
}

let session = readSession();
let outbox = null;
let serverReports = null; // the server's view of my reports; null while unknown or unavailable
let serverCheckedAt = null;
let fixing = null; // the refused entry being fixed in the form
let renderQueued = false;

const api = createApi(() => session?.token);
const notice = createNotice(byTestId('notice'));
const location_ = createLocation({ onChange: (where) => places.refresh(where, form.kind) });
const form = createReportForm({
  getLocation: () => location_.get(),
  onKind: (kind) => places.refresh(location_.get(), kind),
});
const places = createPlaces({
  api,
  getSession: () => session,
  localPlaces: async () => (outbox ? await outbox.all() : [])
    .filter((i) => i.type === 'report' && i.answer?.subjectId && i.dayId === session?.dayId)
    .map((i) => {
      const subject = i.body.business ?? i.body.workplace ?? i.body.rally;
      return { subjectId: i.answer.subjectId, kind: i.body.kind, name: subject.name, sector: subject.sector,
        lat: subject.location.lat, lon: subject.location.lon };
    }),
  onPick: (place) => form.pick(place),
});
const mine = createMyReports({
  getRetryAt: () => outbox?.retryAt ?? 0,
  onRetryNow: () => outbox?.retryNow(),
  onCorrect: (entry, figures, note) => {
    const correctionId = newId();
    return queue({
      id: correctionId, type: 'correction', reportId: entry.reportId,
      path: paths.corrections(session.dayId, entry.reportId),
      body: { correctionId, ...figures, ...(note ? { note } : {}) },
    }, t('reporter.notice.correctionSaved'));
  },
  onRetract: (entry) => queue({
    id: `retraction-${entry.reportId}`, type: 'retraction', reportId: entry.reportId,
    path: paths.retraction(session.dayId, entry.reportId), body: {},
  }, t('reporter.notice.retractionSaved')),
  onFix: (entry) => {
    fixing = entry.submission;
    const where = form.load(entry.submission.body, entry.submission.errors);
    if (where && !location_.get()) places.refresh(where, entry.kind);
    notice.show(t('reporter.notice.fix'), { key: 'fix' });
  },
  onDiscard: (item) => outbox.remove(item.id),
});

// --- joining and leaving ----------------------------------------------------------------------

function showJoin(message) {
  ui.reporter.hidden = true;
  ui.join.hidden = false;
  ui.joinError.textContent = message ?? '';
  ui.joinError.hidden = !message;
  ui.code.toggleAttribute('aria-invalid', Boolean(message));
  const code = new URLSearchParams(window.location.search).get('code');
  if (code && !ui.code.value) ui.code.value = code;
  ui.code.focus();
}

const INVITE_LENGTH = 10;
const INVITE_ALPHABET = '23456789ABCDEFGHJKLMNPQRSTUVWXYZ'; // no 0, 1, I or O: none can be misread

/** What is wrong with a typed code (spaces and dashes removed), in a sentence; null if it may be an invite code. */
export function inviteCodeProblem(code) {
  if (code.length !== INVITE_LENGTH) return t('join.error.length', { expected: INVITE_LENGTH, count: code.length });
  const wrong = [...new Set([...code].filter((c) => !INVITE_ALPHABET.includes(c)))];
  if (wrong.length === 0) return null;
  return t('join.error.characters', { characters: wrong.map((c) => `“${c}”`).join(', ') });
}

async function join(event) {
  event.preventDefault();
  const code = ui.code.value.replace(/[\s-]/g, '').toUpperCase();
  if (!code) {
    showJoin(t('join.error.empty'));
    return;
  }
  const problem = inviteCodeProblem(code);
  if (problem) {
    showJoin(problem);
    return;
  }
  ui.joinSubmit.disabled = true;
  try {
    const answer = await exchange(await commandUrl('/api/join'), { method: 'POST', body: { code } });
    if (answer.status === 201 || answer.status === 200) {
      writeSession({ ...answer.body, joinedAt: new Date().toISOString() });
      ui.code.value = '';
      await showReporter();
      ui.dayName.focus();
      return;
    }
    const problem = answer.body ?? {};
    const message = answer.status === 404 ? t('join.error.unknown')
      : answer.status === 429 ? t('join.error.tooMany')
        : problem.errors?.[0]?.message ? t('join.error.invalid', { message: problem.errors[0].message })
          : describeProblem(answer);
    showJoin(message);
  } catch (error) {
    showJoin(error instanceof NetworkError
      ? t('join.error.offline')
      : error.message);
  } finally {
    ui.joinSubmit.disabled = false;
  }
}

async function leave() {
  const items = outbox ? await outbox.all() : [];
  const waiting = items.filter((i) => i.state === State.QUEUED || i.state === State.SENDING).length;
  const refused = outbox?.authRefused;
  const question = refused
    ? t('reporter.leave.refused')
    : waiting
      ? t('reporter.leave.waiting', { count: waiting })
      : t('reporter.leave.confirm');
  // eslint-disable-next-line no-alert
  if (!window.confirm(question)) return;
  if (refused) {
    for (const item of items) if (item.state === State.SENT || item.state === State.REJECTED) await outbox.remove(item.id);
  } else {
    await outbox?.clear();
  }
  writeSession(null);
  serverReports = null;
  showJoin();
}

// --- reporting --------------------------------------------------------------------------------

async function showReporter() {
  ui.join.hidden = true;
  ui.reporter.hidden = false;
  ui.reporterId.textContent = session.reporterId;
  ui.dayName.textContent = session.dayName ?? session.dayId;
  document.title = t('reporter.titleWithDay', { day: session.dayName ?? session.dayId });
  showTimeZone(session.timeZone);
  form.showKind();
  renderSoon();
  outbox?.retryNow();
  refreshServerReports();
  loadDay();
}

/** The day's name and time zone, when the server lets a reporter read them. */
async function loadDay() {
  try {
    const day = await api.day(session.dayId);
    if (!session || day.id !== session.dayId) return;
    writeSession({ ...session, dayName: day.name, timeZone: day.timeZone });
    ui.dayName.textContent = day.name;
    document.title = t('reporter.titleWithDay', { day: day.name });
    mine.setTimeZone(day.timeZone);
    showTimeZone(day.timeZone);
  } catch {
    // Not available (offline, or not for reporters): the day's id stands in for its name.
  }
}

/**
 * Says which time zone the page's times are in: the day's once it is known (the phone's until then), and that a
 * typed time is read on this phone's clock when the phone is in another zone.
 */
function showTimeZone(dayZone) {
  const phoneZone = Intl.DateTimeFormat().resolvedOptions().timeZone;
  const named = (zone) => {
    const long = new Intl.DateTimeFormat(intlLocales(), { timeZone: zone, timeZoneName: 'long' }).formatToParts(new Date())
      .find((part) => part.type === 'timeZoneName')?.value;
    return long && long !== zone ? `${long} (${zone})` : zone;
  };
  ui.dayZone.dataset.timeZone = dayZone ?? phoneZone ?? '';
  ui.dayZone.textContent = dayZone
    ? t('reporter.zone.day', { zone: named(dayZone) })
    : t('reporter.zone.phone', { zone: named(phoneZone) });
  ui.observedZone.textContent = dayZone && dayZone !== phoneZone ? t('reporter.zone.typed', { zone: named(phoneZone) }) : '';
  ui.observedZone.hidden = !ui.observedZone.textContent;
}

async function submit(event) {
  event.preventDefault();
  if (!outbox) {
    notice.show(t('reporter.notice.noStorage'), { kind: 'error' });
    return;
  }
  const body = form.take();
  if (!body) return;
  const reportId = newId(); // made here: the server counts a repeat of it once
  const report = { reportId, ...body, observedAt: body.observedAt ?? new Date().toISOString() };
  const fixed = fixing;
  // Cleared before the report is stored, not after: what the reporter starts typing next is never emptied.
  form.reset();
  places.unpick();
  try {
    await queue({ id: reportId, type: 'report', reportId, path: paths.reports(session.dayId), body: report },
      navigator.onLine ? t('reporter.notice.reportSaved') : t('reporter.notice.reportSavedOffline'));
  } catch (error) {
    form.load(body); // not stored: back in the form, to send again
    throw error;
  }
  if (fixed) {
    await outbox.remove(fixed.id);
    if (fixing === fixed) fixing = null;
  }
}

async function queue(entry, message) {
  await outbox.add({ ...entry, dayId: session.dayId, reporterId: session.reporterId });
  notice.show(message, { key: 'queued' });
}

/** The server's view of my reports (verdicts, retractions), when it is available to reporters. */
async function refreshServerReports() {
  if (!session) return;
  try {
    const answer = await api.myReports(session.dayId, { limit: 50 });
    serverReports = Array.isArray(answer?.reports) ? answer.reports : [];
    serverCheckedAt = new Date().toISOString();
    ui.mineSource.textContent = t('reporter.mine.serverAt', { time: formatShortTime(serverCheckedAt, session.timeZone) });
  } catch (error) {
    if (!(error instanceof NetworkError)) {
      serverReports = null;
      ui.mineSource.textContent = t('reporter.mine.serverUnavailable');
    }
  }
  renderSoon();
}

const refreshAfterSend = debounce(refreshServerReports, 1500);

async function onSent() {
  refreshAfterSend();
  const waiting = (await outbox.all()).some((i) => i.state === State.QUEUED || i.state === State.SENDING);
  if (!waiting) notice.clear('queued');
}

function renderSoon() {
  if (renderQueued) return;
  renderQueued = true;
  queueMicrotask(async () => {
    renderQueued = false;
    if (!outbox || !session) return;
    const items = (await outbox.all()).filter((i) => i.dayId === session.dayId);
    mine.render(mergeReports(items, serverReports), { authRefused: outbox.authRefused });
    showNetwork(items);
  });
}

function showNetwork(items) {
  const struggling = items.some((i) => (i.state === State.QUEUED || i.state === State.SENDING) && i.attempts > 0 && i.lastError);
  const state = !navigator.onLine ? 'offline' : struggling ? 'trouble' : 'online';
  ui.net.dataset.state = state;
  ui.net.textContent = t(`reporter.net.${state}`);
}

function debounce(run, ms) {
  let timer = null;
  return () => {
    clearTimeout(timer);
    timer = setTimeout(run, ms);
  };
}

// --- start ------------------------------------------------------------------------------------

ui.joinForm.addEventListener('submit', join);
ui.leave.addEventListener('click', leave);
form.form.addEventListener('submit', submit);
byTestId('name-input').addEventListener('input', () => {
  if (!form.picked) places.unpick(); // a typed name is a new place, not the one picked
});
window.addEventListener('online', () => {
  outbox?.retryNow();
  refreshServerReports();
  places.refresh(location_.get(), form.kind);
  renderSoon();
});
window.addEventListener('offline', renderSoon);
document.addEventListener('visibilitychange', () => {
  if (document.visibilityState === 'visible' && session) {
    outbox?.retryNow();
    refreshServerReports();
  }
});
setInterval(() => {
  if (session && document.visibilityState === 'visible') refreshServerReports();
}, SERVER_REFRESH_MS);

loadConfig().catch(() => {}); // remembered for when the page is opened with no signal
// The page's own files, kept for opening it again with no signal (needs https or localhost).
navigator.serviceWorker?.register('report-sw.js', { scope: './report.html' }).catch((error) => {
  console.warn('The page will not open without a connection:', error);
});
try {
  outbox = await openOutbox({
    getSession: () => session,
    onChange: renderSoon,
    onSent,
    onRejected: (item) => notice.show(t('reporter.notice.rejected', { type: item.type }), { key: 'queued', kind: 'error' }),
    onAuthRefused: () => {
      notice.show(t('reporter.notice.authRefused'), { key: 'auth', kind: 'error' });
      renderSoon();
    },
  });
} catch (error) {
  console.error(error);
  notice.show(t('reporter.notice.noStorageAtAll'), { kind: 'error' });
}
if (session) showReporter();
else showJoin();
