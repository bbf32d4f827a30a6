/*
 * Live thread page: new replies, edits, deletions and moderation appear without a reload, and look
 * exactly as they would after one.
 *
 * Progressive enhancement only: the page works fully without this script. The Socket.IO events
 * name posts by number and carry nothing that depends on the reader; for each burst of them the
 * script asks the server for those posts rendered for this reader (GET /t/<id>/posts?numbers=…,
 * the partial the page itself renders) and puts them in place by number, so a replayed or
 * duplicated event changes nothing. A change to the thread itself (a lock, a rename, a move) fetches
 * the page again and swaps its live parts. One request at a time, in order, so an older answer
 * never overwrites a newer one.
 * Every (re)join names `confirmed`, the number up to which this page has every post, and the server
 * replays what came after it: after a reconnect, and on "resync", which the server sends when its
 * link to the other server processes (Redis) came back and events may have been lost meanwhile.
 */
(function () {
  "use strict";

  // "Moderate this thread" in the header opens the folded panel it points to (without JavaScript
  // it scrolls to the panel's summary, which opens on a click).
  function openPanel(id) {
    var panel = document.getElementById(id);
    if (panel && panel.tagName === "DETAILS") { panel.open = true; }
  }
  document.addEventListener("click", function (event) {
    var link = event.target.closest && event.target.closest("a[data-opens]");
    if (link) { openPanel(link.dataset.opens); }
  });
  if (window.location.hash === "#moderate-h" || window.location.hash === "#moderate") { openPanel("moderate"); }

  var posts = document.getElementById("posts");
  var socket = posts && window.horizonteSocket && window.horizonteSocket();
  if (!socket) { return; }

  var text = posts.dataset;
  var threadId = Number(text.threadId);
  var room = "thread:" + threadId;
  var perPage = Number(text.perPage) || 20;
  var page = Number(text.page) || 1;
  var pageFirst = (page - 1) * perPage + 1;
  var pageLast = page * perPage;
  var lastNumber = Number(text.lastNumber) || 0;
  var confirmed = lastNumber;  // every post up to this number is on the page (or on other pages)
  var received = {};  // numbers above `confirmed` that arrived, while one below them is missing
  var unseen = [];

  var bar = document.getElementById("live-bar");
  var presenceEl = document.getElementById("live-presence");
  var typingEl = document.getElementById("live-typing");
  var newPostsEl = document.getElementById("live-new-posts");
  var connectionEl = document.getElementById("live-connection");
  var announcer = document.getElementById("live-status");
  var reducedMotion = window.matchMedia && window.matchMedia("(prefers-reduced-motion: reduce)").matches;

  function fill(template, values) {
    return template.replace(/\{(\w+)\}/g, function (_, key) {
      return values[key] === undefined ? "" : String(values[key]);
    });
  }

  function announce(message) {
    if (!announcer) { return; }
    announcer.textContent = "";
    window.setTimeout(function () { announcer.textContent = message; }, 50);
  }

  function notice(message) {
    connectionEl.textContent = message;
    bar.hidden = false;
  }

  function article(number) {
    return posts.querySelector(':scope > article[data-number="' + number + '"]');
  }

  function onThisPage(number) {
    return number >= pageFirst && number <= pageLast;
  }

  function nearBottom() {
    return window.innerHeight + window.scrollY >= document.body.offsetHeight - 200;
  }

  // ---------- who is typing ----------

  var typists = {};  // user id -> {name, timer}

  function showTypists() {
    typingEl.textContent = Object.keys(typists).map(function (id) {
      return fill(text.tTyping, { name: typists[id].name });
    }).join(" ");
  }

  function stopTyping(userId) {
    if (!typists[userId]) { return; }
    window.clearTimeout(typists[userId].timer);
    delete typists[userId];
    showTypists();
  }

  // ---------- new posts below the fold, or on a later page ----------

  function showUnseen() {
    if (!unseen.length) {
      newPostsEl.hidden = true;
      return;
    }
    var last = unseen[unseen.length - 1];
    newPostsEl.href = window.location.pathname + "?page=" + Math.ceil(last / perPage) + "#post-" + last;
    newPostsEl.textContent = window.horizontePlural(text.tNewPostsOne, text.tNewPostsOther, unseen.length);
    newPostsEl.hidden = false;
    bar.hidden = false;
  }

  newPostsEl.addEventListener("click", function (event) {
    var first = unseen.length && article(unseen[0]);
    if (!first) { return; }  // on a later page: follow the link
    event.preventDefault();
    unseen = [];
    showUnseen();
    first.setAttribute("tabindex", "-1");
    first.scrollIntoView({ behavior: reducedMotion ? "auto" : "smooth", block: "start" });
    first.focus({ preventScroll: true });
  });

  window.addEventListener("scroll", function () {
    if (unseen.length && nearBottom() && unseen.every(function (n) { return article(n); })) {
      unseen = [];
      showUnseen();
    }
  }, { passive: true });

  // ---------- putting server-rendered posts in place ----------

  function sameArticle(old, fresh) {
    // A menu the reader opened is not a difference worth losing what they typed in it.
    var copy = old.cloneNode(true);
    copy.removeAttribute("tabindex");
    Array.prototype.forEach.call(copy.querySelectorAll("details[open]"), function (d) { d.removeAttribute("open"); });
    return copy.outerHTML === fresh.outerHTML;
  }

  function insertInOrder(node, number) {
    var later = Array.prototype.find.call(posts.querySelectorAll(":scope > article[data-number]"), function (a) {
      return Number(a.dataset.number) > number;
    });
    if (later) { posts.insertBefore(node, later); } else { posts.appendChild(node); }
  }

  // Put `fresh` (articles rendered by the server) in place; `asked` numbers missing from it are gone.
  function placeArticles(fresh, asked) {
    var wasNearBottom = nearBottom();
    var got = {};
    var added = [];
    fresh.forEach(function (node) {
      var number = Number(node.dataset.number);
      got[number] = true;
      if (!onThisPage(number)) { return; }
      node = document.importNode(node, true);
      var old = article(number);
      if (old) {
        if (sameArticle(old, node)) { return; }
        var menu = old.querySelector("details.post-menu[open]");
        var newMenu = node.querySelector("details.post-menu");
        if (menu && newMenu) { newMenu.open = true; }
        old.replaceWith(node);
        return;
      }
      insertInOrder(node, number);
      added.push(node);
    });
    asked.forEach(function (number) {
      var old = !got[number] && article(number);
      if (old) { old.remove(); }  // moved to another thread
    });
    added.forEach(function (node) {
      if (!reducedMotion && node.animate) {
        node.animate([{ backgroundColor: "#fff6d6" }, { backgroundColor: "transparent" }], { duration: 1500 });
      }
      if (!wasNearBottom) { unseen.push(Number(node.dataset.number)); }
    });
    if (added.length) {
      var name = added[added.length - 1].querySelector(".post-author a");
      announce(fill(text.tNewPost, { name: name ? name.textContent : "" }));
      showUnseen();
    }
  }

  function replaceById(fresh, id) {
    var mine = document.getElementById(id);
    var theirs = fresh.querySelector("#" + id);
    if (mine && theirs) { mine.replaceWith(document.importNode(theirs, true)); }
  }

  // ---------- one request at a time ----------

  var wanted = {};  // post numbers to fetch
  var wantCounter = false;  // the reply counter, even with no post of this page to fetch
  var wantPage = false;  // the whole page: the thread itself changed
  var busy = false;
  var timer = null;

  function schedule() {
    // A burst of events, one request; the readers of a busy thread spread theirs over 250 ms.
    if (!busy && !timer) { timer = window.setTimeout(run, 50 + Math.floor(Math.random() * 200)); }
  }

  function want(number) {
    wantCounter = true;
    if (number !== undefined && onThisPage(number)) { wanted[number] = true; }
    schedule();
  }

  function request(url) {
    return window.fetch(url, { credentials: "same-origin", headers: { Accept: "text/html" } }).then(function (response) {
      if (!response.ok) { throw new Error(String(response.status)); }
      return response.text().then(function (body) { return { body: body, url: response.url, redirected: response.redirected }; });
    });
  }

  function fetchPosts() {
    var numbers = Object.keys(wanted).map(Number).sort(function (a, b) { return a - b; });
    var batch = numbers.slice(0, 50);
    wanted = {};
    numbers.slice(50).forEach(function (n) { wanted[n] = true; });
    wantCounter = numbers.length > 50;
    // The opening post's links depend on the replies (its author may delete it while it has none).
    if (article(1) && batch.indexOf(1) < 0) { batch.unshift(1); }
    return request(text.fragmentUrl + "?numbers=" + batch.join(",")).then(function (answer) {
      var template = document.createElement("template");
      template.innerHTML = answer.body;
      replaceById(template.content, "reply-count");
      placeArticles(Array.prototype.filter.call(template.content.children, function (node) {
        return node.matches("article[data-number]");
      }), batch);
    });
  }

  function swapPart(fresh, name) {
    var mine = document.querySelector('[data-live-part="' + name + '"]');
    var theirs = fresh.querySelector('[data-live-part="' + name + '"]');
    if (!theirs) {
      if (mine) { mine.remove(); }
      return;
    }
    if (!mine) { return; }
    theirs = document.importNode(theirs, true);
    if (name === "reply") {
      var draft = mine.querySelector("textarea");
      if (draft && draft.value && theirs.querySelector("textarea")) { return; }  // keep what is being written
    }
    if (mine.tagName === "DETAILS" && mine.open) { theirs.open = true; }
    mine.replaceWith(theirs);
  }

  function fetchPage() {
    wanted = {};
    wantCounter = false;
    wantPage = false;
    return request(window.location.pathname + window.location.search).then(function (answer) {
      var fresh = new DOMParser().parseFromString(answer.body, "text/html");
      var freshPosts = fresh.getElementById("posts");
      if (!freshPosts) { throw new Error("no posts"); }
      if (answer.redirected && window.history.replaceState) {  // renamed: the address has a new slug
        window.history.replaceState(null, "", answer.url.replace(/#.*$/, "") + window.location.hash);
      }
      document.title = fresh.title;
      ["breadcrumb", "header", "reply", "moderation"].forEach(function (name) { swapPart(fresh, name); });
      var current = Array.prototype.map.call(posts.querySelectorAll(":scope > article[data-number]"), function (a) {
        return Number(a.dataset.number);
      });
      placeArticles(Array.prototype.slice.call(freshPosts.querySelectorAll(":scope > article[data-number]")), current);
    });
  }

  function run() {
    timer = null;
    if (!wantPage && !wantCounter && !Object.keys(wanted).length) { return; }
    busy = true;
    (wantPage ? fetchPage() : fetchPosts()).catch(function () {
      notice(text.tThreadChanged);  // deleted or moved out of reach, or the network: a reload says
    }).then(function () {
      busy = false;
      if (wantPage || wantCounter || Object.keys(wanted).length) { schedule(); }
    });
  }

  // ---------- events ----------

  function markReceived(number) {
    if (number <= confirmed) { return; }
    received[number] = true;
    while (received[confirmed + 1]) {
      delete received[confirmed + 1];
      confirmed += 1;
    }
    Object.keys(received).forEach(function (n) { if (Number(n) <= confirmed) { delete received[n]; } });
  }

  function onCreated(post) {
    if (post.thread_id !== threadId) { return; }
    markReceived(post.number);
    if (post.author) { stopTyping(post.author.id); }
    if (post.number > lastNumber) {
      lastNumber = post.number;
      text.lastNumber = String(lastNumber);
    }
    if (article(post.number)) { return; }  // already have it
    if (post.number > pageLast && unseen.indexOf(post.number) < 0) {  // on a later page: say so
      unseen.push(post.number);
      showUnseen();
    }
    want(post.number);  // the counter, and the post when it belongs on this page
  }

  function onChanged(post) {
    if (post.thread_id !== threadId) { return; }
    want(post.number);
  }

  function joinThread() {
    connectionEl.textContent = "";
    socket.emit("join", { room: room, after: confirmed }, function (ack) {
      // The replay came before this answer: the page now has every post up to last_number.
      if (ack && ack.ok && ack.last_number > confirmed) {
        confirmed = ack.last_number - 1;
        markReceived(ack.last_number);
      }
    });
  }
  socket.on("connect", joinThread);
  socket.on("resync", joinThread);
  // The shared connection may be up already (another script on the page opened it).
  if (socket.connected) { joinThread(); }
  socket.on("disconnect", function () { notice(text.tReconnecting); });
  socket.on("post.created", onCreated);
  socket.on("post.updated", onChanged);
  socket.on("post.deleted", onChanged);
  socket.on("post.hidden", onChanged);
  socket.on("thread.updated", function (thread) {
    if (thread.id !== threadId) { return; }
    wantPage = true;
    schedule();
  });
  socket.on("reload", function () { notice(text.tReload); });
  socket.on("presence", function (data) {
    if (data.room !== room) { return; }
    var label = window.horizontePlural(text.tReadersOne, text.tReadersOther, data.count);
    presenceEl.textContent = data.names.length ? label + " (" + data.names.join(", ") + ")" : label;
    bar.hidden = false;
  });
  socket.on("typing", function (data) {
    if (data.room !== room || !data.user) { return; }
    var id = data.user.id;
    if (typists[id]) { window.clearTimeout(typists[id].timer); }
    typists[id] = { name: data.user.display_name, timer: window.setTimeout(function () { stopTyping(id); }, 6000) };
    showTypists();
  });

  // The reply form may be swapped (a lock), so listen on the document.
  var lastTyping = 0;
  document.addEventListener("input", function (event) {
    if (!event.target.matches || !event.target.matches(".reply-form textarea")) { return; }
    var now = Date.now();
    if (now - lastTyping > 3000) {
      lastTyping = now;
      socket.emit("typing", { room: room });
    }
  });
}());
