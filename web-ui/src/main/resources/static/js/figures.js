// The figures of a report in words, e.g. "Closed — owner solidarity", "40 out of 120 (sick-out)".

import { humanize } from './format.js';
import { t } from './i18n.js';

export function describeFigures(report) {
  switch (report.kind) {
    case 'CLOSURE':
      return [report.status ? humanize(report.status, 'status') : null,
        report.reason ? humanize(report.reason, 'reason') : null].filter(Boolean).join(' — ');
    case 'WALKOUT': {
      const out = report.workforce
        ? t('figures.walkoutOf', { count: report.participants ?? Number.NaN, workforce: report.workforce })
        : t('figures.walkout', { count: report.participants ?? Number.NaN });
      return report.type ? t('figures.withWay', { figures: out, way: humanize(report.type, 'walkoutType') }) : out;
    }
    case 'HEADCOUNT': {
      const people = t('figures.people', { count: report.headcount ?? Number.NaN });
      return report.method ? t('figures.withWay', { figures: people, way: humanize(report.method, 'method') }) : people;
    }
    default:
      return '';
  }
}
