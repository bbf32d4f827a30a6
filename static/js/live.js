/*
 * One Socket.IO connection per page, shared by the page's live scripts (thread page, header).
 * The server puts a signed-in user's socket in their own room at connect time.
 */
(function () {
  "use strict";

  var socket = null;
  window.horizonteSocket = function () {
    if (!socket && typeof window.io === "function") {
      socket = window.io({ transports: ["websocket", "polling"] });
    }
    return socket;
  };
})();
