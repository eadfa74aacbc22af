// khuyencong service worker for the survey screen (served by surveys.views.ServiceWorkerView, which puts
// self.SW_CONFIG = {precache, version} in front of this file). The screen and its files come from the
// cache when there is no signal; survey data never goes through the cache (the page queues it itself).
const CONFIG = self.SW_CONFIG || { precache: [], version: "0" };
const PREFIX = "khuyencong-survey-";
const CACHE = PREFIX + CONFIG.version;

self.addEventListener("install", (event) => {
  event.waitUntil(
    caches
      .open(CACHE)
      .then((cache) => cache.addAll(CONFIG.precache))
      .then(() => self.skipWaiting())
  );
});

self.addEventListener("activate", (event) => {
  event.waitUntil(
    caches
      .keys()
      .then((keys) => Promise.all(keys.filter((k) => k.startsWith(PREFIX) && k !== CACHE).map((k) => caches.delete(k))))
      .then(() => self.clients.claim())
  );
});

function networkFirst(request) {
  return fetch(request)
    .then((response) => {
      if (response.ok && !response.redirected) {
        const copy = response.clone();
        caches.open(CACHE).then((cache) => cache.put(request, copy));
      }
      return response;
    })
    .catch(() =>
      caches.match(request, { ignoreSearch: true, ignoreVary: true }).then((cached) => cached || Response.error())
    );
}

function cacheFirst(request) {
  return caches.match(request, { ignoreVary: true }).then(
    (cached) =>
      cached ||
      fetch(request).then((response) => {
        if (response.ok) {
          const copy = response.clone();
          caches.open(CACHE).then((cache) => cache.put(request, copy));
        }
        return response;
      })
  );
}

self.addEventListener("fetch", (event) => {
  const request = event.request;
  if (request.method !== "GET") return;
  const url = new URL(request.url);
  if (url.origin !== self.location.origin || url.pathname.startsWith("/api/")) return;
  if (request.mode === "navigate") {
    event.respondWith(networkFirst(request));
  } else if (url.pathname.startsWith("/static/") || CONFIG.precache.includes(url.pathname)) {
    event.respondWith(cacheFirst(request));
  }
});
