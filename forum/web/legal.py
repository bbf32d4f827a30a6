"""The terms of use and the privacy notice: their pages, the page that asks a member to accept a
new version, and the administrators' editor (forum.services.legal)."""

from flask import Blueprint, Flask, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user, login_required

from forum import permissions
from forum.errors import Forbidden, NotFound, ValidationError
from forum.services import legal
from forum.web.forms import EmptyForm, LegalTextForm, show_error
from forum.web.helpers import safe_next

bp = Blueprint("legal", __name__)

TITLES = {"terms": _l("Terms of use"), "privacy": _l("Privacy notice")}
# What a member who has not accepted a new version may still do: read and accept the documents,
# log out, download their data or delete their account; the API answers (its clients are scripts).
FREE_ENDPOINTS = frozenset({"auth.logout", "account.data_page", "account.export_data", "account.delete_account",
                            "main.healthz", "main.readyz", "metrics", "static"})
FREE_BLUEPRINTS = frozenset({"legal", "api", "dev"})


def _show(kind: str):
    text = legal.document(kind, request.args.get("version"))
    if text is None:
        raise NotFound(_("This document is not published yet."))
    return render_template("legal/document.html", kind=kind, title=TITLES[kind], text=text,
                           versions=legal.versions(kind))


@bp.get("/terms")
def terms():
    return _show("terms")


@bp.get("/privacy")
def privacy():
    return _show("privacy")


@bp.route("/legal/accept", methods=["GET", "POST"])
@login_required
def accept():
    """A new version of the terms or the privacy notice: read, then accept to go on."""
    next_url = safe_next(request.values.get("next"), url_for("main.home"))
    waiting = legal.pending(current_user)
    if not waiting:
        return redirect(next_url)
    form = EmptyForm()
    if request.method == "POST":
        legal.do_accept(current_user)
        flash(_("Thank you: you accepted the current terms of use and privacy notice."), "success")
        return redirect(next_url)
    documents = [(TITLES[item.kind], legal.document(item.kind)) for item in waiting]
    return render_template("legal/accept.html", documents=documents, form=form, next_url=next_url)


@bp.route("/moderation/legal/<document>", methods=["GET", "POST"])
@login_required
def edit(document: str):
    """An administrator publishes a new version (members are asked to accept it)."""
    kind = legal.check_kind(document)
    permissions.require(permissions.is_admin(current_user))
    current = legal.document(kind)
    form = LegalTextForm(formdata=request.form if request.method == "POST" else None,
                         data={"source": current.source if current else ""})
    if request.method == "POST":
        try:
            published = legal.do_publish(current_user, kind, form.source.data)
        except ValidationError as error:
            show_error(form, error)
            return render_template("legal/edit.html", kind=kind, title=TITLES[kind], form=form, current=current), 422
        flash(_("Version %(n)s is published: members are asked to accept it.", n=published.version), "success")
        return redirect(url_for(f"legal.{kind}"))
    return render_template("legal/edit.html", kind=kind, title=TITLES[kind], form=form, current=current)


def init_legal(app: Flask) -> None:
    app.jinja_env.globals["legal_versions"] = legal.current_versions

    @app.before_request
    def _ask_for_consent():
        """A signed-in member who has not accepted the current versions accepts them first."""
        # Cheapest first: a static file or a site with nothing published never loads the user.
        if request.blueprint in FREE_BLUEPRINTS or request.endpoint in FREE_ENDPOINTS or request.endpoint is None:
            return None
        if not legal.current_versions() or not current_user.is_authenticated:
            return None
        if not legal.pending(current_user):
            return None
        if request.method == "GET":
            return redirect(url_for("legal.accept", next=request.full_path.rstrip("?")))
        raise Forbidden(_("Accept the current terms of use and privacy notice first."), code="terms_not_accepted")
