// Replay: the tally and the map of a day at T ("at", the observedAt axis) as known at K ("knownAt",
// the recordedAt axis), in mode ALL or VERIFIED. Two sliders (keyboard: arrows a minute, Page Up/Down
// a quarter of an hour, Home/End) each with an exact-time field in the day's time zone. Requests are
// debounced, and an answer is shown only if it is the answer to the latest question.

import { byTestId } from '../dom.js';
import { formatMoment } from '../format.js';
import { t } from '../i18n.js';
import { instantToZoned, zonedInputToInstant } from '../zoned.js';

const MINUTE = 60_000;
const PAGE_STEP = 15 * MINUTE;
const DEBOUNCE_MS = 250;

/**
 * @param {{api, tallyView, cityMap, onError: (error: Error) => void}} deps
 */
export function createReplay({ api, tallyView, cityMap, onError }, root = document) {
  const ui = {
    form: byTestId('replay-form', root),
    zone: byTestId('replay-zone', root),
    atSlider: byTestId('replay-at-slider', root),
    atExact: byTestId('replay-at-exact', root),
    atOut: byTestId('replay-at', root),
    knownSlider: byTestId('replay-known-slider', root),
    knownExact: byTestId('replay-known-exact', root),
    knownOut: byTestId('replay-known', root),
    now: byTestId('replay-now', root),
    status: byTestId('replay-status', root),
    tallyAt: byTestId('tally-at', root),
    tallyKnownAt: byTestId('tally-known-at', root),
    tallyMode: byTestId('tally-mode', root),
    map: byTestId('map', root),
  };
  const state = { day: null, at: 0, knownAt: null, mode: 'ALL', earliest: null, timer: null, request: null, asked: 0 };

  const timeZone = () => state.day?.timeZone;
  const clamp = (value, slider) => Math.min(Number(slider.max), Math.max(Number(slider.min), value));

  /** Sets the slider bounds: T from startsAt to min(now, endsAt); K from the first event (or startsAt) to now. */
  function setBounds(now) {
    const startsAt = Date.parse(state.day.startsAt);
    const endsAt = Date.parse(state.day.endsAt);
    const tMax = Math.max(startsAt, Math.min(now, endsAt));
    const kMin = Math.min(startsAt, state.earliest ?? startsAt, now);
    for (const [slider, min, max] of [[ui.atSlider, startsAt, tMax], [ui.knownSlider, kMin, now]]) {
      slider.min = String(min);
      slider.max = String(max);
      slider.step = String(MINUTE);
      slider.disabled = max <= min;
    }
    for (const [exact, slider] of [[ui.atExact, ui.atSlider], [ui.knownExact, ui.knownSlider]]) {
      exact.min = instantToZoned(Number(slider.min), timeZone());
      exact.max = instantToZoned(Number(slider.max), timeZone());
    }
  }

  /** K at the slider's far end means "now": the server then uses everything recorded so far. */
  function isNow(value) {
    return value + Number(ui.knownSlider.step) > Number(ui.knownSlider.max);
  }

  function showChoice() {
    const at = new Date(state.at).toISOString();
    ui.atOut.textContent = formatMoment(at, timeZone());
    ui.atOut.dataset.value = at;
    ui.atSlider.setAttribute('aria-valuetext', ui.atOut.textContent);
    ui.atExact.value = instantToZoned(state.at, timeZone());

    const known = state.knownAt === null ? null : new Date(state.knownAt).toISOString();
    ui.knownOut.textContent = known ? formatMoment(known, timeZone()) : t('audit.replay.nowLong');
    ui.knownOut.dataset.value = known ?? '';
    ui.knownSlider.setAttribute('aria-valuetext', known ? ui.knownOut.textContent : t('audit.replay.now'));
    ui.knownExact.value = instantToZoned(state.knownAt ?? Number(ui.knownSlider.max), timeZone());
  }

  function schedule() {
    showChoice();
    clearTimeout(state.timer);
    setStatus('waiting', t('audit.replay.loading'));
    state.timer = setTimeout(load, DEBOUNCE_MS);
  }

  function setStatus(name, text) {
    ui.status.dataset.state = name;
    ui.status.textContent = text;
  }

  async function load() {
    state.request?.abort();
    const request = new AbortController();
    state.request = request;
    const asked = ++state.asked;
    const day = state.day;
    const question = {
      at: new Date(state.at).toISOString(),
      knownAt: state.knownAt === null ? undefined : new Date(state.knownAt).toISOString(),
      mode: state.mode,
      signal: request.signal,
    };
    setStatus('loading', t('audit.replay.loading'));
    try {
      const [tally, map] = await Promise.all([api.tally(day.id, question), api.map(day.id, question)]);
      if (asked !== state.asked) return; // a newer question was asked meanwhile
      tallyView.show(tally);
      cityMap.replaceFeatures(map);
      cityMap.setZoneFigures(tally.businesses?.byZone);
      ui.map.dataset.at = question.at;
      setMoment(ui.tallyAt, tally.at);
      setMoment(ui.tallyKnownAt, tally.knownAt);
      ui.tallyMode.textContent = t(tally.mode === 'VERIFIED' ? 'audit.replay.modeVerified' : 'audit.replay.modeAll');
      ui.tallyMode.dataset.value = tally.mode ?? '';
      setStatus('ready', t('audit.replay.showing', { time: formatMoment(tally.at, timeZone()) }));
    } catch (error) {
      if (error?.name === 'AbortError' || asked !== state.asked) return;
      setStatus('error', t('audit.replay.failed'));
      onError(error);
    }
  }

  function setMoment(element, iso) {
    element.textContent = formatMoment(iso, timeZone());
    element.dateTime = iso ?? '';
    element.dataset.value = iso ?? '';
  }

  // --- input ------------------------------------------------------------------------------------

  ui.atSlider.addEventListener('input', () => {
    state.at = ui.atSlider.valueAsNumber;
    schedule();
  });
  ui.knownSlider.addEventListener('input', () => {
    const value = ui.knownSlider.valueAsNumber;
    state.knownAt = isNow(value) ? null : value;
    schedule();
  });
  ui.atExact.addEventListener('change', () => {
    const instant = zonedInputToInstant(ui.atExact.value, timeZone());
    if (!instant) return;
    state.at = clamp(instant.getTime(), ui.atSlider);
    ui.atSlider.value = String(state.at);
    schedule();
  });
  ui.knownExact.addEventListener('change', () => {
    const instant = zonedInputToInstant(ui.knownExact.value, timeZone());
    if (!instant) return;
    const value = clamp(instant.getTime(), ui.knownSlider);
    state.knownAt = value >= Number(ui.knownSlider.max) ? null : value;
    ui.knownSlider.value = String(value);
    schedule();
  });
  for (const slider of [ui.atSlider, ui.knownSlider]) {
    slider.addEventListener('keydown', (event) => {
      if (event.key !== 'PageUp' && event.key !== 'PageDown') return;
      event.preventDefault();
      const step = event.key === 'PageUp' ? PAGE_STEP : -PAGE_STEP;
      slider.value = String(clamp(slider.valueAsNumber + step, slider));
      slider.dispatchEvent(new Event('input', { bubbles: true }));
    });
  }
  ui.form.addEventListener('change', (event) => {
    if (event.target.name !== 'mode') return;
    state.mode = event.target.value;
    schedule();
  });
  ui.form.addEventListener('submit', (event) => event.preventDefault());
  ui.now.addEventListener('click', () => toNow());

  function toNow() {
    setBounds(Date.now());
    state.at = Number(ui.atSlider.max);
    state.knownAt = null;
    ui.atSlider.value = ui.atSlider.max;
    ui.knownSlider.value = ui.knownSlider.max;
    schedule();
  }

  return {
    /** Shows `day` at min(now, endsAt) as known now. */
    setDay(day) {
      state.day = day;
      state.earliest = null;
      ui.zone.textContent = day.timeZone;
      toNow();
    },
    /** The recordedAt of the day's first event, once the log has it: K can then reach back to it. */
    setEarliest(recordedAt) {
      const earliest = Date.parse(recordedAt);
      if (!state.day || !Number.isFinite(earliest) || earliest >= Number(ui.knownSlider.min)) return;
      state.earliest = earliest;
      const kept = ui.knownSlider.valueAsNumber;
      setBounds(Number(ui.knownSlider.max));
      ui.knownSlider.value = String(state.knownAt ?? kept);
      ui.atSlider.value = String(state.at);
    },
    /** The replayed moment, for a report's plausibility there: T, K (undefined for now) and the mode. */
    get moment() {
      return { at: new Date(state.at).toISOString(), knownAt: this.knownAt, mode: state.mode };
    },
    /** K as the exports should use it: an ISO instant, or undefined for now. */
    get knownAt() {
      return state.knownAt === null ? undefined : new Date(state.knownAt).toISOString();
    },
    stop() {
      clearTimeout(state.timer);
      state.request?.abort();
      state.asked++;
      state.day = null;
    },
  };
}
