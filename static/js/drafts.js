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

  // State per key rather than per form element: the thread page may swap its reply form for a
  // fresh copy (static/js/thread-live.js), so events are listened to on the document.
  var states = {};

  function stateOf(form) {
    var key = form.getAttribute("data-draft-key");
    if (!states[key]) {
      states[key] = {key: key, lastSent: JSON.stringify(fieldsOf(form)), lastWrite: 0, timer: null,
                     submitting: false};
    }
    return states[key];
  }

  function save(form, keepalive) {
    var state = stateOf(form);
    if (state.timer) { clearTimeout(state.timer); state.timer = null; }
    if (state.submitting) return;
    var fields = fieldsOf(form);
    var text = JSON.stringify(fields);
    if (text === state.lastSent) return;
    state.lastSent = text;
    state.lastWrite = Date.now();
    var body = {fields: {}};
    Object.keys(fields).forEach(function (name) {
      if (name === "title" || name === "body") body[name] = fields[name];
      else body.fields[name] = fields[name];
    });
    fetch("/api/v1/drafts/" + encodeURIComponent(state.key), {
      method: "PUT",
      credentials: "same-origin",
      keepalive: !!keepalive,
      headers: {"Content-Type": "application/json", "X-CSRFToken": token},
      body: JSON.stringify(body)
    }).then(function (response) {
      var status = document.querySelector('form[data-draft-key="' + state.key + '"] [data-draft-status]');
      if (status) status.textContent = status.getAttribute(response.ok ? "data-saved" : "data-failed");
      if (!response.ok) state.lastSent = null;  // try again at the next change
    }).catch(function () { state.lastSent = null; });
  }

  function leave(form) {
    if (stateOf(form).submitting) return;
    try {
      sessionStorage.setItem("draft:" + form.getAttribute("data-draft-key"),
                             JSON.stringify({at: Date.now(), fields: fieldsOf(form)}));
    } catch (e) { /* no storage: the keepalive save alone */ }
    save(form, true);
  }

  function restore(form) {
    var stashKey = "draft:" + form.getAttribute("data-draft-key");
    try {
      var stash = JSON.parse(sessionStorage.getItem(stashKey) || "null");
      sessionStorage.removeItem(stashKey);
      var status = form.querySelector("[data-draft-status]");
      var updated = status ? Date.parse(status.getAttribute("data-updated") || "") : NaN;
      if (stash && stash.fields && (isNaN(updated) || stash.at > updated)) {
        Object.keys(stash.fields).forEach(function (name) {
          var el = form.elements.namedItem(name);
          if (el && typeof el.value === "string") el.value = stash.fields[name];
        });
      }
    } catch (e) { /* storage refused (private mode): the server's draft stands */ }
  }

  function draftForm(target) {
    return target && target.closest ? target.closest("form[data-draft-key]") : null;
  }

  document.addEventListener("input", function (event) {
    var form = draftForm(event.target);
    if (!form) return;
    var state = stateOf(form);
    if (state.timer) return;
    state.timer = setTimeout(function () {
      state.timer = null;
      var current = document.querySelector('form[data-draft-key="' + state.key + '"]');
      if (current) save(current, false);
    }, Math.max(1000, state.lastWrite + INTERVAL - Date.now()));
  });
  document.addEventListener("submit", function (event) {
    var form = draftForm(event.target);
    if (!form) return;
    var state = stateOf(form);
    state.submitting = true;
    if (state.timer) { clearTimeout(state.timer); state.timer = null; }
  });
  function leaveAll() {
    var forms = document.querySelectorAll("form[data-draft-key]");
    for (var i = 0; i < forms.length; i++) leave(forms[i]);
  }
  window.addEventListener("pagehide", leaveAll);
  document.addEventListener("visibilitychange", function () {
    if (document.visibilityState === "hidden") leaveAll();
  });
  // Back from the page's cache after a submit: the form may be typed in again.
  window.addEventListener("pageshow", function () {
    Object.keys(states).forEach(function (key) { states[key].submitting = false; });
  });

  var forms = document.querySelectorAll("form[data-draft-key]");
  // The state first: a text taken back from this tab is then unsent, and saved at the next change or leave.
  for (var i = 0; i < forms.length; i++) { stateOf(forms[i]); restore(forms[i]); }
})();
