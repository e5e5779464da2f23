// What a logged event is about, in words: who acted, which subject, what it said. Plain functions over
// the events of GET /api/days/{dayId}/events ({position, type, aggregateId, payload, ...}).

import { describeFigures } from '../figures.js';
import { has, t } from '../i18n.js';

/** Every type of event a day's log can hold (the api module's events), so the type filter offers them all. */
export const EVENT_TYPES = Object.freeze(['DayPlanned', 'ZonesReplaced', 'DayOpened', 'DayClosed', 'ReporterEnrolled',
  'ReporterRevoked', 'ClosureReported', 'WalkoutReported', 'HeadcountReported', 'ClosureCorrected', 'WalkoutCorrected',
  'HeadcountCorrected', 'VerdictGiven', 'ReportRetracted', 'CheckpointRecorded']);

const KINDS = [['Closure', 'CLOSURE'], ['Walkout', 'WALKOUT'], ['Headcount', 'HEADCOUNT']];

/** CLOSURE, WALKOUT or HEADCOUNT for a report's submission or correction, else null. */
export function kindOf(type) {
  return KINDS.find(([prefix]) => type?.startsWith(prefix))?.[1] ?? null;
}

/** The report an event belongs to (its aggregate), or null for the day's own events. */
export function reportIdOf(event) {
  return event.payload?.reportId ?? null;
}

/** The pseudonym (or staff label) that caused the event: reporter, corrector, retractor or judge. */
export function actorOf(event) {
  const p = event.payload ?? {};
  return p.reporterId ?? p.correctedBy ?? p.retractedBy ?? p.givenBy ?? null;
}

/** The subject a submission names: {subjectId, name, kind}, or null for any other event. */
export function subjectOf(event) {
  const p = event.payload ?? {};
  const place = p.business ?? p.workplace ?? p.rally;
  return p.subjectId ? { subjectId: p.subjectId, name: place?.name ?? p.subjectId, kind: kindOf(event.type) } : null;
}

/** A short sentence: the figures of a submission or correction, a verdict, a day's change. */
export function summarize(event) {
  const p = event.payload ?? {};
  const kind = kindOf(event.type);
  if (kind) return [describeFigures({ kind, ...p }), p.note ? t('audit.event.note', { note: p.note }) : null].filter(Boolean).join(' · ');
  switch (event.type) {
    case 'VerdictGiven':
      return [(has(`verdict.${p.verdict}`) ? t(`verdict.${p.verdict}`) : p.verdict ?? ''), p.note ? t('audit.event.note', { note: p.note }) : null].filter(Boolean).join(' · ');
    case 'ReportRetracted':
      return t('audit.event.retracted');
    case 'DayPlanned':
      return t('audit.event.planned', { name: p.name ?? '', city: p.city ?? '', timeZone: p.timeZone ?? '', zones: p.zones?.length ?? 0 });
    case 'ZonesReplaced':
      return t('audit.event.zonesReplaced', { zones: p.zones?.length ?? 0 });
    case 'DayOpened':
      return t('audit.event.opened');
    case 'DayClosed':
      return t('audit.event.closed');
    case 'ReporterEnrolled':
      return t('audit.event.enrolled', { reporterId: p.reporterId ?? '' });
    case 'ReporterRevoked':
      return t('audit.event.revoked', { reporterId: p.reporterId ?? '' });
    default:
      return '';
  }
}

/**
 * Whether an event passes the log's filters. `subjects` maps a reportId to its subjectId, so that a
 * subject's corrections, verdicts and retractions are shown with its submissions.
 * @param {{type?: string, subjectId?: string, reporter?: string, from?: number, to?: number}} filters
 */
export function matches(event, filters, subjects) {
  if (filters.type && event.type !== filters.type) return false;
  if (filters.subjectId) {
    const subjectId = event.payload?.subjectId ?? subjects.get(reportIdOf(event));
    if (subjectId !== filters.subjectId) return false;
  }
  if (filters.reporter) {
    const p = event.payload ?? {};
    if (![p.reporterId, p.correctedBy, p.retractedBy, p.givenBy].includes(filters.reporter)) return false;
  }
  const recorded = Date.parse(event.recordedAt);
  if (filters.from != null && !(recorded >= filters.from)) return false;
  if (filters.to != null && !(recorded <= filters.to)) return false;
  return true;
}
