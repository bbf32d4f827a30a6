/*
 * The pickers of the edit forms (templates/_pickers.html), enhanced:
 * - "Add a country" / "Add a person" copy the last row of their group, emptied, with new ids;
 * - a member input offers matching members as you type (a native <datalist>, so the browser
 *   draws and announces the list), from /people/suggest.
 * Without this script the page shows empty rows to fill and accepts names and usernames as typed.
 */
(function () {
  "use strict";

  var MAX_ROWS = 40;
  var counter = 0;

  function addRow(group) {
    var list = group.querySelector(".picker-rows");
    var rows = list.querySelectorAll(".picker-row");
    if (!rows.length || rows.length >= MAX_ROWS) { return; }
    var row = rows[rows.length - 1].cloneNode(true);
    counter += 1;
    var ids = {};
    row.querySelectorAll("[id]").forEach(function (el) {
      var id = el.id.replace(/-n\d+$/, "") + "-n" + counter;
      ids[el.id] = id;
      el.id = id;
      el.removeAttribute("aria-invalid");
      el.removeAttribute("aria-describedby");
    });
    row.querySelectorAll("label[for]").forEach(function (label) {
      var target = ids[label.htmlFor];
      if (target) { label.htmlFor = target; }
      label.textContent = label.textContent.replace(/\d+(?=\D*$)/, String(rows.length + 1));
    });
    row.querySelectorAll("input").forEach(function (input) { input.value = ""; });
    row.querySelectorAll("select").forEach(function (select, index) {
      if (index === 0) {
        select.value = "";
      } else {
        var fallback = select.querySelector("option[value=partner]");
        if (fallback) { select.value = "partner"; }
      }
    });
    list.appendChild(row);
    var first = row.querySelector("select, input");
    if (first) { first.focus(); }
    if (rows.length + 1 >= MAX_ROWS) { group.querySelector("[data-add-row]").hidden = true; }
  }

  document.querySelectorAll("[data-picker=rows]").forEach(function (group) {
    var button = group.querySelector("[data-add-row]");
    if (!button) { return; }
    button.hidden = false;
    button.addEventListener("click", function () { addRow(group); });
  });

  // ---------- member suggestions ----------

  var datalist = document.createElement("datalist");
  datalist.id = "member-suggestions";
  document.body.appendChild(datalist);
  var timer = null;
  var asked = "";

  function fill(members) {
    datalist.textContent = "";
    members.forEach(function (member) {
      var option = document.createElement("option");
      option.value = member.username;
      option.label = member.display_name + (member.country ? " · " + member.country : "");
      option.textContent = option.label;
      datalist.appendChild(option);
    });
  }

  function suggest(input) {
    var q = input.value.trim();
    if (q.length < 2 || q === asked) { return; }
    asked = q;
    var url = input.getAttribute("data-member-picker") + "?q=" + encodeURIComponent(q);
    fetch(url, { credentials: "same-origin", headers: { Accept: "application/json" } })
      .then(function (response) { return response.ok ? response.json() : { members: [] }; })
      .then(function (data) { if (input.value.trim() === q) { fill(data.members || []); } })
      .catch(function () { /* no suggestions: typing a name still works */ });
  }

  function enhance(input) {
    if (!input.hasAttribute("list")) { input.setAttribute("list", datalist.id); }
  }

  document.querySelectorAll("input[data-member-picker]").forEach(enhance);
  document.addEventListener("focusin", function (event) {
    if (event.target.matches && event.target.matches("input[data-member-picker]")) {
      enhance(event.target);
      asked = "";
      fill([]);
    }
  });
  document.addEventListener("input", function (event) {
    var input = event.target;
    if (!input.matches || !input.matches("input[data-member-picker]")) { return; }
    clearTimeout(timer);
    timer = setTimeout(function () { suggest(input); }, 200);
  });
})();
