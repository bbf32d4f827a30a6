"""What every template can use: permissions, formatting, pagination."""

from datetime import date, datetime
from decimal import Decimal
from pathlib import Path

from flask import Flask, request
from flask_babel import format_currency, format_date, format_decimal
from flask_babel import lazy_gettext as _l
from jinja2 import FileSystemBytecodeCache
from markupsafe import Markup, escape

from forum import dates, permissions
from forum.audit_labels import action_label
from forum.charts.americas import AMERICAS_SET
from forum.i18n import LOCALE_NAMES, country_name, current_language, language_name
from forum.models import REACTION_KINDS, SECTORS, THREAD_KINDS
from forum.uploads import ATTACH_ACCEPT
from forum.web.url_memo import memoized_url_for, url_for

SECTOR_LABELS = {
    "government": _l("Government"),
    "academia": _l("Academia"),
    "civil_society": _l("Civil society"),
    "international_org": _l("International organization"),
    "health_professional": _l("Health professional"),
    "private_sector": _l("Private sector"),
    "other": _l("Other"),
}
KIND_LABELS = {
    "discussion": _l("Discussion"),
    "question": _l("Question"),
    "offer": _l("Cooperation offer"),
    "request": _l("Cooperation request"),
    "announcement": _l("Announcement"),
}
# The reactions of a post (forum.models.REACTION_KINDS), as their buttons say them.
REACTION_LABELS = {
    "helpful": _l("Helpful"),
    "thanks": _l("Thanks"),
    "same_here": _l("Same here"),
}
assert set(SECTOR_LABELS) == set(SECTORS) and set(KIND_LABELS) == set(THREAD_KINDS)


def page_url(page: int) -> str:
    # flat=False keeps repeated parameters (the library's ?country=PE&country=BO).
    args = {**request.view_args, **request.args.to_dict(flat=False), "page": page}
    return url_for(request.endpoint, **args)


def country_link(code: str | None) -> Markup:
    """A country's name in the reader's language, linked to the country's page when it is one of
    the Americas (the pages that exist): the one rule for naming a country in a page. No query."""
    name = country_name(code)
    if code in AMERICAS_SET:
        return Markup('<a class="country-link" href="{href}">{name}</a>').format(
            href=url_for("countries.show", code=code), name=name)
    return escape(name)


def _plain_text(html: str, limit: int = 200) -> str:
    from forum.content import plain_text

    return plain_text(html, limit)


def _avatar_url(user) -> str:
    from forum.serializers import avatar_url

    return avatar_url(user, url_for)


def _cooperation_labels() -> dict:
    from forum.cooperation_reference import (
        INTEREST_STATUS_LABELS,
        STATUS_LABELS,
        SUPPORT_LABELS,
        describe_board_filters,
        reason_lines,
        score_text,
    )
    from forum.experience_reference import MODALITIES

    return {"support_labels": SUPPORT_LABELS, "modality_labels": MODALITIES,
            "interest_status_labels": INTEREST_STATUS_LABELS,
            "cooperation_status_labels": STATUS_LABELS, "match_score": score_text, "match_reasons": reason_lines,
            "describe_board_filters": describe_board_filters}


def init_templating(app: Flask) -> None:
    if app.config.get("TEMPLATE_CACHE_DIR"):
        Path(app.config["TEMPLATE_CACHE_DIR"]).mkdir(parents=True, exist_ok=True)
        app.jinja_env.bytecode_cache = FileSystemBytecodeCache(app.config["TEMPLATE_CACHE_DIR"])
    app.jinja_env.globals.update(
        url_for=memoized_url_for(app),
        permissions=permissions,
        country_name=country_name,
        country_link=country_link,
        sector_labels=SECTOR_LABELS,
        kind_labels=KIND_LABELS,
        reaction_labels=REACTION_LABELS,
        reaction_kinds=REACTION_KINDS,
        page_url=page_url,
        language_name=language_name,
        locale_names=LOCALE_NAMES,
        plain_text=_plain_text,
        avatar_url=_avatar_url,
        audit_action_label=action_label,
        attach_accept=ATTACH_ACCEPT,
        **_cooperation_labels(),
    )

    @app.context_processor
    def _locale() -> dict[str, str]:
        return {"current_locale": current_language()}

    app.add_template_filter(dates.exact, "exact")
    app.add_template_filter(dates.relative, "relative")
    app.add_template_filter(dates.day, "day")
    app.add_template_filter(dates.until, "until")

    @app.template_filter("date")
    def _date(value: date | None, fmt: str = "medium") -> str:
        """A calendar day in the reader's language (7 déc. 2026, 7 dic 2026): no time, no time zone."""
        return format_date(value, fmt) if value else ""

    @app.template_filter("number")
    def _number(value: int | float | None) -> str:
        """Grouped as the reader's language writes numbers (1,234 · 1.234 · 1 234)."""
        return format_decimal(value or 0)

    @app.template_filter("money")
    def _money(value: Decimal | None, currency: str | None) -> str:
        """An amount in its currency, as the reader's language writes it (US$ 1,500.00, 1.500,00 US$)."""
        return format_currency(value, currency) if value is not None and currency else ""

    app.add_template_filter(language_name, "language_name")
    app.add_template_filter(country_link, "country_link")

    @app.template_filter("isotime")
    def _isotime(value: datetime | None) -> str:
        return value.isoformat() if value else ""
