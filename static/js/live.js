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

  /*
   * A message with a count, in the page's language: `forms` holds the gettext forms the page
   * rendered for one and for many ({count} in each); the browser's plural rules pick one.
   */
  var rules = window.Intl && Intl.PluralRules ? new Intl.PluralRules(document.documentElement.lang || "en") : null;
  window.horizontePlural = function (one, other, count) {
    var form = rules ? rules.select(count) : (count === 1 ? "one" : "other");
    return (form === "one" ? one : other).replace(/\{count\}/g, String(count));
  };
})();
