// Rebuilding every projection from the log: POST /api/projections/rebuild, then the job's progress,
// both pushed over STOMP (/topic/rebuilds/{jobId}, on the page's LiveConnection) and polled over REST
// in case the socket is down. At the end: "digests equal", or the tables whose rows differ.

import { byTestId, h } from '../dom.js';
import { has, number, t } from '../i18n.js';

const POLL_MS = 1000;
const TERMINAL = new Set(['DONE', 'FAILED']);

/** @param {{api, live: () => import('../live.js').LiveConnection, onError: (error: Error) => void}} deps */
export function createRebuild({ api, live, onError }, root = document) {
  const ui = {
    start: byTestId('rebuild-start', root),
    state: byTestId('rebuild-state', root),
    wrap: byTestId('rebuild-progress-wrap', root),
    progress: byTestId('rebuild-progress', root),
    text: byTestId('rebuild-text', root),
    result: byTestId('rebuild-result', root),
  };
  let job = null; // {jobId, shown, follow, timer}

  async function start() {
    ui.start.disabled = true;
    try {
      const { jobId } = await api.startRebuild();
      follow(jobId);
    } catch (error) {
      ui.start.disabled = false;
      onError(error);
    }
  }

  function follow(jobId) {
    stop();
    ui.result.hidden = true;
    ui.result.replaceChildren();
    ui.result.dataset.digestsEqual = '';
    ui.wrap.hidden = false;
    const current = { jobId, shown: null, follow: null, timer: null };
    job = current;
    const load = () => api.rebuild(jobId);
    current.follow = live().follow(`/topic/rebuilds/${jobId}`, {
      load,
      apply: (status) => apply(current, status),
      onLoadError: (error) => onError(error),
    });
    current.timer = setInterval(async () => {
      try {
        apply(current, await load());
      } catch {
        // the next poll, or the socket, tells us
      }
    }, POLL_MS);
  }

  /** Shows a status unless an older one: processed only grows, and DONE/FAILED is final. */
  function apply(current, status) {
    if (current !== job || !status || status.jobId !== current.jobId) return;
    const shown = current.shown;
    if (shown && (TERMINAL.has(shown.state) || (!TERMINAL.has(status.state) && status.processed < shown.processed))) return;
    current.shown = status;
    render(status);
    if (TERMINAL.has(status.state)) {
      stop();
      ui.start.disabled = false;
    }
  }

  function render(status) {
    ui.state.hidden = false;
    ui.state.textContent = has(`audit.rebuild.state.${status.state}`) ? t(`audit.rebuild.state.${status.state}`) : status.state ?? '';
    ui.state.dataset.state = status.state ?? '';
    const total = Math.max(1, Number(status.total) || 0);
    ui.progress.max = total;
    ui.progress.value = Math.min(total, Number(status.processed) || 0);
    ui.progress.dataset.processed = String(status.processed ?? 0);
    ui.progress.dataset.total = String(status.total ?? 0);
    const done = status.total ? Math.floor((100 * status.processed) / status.total) / 100 : 0;
    const share = number(done, { style: 'percent', maximumFractionDigits: 0 });
    const parts = [t('audit.rebuild.progress', { processed: Number(status.processed) || 0, total: Number(status.total) || 0, share })];
    if (status.eventsPerSecond) parts.push(t('audit.rebuild.rate', { rate: status.eventsPerSecond }));
    if (status.state === 'RUNNING' && status.secondsLeft != null) parts.push(t('audit.rebuild.left', { seconds: status.secondsLeft }));
    ui.text.textContent = parts.join(' · ');
    if (status.state === 'DONE') showResult(status);
    if (status.state === 'FAILED') {
      ui.result.hidden = false;
      ui.result.className = 'result result-bad';
      ui.result.replaceChildren(h('p', { 'data-testid': 'rebuild-error' },
        status.error ? t('audit.rebuild.failed', { error: status.error }) : t('audit.rebuild.failedNoReason')));
    }
  }

  function showResult(status) {
    const equal = Boolean(status.digestsEqual);
    ui.result.hidden = false;
    ui.result.dataset.digestsEqual = String(equal);
    ui.result.className = equal ? 'result result-ok' : 'result result-bad';
    if (equal) {
      ui.result.replaceChildren(h('p', { 'data-testid': 'rebuild-verdict' },
        t('audit.rebuild.equal')));
      return;
    }
    const differences = Array.isArray(status.differences) ? status.differences : [];
    ui.result.replaceChildren(
      h('p', { 'data-testid': 'rebuild-verdict' },
        t('audit.rebuild.differ', { count: differences.length })),
      h('div', { class: 'table-wrap' }, h('table', { 'data-testid': 'rebuild-differences' },
        h('caption', {}, t('audit.rebuild.caption')),
        h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, t('audit.rebuild.table')), h('th', { scope: 'col' }, t('audit.rebuild.onlyLive')),
          h('th', { scope: 'col' }, t('audit.rebuild.onlyRebuilt')))),
        h('tbody', {}, ...differences.map((d) => h('tr', { 'data-testid': 'rebuild-difference', 'data-table': d.table },
          h('th', { scope: 'row' }, d.table), h('td', {}, h('pre', {}, d.onlyLive ?? '')),
          h('td', {}, h('pre', {}, d.onlyRebuilt ?? ''))))))));
  }

  function stop() {
    if (!job) return;
    job.follow?.stop();
    clearInterval(job.timer);
    job.follow = null;
    job.timer = null;
  }

  ui.start.addEventListener('click', start);

  return { stop };
}
