// Plausibility flags (docs/DOMAIN.md "Plausibility"), as the server sends them, in words for coordinators: a flag
// says what to verify or dispute first and never changes a figure. Feed reports carry `flags` (outlier,
// unconfirmed) and `othersMedian`; rally map features carry `reporters`, `methods`, `flags` and `outliers`.

import { humanize } from './format.js';
import { t } from './i18n.js';

/** A flag's short name, for badges. */
export function flagName(flag) {
  if (flag === 'outlier') return t('plausibility.flag.outlier');
  if (flag === 'unconfirmed') return t('plausibility.flag.unconfirmed');
  return flag;
}

/** Why a feed report is flagged, one sentence per flag. */
export function explainReportFlags(report) {
  const flags = Array.isArray(report.flags) ? report.flags : [];
  return flags.map((flag) => {
    if (flag === 'outlier') {
      const median = Number(report.othersMedian);
      if (!Number.isFinite(median)) return t('plausibility.outlier.far');
      const params = { headcount: Number(report.headcount), median };
      return Number(report.headcount) > median ? t('plausibility.outlier.above', params) : t('plausibility.outlier.below', params);
    }
    if (flag === 'unconfirmed') return t('plausibility.unconfirmed.report');
    return flag;
  });
}

/** A rally feature's cautions in a few words each: "unconfirmed (one reporter, no verdict)", "1 outlier report". */
export function rallyCautions(p) {
  const cautions = [];
  if (Array.isArray(p.flags) && p.flags.includes('unconfirmed')) cautions.push(t('plausibility.caution.unconfirmed'));
  const outliers = Array.isArray(p.outliers) ? p.outliers.length : 0;
  if (outliers) cautions.push(t('plausibility.caution.outliers', { count: outliers }));
  return cautions;
}

/** {DENSITY_ESTIMATE: 2, COUNTED: 1} → "density estimate 2, counted 1" (most used first). */
export function describeMethods(methods) {
  const entries = Object.entries(methods ?? {}).sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
  return entries.length
    ? entries.map(([method, count]) => t('plausibility.method', { method: humanize(method, 'method').toLowerCase(), count }))
      .join(', ')
    : '–';
}

/**
 * What the crowd estimate rests on, from the rally features of the map view the tiles come from: how many
 * reporters' headcounts (a person reporting at two rallies counts at each), which methods, how many rallies are
 * unconfirmed and how many headcounts are outliers.
 */
export function crowdBasis(features) {
  let reporters = 0;
  let unconfirmed = 0;
  let outliers = 0;
  let rallies = 0;
  const methods = {};
  for (const p of features) {
    if (p?.kind !== 'HEADCOUNT' || !p.reporters) continue;
    rallies += 1;
    reporters += p.reporters;
    for (const [method, n] of Object.entries(p.methods ?? {})) methods[method] = (methods[method] ?? 0) + n;
    if (p.flags?.includes('unconfirmed')) unconfirmed += 1;
    outliers += p.outliers?.length ?? 0;
  }
  return { rallies, reporters, methods, unconfirmed, outliers };
}

/** The crowd card's lines: what the estimate rests on, and what to check. */
export function describeCrowdBasis(basis) {
  if (!basis.reporters) return { basis: t('plausibility.crowd.none'), check: '' };
  const text = t('plausibility.crowd.basis', {
    headcounts: basis.reporters, rallies: basis.rallies, methods: describeMethods(basis.methods),
  });
  const check = [];
  if (basis.unconfirmed) check.push(t('plausibility.crowd.unconfirmed', { count: basis.unconfirmed }));
  if (basis.outliers) check.push(t('plausibility.crowd.outliers', { count: basis.outliers }));
  return { basis: text, check: check.length ? t('plausibility.crowd.check', { items: check.join(' · ') }) : '' };
}
