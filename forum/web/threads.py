"""Thread pages: reading, starting, replying (and quoting), editing, deleting, revisions."""

from flask import Blueprint, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from forum import content, permissions
from forum.errors import ForumError, ValidationError
from forum.i18n import language_name
from forum.models import REACTION_KINDS, THREAD_KINDS
from forum.ratelimits import post_limit, reaction_limit
from forum.services import answers as answer_service
from forum.services import bookmarks
from forum.services import cooperation as cooperation_service
from forum.services import posts as post_service
from forum.services import reactions as reaction_service
from forum.services.communities import access_community
from forum.services.cooperation_interest import interests_for
from forum.services.subscriptions import subscription_level
from forum.services.threads import (
    access_thread,
    check_may_create_thread,
    do_set_thread_language,
    load_page_parts,
    posts_numbered,
    posts_on_page,
    thread_page_count,
)
from forum.services.validation import MAX_ID, check_int, check_optional_int
from forum.web import page_cache
from forum.web.cooperation_forms import CooperationThreadForm, MatchForm
from forum.web.drafts import prefill
from forum.web.forms import EmptyForm, PostForm, ThreadLanguageForm, show_error
from forum.web.helpers import id_arg, page_arg, redirect_with_error
from forum.web.uploads import attach_file, restore_typed

bp = Blueprint("threads", __name__)


def _allowed_kinds(community_id: int) -> list[str]:
    return [k for k in THREAD_KINDS if permissions.can_post_kind(current_user, k, community_id)]


@bp.get("/t/<int:thread_id>", defaults={"slug": None})
@bp.get("/t/<int:thread_id>/<slug>")
def show(thread_id: int, slug: str | None):
    cacheable = page_cache.applies()
    thread = access_thread(current_user, thread_id, page_parts=not cacheable)
    page = page_arg()
    if slug != thread.slug:
        return redirect(url_for("threads.show", thread_id=thread.id, slug=thread.slug,
                                **({"page": page} if page > 1 else {})), 301)
    per_page = current_app.config["POSTS_PER_PAGE"]
    pages = thread_page_count(thread, per_page)
    if page > pages:
        return render_template("error.html", status=404, code="not_found",
                               message=_("This page does not exist.")), 404
    reply_form = PostForm(formdata=None)
    if cacheable:
        return page_cache.anonymous_page(
            "thread", thread.id, thread.revision, page,
            build=lambda: _render_thread(load_page_parts(thread), page, pages, reply_form)[0])
    prefill(reply_form, f"reply:{thread.id}")
    return _render_thread(thread, page, pages, reply_form)


def _render_thread(thread, page: int, pages: int, reply_form: PostForm, status: int = 200):
    per_page = current_app.config["POSTS_PER_PAGE"]
    details = thread.cooperation if thread.kind in cooperation_service.COOPERATION_KINDS else None
    posts = posts_on_page(thread, page, per_page)
    thread_bookmark, bookmarked_posts = bookmarks.thread_page_bookmarks(current_user, thread.id, [p.id for p in posts])
    return render_template(
        "threads/show.html", thread=thread, community=thread.community,
        posts=posts, page=page, pages=pages,
        bookmarked_posts=bookmarked_posts, thread_bookmark=thread_bookmark,
        my_reactions=reaction_service.my_reactions(current_user, [p.id for p in posts]),
        reply_form=reply_form, action_form=EmptyForm(), experience=thread.experience,
        cooperation=details, match_form=MatchForm(),
        suggestions=cooperation_service.explained_suggestions(details) if details is not None
        and cooperation_service.is_active(details) else [],
        links=cooperation_service.links(details) if details is not None else None,
        interests=interests_for(current_user, thread) if details is not None else [],
        subscription_level=subscription_level(current_user, thread),
        language_form=ThreadLanguageForm(formdata=None),
    ), status


# At most this many posts in one live fragment (a page's worth is 20).
MAX_FRAGMENT_POSTS = 50


