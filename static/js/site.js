/* What every page does with JavaScript on (templates/base.html loads it with defer). Everything
   here only improves what already works without it:
   - the language switcher reloads the page as soon as a language is chosen, so its submit button
     is hidden; chosen with the arrow keys on a closed list (Windows and Linux change the value at
     each press), it waits for Enter or for the focus to leave, so moving through the list does not
     reload the page at every step (WCAG 3.2.2);
   - an open dropdown (<details class="menu menu-dropdown">, and the site menu on a phone) closes on Escape, on a
     click outside it and when another opens. */
(function () {
  "use strict";

  var form = document.querySelector(".lang-switch");
  if (form) {
    var select = form.querySelector("select");
    var button = form.querySelector("button");
    var initial = select.value;
    var byKeys = false;
    var go = function () {
      if (select.value !== initial) {
        initial = select.value;
        if (form.requestSubmit) { form.requestSubmit(); } else { form.submit(); }
      }
    };
    if (button) { button.hidden = true; }
    form.classList.add("is-enhanced");
    select.addEventListener("keydown", function (event) {
      if (event.key === "Enter") { go(); } else if (event.key.length > 1 && event.key !== "Tab") { byKeys = true; }
    });
    select.addEventListener("mousedown", function () { byKeys = false; });
    select.addEventListener("change", function () { if (!byKeys) { go(); } });
    select.addEventListener("blur", function () { if (byKeys) { byKeys = false; go(); } });
  }

  var menus = document.querySelectorAll("details.menu-dropdown, details.site-menu");
  var closeAll = function (except) {
    Array.prototype.forEach.call(menus, function (menu) {
      if (menu !== except && menu.open && !menu.contains(except)) { menu.open = false; }
    });
  };
  Array.prototype.forEach.call(menus, function (menu) {
    menu.addEventListener("toggle", function () { if (menu.open) { closeAll(menu); } });
  });
  document.addEventListener("click", function (event) {
    Array.prototype.forEach.call(menus, function (menu) {
      if (menu.open && !menu.contains(event.target)) { menu.open = false; }
    });
  });
  document.addEventListener("keydown", function (event) {
    if (event.key !== "Escape") { return; }
    Array.prototype.forEach.call(menus, function (menu) {
      if (menu.open && menu.contains(document.activeElement)) {
        menu.open = false;
        var summary = menu.querySelector("summary");
        if (summary) { summary.focus(); }
      }
    });
  });
})();
