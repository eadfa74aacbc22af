// khuyencong: the offline survey screen (surveys/collect/).
//
// - Renders a survey form from its JSON definition (fields, types, required, choices, skip logic
//   "show_if": {"field", "equals" | "in"}), the same definition the server validates against.
// - Keeps filled surveys in an IndexedDB queue with a client-generated id (UUID), the GPS position
//   (navigator.geolocation), the time, and photos compressed on the phone with a canvas.
// - Sends the queue to the sync endpoint when there is signal; a resend never duplicates, because the
//   server answers "existing" for a client id it already has.
// - Registers the service worker so the screen opens with no signal.
// No inline script (strict CSP): data comes from json_script elements.
(function () {
  "use strict";

  const DB_NAME = "khuyencong-surveys";
  const STORE = "queue";
  const PHOTO_MAX_SIDE = 1280;
  const PHOTO_QUALITY = 0.7;
  const KEEP_SENT = 20;

  const data = JSON.parse(document.getElementById("collect-data").textContent);
  const config = JSON.parse(document.getElementById("collect-config").textContent);
  const t = config.messages || {};
  const el = (id) => document.getElementById(id);

  let position = null;
  let syncing = false;

  // --- IndexedDB queue -------------------------------------------------------------------------
  function openDb() {
    return new Promise((resolve, reject) => {
      const request = indexedDB.open(DB_NAME, 1);
      request.onupgradeneeded = () => request.result.createObjectStore(STORE, { keyPath: "client_uuid" });
      request.onsuccess = () => resolve(request.result);
      request.onerror = () => reject(request.error);
    });
  }

  function withStore(mode, work) {
    return openDb().then(
      (db) =>
        new Promise((resolve, reject) => {
          const transaction = db.transaction(STORE, mode);
          const request = work(transaction.objectStore(STORE));
          transaction.oncomplete = () => {
            db.close();
            resolve(request ? request.result : undefined);
          };
          transaction.onerror = () => reject(transaction.error);
        })
    );
  }

  const queue = {
    all: () => withStore("readonly", (store) => store.getAll()),
    put: (item) => withStore("readwrite", (store) => store.put(item)),
    remove: (key) => withStore("readwrite", (store) => store.delete(key)),
  };

  // --- helpers ---------------------------------------------------------------------------------
  function uuid4() {
    if (window.crypto && crypto.randomUUID) return crypto.randomUUID();
    const bytes = crypto.getRandomValues(new Uint8Array(16));
    bytes[6] = (bytes[6] & 0x0f) | 0x40;
    bytes[8] = (bytes[8] & 0x3f) | 0x80;
    const hex = Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("");
    return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
  }

  function csrfToken() {
    const match = document.cookie.match(/(?:^|;\s*)csrftoken=([^;]+)/);
    if (match) return decodeURIComponent(match[1]);
    try {
      return JSON.parse(document.body.getAttribute("hx-headers") || "{}")["X-CSRFToken"] || "";
    } catch (error) {
      return "";
    }
  }

  function option(value, label) {
    const node = document.createElement("option");
    node.value = value;
    node.textContent = label;
    return node;
  }

  function fillSelect(select, items, emptyLabel) {
    select.replaceChildren();
    if (emptyLabel !== null) select.append(option("", emptyLabel));
    items.forEach(([value, label]) => select.append(option(String(value), label)));
  }

  const byId = (list, id) => list.find((item) => String(item.id) === String(id));

  // --- the form from its definition --------------------------------------------------------------
  function currentForm() {
    return byId(data.forms, el("form-select").value);
  }

  function inputFor(field) {
    const name = `f_${field.name}`;
    if (field.type === "textarea") {
      const node = document.createElement("textarea");
      node.rows = 3;
      node.id = name;
      return node;
    }
    if (field.type === "boolean" || field.type === "choice") {
      const node = document.createElement("select");
      node.id = name;
      const choices = field.type === "boolean" ? [["true", t.yes], ["false", t.no]] : field.choices;
      fillSelect(node, choices, t.choose);
      return node;
    }
    if (field.type === "multichoice") {
      const box = document.createElement("div");
      box.className = "choices";
      box.id = name;
      field.choices.forEach(([value, label]) => {
        const wrap = document.createElement("label");
        const check = document.createElement("input");
        check.type = "checkbox";
        check.value = value;
        wrap.append(check, ` ${label}`);
        box.append(wrap);
      });
      return box;
    }
    const node = document.createElement("input");
    node.id = name;
    if (field.type === "integer") {
      node.type = "number";
      node.step = "1";
      node.inputMode = "numeric";
    } else if (field.type === "decimal") {
      node.type = "number";
      node.step = "any";
      node.inputMode = "decimal";
    } else if (field.type === "date") {
      node.type = "date";
    } else if (field.type === "photo") {
      node.type = "file";
      node.accept = "image/*";
      node.setAttribute("capture", "environment");
    } else {
      node.type = "text";
    }
    if (field.min !== undefined) node.min = field.min;
    if (field.max !== undefined) node.max = field.max;
    return node;
  }

  function labelOf(field) {
    const english = (document.documentElement.lang || "vi").startsWith("en");
    return (english && field.label_en) || field.label || field.name;
  }

  function renderFields() {
    const box = el("fields");
    box.replaceChildren();
    const form = currentForm();
    if (!form) return;
    form.fields.forEach((field) => {
      const wrap = document.createElement("div");
      wrap.className = "survey-field";
      wrap.dataset.field = field.name;
      const label = document.createElement("label");
      label.htmlFor = `f_${field.name}`;
      label.textContent = labelOf(field) + (field.required ? " *" : "");
      const error = document.createElement("small");
      error.className = "field-error";
      error.hidden = true;
      wrap.append(label, inputFor(field), error);
      box.append(wrap);
    });
    applySkipLogic();
  }

  function valueOf(field) {
    const node = el(`f_${field.name}`);
    if (!node) return null;
    if (field.type === "multichoice") {
      return Array.from(node.querySelectorAll("input:checked"), (check) => check.value);
    }
    if (field.type === "photo") return node.files && node.files.length ? node.files[0] : null;
    const raw = node.value.trim();
    if (raw === "") return null;
    if (field.type === "boolean") return raw === "true";
    if (field.type === "integer") return Number.parseInt(raw, 10);
    return raw;
  }

  function isShown(field, answers) {
    const condition = field.show_if;
    if (!condition) return true;
    const value = answers[condition.field];
    if ("equals" in condition) return value === condition.equals;
    return (condition.in || []).includes(value);
  }

  const isEmpty = (value) => value === null || value === undefined || value === "" || (Array.isArray(value) && !value.length);

  // Answers of the shown fields, in form order (skip logic reads earlier answers only, as the server does).
  function collectAnswers() {
    const form = currentForm();
    const answers = {};
    const photos = [];
    const errors = {};
    if (!form) return { answers, photos, errors };
    form.fields.forEach((field) => {
      const wrap = document.querySelector(`[data-field="${field.name}"]`);
      const shown = isShown(field, answers);
      if (wrap) wrap.hidden = !shown;
      if (!shown) return;
      const value = valueOf(field);
      if (isEmpty(value)) {
        if (field.required) errors[field.name] = t.required;
        return;
      }
      if (field.type === "photo") photos.push({ field: field.name, file: value });
      else answers[field.name] = value;
    });
    return { answers, photos, errors };
  }

  function applySkipLogic() {
    collectAnswers();
  }

  function showErrors(errors) {
    document.querySelectorAll("#fields .field-error").forEach((node) => {
      const name = node.parentElement.dataset.field;
      node.textContent = errors[name] || "";
      node.hidden = !errors[name];
    });
  }

  // --- photos: compressed with a canvas before they are queued ------------------------------------
  function compress(file) {
    return new Promise((resolve, reject) => {
      const url = URL.createObjectURL(file);
      const image = new Image();
      image.onload = () => {
        const scale = Math.min(1, PHOTO_MAX_SIDE / Math.max(image.naturalWidth, image.naturalHeight));
        const canvas = document.createElement("canvas");
        canvas.width = Math.max(1, Math.round(image.naturalWidth * scale));
        canvas.height = Math.max(1, Math.round(image.naturalHeight * scale));
        canvas.getContext("2d").drawImage(image, 0, 0, canvas.width, canvas.height);
        URL.revokeObjectURL(url);
        resolve(canvas.toDataURL("image/jpeg", PHOTO_QUALITY));
      };
      image.onerror = () => {
        URL.revokeObjectURL(url);
        reject(new Error("image"));
      };
      image.src = url;
    });
  }

  // --- GPS -------------------------------------------------------------------------------------
  function locate() {
    if (!navigator.geolocation) {
      el("position").textContent = t.positionFailed;
      return;
    }
    el("position").textContent = t.locating;
    navigator.geolocation.getCurrentPosition(
      (found) => {
        position = {
          latitude: Number(found.coords.latitude.toFixed(6)),
          longitude: Number(found.coords.longitude.toFixed(6)),
          accuracy_m: Math.round(found.coords.accuracy || 0),
        };
        el("position").textContent = `${t.position}: ${position.latitude}, ${position.longitude} (± ${position.accuracy_m} m)`;
        el("position").dataset.located = "1";
      },
      () => {
        el("position").textContent = t.positionFailed;
      },
      { enableHighAccuracy: true, timeout: 20000, maximumAge: 60000 }
    );
  }

  // --- pickers: form, assignment, establishment, commune -------------------------------------------
  function setupPickers() {
    fillSelect(el("form-select"), data.forms.map((f) => [f.id, `${f.title} (v${f.version})`]), null);
    fillSelect(el("assignment-select"), data.assignments.map((a) => [a.id, a.label]), t.none);
    fillSelect(el("commune-select"), data.communes.map((c) => [c.id, c.name]), t.choose);
    fillFacilities(null);
    const wanted = new URLSearchParams(window.location.search).get("assignment");
    if (wanted && byId(data.assignments, wanted)) {
      el("assignment-select").value = wanted;
      onAssignment();
    }
    renderFields();
  }

  function fillFacilities(assignment) {
    let list = data.facilities;
    if (assignment && assignment.facilities.length) {
      list = list.filter((f) => assignment.facilities.includes(f.id));
    } else if (assignment && assignment.commune) {
      list = list.filter((f) => f.commune === assignment.commune);
    }
    fillSelect(
      el("facility-select"),
      list.map((f) => [f.id, f.commune_name ? `${f.name} — ${f.commune_name}` : f.name]),
      t.newFacility
    );
    onFacility();
  }

  function onAssignment() {
    const assignment = byId(data.assignments, el("assignment-select").value);
    if (assignment) {
      const form = assignment.form ? byId(data.forms, assignment.form) : data.forms.find((f) => f.purpose === assignment.purpose);
      if (form && el("form-select").value !== String(form.id)) {
        el("form-select").value = String(form.id);
        renderFields();
      }
      if (assignment.commune && byId(data.communes, assignment.commune)) el("commune-select").value = String(assignment.commune);
    }
    fillFacilities(assignment);
  }

  function onFacility() {
    el("commune-wrap").hidden = Boolean(el("facility-select").value);
  }

  // --- save to the queue -------------------------------------------------------------------------
  async function save(event) {
    event.preventDefault();
    const form = currentForm();
    const problem = el("form-error");
    problem.hidden = true;
    if (!form) {
      problem.textContent = t.pickForm;
      problem.hidden = false;
      return;
    }
    const { answers, photos, errors } = collectAnswers();
    showErrors(errors);
    const facility = byId(data.facilities, el("facility-select").value);
    const commune = el("commune-select").value;
    if (!facility && !commune) {
      problem.textContent = t.pickPlace;
      problem.hidden = false;
      return;
    }
    if (Object.keys(errors).length) return;
    el("save-survey").disabled = true;
    try {
      const compressed = [];
      for (const photo of photos) compressed.push({ field: photo.field, data: await compress(photo.file) });
      const item = {
        client_uuid: uuid4(),
        form: form.id,
        assignment: el("assignment-select").value ? Number(el("assignment-select").value) : null,
        facility: facility ? facility.id : null,
        base_version: facility ? facility.version : null,
        commune: facility ? facility.commune : Number(commune),
        answers,
        latitude: position ? position.latitude : null,
        longitude: position ? position.longitude : null,
        accuracy_m: position ? position.accuracy_m : null,
        captured_at: new Date().toISOString(),
        photos: compressed,
        label: facility ? facility.name : answers.facility_name || form.title,
        state: "waiting",
        error: "",
      };
      await queue.put(item);
      el("survey-form").reset();
      onFacility();
      renderFields();
      flash(t.queued);
      await render();
      sync();
    } finally {
      el("save-survey").disabled = false;
    }
  }

  function flash(text) {
    const problem = el("form-error");
    problem.textContent = text;
    problem.hidden = false;
    problem.classList.remove("field-error");
    window.setTimeout(() => {
      problem.hidden = true;
      problem.classList.add("field-error");
    }, 4000);
  }

  // --- send --------------------------------------------------------------------------------------
  function payload(item) {
    const keys = ["client_uuid", "form", "assignment", "facility", "base_version", "commune", "answers", "latitude",
      "longitude", "accuracy_m", "captured_at", "photos"];
    return Object.fromEntries(keys.map((key) => [key, item[key]]));
  }

  async function sync() {
    if (syncing || !navigator.onLine || !config.syncUrl) return;
    const pending = (await queue.all()).filter((item) => item.state !== "sent");
    if (!pending.length) return;
    syncing = true;
    try {
      const response = await fetch(config.syncUrl, {
        method: "POST",
        credentials: "same-origin",
        headers: { "Content-Type": "application/json", Accept: "application/json", "X-CSRFToken": csrfToken() },
        body: JSON.stringify({ submissions: pending.map(payload) }),
      });
      if (response.status === 401 || response.status === 403) {
        flash(t.signin);
        return;
      }
      if (!response.ok) return;
      const body = await response.json();
      for (const result of body.results || []) {
        const item = pending.find((entry) => entry.client_uuid === result.client_uuid);
        if (!item) continue;
        if (result.result === "error") {
          item.state = "error";
          item.error = Object.values(result.errors || {}).flat().join(" ");
        } else {
          item.state = "sent";
          item.server_id = result.id;
          item.photos = [];
          item.sent_at = new Date().toISOString();
        }
        await queue.put(item);
      }
      await prune();
    } catch (error) {
      // No signal after all: the surveys stay queued for the next try.
    } finally {
      syncing = false;
      await render();
    }
  }

  async function prune() {
    const sent = (await queue.all()).filter((item) => item.state === "sent");
    sent.sort((a, b) => (a.sent_at < b.sent_at ? 1 : -1));
    for (const item of sent.slice(KEEP_SENT)) await queue.remove(item.client_uuid);
  }

  // --- display ------------------------------------------------------------------------------------
  async function render() {
    const items = await queue.all();
    items.sort((a, b) => (a.captured_at < b.captured_at ? 1 : -1));
    const list = el("queue");
    list.replaceChildren();
    if (!items.length) {
      const empty = document.createElement("li");
      empty.textContent = t.nothingQueued;
      list.append(empty);
    }
    items.forEach((item) => {
      const row = document.createElement("li");
      row.dataset.state = item.state;
      row.dataset.uuid = item.client_uuid;
      const what = document.createElement("span");
      what.textContent = `${item.label} · ${new Date(item.captured_at).toLocaleString()}`;
      const state = document.createElement("span");
      state.className = "badge";
      state.textContent = item.state === "sent" ? t.sent : item.state === "error" ? `${t.error}: ${item.error}` : t.waiting;
      row.append(what, state);
      list.append(row);
    });
    const waiting = items.filter((item) => item.state === "waiting").length;
    el("queue-count").textContent = waiting ? `${t.waiting}: ${waiting}` : "";
    showConnection();
  }

  function showConnection() {
    const badge = el("connection");
    badge.textContent = navigator.onLine ? t.online : t.offline;
    badge.className = `badge ${navigator.onLine ? "online" : "offline"}`;
  }

  // --- start -------------------------------------------------------------------------------------
  document.addEventListener("DOMContentLoaded", () => {
    setupPickers();
    el("form-select").addEventListener("change", renderFields);
    el("assignment-select").addEventListener("change", onAssignment);
    el("facility-select").addEventListener("change", onFacility);
    el("fields").addEventListener("change", applySkipLogic);
    el("fields").addEventListener("input", applySkipLogic);
    el("survey-form").addEventListener("submit", save);
    el("locate").addEventListener("click", locate);
    el("send-now").addEventListener("click", sync);
    window.addEventListener("online", () => {
      showConnection();
      sync();
    });
    window.addEventListener("offline", showConnection);
    locate();
    render().then(sync);
    if ("serviceWorker" in navigator && config.swUrl) {
      navigator.serviceWorker.register(config.swUrl, { scope: config.scope }).catch(() => {});
    }
  });
})();
