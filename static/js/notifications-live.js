/*
 * The header's unread-notification count, kept current without a reload, and announced politely
 * to screen readers. Without JavaScript the count is right at every page load.
 */
(function () {
  "use strict";

  var link = document.getElementById("notifications-link");
  var socket = window.horizonteSocket && window.horizonteSocket();
  if (!link || !socket) { return; }
  var announcer = document.getElementById("live-notice");
  var count = Number(link.dataset.unread) || 0;

  function show() {
    var badge = link.querySelector(".count-badge");
    if (!badge) {
      badge = document.createElement("span");
      badge.className = "count-badge";
      link.appendChild(document.createTextNode(" "));
      link.appendChild(badge);
    }
    badge.textContent = count.toLocaleString(document.documentElement.lang || undefined);
    var hidden = document.createElement("span");
    hidden.className = "visually-hidden";
    hidden.textContent = " " + window.horizontePlural(link.dataset.tUnreadOne, link.dataset.tUnreadOther, count);
    badge.appendChild(hidden);
    badge.dataset.unreadCount = String(count);
  }

  socket.on("connect", function () { link.dataset.live = "connected"; });
  if (socket.connected) { link.dataset.live = "connected"; }
  socket.on("disconnect", function () { link.dataset.live = "disconnected"; });

  socket.on("notification", function () {
    count += 1;
    link.dataset.unread = String(count);
    show();
    if (announcer) {
      announcer.textContent = "";
      window.setTimeout(function () {
        announcer.textContent = window.horizontePlural(link.dataset.tNewOne, link.dataset.tNewOther, count);
      }, 50);
    }
  });
})();
