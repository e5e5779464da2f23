// Where the reporter is (the phone's geolocation, or typed coordinates), and the places already
// reported near there, so that two reporters name the same shop the same way.

import { NetworkError } from '../api.js';
import { byTestId, h } from '../dom.js';
import { humanize } from '../format.js';
import { t } from '../i18n.js';

const LAST_LOCATION = 'standstill.reporter.location';
const RADIUS_M = 1000;

/** Metres between two points (equirectangular: exact enough within a few kilometres). */
export function distanceMetres(a, b) {
  const toRad = Math.PI / 180;
  const x = (b.lon - a.lon) * toRad * Math.cos(((a.lat + b.lat) / 2) * toRad);
  const y = (b.lat - a.lat) * toRad;
  return Math.round(Math.sqrt(x * x + y * y) * 6_371_000);
}

function parseCoordinate(text, limit) {
  const value = Number(String(text ?? '').trim().replace(',', '.'));
  return String(text ?? '').trim() !== '' && Number.isFinite(value) && Math.abs(value) <= limit ? value : null;
}

/** @param {{onChange: (location) => void}} options */
export function createLocation({ onChange }) {
  const status = byTestId('location-status');
  const button = byTestId('locate-button');
  const lat = byTestId('lat-input');
  const lon = byTestId('lon-input');
  const apply = byTestId('manual-location-apply');
  let current = remembered();

  function remembered() {
    try {
      const value = JSON.parse(localStorage.getItem(LAST_LOCATION) ?? 'null');
      return Number.isFinite(value?.lat) && Number.isFinite(value?.lon) ? value : null;
    } catch {
      return null;
    }
  }

  function set(location) {
    current = { ...location, at: new Date().toISOString() };
    try {
      localStorage.setItem(LAST_LOCATION, JSON.stringify(current));
    } catch {
      // not kept: fine for this page
    }
    describe();
    onChange(current);
  }

  function describe(message) {
    if (message) {
      status.textContent = message;
      status.dataset.state = 'error';
      return;
    }
    if (!current) {
      status.textContent = t('reporter.where.unknown');
      status.dataset.state = 'unknown';
      return;
    }
    const where = `${current.lat.toFixed(5)}, ${current.lon.toFixed(5)}`;
    const source = current.source === 'typed' ? 'typed' : 'gps';
    status.textContent = Number.isFinite(current.accuracy)
      ? t(`reporter.where.known.${source}.accuracy`, { where, metres: Math.round(current.accuracy) })
      : t(`reporter.where.known.${source}`, { where });
    status.dataset.state = 'known';
  }

  function locate() {
    if (!navigator.geolocation) {
      describe(t('reporter.where.unsupported'));
      return;
    }
    button.disabled = true;
    status.textContent = t('reporter.where.finding');
    navigator.geolocation.getCurrentPosition((position) => {
      button.disabled = false;
      set({ lat: position.coords.latitude, lon: position.coords.longitude, accuracy: position.coords.accuracy, source: 'gps' });
    }, (error) => {
      button.disabled = false;
      describe(error.code === error.PERMISSION_DENIED
        ? t('reporter.where.blocked')
        : t('reporter.where.notFound'));
    }, { enableHighAccuracy: true, timeout: 15_000, maximumAge: 60_000 });
  }

  button.addEventListener('click', locate);
  apply.addEventListener('click', () => {
    const latitude = parseCoordinate(lat.value, 90);
    const longitude = parseCoordinate(lon.value, 180);
    lat.toggleAttribute('aria-invalid', latitude === null);
    lon.toggleAttribute('aria-invalid', longitude === null);
    if (latitude === null || longitude === null) {
      describe(t('reporter.where.badCoordinates'));
      return;
    }
    set({ lat: latitude, lon: longitude, source: 'typed' });
  });
  describe();

  return {
    get() {
      return current ? { lat: current.lat, lon: current.lon } : null;
    },
    locate,
  };
}

/**
 * @param {{api, getSession: () => object|null, localPlaces: () => Promise<Array>, onPick: (place) => void}} options
 */
export function createPlaces({ api, getSession, localPlaces, onPick }) {
  const list = byTestId('place-list');
  const status = byTestId('places-status');
  let shown = [];
  let pickedId = null;
  let request = 0;

  function render(places, note) {
    shown = places;
    status.textContent = note;
    list.replaceChildren(...places.map((place) => {
      const button = h('button', {
        type: 'button', class: 'place', 'data-testid': 'place-option', 'data-subject-id': place.subjectId,
        'aria-pressed': String(place.subjectId === pickedId),
      }, h('strong', {}, place.name),
      h('span', { class: 'place-meta' }, [place.sector ? humanize(place.sector, 'sector') : null,
        Number.isFinite(place.distance) ? t('reporter.places.distance', { metres: place.distance }) : null].filter(Boolean).join(' · ')));
      button.addEventListener('click', () => {
        pickedId = place.subjectId;
        for (const other of list.querySelectorAll('button')) other.setAttribute('aria-pressed', String(other === button));
        onPick(place);
      });
      return button;
    }));
  }

  /** Places of this kind near `location`: the server's, plus this phone's own reports (which work offline). */
  async function refresh(location, kind) {
    const session = getSession();
    const mine = request += 1;
    pickedId = null;
    if (!location || !session) {
      render([], t('reporter.places.share'));
      return;
    }
    const own = (await localPlaces())
      .filter((p) => p.kind === kind)
      .map((p) => ({ ...p, distance: distanceMetres(location, p) }))
      .filter((p) => p.distance <= RADIUS_M);
    let server = [];
    let note = '';
    try {
      const answer = await api.places(session.dayId, { lat: location.lat, lon: location.lon, kind, radius: RADIUS_M });
      server = Array.isArray(answer?.places) ? answer.places : [];
    } catch (error) {
      note = error instanceof NetworkError
        ? t('reporter.places.offline')
        : t('reporter.places.unavailable');
    }
    if (mine !== request) return; // a newer request took over
    const byId = new Map();
    for (const place of [...server, ...own]) if (!byId.has(place.subjectId)) byId.set(place.subjectId, place);
    const places = [...byId.values()].sort((a, b) => a.distance - b.distance).slice(0, 20);
    if (!note) note = places.length ? t('reporter.places.pick') : t('reporter.places.none');
    render(places, note);
  }

  return {
    refresh,
    /** Forgets the chosen place (the reporter typed another name). */
    unpick() {
      pickedId = null;
      for (const button of list.querySelectorAll('button')) button.setAttribute('aria-pressed', 'false');
    },
    get shown() {
      return shown;
    },
  };
}
