// The city map (Leaflet, global L, with leaflet.markercluster): the day's zones shaded by the share
// of their businesses that are closed, closures and walkouts as clustered markers coloured by status,
// rallies as circles sized by their estimate, over a raster base map (GET /api/config: OpenStreetMap's
// tiles, or tiles the query service serves itself). When no tile loads, the map says so and still
// works: zones and markers on a plain background, with no internet at all.

import { h } from '../dom.js';
import { formatCount, formatShortTime, humanize } from '../format.js';
import { has, number, t } from '../i18n.js';
import { describeMethods, rallyCautions } from '../plausibility.js';

const SHARE_STEPS = [
  { upTo: 0.2, colour: '#fde0dc' },
  { upTo: 0.4, colour: '#f9a59a' },
  { upTo: 0.6, colour: '#ef6a5c' },
  { upTo: 0.8, colour: '#cf2f2a' },
  { upTo: 1.01, colour: '#8e1116' },
];
const RALLY_FULL_SIZE = 200_000; // an estimate this large gets the largest circle
const TILE_PATIENCE_MS = 10_000; // no tile by then: say that the base map is missing

// Layers from bottom to top: the base map (tilePane 200), zone shading (overlayPane 400), clustered
// businesses and walkouts (markerPane 600), then zone outlines and names above the clusters so they
// stay legible at every zoom, then rallies on their own pane, so that no cluster ever hides one;
// tooltips (650) and popups (700) above all.
const PANES = { zoneOutlines: 610, zoneLabels: 620, rallies: 640 };

export function shareColour(share) {
  return SHARE_STEPS.find((step) => share < step.upTo)?.colour ?? SHARE_STEPS.at(-1).colour;
}

/** The kind of subject a marker stands for, as the legend names it. */
function kindLabel(kind) {
  return has(`map.kind.${kind}`) ? t(`map.kind.${kind}`) : humanize(kind);
}

const percent = (fraction) => number(fraction, { style: 'percent', maximumFractionDigits: 0 });

/**
 * @param {HTMLElement} element the map's container
 * @param {{tileUrl?: string, tileAttribution?: string, tileMinZoom?: number, tileMaxZoom?: number,
 *   tileBounds?: number[]}} options the base map, as GET /api/config answers it
 */
