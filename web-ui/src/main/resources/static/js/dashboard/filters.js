// The dashboard's filters: kinds of subject, sector, zone, and "verified only" (which switches the
// tally, map and timeline to VERIFIED mode and the feed to verified reports).

import { byTestId, h } from '../dom.js';
import { humanize } from '../format.js';
import { t } from '../i18n.js';
import { SECTORS } from '../sectors.js';

/** @param {(filters: Filters, {modeChanged: boolean}) => void} onChange */
export function createFilters(onChange, root = document) {
  const form = byTestId('filters', root);
  const kinds = [...form.querySelectorAll('input[name="kind"]')];
  const sector = byTestId('filter-sector', root);
  const zone = byTestId('filter-zone', root);
  const verified = byTestId('filter-verified', root);
  const flagged = byTestId('filter-flagged', root);
  const summary = byTestId('filter-summary', root);

  sector.replaceChildren(h('option', { value: '' }, t('filters.allSectors')),
    ...SECTORS.map((s) => h('option', { value: s }, humanize(s, 'sector'))));

  let current = read();

  function read() {
    return {
      kinds: new Set(kinds.filter((k) => k.checked).map((k) => k.value)),
      sector: sector.value || null,
      zone: zone.value || null,
      verifiedOnly: verified.checked,
      flaggedOnly: flagged.checked,
    };
  }

  function describe(filters) {
    const parts = [];
    if (filters.kinds.size < kinds.length) {
      parts.push(kinds.filter((k) => k.checked).map((k) => k.labels?.[0]?.textContent.trim() ?? k.value).join(', ') || t('filters.nothing'));
    }
    if (filters.sector) parts.push(humanize(filters.sector, 'sector'));
    if (filters.zone) parts.push(filters.zone === 'unzoned' ? t('filters.outsideZone') : filters.zone);
    if (filters.verifiedOnly) parts.push(t('filters.verifiedOnly'));
    if (filters.flaggedOnly) parts.push(t('filters.flaggedOnly'));
    return parts.length ? t('filters.showing', { parts: parts.join(' · ') }) : t('filters.everything');
  }

  form.addEventListener('change', () => {
    const next = read();
    const modeChanged = next.verifiedOnly !== current.verifiedOnly;
    current = next;
    summary.textContent = describe(next);
    onChange(next, { modeChanged });
  });
  form.addEventListener('submit', (event) => event.preventDefault());
  summary.textContent = describe(current);

  return {
    get current() {
      return current;
    },
    get mode() {
      return current.verifiedOnly ? 'VERIFIED' : 'ALL';
    },
    /** The day's zone names for the zone menu (keeps the choice if it still exists). */
    setZones(names) {
      const chosen = zone.value;
      zone.replaceChildren(h('option', { value: '' }, t('filters.allZones')),
        ...names.map((name) => h('option', { value: name }, name)),
        h('option', { value: 'unzoned' }, t('common.outsideZone')));
      zone.value = [...zone.options].some((o) => o.value === chosen) ? chosen : '';
      current = read();
    },
  };
}

/** Whether a map subject (feature properties) passes the filters. */
export function keepSubject(filters, p) {
  if (!p || !filters.kinds.has(p.kind)) return false;
  if (filters.sector && p.sector !== filters.sector) return false;
  if (filters.zone && (p.zone ?? 'unzoned') !== filters.zone) return false;
  if (filters.flaggedOnly && !(p.kind === 'HEADCOUNT' && (p.flags?.length || p.outliers?.length))) return false;
  if (filters.verifiedOnly) {
    if (p.kind === 'CLOSURE' && !p.status) return false;
    if (p.kind === 'WALKOUT' && p.participants == null) return false;
    if (p.kind === 'HEADCOUNT' && !p.estimate) return false;
  }
  return true;
}

/** Whether a feed report passes the filters; `subject` is its subject's map properties, if known. */
export function keepReport(filters, report, subject) {
  if (!filters.kinds.has(report.kind)) return false;
  if (filters.verifiedOnly && report.verdict !== 'VERIFIED') return false;
  if (filters.flaggedOnly && !report.flags?.length) return false;
  if (filters.sector && subject?.sector !== filters.sector) return false;
  if (filters.zone && (subject?.zone ?? null) !== filters.zone) return false;
  return true;
}
