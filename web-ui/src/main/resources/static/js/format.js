// Formatting of numbers, times and enum names for display, in the page's language (i18n.js).

import { has, intlLocales, number, t } from './i18n.js';

export function formatCount(value) {
  return number(value);
}

/**
 * An enum value in words, from the catalog's "enum.<family>.<VALUE>" (e.g. enum.sector.FOOD_SERVICE);
 * other strings (zone names) are left alone.
 */
export function humanize(name, family) {
  if (!/^[A-Z0-9_]+$/.test(name ?? '')) return name;
  const families = family ? [family] : ['sector', 'status', 'reason', 'walkoutType', 'method', 'kind', 'dayStatus', 'verdict'];
  for (const f of families) if (has(`enum.${f}.${name}`)) return t(`enum.${f}.${name}`);
  const words = name.toLowerCase().replace(/_/g, ' ');
  return words.charAt(0).toUpperCase() + words.slice(1);
}

function dateTimeFormat(timeZone, options) {
  try {
    return new Intl.DateTimeFormat(intlLocales(), { ...options, timeZone });
  } catch {
    return new Intl.DateTimeFormat(intlLocales(), options); // unknown zone: the browser's own
  }
}

/** A clock time, e.g. "3:10:05 PM CST", in the given IANA zone (browser zone if absent). */
export function formatTime(iso, timeZone) {
  const date = parse(iso);
  if (!date) return '–';
  return dateTimeFormat(timeZone, { hour: 'numeric', minute: '2-digit', second: '2-digit', timeZoneName: 'short' })
    .format(date);
}

/** A short time, e.g. "1:40 PM" ("1:40:15 PM" with seconds). */
export function formatShortTime(iso, timeZone, { seconds = false } = {}) {
  const date = parse(iso);
  if (!date) return '';
  return dateTimeFormat(timeZone, { hour: 'numeric', minute: '2-digit', ...(seconds ? { second: '2-digit' } : {}) })
    .format(date);
}

/** When something was seen: a clock time today, with the date on any other day. */
export function formatSeen(iso, timeZone, now = new Date()) {
  const date = parse(iso);
  if (!date) return '';
  const day = (d) => dateTimeFormat(timeZone, { year: 'numeric', month: 'numeric', day: 'numeric' }).format(d);
  if (day(date) === day(now)) return formatShortTime(iso, timeZone);
  return dateTimeFormat(timeZone, { month: 'short', day: 'numeric', year: 'numeric', hour: 'numeric', minute: '2-digit' })
    .format(date);
}

/** A moment with its date and seconds, e.g. "Fri, Jan 23, 2026, 3:10:05 PM CST". */
export function formatMoment(iso, timeZone) {
  const date = parse(iso);
  if (!date) return '–';
  return dateTimeFormat(timeZone, {
    weekday: 'short', year: 'numeric', month: 'short', day: 'numeric',
    hour: 'numeric', minute: '2-digit', second: '2-digit', timeZoneName: 'short',
  }).format(date);
}

/** A day's window, e.g. "Fri, Jan 23, 2026, 6:00 AM – 11:59 PM CST". */
export function formatWindow(startIso, endIso, timeZone) {
  const start = parse(startIso);
  const end = parse(endIso);
  if (!start || !end) return '';
  const format = dateTimeFormat(timeZone, {
    weekday: 'short', year: 'numeric', month: 'short', day: 'numeric',
    hour: 'numeric', minute: '2-digit', timeZoneName: 'short',
  });
  return typeof format.formatRange === 'function'
    ? format.formatRange(start, end)
    : `${format.format(start)} – ${format.format(end)}`;
}

function parse(iso) {
  if (!iso) return null;
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? null : date;
}
