// Service worker of the field reporter's page (scope: report.html only). It keeps the page's own
// files, so that a reporter who closed the browser can open the page again with no signal, see
// what is queued, and add to it. Network first (files are fresh whenever there is signal), with a
// short wait before falling back to the copy kept here. API calls are never touched.

const CACHE = 'standstill-reporter-v2';
const NETWORK_WAIT_MS = 4000;
const SHELL = [
  'report.html',
  'css/standstill.css',
  'css/reporter.css',
  'js/api.js',
  'js/dom.js',
  'js/fields.js',
  'js/figures.js',
  'js/format.js',
  'js/i18n.js',
  'js/notice.js',
  'js/problems.js',
  'js/sectors.js',
  'js/reporter/main.js',
  'js/reporter/form.js',
  'js/reporter/mine.js',
  'js/reporter/outbox.js',
  'js/reporter/places.js',
  // The message catalogs of every language the page offers: a reporter may switch language offline.
  'i18n/en.json',
  'i18n/es.json',
  'i18n/so.json',
  'i18n/hmn.json',
  '/webjars/idb/build/index.js',
  '/webjars/idb/build/wrap-idb-value.js',
].map((path) => new URL(path, self.registration.scope).href);

self.addEventListener('install', (event) => {
  event.waitUntil(caches.open(CACHE).then((cache) => cache.addAll(SHELL)).then(() => self.skipWaiting()));
});

self.addEventListener('activate', (event) => {
  event.waitUntil(caches.keys()
    .then((names) => Promise.all(names.filter((name) => name.startsWith('standstill-reporter-') && name !== CACHE)
      .map((name) => caches.delete(name))))
    .then(() => self.clients.claim()));
});

self.addEventListener('fetch', (event) => {
  const { request } = event;
  if (request.method !== 'GET') return;
  const url = new URL(request.url);
  url.search = '';
  if (!SHELL.includes(url.href)) return; // API calls and everything else: straight to the network
  event.respondWith(networkFirst(request, url.href));
});

async function networkFirst(request, key) {
  const cache = await caches.open(CACHE);
  const network = fetch(request, { cache: 'no-store' }).then((response) => {
    if (response.ok) cache.put(key, response.clone());
    return response;
  });
  const kept = new Promise((resolve) => {
    setTimeout(() => cache.match(key).then(resolve), NETWORK_WAIT_MS);
  });
  try {
    // Whichever comes first: the network's answer, or (after a while, when kept) the copy kept here.
    return await Promise.race([network, kept.then((response) => response ?? network)]);
  } catch {
    return (await cache.match(key)) ?? Response.error();
  }
}
