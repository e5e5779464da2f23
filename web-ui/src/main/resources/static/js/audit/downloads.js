// Downloads: the whole log of the day as JSON lines, and the reports as they stood at K as CSV or
// GeoJSON. The files need the bearer header, so they are fetched and then saved from a blob.

import { fetchFile } from '../api.js';
import { byTestId, h } from '../dom.js';
import { t } from '../i18n.js';

/**
 * @param {{api, getToken: () => string, day: () => object|null, knownAt: () => string|undefined,
 *          onError: (error: Error) => void}} deps
 */
export function createDownloads({ api, getToken, day, knownAt, onError }, root = document) {
  const status = byTestId('download-status', root);

  function wire(testId, file, pathOf) {
    const button = byTestId(testId, root);
    button.addEventListener('click', async () => {
      const current = day();
      if (!current) return;
      button.disabled = true;
      status.textContent = t('audit.download.preparing', { file });
      try {
        const { blob, name } = await fetchFile(pathOf(current.id), { token: getToken(), fallbackName: `${current.id}-${testId}` });
        save(blob, name);
        status.textContent = t('audit.download.saved', { name });
      } catch (error) {
        status.textContent = t('audit.download.failed', { file });
        onError(error);
      } finally {
        button.disabled = false;
      }
    });
  }

  wire('download-events', 'events', (dayId) => api.files.events(dayId));
  wire('download-csv', 'csv', (dayId) => api.files.reportsCsv(dayId, { knownAt: knownAt() }));
  wire('download-geojson', 'geojson', (dayId) => api.files.reportsGeoJson(dayId, { knownAt: knownAt() }));

  return {
    clear() {
      status.textContent = '';
    },
  };
}

function save(blob, name) {
  const url = URL.createObjectURL(blob);
  const link = h('a', { href: url, download: name, hidden: '' });
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
