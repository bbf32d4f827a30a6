"""The search page: GET /search?q=... with its filters, usable without JavaScript."""

from flask import Blueprint, render_template, request
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_babel import lazy_pgettext as _lp
from flask_login import current_user
from flask_wtf import FlaskForm
from sqlalchemy import select
from wtforms import BooleanField, SearchField, SelectField, StringField
from wtforms.widgets import DateInput

from forum import links, permissions
from forum.errors import ValidationError
from forum.extensions import db
from forum.models import THREAD_KINDS, Community
from forum.ratelimits import search_limit
from forum.search.query import MAX_QUERY_LENGTH, parse_query
from forum.search.service import MAX_PAGE, read_params, search
from forum.web.forms import choices, show_error
from forum.web.helpers import page_arg
from forum.web.templating import KIND_LABELS

bp = Blueprint("search", __name__)

LANGUAGE_LABELS = [("", _l("Any language")), ("en", "English"), ("es", "Español"), ("pt", "Português"),
                   ("fr", "Français"), ("simple", _l("Other or unknown"))]


class SearchForm(FlaskForm):
    """A GET form: no CSRF token. The service checks the values; the form only carries them."""

    class Meta:
        csrf = False

    q = SearchField(_l("Search for"), description=_l(
        'Use "quotes" for a phrase and a minus sign to leave a word out: vaccination "cold chain" -measles.'))
    type = SelectField(_l("Show"), validate_choice=False)
    community = SelectField(_l("Community"), validate_choice=False)
    author = StringField(_l("Author (username)"))
    kind = SelectField(_l("Kind of thread"), validate_choice=False)
    lang = SelectField(_l("Language"), validate_choice=False)
    date_from = StringField(_lp("start of a date range", "From"), name="from", widget=DateInput())
    date_to = StringField(_lp("end of a date range", "To"), name="to", widget=DateInput())
    sort = SelectField(_l("Sort by"), validate_choice=False)
    include_hidden = BooleanField(_l("Include hidden posts"))
    answered = BooleanField(_l("Answered threads only"))
    group = SelectField(_l("Show results"), validate_choice=False)

    def __init__(self, *args, communities: list[Community], **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.type.choices = choices([("all", _l("Everything")), ("posts", _l("Posts")), ("threads", _l("Threads")),
                                     ("people", _l("People")), ("experiences", _l("Experiences")),
                                     *([("message", _l("Your messages"))] if current_user.is_authenticated else [])])
        self.community.choices = choices([("", _l("All communities")),
                                          *((c.slug, c.localized_name()) for c in communities)])
        self.kind.choices = choices([("", _l("Any kind")), *((k, KIND_LABELS[k]) for k in THREAD_KINDS)])
        self.lang.choices = choices(LANGUAGE_LABELS)
        self.sort.choices = choices([("relevance", _l("Relevance")), ("newest", _l("Newest first"))])
        self.group.choices = choices([("thread", _l("By thread, with their best posts")),
                                      ("post", _l("Each post on its own"))])


@bp.get("/search")
@search_limit
def search_page():
    page = page_arg()
    communities = list(db.session.scalars(select(Community).order_by(Community.position, Community.name)))
    form = SearchForm(request.args, communities=communities)
    form.group.data = form.group.data or "thread"  # grouped by thread unless asked otherwise
    may_include_hidden = permissions.can_moderate_anything(current_user)
    context = {"form": form, "results": None, "may_include_hidden": may_include_hidden,
               "max_length": MAX_QUERY_LENGTH}
    if "q" not in request.args:
        return render_template("search.html", **context)
    try:
        params = read_params(request.args, page, default_group="thread")
        parsed = parse_query(params.q)
        if page > MAX_PAGE:
            raise ValidationError("page", _("This page does not exist."), code="invalid")
        results = search(db.session.connection(), current_user, params, parsed)
    except ValidationError as error:
        show_error(form, error)
        return render_template("search.html", **context), error.status
    if page > results.pages:
        return render_template("error.html", status=404, code="not_found",
                               message=_("This page does not exist.")), 404
    for item in results.items:
        item["url"] = links.result_path(item)
    for group in results.groups or ():
        for item in (group["item"], *group["posts"]):
            if item is not None:
                item["url"] = links.result_path(item)
        if group["thread"] is not None:
            group["thread"]["url"] = links.object_path("thread", group["thread"]["id"], slug=group["thread"]["slug"])
    return render_template("search.html", **{**context, "results": results})
