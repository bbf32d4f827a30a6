/*
 * Live thread page: new replies, edits, deletions and moderation appear without a reload.
 *
 * Progressive enhancement only: the page works fully without this script. Posts are applied by
 * number, so a replayed or duplicated event changes nothing. Every (re)join names `confirmed`,
 * the number up to which this page has every post, and the server replays what came after it:
 * after a reconnect, and on "resync", which the server sends when its link to the other server
 * processes (Redis) came back and events may have been lost meanwhile.
 * HTML in events was sanitized by the server when the post was written.
 */
(function () {
  "use strict";

  var posts = document.getElementById("posts");
  var socket = posts && window.horizonteSocket && window.horizonteSocket();
  if (!socket) { return; }

  var threadId = Number(posts.dataset.threadId);
  var room = "thread:" + threadId;
  var onLastPage = Number(posts.dataset.page) >= Number(posts.dataset.pages);
  var lastNumber = Number(posts.dataset.lastNumber) || 0;
  var confirmed = lastNumber;  // every post up to this number is on the page (or on earlier pages)
  var received = {};  // numbers above `confirmed` that arrived, while one below them is missing
  var unseen = [];
  var text = posts.dataset;

  var bar = document.getElementById("live-bar");
  var presenceEl = document.getElementById("live-presence");
  var typingEl = document.getElementById("live-typing");
  var newPostsEl = document.getElementById("live-new-posts");
  var connectionEl = document.getElementById("live-connection");
  var announcer = document.getElementById("live-status");
  var typingTimer = null;

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

  function article(number) {
    return posts.querySelector('article[data-number="' + number + '"]');
  }

  function nearBottom() {
    return window.innerHeight + window.scrollY >= document.body.offsetHeight - 200;
  }

  function setBody(node, post) {
    var old = node.querySelector(".post-body");
    var note = node.querySelector(".hidden-note");
    if (note) { note.remove(); }
    var body;
    if (post.is_deleted) {
      body = document.createElement("p");
      body.className = "post-body post-deleted";
      body.textContent = text.tDeleted;
    } else if (post.is_hidden && post.html === null) {
      body = document.createElement("p");
      body.className = "post-body post-hidden";
      body.textContent = text.tHidden;
    } else {
      body = document.createElement("div");
      body.className = "post-body";
      if (post.language) { body.lang = post.language; }
      body.innerHTML = post.html;
      if (post.is_hidden) {
        var hiddenNote = document.createElement("p");
        hiddenNote.className = "hidden-note";
        hiddenNote.textContent = post.hidden_pending_review ? text.tHiddenFlagged
          : fill(text.tHiddenNote, { reason: post.hidden_reason || "—" });
        node.insertBefore(hiddenNote, old);
      }
    }
    node.classList.toggle("is-deleted", post.is_deleted);
    node.classList.toggle("is-hidden", post.is_hidden);
    if (post.is_deleted || (post.is_hidden && post.html === null)) {
      var actions = node.querySelector(".post-actions");
      if (actions) { actions.remove(); }
    }
    if (old) { old.replaceWith(body); } else { node.appendChild(body); }
  }

  function buildArticle(post) {
    var node = document.createElement("article");
    node.id = "post-" + post.number;
    node.className = "post is-new";
    node.dataset.number = post.number;
    node.dataset.postId = post.id;
    node.setAttribute("aria-labelledby", "post-" + post.number + "-h");

    var header = document.createElement("header");
    header.className = "post-header";
    var heading = document.createElement("h2");
    heading.className = "post-author";
    heading.id = "post-" + post.number + "-h";
    if (post.author) {
      var authorLink = document.createElement("a");
      authorLink.href = "/u/" + encodeURIComponent(post.author.username);
      authorLink.textContent = post.author.display_name;
      heading.appendChild(authorLink);
    }
    var meta = document.createElement("p");
    meta.className = "post-meta";
    var link = document.createElement("a");
    link.className = "permalink";
    link.href = "/p/" + post.id;
    link.textContent = "#" + post.number;
    var time = document.createElement("time");
    time.dateTime = post.created_at;
    time.textContent = new Date(post.created_at).toLocaleString(document.documentElement.lang || undefined);
    meta.appendChild(link);
    meta.appendChild(document.createTextNode(" "));
    meta.appendChild(time);
    header.appendChild(heading);
    header.appendChild(meta);
    node.appendChild(header);
    setBody(node, post);

    if (text.canReply === "true" && !post.is_deleted && !post.is_hidden) {
      var actions = document.createElement("ul");
      actions.className = "post-actions";
      var item = document.createElement("li");
      var quote = document.createElement("a");
      quote.href = "/t/" + threadId + "/reply?quote=" + post.id;
      quote.textContent = text.tQuote;
      item.appendChild(quote);
      actions.appendChild(item);
      node.appendChild(actions);
    }
    return node;
  }

  function showUnseen() {
    if (!unseen.length) {
      newPostsEl.hidden = true;
      return;
    }
    newPostsEl.textContent = window.horizontePlural(text.tNewPostsOne, text.tNewPostsOther, unseen.length);
    newPostsEl.hidden = false;
    bar.hidden = false;
  }

  newPostsEl.addEventListener("click", function (event) {
    if (!onLastPage || !unseen.length) { return; }  // off the last page: follow the link
    event.preventDefault();
    var first = article(unseen[0]);
    unseen = [];
    showUnseen();
    if (first) {
      first.setAttribute("tabindex", "-1");
      first.scrollIntoView({ behavior: "smooth", block: "start" });
      first.focus({ preventScroll: true });
    }
  });

  window.addEventListener("scroll", function () {
    if (unseen.length && nearBottom()) {
      unseen = [];
      showUnseen();
    }
  }, { passive: true });

  function markReceived(number) {
    if (number <= confirmed) { return; }
    received[number] = true;
    while (received[confirmed + 1]) {
      delete received[confirmed + 1];
      confirmed += 1;
    }
    Object.keys(received).forEach(function (n) { if (Number(n) <= confirmed) { delete received[n]; } });
  }

  function insertInOrder(node, number) {
    var later = Array.prototype.filter.call(posts.querySelectorAll("article[data-number]"), function (a) {
      return Number(a.dataset.number) > number;
    });
    if (later.length && later.length < posts.querySelectorAll("article[data-number]").length) {
      posts.insertBefore(node, later[0]);
    }
  }

  function onCreated(post) {
    if (post.thread_id !== threadId) { return; }
    markReceived(post.number);
    if (article(post.number)) { return; }  // already have it
    if (post.number <= lastNumber) {  // one that was missed while later ones arrived: put it in its place
      if (onLastPage) { insertInOrder(buildArticle(post), post.number); }
      return;
    }
    var wasNearBottom = nearBottom();
    lastNumber = post.number;
    posts.dataset.lastNumber = String(lastNumber);
    if (!onLastPage) {
      unseen.push(post.number);
      showUnseen();
      return;
    }
    posts.appendChild(buildArticle(post));
    if (!wasNearBottom) {
      unseen.push(post.number);
      showUnseen();
    }
    announce(fill(text.tNewPost, { name: post.author ? post.author.display_name : "" }));
  }

  function onChanged(post) {
    var node = article(post.number);
    if (!node || post.thread_id !== threadId) { return; }
    setBody(node, post);
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
  socket.on("disconnect", function () {
    connectionEl.textContent = text.tReconnecting;
    bar.hidden = false;
  });
  socket.on("post.created", onCreated);
  socket.on("post.updated", onChanged);
  socket.on("post.deleted", onChanged);
  socket.on("post.hidden", onChanged);
  socket.on("thread.updated", function (thread) {
    if (thread.id !== threadId) { return; }
    var heading = document.querySelector("h1");
    if (heading && thread.title && heading.textContent !== thread.title) {
      heading.textContent = thread.title;
      document.title = document.title.replace(/^[^·]*·/, thread.title + " ·");
    }
    var replyForm = document.querySelector(".reply-form");
    if (thread.is_locked && replyForm && text.canModerate !== "true") {
      var notice = document.createElement("p");
      notice.className = "notice notice-locked";
      notice.textContent = text.tLocked;
      replyForm.replaceWith(notice);
    }
    if (thread.moved_from !== undefined || thread.is_deleted || (thread.is_locked !== undefined &&
        !!thread.is_locked !== (posts.dataset.locked === "true"))) {
      connectionEl.textContent = text.tThreadChanged;
      bar.hidden = false;
    }
    if (thread.is_locked !== undefined) { posts.dataset.locked = thread.is_locked ? "true" : "false"; }
    announce(text.tThreadChanged);
  });
  socket.on("reload", function () {
    connectionEl.textContent = text.tReload;
    bar.hidden = false;
  });
  socket.on("presence", function (data) {
    if (data.room !== room) { return; }
    var label = window.horizontePlural(text.tReadersOne, text.tReadersOther, data.count);
    presenceEl.textContent = data.names.length ? label + " (" + data.names.join(", ") + ")" : label;
    bar.hidden = false;
  });
  socket.on("typing", function (data) {
    if (data.room !== room || !data.user) { return; }
    typingEl.textContent = fill(text.tTyping, { name: data.user.display_name });
    window.clearTimeout(typingTimer);
    typingTimer = window.setTimeout(function () { typingEl.textContent = ""; }, 4000);
  });

  var textarea = document.querySelector(".reply-form textarea");
  var lastTyping = 0;
  if (textarea) {
    textarea.addEventListener("input", function () {
      var now = Date.now();
      if (now - lastTyping > 3000) {
        lastTyping = now;
        socket.emit("typing", { room: room });
      }
    });
  }
}());