@bp.get("/t/<int:thread_id>/posts")
def posts_fragment(thread_id: int):
    """Posts of the thread rendered for this reader, for the live page (static/js/thread-live.js).

    The Socket.IO events name posts by number and carry nothing that depends on the reader; the
    page asks here for the posts an event named and gets the very partial the page renders
    (threads/_post.html), with this reader's links, country, organization and times, and the
    header's reply counter. `?numbers=3,4,1` (at most MAX_FRAGMENT_POSTS; empty: the counter
    alone); without it, the first page. A number the thread does not have (any more: a split) is
    left out; a thread the reader may not see is a 404, as its page is.
    """
    thread = access_thread(current_user, thread_id)
    raw = request.args.get("numbers")
    if raw is None:
        posts = posts_on_page(thread, 1, current_app.config["POSTS_PER_PAGE"])
    else:
        parts = [part for part in raw.split(",") if part] if len(raw) <= 12 * MAX_FRAGMENT_POSTS else None
        if parts is None or len(parts) > MAX_FRAGMENT_POSTS:
            raise ValidationError("numbers", _("Ask for at most %(num)s posts at a time.", num=MAX_FRAGMENT_POSTS),
                                  code="too_many")
        numbers = {check_int(part, "numbers", minimum=1, maximum=10**9) for part in parts}
        posts = posts_numbered(thread, sorted(numbers))
    html = render_template("threads/_posts_fragment.html", thread=thread, posts=posts, action_form=EmptyForm(),
                           bookmarked_posts=bookmarks.bookmark_ids(current_user, "post", [p.id for p in posts]),
                           my_reactions=reaction_service.my_reactions(current_user, [p.id for p in posts]))
    # What this reader may see, and only now: never kept by a browser or a proxy.
    return html, 200, {"Cache-Control": "private, no-store", "Content-Type": "text/html; charset=utf-8"}


@bp.route("/c/<slug>/new", methods=["GET", "POST"])
@login_required
@post_limit
def create(slug: str):
    community = access_community(slug)
    form = CooperationThreadForm(kinds=_allowed_kinds(community.id))
    if request.method == "GET":
        check_may_create_thread(current_user, community)
        form.country.data = current_user.country
        if request.args.get("kind") in {choice.value for choice in form.kind.choices}:  # "Publish an offer"
            form.kind.data = request.args["kind"]
        prefill(form, f"thread:{community.slug}")
        _cite_experience(form, request.args.get("replicates"))
    else:
        typed = form.body.data
        try:
            attach_file(form)
            # The cooperation fieldset counts only for offers and requests (it is on the page for all kinds,
            # so the form works without JavaScript).
            is_cooperation = form.kind.data in cooperation_service.COOPERATION_KINDS
            thread, _details = cooperation_service.do_create_cooperation_thread(
                current_user, community, title=form.title.data, body=form.body.data, kind=form.kind.data,
                cooperation=form.cooperation_data() if is_cooperation else None, language=form.language.data)
        except ForumError as error:
            return _form_error("threads/new.html", form, error, typed, community=community)
        return redirect(url_for("threads.show", thread_id=thread.id, slug=thread.slug))
    return render_template("threads/new.html", form=form, community=community)


def _cite_experience(form: CooperationThreadForm, value: str | None) -> None:
    """"We want to replicate this": a request that cites the experience, its text started."""
    from forum.services.experiences import published_experience

    experience = published_experience(value)
    if experience is None:
        return
    form.kind.data = "request"
    form.replicates_experience_id.data = experience.id
    link = url_for("experiences.show", experience_id=experience.id, slug=experience.slug, _external=True)
    form.title.data = form.title.data or _("Replicating: %(title)s", title=experience.title)[:200]
    form.body.data = form.body.data or _("We want to replicate the experience [%(title)s](%(link)s) in our "
                                         "country. What we need:", title=experience.title, link=link)


def _form_error(template: str, form, error: ForumError, typed: str | None, **context):
    """Show the form again with what the user typed and the error next to its field (an error
    status: the request's writes are rolled back, an attached file's too)."""
    if isinstance(error, ValidationError):
        show_error(form, error)
    else:
        form.form_errors.append(error.message)
    restore_typed(form, typed)
    return render_template(template, form=form, **context), error.status


@bp.post("/t/<int:thread_id>/language")
@login_required
def set_language(thread_id: int):
    thread = access_thread(current_user, thread_id)
    form = ThreadLanguageForm()
    try:
        do_set_thread_language(current_user, thread, language=form.language.data)
    except ValidationError as error:
        return redirect_with_error(url_for("threads.show", thread_id=thread.id, slug=thread.slug), error.message)
    flash(_("The language of the thread is now %(language)s.",
            language=language_name(thread.language, in_sentence=True)), "success")
    return redirect(url_for("threads.show", thread_id=thread.id, slug=thread.slug))


@bp.route("/t/<int:thread_id>/reply", methods=["GET", "POST"])
@login_required
@post_limit
def reply(thread_id: int):
    thread = access_thread(current_user, thread_id)
    form = PostForm()
    if request.method == "GET":
        post_service.check_may_reply(current_user, thread)
        prefill(form, f"reply:{thread.id}")
        quoted = id_arg("quote")
        if quoted:
            post = post_service.access_post(current_user, quoted)
            if post.thread_id == thread.id and permissions.can_quote_post(current_user, post):
                quote = content.quote(post.source, post.author.username,
                                      url_for("main.post_permalink", post_id=post.id))
                form.body.data = f"{form.body.data.rstrip()}\n\n{quote}" if form.body.data else quote
        return render_template("threads/reply.html", form=form, thread=thread)
    typed = form.body.data
    try:
        attach_file(form)
        post = post_service.do_create_post(current_user, thread, body=form.body.data)
    except ForumError as error:
        return _form_error("threads/reply.html", form, error, typed, thread=thread)
    return redirect(url_for("main.post_permalink", post_id=post.id))


