// The timeline's buckets: a length that cuts the day into about 48 to 96 points (so a day compressed into
// minutes has points too), or one chosen from the same list; the server takes any whole number of seconds
// from one second to a day, at most MAX_POINTS points over the day's window.

import { t } from './i18n.js';

export const MAX_POINTS = 5000;
const WANTED_POINTS = 96;

/** Bucket lengths in seconds, each at most twice the one before. */
export const BUCKETS = Object.freeze([1, 2, 5, 10, 15, 30, 60, 120, 300, 600, 900, 1800, 3600, 7200, 10800, 21600,
  43200, 86400]);

/** The day's window in seconds (at least one). */
export function daySeconds(day) {
  return Math.max(1, (Date.parse(day?.endsAt) - Date.parse(day?.startsAt)) / 1000 || 1);
}

/** The shortest bucket that cuts the day into at most 96 points: 48 or more, unless the day is under 48 seconds. */
export function autoBucket(day) {
  const seconds = daySeconds(day);
  return BUCKETS.find((bucket) => seconds / bucket <= WANTED_POINTS) ?? BUCKETS.at(-1);
}

/** The buckets the server takes for this day (at most MAX_POINTS points). */
export function bucketsFor(day) {
  const seconds = daySeconds(day);
  return BUCKETS.filter((bucket) => seconds / bucket <= MAX_POINTS);
}

/** 90 → "PT90S", 86400 → "P1D": the ISO-8601 duration the API reads. */
export function isoBucket(seconds) {
  return seconds % 86400 === 0 ? `P${seconds / 86400}D` : `PT${seconds}S`;
}

/** 15 → "15 s", 900 → "15 min", 7200 → "2 h". */
export function describeBucket(seconds) {
  if (seconds % 86400 === 0) return t('timeline.bucket.days', { count: seconds / 86400 });
  if (seconds % 3600 === 0) return t('timeline.bucket.hours', { count: seconds / 3600 });
  if (seconds % 60 === 0) return t('timeline.bucket.minutes', { count: seconds / 60 });
  return t('timeline.bucket.seconds', { count: seconds });
}
