// "Your reports": what this reporter submitted — from the outbox on this phone and, when the server
// can tell, its current state there (verdict, retraction, corrections) — with what is still waiting
// to be sent, what was refused and why, and the Correct and Retract actions.

import { byTestId, h } from '../dom.js';
import { formatSeen } from '../format.js';
import { describeFigures } from '../figures.js';
import { State } from './outbox.js';
import { formField, showFieldErrors } from '../fields.js';
import { checkFigures, parseCount } from './form.js';
import { t } from '../i18n.js';
import { describeProblem } from '../problems.js';

const SUBJECT = { CLOSURE: 'business', WALKOUT: 'workplace', HEADCOUNT: 'rally' };
const FIGURES = {
  CLOSURE: ['status', 'reason'],
  WALKOUT: ['type', 'participants', 'workforce'],
  HEADCOUNT: ['headcount', 'method'],
};
// The choices of each figure, as [value, catalog key].
const CHOICES = {
  status: ['CLOSED', 'PARTIAL', 'OPEN'].map((v) => [v, `enum.status.${v}`]),
  reason: [['', 'reporter.form.reasonNotSure'],
    ...['OWNER_SOLIDARITY', 'WORKER_ACTION', 'PRECAUTION', 'UNKNOWN'].map((v) => [v, `enum.reason.${v}`])],
  type: ['WALKOUT', 'SICKOUT', 'STUDENT_WALKOUT'].map((v) => [v, `enum.walkoutType.${v}`]),
  method: ['COUNTED', 'DENSITY_ESTIMATE', 'AERIAL', 'ORGANIZER_CLAIM', 'MEDIA', 'POLICE', 'OTHER']
    .map((v) => [v, `enum.method.${v}`]),
};
// The names of the fields a server's refusal may point at (catalog keys).
const FIELD_NAMES = {
  name: 'reporter.field.name', sector: 'reporter.field.sector', location: 'reporter.field.location',
  observedAt: 'reporter.field.observedAt', note: 'reporter.field.note', reportId: 'reporter.field.reportId',
  kind: 'reporter.field.kind', status: 'reporter.field.status', reason: 'reporter.field.reason',
  type: 'reporter.field.type', participants: 'reporter.field.participants', workforce: 'reporter.field.workforce',
  headcount: 'reporter.field.headcount', method: 'reporter.field.method',
};
// The labels of the correction form's fields (catalog keys).
const LABELS = {
  status: 'reporter.form.status', reason: 'reporter.form.reason', type: 'reporter.form.walkoutType',
  participants: 'reporter.form.participants', workforce: 'reporter.form.workforce',
  headcount: 'reporter.form.headcount', method: 'reporter.form.method',
};

/** The reports to show: outbox entries merged with the server's view (or null when unavailable). */
export function mergeReports(items, serverReports) {
  const entries = new Map();
  const entry = (reportId) => {
    if (!entries.has(reportId)) entries.set(reportId, { reportId, submission: null, server: null, changes: [] });
    return entries.get(reportId);
  };
  for (const item of items) {
    if (item.type === 'report') entry(item.reportId).submission = item;
    else entry(item.reportId).changes.push(item);
  }
  for (const report of serverReports ?? []) entry(report.reportId).server = report;
  return [...entries.values()]
    .filter((e) => e.submission || e.server)
    .map(describeEntry)
    .sort((a, b) => b.sortKey.localeCompare(a.sortKey));
}

function describeEntry(e) {
  const body = e.submission?.body;
  const kind = e.server?.kind ?? body?.kind;
  const figures = {};
  for (const name of FIGURES[kind] ?? []) figures[name] = e.server ? e.server[name] : body?.[name];
  // Corrections the server does not show yet (waiting, or sent after its answer) are shown as made.
  const serverChanged = e.server ? Date.parse(e.server.changedAt) : 0;
  for (const change of e.changes) {
    if (change.type !== 'correction' || change.state === State.REJECTED) continue;
    if (change.state === State.SENT && Date.parse(change.sentAt) <= serverChanged) continue;
    for (const name of FIGURES[kind] ?? []) if (name in change.body) figures[name] = change.body[name];
  }
  const waiting = e.changes.filter((c) => c.state === State.QUEUED || c.state === State.SENDING);
  const refused = e.changes.filter((c) => c.state === State.REJECTED);
  const retracted = Boolean(e.server?.retracted)
    || e.changes.some((c) => c.type === 'retraction' && c.state !== State.REJECTED);
  return {
    reportId: e.reportId,
    kind,
    name: e.server?.subjectName ?? body?.[SUBJECT[kind]]?.name ?? '',
    observedAt: e.server?.observedAt ?? body?.observedAt,
    figures,
    state: e.submission?.state ?? State.SENT,
    submission: e.submission,
    server: e.server,
    waiting,
    refused,
    retracted,
    verdict: e.server?.verdict ?? null,
    sortKey: e.submission?.createdAt ?? e.server?.recordedAt ?? '',
  };
}

