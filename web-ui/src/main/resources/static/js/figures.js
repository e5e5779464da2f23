// The figures of a report in words, e.g. "Closed — owner solidarity", "40 out of 120 (sick-out)".

import { NOUNS, countOf, formatCount, humanize } from './format.js';

export function describeFigures(report) {
  switch (report.kind) {
    case 'CLOSURE':
      return [humanize(report.status ?? ''), report.reason ? humanize(report.reason).toLowerCase() : null]
        .filter(Boolean).join(' — ');
    case 'WALKOUT': {
      const out = `${formatCount(report.participants ?? undefined)} out`;
      const of = report.workforce ? ` of ${formatCount(report.workforce)}` : '';
      return `${out}${of}${report.type ? ` (${humanize(report.type).toLowerCase()})` : ''}`;
    }
    case 'HEADCOUNT':
      return `${countOf(report.headcount ?? undefined, NOUNS.person)}${report.method ? ` (${humanize(report.method).toLowerCase()})` : ''}`;
    default:
      return '';
  }
}
