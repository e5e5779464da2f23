// The live feed: every report of the day with its current state, latest change first, with the
// coordinator's Verify and Dispute buttons, and each headcount's plausibility flags (outlier, unconfirmed).
// Reports are kept by reportId; a message older than the one shown (by log position, then by when its flags
// were evaluated) is ignored.

import { h } from '../dom.js';
import { describeFigures } from '../figures.js';
import { formatCount, formatShortTime } from '../format.js';
import { has, t } from '../i18n.js';
import { explainReportFlags, flagName } from '../plausibility.js';

const SHOWN = 200; // items in the list at most; the rest are in the tally and on the map

const kindName = (kind) => (has(`feed.kind.${kind}`) ? t(`feed.kind.${kind}`) : kind);
const verdictName = (verdict) => (has(`verdict.${verdict}`) ? t(`verdict.${verdict}`) : verdict);

/**
 * @param {HTMLElement} list the <ol>
 * @param {{onVerdict: (report, verdict) => Promise<void>, canJudge: () => boolean, count: HTMLElement}} options
 */
export function createFeedView(list, { onVerdict, canJudge, count }) {
  const reports = new Map(); // reportId → report
  const items = new Map(); // reportId → {li, position}
  let keep = () => true;
  let timeZone;
  let highest = 0;

  function render() {
    const focused = list.contains(document.activeElement) ? document.activeElement : null;
    const shown = [...reports.values()]
      .filter((report) => keep(report))
      .sort((a, b) => b.position - a.position)
      .slice(0, SHOWN);
    const wanted = shown.map((report) => itemFor(report));
    const current = [...list.children];
    if (wanted.length === 0) {
      list.replaceChildren(h('li', { class: 'feed-empty', 'data-testid': 'feed-empty' },
        t(reports.size ? 'feed.noneMatch' : 'feed.none')));
    } else if (wanted.length !== current.length || wanted.some((li, i) => li !== current[i])) {
      list.replaceChildren(...wanted);
    }
    if (focused && list.contains(focused) && document.activeElement !== focused) focused.focus({ preventScroll: true });
    count.textContent = reports.size === shown.length
      ? t('feed.count', { count: shown.length })
      : t('feed.countShown', { shown: shown.length, count: reports.size });
  }

  function itemFor(report) {
    const known = items.get(report.reportId);
    const flags = (report.flags ?? []).join(' ');
    if (known && known.position === report.position && known.judge === canJudge() && known.flags === flags) return known.li;
    const li = known?.li ?? h('li', { class: 'feed-item', 'data-testid': 'feed-item' });
    fill(li, report);
    items.set(report.reportId, { li, position: report.position, judge: canJudge(), flags });
    return li;
  }

  function fill(li, report) {
    const verdict = report.verdict ?? 'UNREVIEWED';
    li.dataset.reportId = report.reportId;
    li.dataset.kind = report.kind;
    li.dataset.verdict = verdict;
    li.dataset.retracted = String(Boolean(report.retracted));
    li.dataset.position = String(report.position);
    li.dataset.flags = (report.flags ?? []).join(' ');
    const headingId = `feed-${report.reportId}`;
    const head = h('p', { class: 'feed-head', id: headingId },
      h('span', { class: 'kind-badge', 'data-kind': report.kind }, kindName(report.kind)), ' ',
      h('strong', { 'data-testid': 'feed-subject' }, report.subjectName ?? ''), ' ',
      h('span', { 'data-testid': 'feed-figures' }, describeFigures(report)));
    const meta = h('p', { class: 'feed-meta' },
      h('time', { datetime: report.observedAt ?? '' }, t('feed.seen', { time: formatShortTime(report.observedAt, timeZone) })),
      ` · ${report.reporterId ?? ''} · `,
      h('span', { class: 'verdict', 'data-testid': 'feed-verdict', 'data-verdict': verdict }, verdictName(verdict)),
      report.retracted ? h('span', { class: 'retracted', 'data-testid': 'feed-retracted' }, t('feed.retracted')) : '');
    const children = [head, meta];
    if (report.flags?.length && !report.retracted) {
      children.push(h('p', { class: 'feed-flags flag-note', 'data-testid': 'feed-flags' },
        ...report.flags.flatMap((flag) => [h('span', { class: 'flag-badge', 'data-flag': flag }, flagName(flag)), ' ']),
        explainReportFlags(report).join(' ')));
    }
    if (report.note) children.push(h('p', { class: 'feed-note' }, report.note));
    if (report.noteErased) children.push(h('p', { class: 'feed-note', 'data-testid': 'feed-note-erased' }, t('feed.noteErased')));
    if (canJudge()) children.push(actions(report, headingId, verdict));
    li.replaceChildren(...children);
  }

  function actions(report, headingId, verdict) {
    const status = h('span', { class: 'feed-status', role: 'status' });
    const button = (value, label, testId) => {
      const b = h('button', {
        type: 'button', class: 'button-small', 'data-testid': testId, 'aria-describedby': headingId,
        'aria-pressed': String(verdict === value),
      }, label);
      b.disabled = Boolean(report.retracted);
      b.addEventListener('click', async () => {
        const all = b.parentElement.querySelectorAll('button');
        all.forEach((x) => { x.disabled = true; });
        status.textContent = t(value === 'VERIFIED' ? 'feed.verifying' : 'feed.disputing');
        try {
          await onVerdict(report, value);
          status.textContent = t('feed.saved');
        } catch (error) {
          status.textContent = error?.message ?? t('feed.notSaved');
          status.dataset.kind = 'error';
          all.forEach((x) => { x.disabled = Boolean(report.retracted); });
        }
      });
      return b;
    };
    return h('div', { class: 'feed-actions' },
      button('VERIFIED', t('feed.verify'), 'verify-button'), button('DISPUTED', t('feed.dispute'), 'dispute-button'), status);
  }

  return {
    setTimeZone(zone) {
      timeZone = zone;
    },
    /** The position after which the feed has everything: where to catch up from. */
    get position() {
      return highest;
    },
    /** Adds or updates reports (a snapshot page or one live message). */
    apply(incoming) {
      let changed = false;
      for (const report of incoming) {
        if (!report?.reportId) continue;
        const position = Number(report.position ?? 0);
        highest = Math.max(highest, position);
        const known = reports.get(report.reportId);
        // The same position again is news only when its flags were evaluated later (a flag changes with the others).
        if (known && (known.position > position || (known.position === position
          && !(Date.parse(report.flaggedAt) > Date.parse(known.flaggedAt))))) continue;
        reports.set(report.reportId, { ...report, position });
        changed = true;
      }
      if (changed) render();
      return changed;
    },
    setFilter(predicate) {
      keep = predicate;
      render();
    },
    /** Re-renders (after the role or the subjects behind the filters changed). */
    refresh() {
      items.clear();
      render();
    },
    clear() {
      reports.clear();
      items.clear();
      highest = 0;
      render();
    },
  };
}
