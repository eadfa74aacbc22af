// Dashboard charts (Chart.js) and the cluster map (Leaflet). No inline scripts (CSP): the figures come
// from JSON script blocks written by the page (`json_script`). Every chart repeats figures that the page
// also shows in a table with links; clicking a bar or a slice opens the same list as the table's link.
(function () {
  "use strict";

  function readJson(id) {
    const element = document.getElementById(id);
    if (!element) return null;
    try {
      return JSON.parse(element.textContent);
    } catch (error) {
      return null;
    }
  }

  function locale() {
    return document.documentElement.lang === "vi" ? "vi-VN" : "en-GB";
  }

  function drawCharts() {
    const specs = readJson("dashboard-charts");
    if (!specs || typeof Chart === "undefined") return;
    document.querySelectorAll("canvas[data-chart]").forEach((canvas) => {
      const spec = specs[canvas.dataset.chart];
      if (!spec) return;
      const links = spec.links || [];
      const many = spec.datasets.length > 1 || spec.type === "doughnut";
      const options = {
        animation: false,
        responsive: true,
        maintainAspectRatio: false,
        locale: locale(),
        plugins: { legend: { display: many, position: "bottom" } },
        onClick: (event, elements) => {
          if (elements.length && links[elements[0].index]) {
            window.location.assign(links[elements[0].index]);
          }
        },
        onHover: (event, elements) => {
          event.native.target.style.cursor = elements.length ? "pointer" : "default";
        },
      };
      if (spec.type === "bar") {
        // Both axes are titled, the value axis with its unit; counts tick 0, 1, 2… and never 0,5.
        options.indexAxis = spec.indexAxis || "x";
        const valueAxis = options.indexAxis === "y" ? "x" : "y";
        const categoryAxis = valueAxis === "x" ? "y" : "x";
        const axes = spec.axes || {};
        options.scales = {
          [valueAxis]: { beginAtZero: true, ticks: axes.integer ? { precision: 0 } : {} },
          [categoryAxis]: {},
        };
        if (axes.value) options.scales[valueAxis].title = { display: true, text: axes.value };
        if (axes.category) options.scales[categoryAxis].title = { display: true, text: axes.category };
      }
      new Chart(canvas, { type: spec.type, data: { labels: spec.labels, datasets: spec.datasets }, options });
      canvas.dataset.drawn = "true";
    });
  }

  function popup(point) {
    const box = document.createElement("div");
    const title = document.createElement("a");
    title.href = point.url;
    title.textContent = point.name;
    box.appendChild(title);
    box.appendChild(document.createElement("br"));
    box.appendChild(document.createTextNode(point.label));
    return box;
  }

  // Leaflet reads a string tooltip as HTML: a cluster's name goes in as text.
  function textOnly(text) {
    const span = document.createElement("span");
    span.textContent = text;
    return span;
  }

  function drawMap() {
    const element = document.getElementById("dashboard-map");
    if (!element || typeof L === "undefined") return;
    const points = readJson(element.dataset.points) || [];
    const map = L.map(element, { attributionControl: Boolean(element.dataset.tileUrl) });
    if (element.dataset.tileUrl) {
      L.tileLayer(element.dataset.tileUrl, { maxZoom: 18, attribution: "© OpenStreetMap" }).addTo(map);
    }
    const groups = {};
    const bounds = [];
    points.forEach((point) => {
      if (!groups[point.status]) groups[point.status] = L.featureGroup().addTo(map);
      L.circleMarker([point.lat, point.lon], {
        radius: 7,
        color: "#263238",
        weight: 1,
        fillColor: point.colour,
        fillOpacity: 0.9,
        className: "cluster-marker",
      })
        .bindPopup(popup(point))
        .bindTooltip(textOnly(point.name))
        .addTo(groups[point.status]);
      bounds.push([point.lat, point.lon]);
    });
    if (bounds.length) {
      map.fitBounds(L.latLngBounds(bounds).pad(0.2), { maxZoom: 12 });
    } else {
      map.setView([16.0, 106.0], 5);
    }
    const countVisible = () => {
      let visible = 0;
      Object.values(groups).forEach((group) => {
        if (map.hasLayer(group)) visible += group.getLayers().length;
      });
      element.dataset.visible = String(visible);
    };
    document.querySelectorAll("input[data-map-status]").forEach((box) => {
      box.addEventListener("change", () => {
        const group = groups[box.dataset.mapStatus];
        if (!group) return;
        if (box.checked) group.addTo(map);
        else map.removeLayer(group);
        countVisible();
      });
    });
    element.dataset.markers = String(points.length);
    countVisible();
  }

  document.addEventListener("DOMContentLoaded", () => {
    drawCharts();
    drawMap();
  });
})();