/**
 * @param {{onCorrect: (entry, figures, note) => Promise<void>, onRetract: (entry) => Promise<void>,
 *          onFix: (entry) => void, onDiscard: (item) => Promise<void>, getRetryAt: () => number,
 *          onRetryNow: () => void}} actions
 */
export function createMyReports(actions) {
  const list = byTestId('my-reports');
  const summary = byTestId('outbox-summary');
  const retryNow = byTestId('retry-now');
  const badge = byTestId('outbox-badge');
  const template = document.getElementById('correction-template');
  const rows = new Map(); // reportId → {li, info, editor, signature}
  let timeZone;

  retryNow.addEventListener('click', () => actions.onRetryNow());
  setInterval(tick, 1000);

  function tick() {
    for (const span of list.querySelectorAll('[data-until]')) {
      const seconds = Math.max(0, Math.ceil((Number(span.dataset.until) - Date.now()) / 1000));
      span.textContent = seconds > 0 ? t('reporter.mine.nextTry', { seconds }) : t('reporter.mine.tryingNow');
    }
  }

  function render(entries, { authRefused = false } = {}) {
    const waiting = entries.filter((e) => e.state === State.QUEUED || e.state === State.SENDING).length
      + entries.reduce((n, e) => n + e.waiting.length, 0);
    const sent = entries.filter((e) => e.state === State.SENT).length;
    const rejected = entries.filter((e) => e.state === State.REJECTED).length
      + entries.reduce((n, e) => n + e.refused.length, 0);
    summary.dataset.waiting = String(waiting);
    summary.dataset.sent = String(sent);
    summary.dataset.rejected = String(rejected);
    const parts = [waiting ? t('reporter.mine.waiting', { count: waiting }) : t('reporter.mine.nothingWaiting'),
      t('reporter.mine.sent', { count: sent }), rejected ? t('reporter.mine.rejected', { count: rejected }) : null]
      .filter(Boolean).join(' · ');
    summary.textContent = entries.length === 0 ? t('reporter.mine.none')
      : t(authRefused ? 'reporter.mine.summaryRefused' : 'reporter.mine.summary', { parts });
    retryNow.hidden = waiting === 0;
    badge.hidden = waiting === 0 && rejected === 0;
    badge.dataset.state = rejected ? 'rejected' : 'waiting';
    badge.textContent = [waiting ? t('reporter.mine.waiting', { count: waiting }) : null,
      rejected ? t('reporter.mine.rejected', { count: rejected }) : null]
      .filter(Boolean).join(' · ');

    const wanted = entries.map((entry) => rowFor(entry).li);
    const current = [...list.children];
    if (wanted.length !== current.length || wanted.some((li, i) => li !== current[i])) {
      const focused = list.contains(document.activeElement) ? document.activeElement : null;
      list.replaceChildren(...wanted);
      if (focused?.isConnected) focused.focus({ preventScroll: true });
    }
    for (const id of rows.keys()) if (!entries.some((e) => e.reportId === id)) rows.delete(id);
    tick();
  }

  function rowFor(entry) {
    let row = rows.get(entry.reportId);
    if (!row) {
      const info = h('div', { class: 'mine-info' });
      const editor = h('div', { class: 'mine-editor' });
      row = { li: h('li', { class: 'mine-item', 'data-testid': 'my-report' }, info, editor), info, editor, signature: '' };
      rows.set(entry.reportId, row);
    }
    const signature = JSON.stringify([entry.state, entry.figures, entry.name, entry.verdict, entry.retracted,
      entry.submission?.attempts, entry.submission?.lastError, entry.submission?.nextAttemptAt,
      entry.waiting.map((c) => [c.id, c.state, c.attempts]), entry.refused.map((c) => c.id), entry.observedAt]);
    if (signature !== row.signature) {
      row.signature = signature;
      fill(row, entry);
    }
    return row;
  }

  function fill(row, entry) {
    const { li, info } = row;
    li.dataset.reportId = entry.reportId;
    li.dataset.state = entry.state;
    li.dataset.kind = entry.kind ?? '';
    li.dataset.attempts = String(entry.submission?.attempts ?? 0);
    li.dataset.pending = String(entry.waiting.length);
    li.dataset.retracted = String(entry.retracted);
    li.dataset.verdict = entry.verdict ?? '';
    const headingId = `mine-${entry.reportId}`;
    const parts = [
      h('p', { class: 'mine-head', id: headingId },
        h('span', { class: 'kind-badge', 'data-kind': entry.kind }, entry.kind ? t(`enum.kind.${entry.kind}`) : ''), ' ',
        h('strong', {}, entry.name), ' ',
        h('span', { 'data-testid': 'my-report-figures' }, describeFigures({ kind: entry.kind, ...entry.figures }))),
      h('p', { class: 'mine-meta' }, entry.observedAt ? t('reporter.mine.seen', { time: formatSeen(entry.observedAt, timeZone) }) : ''),
      stateLine(entry),
    ];
    if (entry.state === State.REJECTED) parts.push(refusal(entry.submission, headingId, true, entry));
    for (const change of entry.waiting) {
      parts.push(h('p', { class: 'mine-change', 'data-testid': 'pending-change', 'data-type': change.type },
        change.attempts ? t('reporter.mine.changeWaitingTried', { type: change.type, count: change.attempts })
          : t('reporter.mine.changeWaiting', { type: change.type })));
    }
    for (const change of entry.refused) parts.push(refusal(change, headingId, false, entry));
    if (entry.state !== State.REJECTED && !entry.retracted) {
      const correct = h('button', { type: 'button', class: 'button-quiet button-small', 'data-testid': 'correct-button',
        'aria-describedby': headingId }, t('reporter.mine.correct'));
      const retract = h('button', { type: 'button', class: 'button-quiet button-small', 'data-testid': 'retract-button',
        'aria-describedby': headingId }, t('reporter.mine.retract'));
      correct.addEventListener('click', () => openEditor(row, entry, correct));
      retract.addEventListener('click', async () => {
        // eslint-disable-next-line no-alert
        if (!window.confirm(t('reporter.mine.retractConfirm', { name: entry.name }))) return;
        retract.disabled = true;
        await actions.onRetract(entry);
      });
      parts.push(h('div', { class: 'row' }, correct, retract));
    }
    info.replaceChildren(...parts);
  }

  function stateLine(entry) {
    const item = entry.submission;
    const line = h('p', { class: 'mine-state', 'data-testid': 'report-state', 'data-state': entry.state });
    if (entry.state === State.QUEUED) {
      const why = errorText(item);
      const tries = item.attempts ? ` ${t(why ? 'reporter.mine.triedWhy' : 'reporter.mine.tried',
        { count: item.attempts, why: why.replace(/\.$/, '') })}` : '';
      const until = item.nextAttemptAt && item.nextAttemptAt > Date.now() ? item.nextAttemptAt : actions.getRetryAt();
      line.append(h('strong', {}, t('reporter.state.waiting')), tries, tries ? '; ' : ' ',
        until > Date.now() ? h('span', { 'data-until': String(until) }) : t('reporter.mine.asap'), '.');
    } else if (entry.state === State.SENDING) {
      line.append(h('strong', {}, t('reporter.state.sending')));
    } else if (entry.state === State.SENT) {
      line.append(h('strong', {}, t(entry.retracted ? 'reporter.state.retracted' : 'reporter.state.sent')));
      if (entry.verdict === 'VERIFIED') line.append(' · ', t('reporter.state.verified'));
      if (entry.verdict === 'DISPUTED') line.append(' · ', t('reporter.state.disputed'));
    } else {
      line.append(h('strong', {}, t('reporter.state.rejected')));
    }
    return line;
  }

  function refusal(item, headingId, isReport, entry) {
    const box = h('div', { class: 'refusal', 'data-testid': 'refusal', 'data-type': item.type });
    const what = t('reporter.refusal.what', { type: isReport ? 'report' : item.type });
    if (item.errors?.length) {
      box.append(h('p', {}, t('reporter.refusal.withErrors', { what })), h('ul', { 'data-testid': 'report-errors' },
        ...item.errors.map((e) => {
          const field = formField(e.field);
          const name = FIELD_NAMES[field] ? t(FIELD_NAMES[field]) : e.field;
          return h('li', { 'data-field': e.field }, t('reporter.refusal.fieldError', { field: name, message: e.message }));
        })));
    } else {
      box.append(h('p', {}, t('reporter.refusal.withReason', { what, why: errorText(item) })));
    }
    const buttons = [];
    if (isReport) {
      const fix = h('button', { type: 'button', class: 'button-small', 'data-testid': 'fix-button', 'aria-describedby': headingId },
        t('reporter.refusal.fix'));
      fix.addEventListener('click', () => actions.onFix(entry));
      buttons.push(fix);
    }
    const discard = h('button', { type: 'button', class: 'button-quiet button-small', 'data-testid': 'discard-button',
      'aria-describedby': headingId }, t('reporter.refusal.discard'));
    discard.addEventListener('click', () => actions.onDiscard(item));
    buttons.push(discard);
    box.append(h('div', { class: 'row' }, ...buttons));
    return box;
  }

  function openEditor(row, entry, opener) {
    const form = template.content.firstElementChild.cloneNode(true);
    const fields = form.querySelector('.correction-fields');
    const errorsBox = form.querySelector('.form-errors');
    for (const name of FIGURES[entry.kind] ?? []) fields.append(figureField(name, entry.figures[name], entry.reportId));
    const noteLabel = form.querySelector('[data-label-for="note"]');
    const note = form.querySelector('textarea[name="note"]');
    note.id = `note-${entry.reportId}`;
    noteLabel.setAttribute('for', note.id);
    const close = () => {
      row.editor.replaceChildren();
      opener.focus();
    };
    form.querySelector('[data-testid="correction-cancel"]').addEventListener('click', close);
    form.addEventListener('submit', async (event) => {
      event.preventDefault();
      const figures = {};
      for (const name of FIGURES[entry.kind]) {
        const element = form.elements[name];
        figures[name] = ['participants', 'workforce', 'headcount'].includes(name) ? parseCount(element.value) : element.value;
      }
      const errors = checkFigures(entry.kind, figures);
      const { first } = showFieldErrors(form, errorsBox, errors);
      if (errors.length) {
        first?.focus();
        return;
      }
      if (figures.reason === '') delete figures.reason;
      if (figures.workforce === null) delete figures.workforce;
      await actions.onCorrect(entry, figures, note.value.trim() || null);
      close();
    });
    row.editor.replaceChildren(form);
    form.querySelector('input, select')?.focus();
  }

  return {
    render,
    setTimeZone(zone) {
      timeZone = zone;
    },
  };
}

function figureField(name, value, reportId) {
  const id = `${name}-${reportId}`;
  const control = CHOICES[name]
    ? h('select', { id, name, 'data-field': name, 'data-testid': `correction-${name}` },
      ...CHOICES[name].map(([v, label]) => h('option', { value: v }, t(label))))
    : h('input', { id, name, inputmode: 'numeric', 'data-field': name, 'data-testid': `correction-${name}`,
      'aria-describedby': `${id}-error` });
  control.value = value === null || value === undefined ? '' : String(value);
  return h('div', { class: 'field' }, h('label', { for: id }, t(LABELS[name])), control,
    h('p', { class: 'field-error', id: `${id}-error`, 'data-error-for': name, hidden: '' }));
}

/** Why an outbox entry was not sent, in the page's language: its problem by type, else the text kept. */
function errorText(item) {
  if (item.problem) return describeProblem({ status: item.status, body: item.problem });
  if (item.errorKey) return t(item.errorKey);
  return item.lastError ?? '';
}