export function createCityMap(element, { tileUrl, tileAttribution, tileMinZoom, tileMaxZoom, tileBounds } = {}) {
  const L = globalThis.L;
  if (!L) {
    element.replaceChildren(h('p', { class: 'map-missing' }, t('map.noLibrary')));
    return noMap();
  }

  const map = L.map(element, {
    center: [20, 0],
    zoom: 2,
    minZoom: 2,
    maxZoom: 19,
    keyboard: true,
    attributionControl: Boolean(tileUrl),
    zoomSnap: 0.5,
  });
  for (const [name, zIndex] of Object.entries(PANES)) {
    const pane = map.createPane(name);
    pane.style.zIndex = String(zIndex);
    pane.style.pointerEvents = name === 'rallies' ? '' : 'none'; // outlines and names never take a click
  }
  const baseMapNotice = addBaseMapNotice(L, map);
  if (tileUrl) {
    addBaseMap(L, map, element, baseMapNotice, { tileUrl, tileAttribution, tileMinZoom, tileMaxZoom, tileBounds });
  } else {
    element.classList.add('map-plain');
    element.dataset.baseMap = 'none';
    baseMapNotice.show(t('map.noBaseMap'));
  }
  L.control.scale({ imperial: true, metric: true }).addTo(map);
  addLegend(L, map);

  let timeZone;
  let zoneFigures = {};
  let keep = () => true;
  let fitted = false;
  const subjects = new Map(); // subjectId → {feature, position, marker, visible}

  const zones = L.geoJSON(null, {
    style: (feature) => zoneStyle(zoneFigures[feature.properties?.name]),
    onEachFeature: (feature, layer) => {
      layer.bindTooltip(zoneLabel(feature.properties?.name, undefined),
        { permanent: true, direction: 'bottom', offset: [0, 2], className: 'zone-label', interactive: false, pane: 'zoneLabels' });
      // The name hangs from the zone's northern edge, not its middle: it lies above the clusters, and a place in the
      // middle of the zone stays in sight.
      layer.on('add', () => {
        const bounds = layer.getBounds?.();
        if (bounds?.isValid()) layer.openTooltip(L.latLng(bounds.getNorth(), bounds.getCenter().lng));
      });
    },
  }).addTo(map);
  // The same zones again, outline only, above the clusters (colours from the stylesheet, for both schemes).
  const outlines = L.geoJSON(null, {
    pane: 'zoneOutlines',
    interactive: false,
    style: (feature) => outlineStyle(zoneFigures[feature.properties?.name]),
  }).addTo(map);

  const clusters = typeof L.markerClusterGroup === 'function'
    ? L.markerClusterGroup({
      maxClusterRadius: 45,
      showCoverageOnHover: false,
      spiderfyOnMaxZoom: true,
      chunkedLoading: true,
      iconCreateFunction: clusterIcon(L),
    })
    : L.layerGroup(); // the plugin did not load: every marker on its own
  clusters.addTo(map);
  const rallies = L.layerGroup().addTo(map);

  function layerFor(properties) {
    return properties.kind === 'HEADCOUNT' ? rallies : clusters;
  }

  function upsert(feature, position) {
    const properties = feature?.properties;
    const coordinates = feature?.geometry?.coordinates;
    if (!properties?.subjectId || !Array.isArray(coordinates)) return;
    const known = subjects.get(properties.subjectId);
    if (known && position < known.position) return; // older than what is shown
    const latLng = [coordinates[1], coordinates[0]];
    const options = markerOptions(L, properties);
    if (known) {
      const layer = layerFor(known.feature.properties);
      if (known.visible) layer.removeLayer(known.marker);
      known.marker.options.title = options.title;
      known.marker.options.subject = properties;
      known.marker.setLatLng(latLng);
      known.marker.setIcon(options.icon);
      known.feature = feature;
      known.position = position;
      known.visible = false;
      show(known);
      return;
    }
    const marker = L.marker(latLng, properties.kind === 'HEADCOUNT' ? { ...options, pane: 'rallies' } : options);
    marker.bindPopup(() => popupFor(marker.options.subject, timeZone));
    marker.on('add', () => labelMarker(marker));
    const entry = { feature, position, marker, visible: false };
    subjects.set(properties.subjectId, entry);
    show(entry);
  }

  function show(entry) {
    const wanted = keep(entry.feature.properties);
    if (wanted === entry.visible) return;
    const layer = layerFor(entry.feature.properties);
    if (wanted) layer.addLayer(entry.marker);
    else layer.removeLayer(entry.marker);
    entry.visible = wanted;
  }

  function fitTo(layerBounds) {
    if (fitted || !layerBounds?.isValid()) return;
    map.fitBounds(layerBounds, { padding: [24, 24], maxZoom: 14 });
    fitted = true;
  }

  function featureBounds() {
    const points = [...subjects.values()].map((s) => s.marker.getLatLng());
    return points.length ? L.latLngBounds(points) : null;
  }

  return {
    setTimeZone(zone) {
      timeZone = zone;
    },
    /** The day's zones (GeoJSON FeatureCollection); the view fits them the first time. */
    setZones(collection) {
      zones.clearLayers();
      outlines.clearLayers();
      if (collection?.features?.length) {
        zones.addData(collection);
        outlines.addData(collection);
      }
      restyleZones();
      fitTo(zones.getBounds());
    },
    /** The tally's businesses.byZone, for the shading. */
    setZoneFigures(byZone) {
      zoneFigures = byZone ?? {};
      restyleZones();
    },
    /** A whole map snapshot: features not in it are removed. */
    replaceFeatures(collection) {
      const position = Number(collection?.position ?? 0);
      const features = Array.isArray(collection?.features) ? collection.features : [];
      const ids = new Set(features.map((f) => f?.properties?.subjectId));
      for (const [id, entry] of subjects) {
        if (!ids.has(id)) {
          if (entry.visible) layerFor(entry.feature.properties).removeLayer(entry.marker);
          subjects.delete(id);
        }
      }
      for (const feature of features) upsert(feature, position);
      fitTo(featureBounds());
      element.dataset.features = String(subjects.size);
    },
    /** Changed features from the live topic. */
    updateFeatures(change) {
      const position = Number(change?.position ?? 0);
      for (const feature of change?.features ?? []) upsert(feature, position);
      fitTo(featureBounds());
      element.dataset.features = String(subjects.size);
    },
    /** Shows only the subjects for which keep(properties) is true. */
    setFilter(predicate) {
      keep = predicate;
      for (const entry of subjects.values()) show(entry);
    },
    /** The properties of every subject shown or hidden (the crowd card's basis reads the rallies'). */
    allSubjects() {
      return [...subjects.values()].map((entry) => entry.feature.properties);
    },
    /** The properties of a subject, for the feed's filters. */
    subject(subjectId) {
      return subjects.get(subjectId)?.feature.properties ?? null;
    },
    /** The zone names and sectors seen, for the filter menus. */
    names() {
      const sectors = new Set();
      const zoneNames = new Set();
      zones.eachLayer((layer) => layer.feature?.properties?.name && zoneNames.add(layer.feature.properties.name));
      for (const { feature } of subjects.values()) {
        if (feature.properties.sector) sectors.add(feature.properties.sector);
        if (feature.properties.zone) zoneNames.add(feature.properties.zone);
      }
      return { sectors: [...sectors].sort(), zones: [...zoneNames].sort() };
    },
    /** Removes the markers (the zones stay). */
    clearSubjects() {
      clusters.clearLayers();
      rallies.clearLayers();
      subjects.clear();
      zoneFigures = {};
      restyleZones();
      element.dataset.features = '0';
    },
    clear() {
      this.clearSubjects();
      zones.clearLayers();
      outlines.clearLayers();
      fitted = false;
    },
    resize() {
      map.invalidateSize();
    },
  };

  function restyleZones() {
    zones.eachLayer((layer) => {
      const name = layer.feature?.properties?.name;
      const figures = zoneFigures[name];
      const style = zoneStyle(figures);
      layer.setStyle(style);
      markZone(layer, style.className); // setStyle leaves a path's classes as they were made
      layer.setTooltipContent(zoneLabel(name, figures));
    });
    outlines.eachLayer((layer) => layer.setStyle(outlineStyle(zoneFigures[layer.feature?.properties?.name])));
  }
}

