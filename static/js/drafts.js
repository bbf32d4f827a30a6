/*
 * Drafts: what the member types in a form marked data-draft-key ("reply:42", "thread:slug",
 * "message:7", "message:new", "experience:3") is kept on the server (PUT /api/v1/drafts/<key>), so
 * it comes back after a reload or on another device: the server fills the empty form from it.
 *
 * At most one write every 5 seconds while typing, and one more when the page is hidden or left
 * (fetch with keepalive, which outlives the page). Submitting does not save: a successful submit
 * deletes the draft on the server, a failed one keeps it there. Without this script a failed
 * submit still keeps the text (the server saves it in that request).
 *
 * A reload can ask for the page before the save sent when leaving it has arrived: the text left is
 * also put in this tab's sessionStorage, and the new page takes it back unless the server's draft
 * is newer (written since, on another device).
 */
(function () {
  "use strict";

  var INTERVAL = 5000;
  var tokenMeta = document.querySelector('meta[name="csrf-token"]');
  var token = tokenMeta ? tokenMeta.getAttribute("content") : "";

  // Only the text fields the form names in data-draft-fields (the server refuses others).
  function fieldsOf(form) {
    var fields = {};
    (form.getAttribute("data-draft-fields") || "").split(" ").forEach(function (name) {
      var el = name && form.elements.namedItem(name);
      if (el && typeof el.value === "string") fields[name] = el.value;
    });
    return fields;
  }

  function watch(form) {
    var key = form.getAttribute("data-draft-key");
    var status = form.querySelector("[data-draft-status]");
    var lastSent = JSON.stringify(fieldsOf(form));
    var lastWrite = 0;
    var timer = null;
    var submitting = false;
    var stashKey = "draft:" + key;

    try {
      var stash = JSON.parse(sessionStorage.getItem(stashKey) || "null");
      sessionStorage.removeItem(stashKey);
      var updated = status ? Date.parse(status.getAttribute("data-updated") || "") : NaN;
      if (stash && stash.fields && (isNaN(updated) || stash.at > updated)) {
        Object.keys(stash.fields).forEach(function (name) {
          var el = form.elements.namedItem(name);
          if (el && typeof el.value === "string") el.value = stash.fields[name];
        });
      }
    } catch (e) { /* storage refused (private mode): the server's draft stands */ }

    function save(keepalive) {
      if (timer) { clearTimeout(timer); timer = null; }
      if (submitting) return;
      var fields = fieldsOf(form);
      var text = JSON.stringify(fields);
      if (text === lastSent) return;
      lastSent = text;
      lastWrite = Date.now();
      var body = {fields: {}};
      Object.keys(fields).forEach(function (name) {
        if (name === "title" || name === "body") body[name] = fields[name];
        else body.fields[name] = fields[name];
      });
      fetch("/api/v1/drafts/" + encodeURIComponent(key), {
        method: "PUT",
        credentials: "same-origin",
        keepalive: !!keepalive,
        headers: {"Content-Type": "application/json", "X-CSRFToken": token},
        body: JSON.stringify(body)
      }).then(function (response) {
        if (status) status.textContent = response.ok ? status.getAttribute("data-saved") : status.getAttribute("data-failed");
        if (!response.ok) lastSent = null;  // try again at the next change
      }).catch(function () { lastSent = null; });
    }

    form.addEventListener("input", function () {
      if (timer) return;
      timer = setTimeout(function () { save(false); }, Math.max(1000, lastWrite + INTERVAL - Date.now()));
    });
    form.addEventListener("submit", function () { submitting = true; if (timer) { clearTimeout(timer); timer = null; } });
    function leave() {
      if (submitting) return;
      try {
        sessionStorage.setItem(stashKey, JSON.stringify({at: Date.now(), fields: fieldsOf(form)}));
      } catch (e) { /* no storage: the keepalive save alone */ }
      save(true);
    }

    window.addEventListener("pagehide", leave);
    document.addEventListener("visibilitychange", function () {
      if (document.visibilityState === "hidden") leave();
    });
    // Back from the page's cache after a submit: the form may be typed in again.
    window.addEventListener("pageshow", function () { submitting = false; });
  }

  var forms = document.querySelectorAll("form[data-draft-key]");
  for (var i = 0; i < forms.length; i++) watch(forms[i]);
})();
