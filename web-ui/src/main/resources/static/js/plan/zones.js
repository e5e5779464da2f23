// Reading a zones file (GeoJSON) as the command service takes it: a FeatureCollection of Polygon or
// MultiPolygon features, each with a distinct properties.name. Problems are told in words.

import { t } from '../i18n.js';

const AREAS = ['Polygon', 'MultiPolygon'];

/** @returns {{collection: object|null, names: string[], problems: string[]}} */
export function readZones(text) {
  let json;
  try {
    json = JSON.parse(text);
  } catch {
    return { collection: null, names: [], problems: [t('plan.zones.notJson')] };
  }
  const features = json?.type === 'FeatureCollection' ? json.features
    : json?.type === 'Feature' ? [json] : null;
  if (!Array.isArray(features)) {
    return { collection: null, names: [], problems: [t('plan.zones.notCollection')] };
  }
  const problems = [];
  const names = [];
  features.forEach((feature, i) => {
    const name = typeof feature?.properties?.name === 'string' ? feature.properties.name.trim() : '';
    const zone = { named: String(Boolean(name)), name, number: i + 1 };
    if (!name) problems.push(t('plan.zones.noName', zone));
    else if (names.includes(name)) problems.push(t('plan.zones.twice', zone));
    if (!AREAS.includes(feature?.geometry?.type)) {
      problems.push(feature?.geometry?.type ? t('plan.zones.notArea', { ...zone, geometry: feature.geometry.type })
        : t('plan.zones.noGeometry', zone));
    }
    if (name) names.push(name);
  });
  if (features.length === 0) problems.push(t('plan.zones.none'));
  const collection = { type: 'FeatureCollection', features: features.map((f) => ({ ...f, type: 'Feature' })) };
  return { collection: problems.length ? null : collection, names, problems };
}

/** Reads a chosen File. */
export function readZonesFile(file) {
  return file.text().then(readZones);
}