/**
 * The raster base map. The map says when it cannot show one: when every tile of the view failed, or
 * none came within TILE_PATIENCE_MS; the notice goes as soon as a tile loads. Dark mode dims the
 * tiles in the stylesheet.
 */
function addBaseMap(L, map, element, notice, { tileUrl, tileAttribution, tileMinZoom, tileMaxZoom, tileBounds }) {
  const options = { attribution: tileAttribution ?? '', maxZoom: 19 };
  if (Number.isInteger(tileMaxZoom)) options.maxNativeZoom = tileMaxZoom; // deeper: the last tiles, enlarged
  if (Number.isInteger(tileMinZoom)) options.minZoom = tileMinZoom; // shallower: no base map, no requests
  if (Array.isArray(tileBounds) && tileBounds.length === 4) {
    const [west, south, east, north] = tileBounds;
    options.bounds = L.latLngBounds([south, west], [north, east]); // no requests outside what the tiles cover
  }
  const layer = L.tileLayer(tileUrl, options).addTo(map);
  const source = describeSource(tileUrl);
  element.dataset.baseMap = 'loading';
  let everLoaded = false;
  let view = { loaded: 0, failed: 0 };
  const missing = () => {
    element.dataset.baseMap = 'missing';
    notice.show(t('map.tilesMissing', { source }));
  };
  layer.on('loading', () => {
    view = { loaded: 0, failed: 0 };
  });
  layer.on('tileload', () => {
    view.loaded += 1;
    everLoaded = true;
    element.dataset.baseMap = 'loaded';
    notice.hide();
  });
  layer.on('tileerror', () => {
    view.failed += 1;
  });
  layer.on('load', () => {
    if (view.loaded === 0 && view.failed > 0) missing();
  });
  setTimeout(() => {
    if (!everLoaded && element.dataset.baseMap !== 'missing' && map.hasLayer(layer)) missing();
  }, TILE_PATIENCE_MS);
}

function describeSource(tileUrl) {
  try {
    const url = new URL(tileUrl.replace(/\{[^}]*\}/g, '0'), location.href);
    return url.origin === location.origin ? t('map.source.here') : url.host;
  } catch {
    return t('map.source.unknown');
  }
}

/** A notice over the map (status role, so screen readers hear it), hidden until shown. */
function addBaseMapNotice(L, map) {
  const box = h('p', { class: 'map-notice', 'data-testid': 'map-notice', role: 'status', hidden: '' });
  const control = L.control({ position: 'topright' });
  control.onAdd = () => {
    L.DomEvent.disableClickPropagation(box);
    return box;
  };
  control.addTo(map);
  return {
    show(text) {
      box.textContent = text;
      box.hidden = false;
    },
    hide() {
      box.hidden = true;
      box.textContent = '';
    },
  };
}

function outlineStyle(figures) {
  const { dashArray } = zoneStyle(figures);
  return { className: 'zone-outline', weight: 2.5, fill: false, dashArray, interactive: false };
}

