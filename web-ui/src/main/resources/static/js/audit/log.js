// The day's event log, read page by page ("Load more") in log order, with filters on what is loaded:
// type, subject, reporter pseudonym, and a recordedAt range in the day's time zone. A report's events
// carry a History button.

import { byTestId, h } from '../dom.js';
import { formatCount, formatMoment } from '../format.js';
import { t } from '../i18n.js';
import { zonedInputToInstant } from '../zoned.js';
import { EVENT_TYPES, actorOf, matches, reportIdOf, subjectOf, summarize } from './events.js';

export const DEFAULT_PAGE = 200;

/**
 * @param {{api, pageSize?: number, onHistory: (reportId: string, trigger: HTMLElement) => void,
 *          onFirstEvent: (event) => void, onError: (error: Error, retry: () => void) => void}} deps
 */
export function createLog({ api, pageSize = DEFAULT_PAGE, onHistory, onFirstEvent, onError }, root = document) {
  const ui = {
    filters: byTestId('log-filters', root),
    type: byTestId('log-filter-type', root),
    subject: byTestId('log-filter-subject', root),
    reporter: byTestId('log-filter-reporter', root),
    from: byTestId('log-filter-from', root),
    to: byTestId('log-filter-to', root),
    count: byTestId('log-count', root),
    rows: byTestId('log-rows', root),
    more: byTestId('log-more', root),
    status: byTestId('log-status', root),
  };
  let state = fresh(null);

  function fresh(day) {
    return {
      day, events: [], next: 0, complete: false, loading: null,
      rows: new Map(), // position → <tr>
      subjectOfReport: new Map(), // reportId → subjectId
      subjects: new Map(), // subjectId → {name, kind}
    };
  }

  /** Loads the next page (the first one when nothing is loaded yet). */
  function loadMore() {
    if (state.complete || state.loading) return state.loading;
    const current = state;
    ui.more.disabled = true;
    ui.status.textContent = t('audit.log.loading');
    current.loading = (async () => {
      try {
        const page = await api.events(current.day.id, { after: current.next, limit: pageSize });
        if (current !== state) return;
        const events = Array.isArray(page.events) ? page.events : [];
        if (current.events.length === 0 && events.length) onFirstEvent(events[0]);
        for (const event of events) learn(event);
        current.events.push(...events);
        current.complete = page.next === null || page.next === undefined;
        current.next = current.complete ? current.next : page.next;
        ui.status.textContent = '';
        refreshChoices();
        render();
      } catch (error) {
        if (current !== state) return;
        ui.status.textContent = t('audit.log.failed');
        onError(error, loadMore);
      } finally {
        current.loading = null;
        ui.more.disabled = false;
      }
    })();
    return current.loading;
  }

  /** Remembers which subject each report is about, and the subjects' names, for the filters. */
  function learn(event) {
    const subject = subjectOf(event);
    if (!subject) return;
    state.subjectOfReport.set(reportIdOf(event), subject.subjectId);
    if (!state.subjects.has(subject.subjectId)) state.subjects.set(subject.subjectId, subject);
  }

  function refreshChoices() {
    // Every type, whether or not the pages loaded so far hold one (with how many they hold), and any other seen.
    const loaded = new Map();
    for (const event of state.events) loaded.set(event.type, (loaded.get(event.type) ?? 0) + 1);
    const types = [...new Set([...EVENT_TYPES, ...loaded.keys()])].sort();
    const reporters = new Set(state.events.map(actorOf).filter(Boolean));
    fill(ui.type, t('audit.log.allTypes'), types.map((type) => [type, t('audit.log.typeOption', { type, count: loaded.get(type) ?? 0 })]));
    fill(ui.subject, t('audit.log.allSubjects'), [...state.subjects.values()]
      .sort((a, b) => a.name.localeCompare(b.name))
      .map((s) => [s.subjectId, t('audit.log.subjectOption', { name: s.name, kind: s.kind ?? '' })]));
    fill(ui.reporter, t('audit.log.anyone'), [...reporters].sort().map((r) => [r, r]));
  }

  function fill(select, everything, options) {
    const chosen = select.value;
    select.replaceChildren(h('option', { value: '' }, everything),
      ...options.map(([value, label]) => h('option', { value }, label)));
    select.value = options.some(([value]) => value === chosen) ? chosen : '';
  }

  function current() {
    const zone = state.day?.timeZone;
    const to = zonedInputToInstant(ui.to.value, zone)?.getTime();
    return {
      type: ui.type.value || null,
      subjectId: ui.subject.value || null,
      reporter: ui.reporter.value || null,
      from: zonedInputToInstant(ui.from.value, zone)?.getTime() ?? null,
      to: to === undefined ? null : to + 999, // "until 3:10:05 PM" takes in the whole of that second
    };
  }

  function render() {
    const filters = current();
    const shown = state.events.filter((event) => matches(event, filters, state.subjectOfReport));
    ui.rows.replaceChildren(...(shown.length ? shown.map(rowFor)
      : [h('tr', { class: 'empty', 'data-testid': 'log-empty' },
        h('td', { colspan: '7' }, t(state.events.length ? 'audit.log.noneMatch' : 'audit.log.none')))]));
    const loaded = state.events.length;
    ui.count.dataset.shown = String(shown.length);
    ui.count.dataset.loaded = String(loaded);
    ui.count.dataset.complete = String(state.complete);
    const complete = String(state.complete);
    ui.count.textContent = shown.length === loaded ? t('audit.log.countAll', { loaded, complete })
      : t('audit.log.countSome', { shown: shown.length, loaded, complete });
    ui.more.hidden = state.complete;
  }

  function rowFor(event) {
    const known = state.rows.get(event.position);
    if (known) return known;
    const reportId = reportIdOf(event);
    const subjectId = event.payload?.subjectId ?? state.subjectOfReport.get(reportId);
    const subject = state.subjects.get(subjectId);
    const history = reportId ? historyButton(event, reportId, subject) : '';
    const raw = h('details', { class: 'raw' }, h('summary', {}, t('audit.log.raw')),
      h('pre', { 'data-testid': 'event-raw' }, JSON.stringify(event, null, 2)));
    const row = h('tr', {
      'data-testid': 'event-row', 'data-position': String(event.position), 'data-type': event.type,
      'data-aggregate-id': event.aggregateId ?? '', 'data-report-id': reportId ?? '', 'data-subject-id': subjectId ?? '',
    },
    h('td', { 'data-testid': 'event-position' }, String(event.position)),
    h('td', {}, h('time', { datetime: event.recordedAt ?? '', 'data-testid': 'event-recorded' },
      formatMoment(event.recordedAt, state.day?.timeZone))),
    h('th', { scope: 'row' }, h('span', { 'data-testid': 'event-type' }, event.type),
      h('span', { class: 'hint seq' }, t('audit.log.sequence', { sequence: event.sequence }))),
    h('td', { 'data-testid': 'event-by' }, actorOf(event) ?? ''),
    h('td', { 'data-testid': 'event-subject' }, subject?.name ?? ''),
    h('td', {}, h('span', { 'data-testid': 'event-summary' }, summarize(event)), raw),
    h('td', {}, history));
    state.rows.set(event.position, row);
    return row;
  }

  function historyButton(event, reportId, subject) {
    const button = h('button', {
      type: 'button', class: 'button-quiet button-small', 'data-testid': 'event-history',
      'aria-label': t('audit.log.historyOf', { name: subject?.name ?? reportId }),
    }, t('audit.log.history'));
    button.addEventListener('click', () => onHistory(reportId, button));
    return button;
  }

  ui.filters.addEventListener('input', render);
  ui.filters.addEventListener('change', render);
  ui.filters.addEventListener('reset', () => setTimeout(render)); // after the form has cleared its fields
  ui.filters.addEventListener('submit', (event) => event.preventDefault());
  ui.more.addEventListener('click', loadMore);

  return {
    /** Starts over with `day`: its first page of events. */
    setDay(day) {
      state = fresh(day);
      ui.filters.reset();
      refreshChoices();
      ui.rows.replaceChildren();
      ui.count.textContent = '';
      ui.more.hidden = true;
      return loadMore();
    },
    clear() {
      state = fresh(null);
      ui.rows.replaceChildren();
      ui.count.textContent = '';
      ui.more.hidden = true;
    },
  };
}
