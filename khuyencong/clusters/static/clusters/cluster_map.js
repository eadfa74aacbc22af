// Cluster markers on a Leaflet map. The points come from a JSON script block (no inline script: CSP).
// Without a tile URL (offline installations) the markers are drawn on a blank background.
document.addEventListener("DOMContentLoaded", () => {
  const element = document.getElementById("cluster-map");
  if (!element || typeof L === "undefined") return;
  const source = document.getElementById(element.dataset.points);
  const points = source ? JSON.parse(source.textContent) || [] : [];
  const map = L.map(element, { attributionControl: Boolean(element.dataset.tileUrl) });
  if (element.dataset.tileUrl) {
    L.tileLayer(element.dataset.tileUrl, { maxZoom: 18, attribution: "© OpenStreetMap" }).addTo(map);
  }
  const layer = L.featureGroup().addTo(map);
  points.forEach((point) => {
    const marker = L.circleMarker([point.lat, point.lon], {
      radius: 8, color: "#1b5e20", weight: 2, fillColor: "#43a047", fillOpacity: 0.8,
    });
    marker.options.className = "cluster-marker";
    const title = document.createElement(point.url ? "a" : "strong");
    title.textContent = point.name;
    if (point.url) title.href = point.url;
    const box = document.createElement("div");
    box.appendChild(title);
    box.appendChild(document.createElement("br"));
    box.appendChild(document.createTextNode(point.status));
    // Leaflet reads a string tooltip as HTML: give it an element whose text is the name.
    const tooltip = document.createElement("span");
    tooltip.textContent = point.name;
    marker.bindPopup(box).bindTooltip(tooltip);
    marker.addTo(layer);
    if (point.boundary) {
      try { L.geoJSON(point.boundary, { style: { color: "#1b5e20", weight: 1 } }).addTo(layer); } catch (e) { /* bad GeoJSON */ }
    }
  });
  if (points.length) {
    map.fitBounds(layer.getBounds().pad(0.2), { maxZoom: 13 });
  } else {
    map.setView([16.0, 106.0], 5);
  }
  element.dataset.markers = String(points.length);
});