function zoneStyle(figures) {
  const total = (figures?.closed ?? 0) + (figures?.partial ?? 0) + (figures?.open ?? 0);
  // The class names let the style sheet give dark mode its own, contrasting outline and ramp (css/dashboard.css).
  if (!total) {
    return {
      color: '#5b5b5b', weight: 1.5, dashArray: '4 4', fillColor: '#9a9a9a', fillOpacity: 0.06, className: 'zone-shape zone-empty',
    };
  }
  const share = figures.closed / total;
  return {
    color: '#5b1a1a', weight: 1.5, dashArray: null, fillColor: shareColour(share), fillOpacity: 0.55,
    className: `zone-shape zone-step-${SHARE_STEPS.indexOf(SHARE_STEPS.find((step) => share < step.upTo) ?? SHARE_STEPS.at(-1))}`,
  };
}

/** Gives a zone's path the classes of its current shading step. */
function markZone(layer, className) {
  const element = layer.getElement?.();
  if (!element) return;
  for (const name of [...element.classList]) {
    if (name.startsWith('zone-')) element.classList.remove(name);
  }
  element.classList.add(...className.split(' '));
}

function zoneLabel(name, figures) {
  const total = (figures?.closed ?? 0) + (figures?.partial ?? 0) + (figures?.open ?? 0);
  const label = h('span', {}, h('strong', {}, name ?? t('map.zone.unnamed')));
  if (total) label.append(h('br'), t('map.zone.share', { share: percent(figures.closed / total), closed: figures.closed, total }));
  return label;
}

function markerOptions(L, p) {
  const title = describe(p);
  let icon;
  if (p.kind === 'HEADCOUNT') {
    const estimate = Math.max(0, Number(p.estimate) || 0);
    const size = Math.round(20 + 60 * Math.sqrt(Math.min(estimate, RALLY_FULL_SIZE) / RALLY_FULL_SIZE));
    icon = L.divIcon({
      className: 'subject-icon',
      iconSize: [size, size],
      html: h('span', {
        class: 'rally', 'data-testid': 'map-marker', 'data-subject-id': p.subjectId, 'data-kind': p.kind,
        'data-estimate': String(estimate), style: `width:${size}px;height:${size}px`,
      }, estimate ? compact(estimate) : ''),
    });
  } else {
    // No counting report at T (e.g. replayed before the first one): UNKNOWN, not "back at work".
    const out = Number(p.participants) > 0 ? 'OUT' : 'BACK';
    const state = p.kind === 'CLOSURE' ? (p.status ?? 'UNKNOWN') : (p.participants == null ? 'UNKNOWN' : out);
    icon = L.divIcon({
      className: 'subject-icon',
      iconSize: [20, 20],
      html: h('span', {
        class: `dot dot-${p.kind.toLowerCase()}`, 'data-testid': 'map-marker', 'data-subject-id': p.subjectId,
        'data-kind': p.kind, 'data-status': state,
      }),
    });
  }
  return { icon, title, alt: title, keyboard: true, riseOnHover: true, subject: p, subjectStatus: p.status };
}

/** Gives a marker's element an accessible name (Leaflet only sets alt on image icons). */
function labelMarker(marker) {
  const element = marker.getElement?.();
  if (element) {
    element.setAttribute('aria-label', marker.options.title);
    element.setAttribute('role', 'button');
  }
}

/**
 * A marker's accessible name, which a screen reader can tell from the others': what it is (business, walkout,
 * rally), its name and zone, and its figure — "Business Karmel Mall, Lake Street: closed".
 */
export function describe(p) {
  const params = { name: p.name ?? '', where: p.zone && p.zone !== 'unzoned' ? t('map.marker.zone', { zone: p.zone }) : t('map.marker.unzoned') };
  if (p.kind === 'CLOSURE') {
    return p.status ? t('map.marker.business', { ...params, status: humanize(p.status, 'status').toLowerCase() })
      : t('map.marker.businessNone', params);
  }
  if (p.kind === 'WALKOUT') {
    if (p.participants == null) return t('map.marker.walkoutNone', params);
    return p.type ? t('map.marker.walkoutTyped', { ...params, count: p.participants, type: humanize(p.type, 'walkoutType').toLowerCase() })
      : t('map.marker.walkout', { ...params, count: p.participants });
  }
  const cautions = rallyCautions(p);
  return t('map.marker.rally', { ...params, count: p.estimate ?? 0, cautions: cautions.length ? `, ${cautions.join(', ')}` : '' });
}

function compact(value) {
  return new Intl.NumberFormat(undefined, { notation: 'compact', maximumFractionDigits: 1 }).format(value);
}

