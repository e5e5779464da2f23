// Reading a zones file (GeoJSON) as the command service takes it: a FeatureCollection of Polygon or
// MultiPolygon features, each with a distinct properties.name. Problems are told in words.

const AREAS = ['Polygon', 'MultiPolygon'];

/** @returns {{collection: object|null, names: string[], problems: string[]}} */
export function readZones(text) {
  let json;
  try {
    json = JSON.parse(text);
  } catch {
    return { collection: null, names: [], problems: ['The file is not valid JSON (GeoJSON).'] };
  }
  const features = json?.type === 'FeatureCollection' ? json.features
    : json?.type === 'Feature' ? [json] : null;
  if (!Array.isArray(features)) {
    return { collection: null, names: [], problems: ['The file must be a GeoJSON FeatureCollection of zones.'] };
  }
  const problems = [];
  const names = [];
  features.forEach((feature, i) => {
    const name = typeof feature?.properties?.name === 'string' ? feature.properties.name.trim() : '';
    const label = name ? `“${name}”` : `Zone ${i + 1}`;
    if (!name) problems.push(`${label} has no properties.name.`);
    else if (names.includes(name)) problems.push(`${label} appears twice; zone names must differ.`);
    if (!AREAS.includes(feature?.geometry?.type)) {
      problems.push(`${label} is a ${feature?.geometry?.type ?? 'feature without geometry'}, not a Polygon or MultiPolygon.`);
    }
    if (name) names.push(name);
  });
  if (features.length === 0) problems.push('The file has no zones.');
  const collection = { type: 'FeatureCollection', features: features.map((f) => ({ ...f, type: 'Feature' })) };
  return { collection: problems.length ? null : collection, names, problems };
}

/** Reads a chosen File. */
export function readZonesFile(file) {
  return file.text().then(readZones);
}
