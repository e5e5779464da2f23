// The integrity check of a day's log (GET /api/days/{dayId}/integrity), shown plainly: OK, or each
// broken link as a row, and the newest checkpoint the check compared against.

import { byTestId, h } from '../dom.js';
import { t } from '../i18n.js';

/** @param {{api, onError: (error: Error) => void}} deps */
export function createIntegrity({ api, onError }, root = document) {
  const ui = {
    check: byTestId('integrity-check', root),
    status: byTestId('integrity-status', root),
    result: byTestId('integrity-result', root),
    summary: byTestId('integrity-summary', root),
    checkpoint: byTestId('integrity-checkpoint', root),
    brokenWrap: byTestId('integrity-broken-wrap', root),
    brokenRows: byTestId('integrity-broken-rows', root),
  };
  let day = null;
  let asked = 0;

  async function check() {
    const mine = ++asked;
    ui.check.disabled = true;
    ui.status.textContent = t('audit.integrity.running');
    try {
      const report = await api.integrity(day.id);
      if (mine !== asked) return;
      ui.status.textContent = '';
      show(report);
    } catch (error) {
      if (mine !== asked) return;
      ui.status.textContent = t('audit.integrity.failed');
      onError(error);
    } finally {
      ui.check.disabled = false;
    }
  }

  function show(report) {
    const broken = Array.isArray(report.broken) ? report.broken : [];
    ui.result.hidden = false;
    ui.result.dataset.ok = String(Boolean(report.ok));
    ui.result.className = report.ok ? 'result result-ok' : 'result result-bad';
    const counted = t('audit.integrity.counted', { events: report.events, chains: report.aggregates });
    // The answer lists the first problems only (brokenCount counts them all).
    const brokenCount = Number.isFinite(report.brokenCount) ? report.brokenCount : broken.length;
    const listed = brokenCount > broken.length ? t('audit.integrity.listed', { count: broken.length }) : '';
    ui.summary.textContent = report.ok
      ? t('audit.integrity.ok', { counted })
      : t('audit.integrity.notOk', { count: brokenCount, counted, listed });
    const c = report.checkpoint;
    ui.checkpoint.textContent = c
      ? t('audit.integrity.checkpoint', { position: String(c.position), upTo: String(c.upToPosition), heads: c.heads, digest: c.digest })
      : t('audit.integrity.noCheckpoint');
    ui.brokenWrap.hidden = broken.length === 0;
    ui.brokenRows.replaceChildren(...broken.map((b) => h('tr', {
      'data-testid': 'integrity-broken-row', 'data-event-id': b.eventId ?? '', 'data-aggregate-id': b.aggregateId ?? '',
    },
    h('td', { class: 'mono' }, b.eventId ?? ''), h('td', { class: 'mono' }, b.aggregateId ?? ''),
    h('td', {}, String(b.sequence ?? '')), h('th', { scope: 'row', 'data-testid': 'integrity-problem' }, b.problem ?? ''),
    h('td', { class: 'mono' }, b.expected ?? ''), h('td', { class: 'mono' }, b.found ?? ''))));
  }

  ui.check.addEventListener('click', check);

  return {
    setDay(next) {
      day = next;
      asked++;
      ui.result.hidden = true;
      ui.status.textContent = '';
      ui.brokenRows.replaceChildren();
    },
  };
}
