// Plausibility flags (DOMAIN.md "Plausibility"), as the server sends them, in words for coordinators: a flag says
// what to verify or dispute first and never changes a figure. Feed reports carry `flags` (outlier, unconfirmed)
// and `othersMedian`; rally map features carry `reporters`, `methods`, `flags` and `outliers` (report ids).

import { NOUNS, countOf, formatCount, humanize } from './format.js';

/** Short names of the flags, for badges. */
export const FLAG_NAMES = Object.freeze({ outlier: 'Outlier', unconfirmed: 'Unconfirmed' });

/** Why a feed report is flagged, one sentence per flag. */
export function explainReportFlags(report) {
  const flags = Array.isArray(report.flags) ? report.flags : [];
  return flags.map((flag) => {
    if (flag === 'outlier') {
      const median = Number(report.othersMedian);
      const side = Number(report.headcount) > median ? 'more than 3 times' : 'less than a third of';
      return Number.isFinite(median)
        ? `${formatCount(report.headcount)} is ${side} what the other reporters of this rally say (median ${formatCount(median)}).`
        : 'Far from what the other reporters of this rally say.';
    }
    if (flag === 'unconfirmed') return 'The rally’s estimate rests on this report alone, and no one has verified it.';
    return humanize(flag);
  });
}

/** A rally feature's cautions in a few words each: "unconfirmed (one reporter, no verdict)", "1 outlier report". */
export function rallyCautions(p) {
  const cautions = [];
  if (Array.isArray(p.flags) && p.flags.includes('unconfirmed')) cautions.push('unconfirmed (one reporter, no verdict)');
  const outliers = Array.isArray(p.outliers) ? p.outliers.length : 0;
  if (outliers) cautions.push(`${countOf(outliers, { one: 'outlier report', other: 'outlier reports' })}`);
  return cautions;
}

/** {DENSITY_ESTIMATE: 2, COUNTED: 1} → "density estimate 2, counted 1" (most used first). */
export function describeMethods(methods) {
  const entries = Object.entries(methods ?? {}).sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
  return entries.length ? entries.map(([method, n]) => `${humanize(method).toLowerCase()} ${formatCount(n)}`).join(', ') : '–';
}

/**
 * What the crowd estimate rests on, from the rally features of the map view the tiles come from: how many
 * reporters, which methods, how many rallies are unconfirmed and how many reports are outliers.
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
  if (!basis.reporters) return { basis: 'No headcount counts right now.', check: '' };
  const headcounts = { one: 'reporter’s headcount', other: 'reporters’ headcounts' };
  const text = `Rests on ${countOf(basis.reporters, headcounts)} at ${countOf(basis.rallies, NOUNS.rally)}`
    + ` · methods: ${describeMethods(basis.methods)}`;
  const check = [];
  if (basis.unconfirmed) {
    check.push(`unconfirmed: ${countOf(basis.unconfirmed, NOUNS.rally)} on one reporter, no verdict`);
  }
  if (basis.outliers) check.push(countOf(basis.outliers, { one: 'outlier headcount', other: 'outlier headcounts' }));
  return { basis: text, check: check.length ? `To check: ${check.join(' · ')}.` : '' };
}
