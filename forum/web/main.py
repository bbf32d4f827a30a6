"""The home page, the language switcher, post permalinks."""

from flask import (
    Blueprint,
    current_app,
    get_template_attribute,
    make_response,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_babel import gettext as _
from flask_login import current_user
from markupsafe import Markup

from forum.extensions import db
from forum.i18n import LOCALE_COOKIE
from forum.readiness import readiness
from forum.services.accounts import do_update_profile
from forum.services.home import member_home, public_home
from forum.services.posts import access_post
from forum.web import fragments
from forum.web.countries import activity_map
from forum.web.helpers import safe_next

bp = Blueprint("main", __name__)


@bp.get("/")
def home():
    public = fragments.cached("home", build=_public_sections)
    return render_template("home.html", public=public, mine=member_home(current_user))


def _public_sections() -> dict[str, Markup]:
    """The home page's sections that every reader sees alike, rendered (templates/home/_sections.html)."""
    page = public_home()
    chart = activity_map({code: counts.cooperation + counts.experiences for code, counts in page.countries.items()},
                         title=_("Open offers, requests and published experiences per country"),
                         element_id="home-map")

    def section(name: str, *args: object) -> Markup:
        return get_template_attribute("home/_sections.html", name)(*args)

    return {"numbers": section("numbers", page.numbers), "lists": section("lists", page, chart),
            "latest": section("latest", page.threads, False), "communities": section("communities", page.communities,
                                                                  page.archived_communities)}


@bp.post("/language")
def set_language():
    locale = request.form.get("locale", "")
    response = make_response(redirect(safe_next(request.form.get("next"))))
    if locale in current_app.config["LANGUAGES"]:
        response.set_cookie(LOCALE_COOKIE, locale, max_age=365 * 24 * 3600, samesite="Lax", httponly=True,
                            secure=current_app.config["SESSION_COOKIE_SECURE"])
        if current_user.is_authenticated:  # a saved preference comes first next time (forum.i18n)
            do_update_profile(current_user, locale=locale)
    return response


@bp.get("/p/<int:post_id>")
def post_permalink(post_id: int):
    post = access_post(current_user, post_id)
    page = (post.number - 1) // current_app.config["POSTS_PER_PAGE"] + 1
    return redirect(url_for("threads.show", thread_id=post.thread_id, slug=post.thread.slug, page=page)
                    + f"#post-{post.number}")


@bp.get("/healthz")
def healthz():
    db.session.execute(db.text("SELECT 1"))
    return {"status": "ok"}


@bp.get("/readyz")
def readyz():
    """Whether a load balancer may send this process traffic (forum.readiness): 200 or 503."""
    ready, checks = readiness(current_app)
    body = {"status": "ready" if ready else "not ready", "checks": checks}
    return body, 200 if ready else 503, {"Cache-Control": "no-store"}