@bp.route("/p/<int:post_id>/edit", methods=["GET", "POST"])
@login_required
def edit_post(post_id: int):
    post = post_service.access_post(current_user, post_id)
    permissions.require(permissions.can_edit_post(current_user, post))
    form = PostForm(obj=post if request.method == "GET" else None)
    if request.method == "GET":
        form.body.data = post.source
        return render_template("threads/edit_post.html", form=form, post=post)
    typed = form.body.data
    try:
        attach_file(form)
        post_service.do_edit_post(current_user, post, body=form.body.data)
    except ForumError as error:
        return _form_error("threads/edit_post.html", form, error, typed, post=post)
    return redirect(url_for("main.post_permalink", post_id=post.id))


@bp.route("/p/<int:post_id>/delete", methods=["GET", "POST"])
@login_required
def delete_post(post_id: int):
    post = post_service.access_post(current_user, post_id)
    permissions.require(permissions.can_delete_post(current_user, post))
    if request.method == "GET":
        return render_template("threads/delete_post.html", post=post, form=EmptyForm())
    thread = post.thread
    post_service.do_delete_post(current_user, post)
    flash(_("The post was deleted."), "success")
    if thread.is_deleted:
        return redirect(url_for("communities.show", slug=thread.community.slug))
    return redirect(url_for("main.post_permalink", post_id=post.id))


@bp.get("/p/<int:post_id>/revisions")
def revisions(post_id: int):
    post = post_service.access_post(current_user, post_id)
    permissions.require(permissions.can_view_revisions(current_user, post))
    return render_template("threads/revisions.html", post=post, changes=post_service.revision_changes(post),
                           show_editors=permissions.can_see_post_editors(current_user, post))


@bp.post("/t/<int:thread_id>/answer")
@login_required
def mark_answer(thread_id: int):
    """The reply named by the form's post_id becomes the question's answer."""
    thread = access_thread(current_user, thread_id)
    try:
        post = answer_service.check_answer_post(
            thread, check_optional_int(request.form.get("post_id"), "post_id", minimum=1, maximum=MAX_ID))
        answer_service.do_mark_answer(current_user, thread, post)
    except ValidationError as error:
        return redirect_with_error(url_for("threads.show", thread_id=thread.id, slug=thread.slug), error.message)
    flash(_("The reply is marked as the answer."), "success")
    return redirect(url_for("main.post_permalink", post_id=post.id))


@bp.post("/t/<int:thread_id>/unanswer")
@login_required
def unmark_answer(thread_id: int):
    thread = access_thread(current_user, thread_id)
    previous = thread.answered_post_id
    answer_service.do_unmark_answer(current_user, thread)
    flash(_("The question has no answer marked any more."), "success")
    if previous is not None:
        return redirect(url_for("main.post_permalink", post_id=previous))
    return redirect(url_for("threads.show", thread_id=thread.id, slug=thread.slug))


@bp.post("/p/<int:post_id>/reactions")
@login_required
@reaction_limit
def react(post_id: int):
    """Give (on=1) or take back (on=0) the reaction `kind`: the buttons under a post."""
    post = post_service.access_post(current_user, post_id)
    kind = request.form.get("kind")
    try:
        if request.form.get("on") == "0":
            reaction_service.do_unreact(current_user, post, kind)
        else:
            reaction_service.do_react(current_user, post, kind)
    except ValidationError as error:
        return redirect_with_error(url_for("main.post_permalink", post_id=post.id), error.message)
    return redirect(url_for("main.post_permalink", post_id=post.id))


@bp.get("/p/<int:post_id>/reactions")
def reactions(post_id: int):
    """Who gave a reaction to a post (?kind=helpful), newest first, REACTORS_PER_PAGE a page."""
    post = post_service.access_post(current_user, post_id)
    permissions.require(permissions.can_see_reactions(current_user, post))
    counts = post.reaction_counts
    kind = request.args.get("kind") or next((k for k, n in counts.items() if n), REACTION_KINDS[0])
    page = page_arg()
    users, pages, total = reaction_service.reactors_page(current_user, post, kind, page)
    if page > pages:
        return render_template("error.html", status=404, code="not_found",
                               message=_("This page does not exist.")), 404
    return render_template("threads/reactions.html", post=post, kind=kind, users=users, page=page, pages=pages,
                           total=total, counts=counts)
