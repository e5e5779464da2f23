// A report's history: every event of the report in order, and for each what it changed
// (field: before → after), from GET /api/days/{dayId}/reports/{reportId}/history.

import { byTestId, h } from '../dom.js';
import { formatMoment, humanize } from '../format.js';
import { has, t } from '../i18n.js';
import { describeMethods, explainReportFlags, flagName } from '../plausibility.js';
import { actorOf, subjectOf, summarize } from './events.js';

/**
 * @param {{api, moment: () => ({at, knownAt, mode})|undefined, onError: (error: Error, retry: () => void) => void}} deps
 *   moment: the replay's T, K and mode, at which a headcount's plausibility is shown
 */
export function createHistory({ api, moment = () => undefined, onError }, root = document) {
  const ui = {
    section: byTestId('history', root),
    heading: byTestId('history-heading', root),
    report: byTestId('history-report', root),
    plausibility: byTestId('history-plausibility', root),
    events: byTestId('history-events', root),
    close: byTestId('history-close', root),
  };
  let day = null;
  let asked = 0;
  let returnTo = null; // the button that opened it, to give the focus back

  async function open(reportId, trigger) {
    const mine = ++asked;
    returnTo = trigger ?? null;
    ui.section.hidden = false;
    ui.section.dataset.reportId = reportId;
    ui.section.dataset.state = 'loading';
    ui.heading.textContent = t('audit.history.heading');
    ui.report.textContent = t('audit.history.loading', { reportId });
    ui.events.replaceChildren();
    ui.plausibility.hidden = true;
    ui.heading.focus();
    try {
      const history = await api.history(day.id, reportId, moment() ?? {});
      if (mine !== asked) return;
      show(history);
    } catch (error) {
      if (mine !== asked) return;
      ui.section.dataset.state = 'error';
      ui.report.textContent = t('audit.history.failed');
      onError(error, () => open(reportId, trigger));
    }
  }

  function show(history) {
    const entries = Array.isArray(history.events) ? history.events : [];
    const subject = entries.map((e) => subjectOf(e.event)).find(Boolean);
    ui.heading.textContent = subject ? t('audit.history.headingOf', { name: subject.name }) : t('audit.history.heading');
    ui.report.textContent = t('audit.history.report', { reportId: history.reportId, count: entries.length });
    ui.events.replaceChildren(...entries.map(({ event, changes }) => item(event, changes ?? {})));
    showPlausibility(history.plausibility, entries);
    ui.section.dataset.state = 'ready';
  }

  /** A headcount's flags at the replayed moment, and what its rally's estimate rests on then. */
  function showPlausibility(p, entries) {
    ui.plausibility.hidden = !p;
    if (!p) return;
    const headcount = [...entries].reverse().map((e) => e.event.payload?.headcount).find((n) => n !== undefined);
    const flags = p.flags ?? [];
    ui.plausibility.dataset.flags = flags.join(' ');
    const moment = { at: formatMoment(p.at, day?.timeZone), knownAt: formatMoment(p.knownAt, day?.timeZone) };
    const lines = [];
    if (!p.counted) {
      lines.push(t('audit.history.notCounted', moment));
    } else {
      lines.push(t('audit.history.counted', { ...moment, reporters: p.reporters, methods: describeMethods(p.methods) }));
      lines.push(...(flags.length ? explainReportFlags({ flags, headcount, othersMedian: p.othersMedian })
        : [p.others >= 2 ? t('audit.history.noFlag', { median: Number(p.othersMedian) }) : t('audit.history.tooFew')]));
    }
    ui.plausibility.replaceChildren(h('h3', {}, t('audit.history.plausibility')),
      ...(flags.length ? [h('p', {}, ...flags.flatMap((flag) => [h('span', { class: 'flag-badge', 'data-flag': flag },
        flagName(flag)), ' ']))] : []),
      ...lines.map((line) => h('p', { class: flags.length ? 'flag-note' : 'hint' }, line)));
  }

  function item(event, changes) {
    const fields = Object.entries(changes);
    const table = fields.length
      ? h('table', { class: 'changes', 'data-testid': 'history-changes' },
        h('caption', { class: 'visually-hidden' }, t('audit.history.changesOf', { type: event.type })),
        h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, t('audit.history.field')), h('th', { scope: 'col' }, t('audit.history.before')),
          h('th', { scope: 'col' }, t('audit.history.after')))),
        h('tbody', {}, ...fields.map(([field, [before, after] = []]) => h('tr', {
          'data-testid': 'history-change', 'data-field': field,
        },
        h('th', { scope: 'row' }, fieldName(field)),
        h('td', { 'data-testid': 'history-before', 'data-value': raw(before) }, value(field, before)),
        h('td', { 'data-testid': 'history-after', 'data-value': raw(after) }, value(field, after))))))
      : h('p', { class: 'hint' }, t('audit.history.noChange'));
    const actor = actorOf(event);
    return h('li', { 'data-testid': 'history-event', 'data-type': event.type, 'data-position': String(event.position) },
      h('p', { class: 'history-title' }, h('strong', {}, event.type), t('audit.history.where', { sequence: event.sequence, position: event.position })),
      h('p', { class: 'hint' }, h('time', { datetime: event.recordedAt ?? '' }, t('audit.history.recorded', { time: formatMoment(event.recordedAt, day?.timeZone) })),
        actor ? t('audit.history.by', { actor }) : ''),
      h('p', {}, summarize(event)),
      table);
  }

  function value(field, v) {
    if (v === null || v === undefined) return '—';
    if (field === 'observed_at' || field === 'observedAt') return formatMoment(v, day?.timeZone);
    if (typeof v === 'boolean') return t(v ? 'audit.history.yes' : 'audit.history.no');
    if (field === 'note') return t('audit.event.note', { note: v });
    if (field === 'verdict') return has(`verdict.${v}`) ? t(`verdict.${v}`) : String(v);
    return typeof v === 'string' ? humanize(v, VALUE_FAMILIES[field]) : String(v);
  }

  ui.close.addEventListener('click', () => {
    close();
    returnTo?.focus();
  });

  function close() {
    asked++;
    ui.section.hidden = true;
    ui.events.replaceChildren();
    delete ui.section.dataset.reportId;
  }

  return {
    open,
    setDay(next) {
      day = next;
      close();
    },
  };
}

const toWords = (field) => field.replace(/([a-z])([A-Z])/g, '$1_$2').toUpperCase();
/** A changed column's name: the catalog's, else its words (a column the page does not know yet). */
const fieldName = (field) => (has(`audit.field.${field}`) ? t(`audit.field.${field}`) : humanize(toWords(field)));
/** The enum family of a column's values, for their names. */
const VALUE_FAMILIES = { status: 'status', reason: 'reason', type: 'walkoutType', method: 'method' };
const raw = (v) => (v === null || v === undefined ? '' : String(v));
