// Formatting of numbers, times and enum names for display.

const counts = new Intl.NumberFormat(undefined, { maximumFractionDigits: 0 });

export function formatCount(value) {
  return Number.isFinite(value) ? counts.format(value) : '–';
}

const plurals = new Intl.PluralRules(globalThis.document?.documentElement?.lang || 'en');

/**
 * A count with the form of its noun that the count takes, chosen by Intl.PluralRules in the page's language:
 * countOf(1, 'table') → "1 table"; countOf(3, {one: 'person', other: 'people'}) → "3 people". A plain noun
 * stands for {one: noun, other: noun + 's'}.
 */
export function countOf(value, noun) {
  const forms = typeof noun === 'string' ? { one: noun, other: `${noun}s` } : noun;
  const form = forms[plurals.select(Number.isFinite(value) ? value : 0)] ?? forms.other;
  return `${formatCount(value)} ${form}`;
}

/** The plural forms of nouns the pages count, kept together so that they are easy to find and translate. */
export const NOUNS = Object.freeze({
  person: { one: 'person', other: 'people' },
  business: { one: 'business', other: 'businesses' },
  reporter: { one: 'reporter', other: 'reporters' },
  rally: { one: 'rally', other: 'rallies' },
});

/** "FOOD_SERVICE" → "Food service"; other strings (zone names) are left alone. */
export function humanize(name) {
  if (!/^[A-Z0-9_]+$/.test(name)) return name;
  const words = name.toLowerCase().replace(/_/g, ' ');
  return words.charAt(0).toUpperCase() + words.slice(1);
}

function dateTimeFormat(timeZone, options) {
  try {
    return new Intl.DateTimeFormat(undefined, { ...options, timeZone });
  } catch {
    return new Intl.DateTimeFormat(undefined, options); // unknown zone: the browser's own
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