function clusterIcon(L) {
  return (cluster) => {
    const markers = cluster.getAllChildMarkers();
    const closed = markers.filter((m) => m.options.subject?.status === 'CLOSED').length;
    const closures = markers.filter((m) => m.options.subject?.kind === 'CLOSURE').length;
    const share = closures ? closed / closures : 0;
    const size = markers.length < 10 ? 34 : markers.length < 100 ? 42 : 50;
    return L.divIcon({
      className: 'subject-icon',
      iconSize: [size, size],
      html: h('span', {
        class: 'cluster', 'data-testid': 'map-cluster', 'data-count': String(markers.length),
        style: `width:${size}px;height:${size}px;--share:${Math.round(share * 100)}%`,
        title: t('map.cluster.title', { count: markers.length, closed }),
      }, String(markers.length)),
    });
  };
}

function popupFor(p, timeZone) {
  const rows = [[t('map.popup.what'), kindLabel(p.kind)]];
  if (p.kind === 'CLOSURE') rows.push([t('map.popup.status'), p.status ? humanize(p.status, 'status') : t('map.popup.noReport')]);
  if (p.kind === 'WALKOUT') {
    rows.push([t('map.popup.out'), formatCount(p.participants ?? undefined)]);
    if (p.type) rows.push([t('map.popup.type'), humanize(p.type, 'walkoutType')]);
  }
  if (p.kind === 'HEADCOUNT') {
    rows.push([t('map.popup.estimate'), formatCount(p.estimate ?? 0)]);
    rows.push([t('map.popup.range'), t('map.popup.rangeValue', { low: p.low ?? 0, high: p.high ?? 0 })]);
    if (p.reporters !== undefined) {
      rows.push([t('map.popup.reporters'), t('map.popup.reporterCount', { count: p.reporters })]);
      if (p.reporters) rows.push([t('map.popup.methods'), describeMethods(p.methods)]);
    }
  }
  if (p.sector) rows.push([t('map.popup.sector'), humanize(p.sector, 'sector')]);
  rows.push([t('map.popup.zone'), p.zone === 'unzoned' || !p.zone ? t('common.outsideZone') : p.zone]);
  rows.push([t('map.popup.reports'), formatCount(p.reports ?? 0)]);
  if (p.lastObservedAt) rows.push([t('map.popup.lastSeen'), formatShortTime(p.lastObservedAt, timeZone)]);
  const cautions = p.kind === 'HEADCOUNT' ? rallyCautions(p) : [];
  return h('div', { class: 'popup', 'data-testid': 'map-popup', 'data-subject-id': p.subjectId ?? '' },
    h('p', { class: 'popup-title' }, p.name ?? ''),
    h('dl', {}, ...rows.flatMap(([term, value]) => [h('dt', {}, term), h('dd', {}, value)])),
    ...(cautions.length ? [h('p', { class: 'popup-flags flag-note', 'data-testid': 'popup-flags' },
      t('map.popup.check', { cautions: cautions.join('; ') }))] : []));
}

function addLegend(L, map) {
  const legend = L.control({ position: 'bottomright' });
  legend.onAdd = () => {
    const ramp = SHARE_STEPS.map((step, i) => h('span', {
      class: `swatch zone-step-${i}`, style: `background:${step.colour}`,
      title: t('map.legend.step', { from: percent(i / 5), to: percent(Math.min(5, i + 1) / 5) }),
    }));
    const key = (text) => ` ${text} `;
    const box = h('div', { class: 'map-legend', 'aria-label': t('map.legend.name') },
      h('p', {}, h('strong', {}, t('map.legend.zones'))),
      h('p', { class: 'ramp' }, percent(0), ...ramp, percent(1)),
      h('p', {}, h('span', { class: 'dot dot-closure', 'data-status': 'CLOSED' }), key(t('map.legend.closed')),
        h('span', { class: 'dot dot-closure', 'data-status': 'PARTIAL' }), key(t('map.legend.partial')),
        h('span', { class: 'dot dot-closure', 'data-status': 'OPEN' }), key(t('map.legend.open'))),
      h('p', {}, h('span', { class: 'dot dot-walkout', 'data-status': 'OUT' }), key(t('map.legend.walkout')),
        h('span', { class: 'rally rally-key' }), key(t('map.legend.rally'))));
    L.DomEvent.disableClickPropagation(box);
    return box;
  };
  legend.addTo(map);
}

function noMap() {
  const nothing = () => {};
  return {
    setTimeZone: nothing, setZones: nothing, setZoneFigures: nothing, replaceFeatures: nothing,
    updateFeatures: nothing, setFilter: nothing, subject: () => null, allSubjects: () => [],
    names: () => ({ sectors: [], zones: [] }), clearSubjects: nothing, clear: nothing, resize: nothing,
  };
}
