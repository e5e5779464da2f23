// Wall-clock times in a named time zone ↔ instants, with the browser's Intl data (no library).

/** How far `timeZone` is ahead of UTC at `instant` (ms since the epoch), in ms. */
export function offsetAt(instant, timeZone) {
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone, hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit',
    hour: '2-digit', minute: '2-digit', second: '2-digit',
  }).formatToParts(new Date(instant));
  const get = (type) => Number(parts.find((p) => p.type === type)?.value);
  const asUtc = Date.UTC(get('year'), get('month') - 1, get('day'), get('hour'), get('minute'), get('second'));
  return asUtc - Math.floor(instant / 1000) * 1000;
}

/** The instant at which the clocks of `timeZone` show `date` ("2026-01-23") `time` ("06:00" or "06:00:30"). */
export function zonedToInstant(date, time, timeZone) {
  const [year, month, day] = date.split('-').map(Number);
  const [hour, minute, second = 0] = time.split(':').map(Number);
  const wall = Date.UTC(year, month - 1, day, hour, minute, Math.floor(second));
  let guess = wall;
  for (let i = 0; i < 3; i++) {
    const next = wall - offsetAt(guess, timeZone);
    if (next === guess) break;
    guess = next;
  }
  return new Date(guess);
}

/** Whether the browser knows this IANA zone. */
export function isTimeZone(name) {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: name }).format(0);
    return Boolean(name);
  } catch {
    return false;
  }
}

/** What the clocks of `timeZone` show at `instant` (ms), as a datetime-local value "2026-01-23T06:00:30". */
export function instantToZoned(instant, timeZone) {
  const seconds = Math.floor(instant / 1000) * 1000;
  return new Date(seconds + offsetAt(seconds, timeZone)).toISOString().slice(0, 19);
}

/** The instant of a datetime-local value ("2026-01-23T06:00" or with seconds) read in `timeZone`; null if empty. */
export function zonedInputToInstant(value, timeZone) {
  const match = /^(\d{4}-\d{2}-\d{2})T(\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?)$/.exec(value ?? '');
  return match ? zonedToInstant(match[1], match[2], timeZone) : null;
}
