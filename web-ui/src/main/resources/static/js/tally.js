// The tally view: headline tiles, the by-sector and by-zone tables, and the position line.
// It remembers the tally it shows and only ever moves forward in the event log.

import { byTestId, h, setNumber } from './dom.js';
import { formatCount, formatShortTime, formatTime, humanize } from './format.js';
import { t } from './i18n.js';

/** Whether `candidate` may replace `shown`: a later position, or the same position computed later
 *  (crowd figures change with time alone, so the server re-sends a tally at an unchanged position). */
export function isNewer(candidate, shown) {
  if (!shown) return true;
  const position = Number(candidate?.position);
  const shownPosition = Number(shown.position);
  if (!Number.isFinite(position)) return false;
  if (position !== shownPosition) return position > shownPosition;
  const at = Date.parse(candidate.at);
  const shownAt = Date.parse(shown.at);
  return !(at < shownAt); // missing or equal times count as not older
}

const HEADLINES = [
  ['businesses-closed', (t) => t.businesses?.closed],
  ['businesses-partial', (t) => t.businesses?.partial],
  ['businesses-open', (t) => t.businesses?.open],
  ['walkouts-workers', (t) => t.walkouts?.workers],
  ['walkouts-workplaces', (t) => t.walkouts?.workplaces],
  ['walkouts-students', (t) => t.walkouts?.students],
  ['crowd-estimate', (t) => t.crowd?.estimate],
  ['crowd-low', (t) => t.crowd?.low],
  ['crowd-high', (t) => t.crowd?.high],
  ['crowd-rallies', (t) => t.crowd?.rallies],
  ['crowd-peak', (t) => t.crowd?.peak],
  ['reports-total', (t) => t.reports?.total],
  ['reports-verified', (t) => t.reports?.verified],
  ['reports-disputed', (t) => t.reports?.disputed],
  ['reports-retracted', (t) => t.reports?.retracted],
];

export function createTallyView(root = document) {
  const headlines = HEADLINES.map(([testId, read]) => [byTestId(testId, root), read]);
  const sectorRows = byTestId('by-sector-rows', root);
  const zoneRows = byTestId('by-zone-rows', root);
  const position = byTestId('position', root);
  const lastUpdate = byTestId('last-update', root);
  const peak = byTestId('crowd-peak', root);
  let shown = null;
  let timeZone;

  function render(tally) {
    for (const [element, read] of headlines) setNumber(element, read(tally), formatCount);
    const peakAt = tally.crowd?.peakAt;
    peak.title = peakAt ? t('tally.peakAt', { time: formatShortTime(peakAt, timeZone) }) : '';

    renderBreakdown(sectorRows, 'sector', tally.businesses?.bySector, compareSectors);
    renderBreakdown(zoneRows, 'zone', tally.businesses?.byZone, compareZones);

    position.textContent = String(tally.position ?? '–');
    position.dataset.value = String(tally.position ?? '');
    const updatedAt = tally.knownAt ?? tally.at;
    lastUpdate.textContent = formatTime(updatedAt, timeZone);
    lastUpdate.dateTime = updatedAt ?? '';
    lastUpdate.title = tally.at ? t('tally.asKnown', { at: tally.at, knownAt: tally.knownAt ?? tally.at }) : '';
  }

  return {
    /** The day's time zone, used for the times shown. */
    setTimeZone(zone) {
      timeZone = zone;
    },
    get shown() {
      return shown;
    },
    /** Shows `tally` if it is not older than the one shown; returns whether it was shown. */
    apply(tally) {
      if (!tally || typeof tally !== 'object' || !isNewer(tally, shown)) return false;
      shown = tally;
      render(tally);
      return true;
    },
    /** Shows `tally` whatever it replaces: for a replay, where any moment may follow any other. */
    show(tally) {
      shown = tally;
      render(tally);
    },
    clear() {
      shown = null;
      for (const [element] of headlines) setNumber(element, undefined, formatCount);
      peak.title = '';
      sectorRows.replaceChildren();
      zoneRows.replaceChildren();
      position.textContent = '–';
      position.dataset.value = '';
      lastUpdate.textContent = '–';
      lastUpdate.dateTime = '';
      lastUpdate.title = '';
    },
  };
}

function renderBreakdown(tbody, kind, groups, compare) {
  const names = Object.keys(groups ?? {}).sort(compare);
  if (names.length === 0) {
    tbody.replaceChildren(h('tr', { class: 'empty' },
      h('td', { colspan: '4' }, t('tally.noClosures'))));
    return;
  }
  tbody.replaceChildren(...names.map((name) => {
    const figures = groups[name] ?? {};
    const key = `${kind}-${name}`;
    const cell = (field) => {
      const td = h('td', { 'data-testid': `${key}-${field}` });
      setNumber(td, figures[field], formatCount);
      return td;
    };
    return h('tr', { 'data-testid': key, 'data-key': name },
      h('th', { scope: 'row' }, label(kind, name)),
      cell('closed'), cell('partial'), cell('open'));
  }));
}

function label(kind, name) {
  if (kind === 'sector') return humanize(name, 'sector');
  return name === 'unzoned' ? t('common.outsideZone') : name;
}

const compareSectors = (a, b) => (a === 'OTHER') - (b === 'OTHER') || a.localeCompare(b);
const compareZones = (a, b) => (a === 'unzoned') - (b === 'unzoned') || a.localeCompare(b);
