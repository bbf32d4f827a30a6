"""Community pages: the list of threads, joining and leaving, admin create and edit."""

from flask import Blueprint, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from forum import permissions
from forum.content_language import CONTENT_LANGUAGES
from forum.errors import ValidationError
from forum.services import communities as service
from forum.services import subscriptions
from forum.services.threads import community_thread_count, community_threads, page_count
from forum.web import page_cache
from forum.web.forms import CommunityForm, EmptyForm, content_language_choices, show_error
from forum.web.helpers import page_arg

bp = Blueprint("communities", __name__, url_prefix="/c")


@bp.get("/<slug>")
def show(slug: str):
    community = service.access_community(slug)
    page = page_arg()
    if page_cache.applies():
        # Its row moves with every thread and post added; what it does not count (a thread
        # pinned, renamed, moved out) shows within the cache's lifetime.
        return page_cache.anonymous_page(
            "community", community.id, community.last_activity_at, community.thread_count, community.post_count,
            page, build=lambda: _show(community, page))
    return _show(community, page)


def _show(community, page: int):
    # An unknown language filters nothing rather than failing: the parameter comes from a link.
    language = request.args.get("lang") if request.args.get("lang") in CONTENT_LANGUAGES else None
    # answered=yes: answered questions; answered=no: questions still waiting for one; else all.
    answered = {"yes": True, "no": False}.get(request.args.get("answered", ""))
    per_page = current_app.config["THREADS_PER_PAGE"]
    pages = page_count(community_thread_count(community, language=language, answered=answered), per_page)
    threads = community_threads(community, page, per_page, language=language, answered=answered)
    if page > 1 and not threads:
        return render_template("error.html", status=404, code="not_found",
                               message=_("This page does not exist.")), 404
    return render_template(
        "communities/show.html", community=community, threads=threads, page=page, pages=pages,
        is_member=service.is_member(current_user, community), form=EmptyForm(),
        is_following=subscriptions.is_following(current_user, community),
        language=language, language_choices=content_language_choices(), answered=answered,
    )


@bp.post("/<slug>/join")
@login_required
def join(slug: str):
    community = service.access_community(slug)
    if service.do_join(current_user, community):
        flash(_("You joined %(name)s.", name=community.localized_name()), "success")
    return redirect(url_for("communities.show", slug=slug))


@bp.post("/<slug>/leave")
@login_required
def leave(slug: str):
    community = service.access_community(slug)
    if service.do_leave(current_user, community):
        flash(_("You left %(name)s.", name=community.localized_name()), "success")
    return redirect(url_for("communities.show", slug=slug))


@bp.route("/new", methods=["GET", "POST"])
@login_required
def create():
    permissions.require(permissions.can_manage_communities(current_user))
    form = CommunityForm()
    if form.is_submitted():
        try:
            community = service.do_create_community(
                current_user, slug=form.slug.data, name=form.name.data,
                description=form.description.data, position=form.position.raw_data[0] if form.position.raw_data else 0,
                translations=form.translations(),
            )
        except ValidationError as error:
            show_error(form, error)
            return render_template("communities/form.html", form=form, community=None), 422
        return redirect(url_for("communities.show", slug=community.slug))
    return render_template("communities/form.html", form=form, community=None)


@bp.route("/<slug>/edit", methods=["GET", "POST"])
@login_required
def edit(slug: str):
    community = service.access_community(slug)
    permissions.require(permissions.can_manage_communities(current_user))
    form = CommunityForm(community=community)
    if form.is_submitted():
        try:
            service.do_update_community(
                current_user, community, name=form.name.data, description=form.description.data,
                position=form.position.raw_data[0] if form.position.raw_data else 0,
                translations=form.translations(),
            )
        except ValidationError as error:
            show_error(form, error)
            return render_template("communities/form.html", form=form, community=community), 422
        flash(_("The community is saved."), "success")
        return redirect(url_for("communities.show", slug=slug))
    return render_template("communities/form.html", form=form, community=community)
