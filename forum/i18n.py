"""Which language and time zone a page speaks, and the names it gives countries and languages.

Language: the user's saved choice, then the switcher's cookie, then the browser's
`Accept-Language`, then English. Time zone: the user's profile setting, else UTC. Country and
language names come in the reader's language (pycountry's ISO 3166 catalogues and Babel's CLDR
data), never from our own catalogues.
"""

import gettext
from functools import cache
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import pycountry
from babel import Locale
from flask import Flask, current_app, g, has_request_context, request
from flask_babel import get_locale, get_translations
from flask_login import current_user

from forum.content_language import CONTENT_LANGUAGE_NAMES
from forum.extensions import babel
from forum.folding import fold

LOCALE_COOKIE = "locale"
# The interface languages, each named in itself (the switcher shows them so): the interface is
# translated into the languages the forum's content is written in.
LOCALE_NAMES = CONTENT_LANGUAGE_NAMES


def _signed_in_user():
    if not has_request_context() or current_user is None:
        return None
    return current_user if getattr(current_user, "is_authenticated", False) else None


def select_locale() -> str:
    languages = current_app.config["LANGUAGES"]
    if not has_request_context():  # CLI and background work: mail templates force their own
        return current_app.config["BABEL_DEFAULT_LOCALE"]
    user = _signed_in_user()
    if user is not None and user.locale in languages:
        return user.locale
    cookie = request.cookies.get(LOCALE_COOKIE)
    if cookie in languages:
        return cookie
    return request.accept_languages.best_match(languages) or current_app.config["BABEL_DEFAULT_LOCALE"]


def select_timezone() -> str | None:
    """The signed-in user's time zone when it is a known IANA name; None is the default (UTC)."""
    user = _signed_in_user()
    zone = getattr(user, "timezone", None) if user is not None else None
    return zone if zone and is_known_timezone(zone) else None


@cache
def is_known_timezone(name: str) -> bool:
    try:
        ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        return False
    return True


def init_i18n(app: Flask) -> None:
    babel.init_app(app, locale_selector=select_locale, timezone_selector=select_timezone)
    # The templates' _() and ngettext look the catalog up once per locale and request, not for
    # every string (a thread page says about eighty).
    app.jinja_env.install_gettext_callables(
        gettext=lambda s: translations().ugettext(s),
        ngettext=lambda s, p, n: translations().ungettext(s, p, n),
        newstyle=True,
        pgettext=lambda c, s: translations().upgettext(c, s),
        npgettext=lambda c, s, p, n: translations().unpgettext(c, s, p, n),
    )


_TRANSLATIONS = "_horizonte_translations"


def translations() -> gettext.NullTranslations:
    """Flask-Babel's catalog for this request's locale, remembered for that locale.

    `get_translations()` finds the context, the domain and the locale again and names the locale
    as a string on every call; this asks for the locale only (a mail rendered under
    `force_locale` changes it, and gets its own catalog)."""
    locale = get_locale()
    if locale is None:  # no application context
        return get_translations()
    found = g.get(_TRANSLATIONS)
    if found is not None and found[0] is locale:
        return found[1]
    catalog = get_translations()
    setattr(g, _TRANSLATIONS, (locale, catalog))
    return catalog


def current_language() -> str:
    """The interface language of this request ("en", "es", "pt", "fr")."""
    return str(get_locale() or "en")


def sort_key(text: str) -> str:
    """Alphabetical order as readers expect it: case and accents ignored ("Éire" next to "Eire")."""
    return fold(text)


# ---------- countries ----------

@cache
def _iso3166_translations(language: str) -> gettext.NullTranslations:
    """pycountry's catalogue of country names for a locale ("pt_BR", "es"), or no translation."""
    languages = [language, language.split("_")[0]]
    return gettext.translation("iso3166-1", pycountry.LOCALES_DIR, languages=languages, fallback=True)


def english_country_name(code: str | None) -> str:
    """The short English name ("BO" -> "Bolivia"): for exports, which do not follow the reader."""
    country = pycountry.countries.get(alpha_2=code) if code else None
    if country is None:
        return code or ""
    return getattr(country, "common_name", None) or country.name


def country_name(code: str | None) -> str:
    """The country's short name in the reader's language ("BO" -> "Bolivia", "Bolivie").

    The common name ("Bolivia") is preferred to the official one ("Bolivia, Plurinational State
    of"); pycountry's catalogues translate both. An unknown code is shown as itself.
    """
    english = english_country_name(code)
    if not english or english == code:
        return english
    return _iso3166_translations(current_language()).gettext(english)


@cache
def _country_choices(language: str) -> tuple[tuple[str, str], ...]:
    translations = _iso3166_translations(language)
    names = ((c.alpha_2, translations.gettext(getattr(c, "common_name", None) or c.name))
             for c in pycountry.countries)
    return tuple(sorted(names, key=lambda pair: sort_key(pair[1])))


def country_choices() -> list[tuple[str, str]]:
    """Every country as (code, name in the reader's language), in the reader's alphabetical order."""
    return list(_country_choices(current_language()))


# ---------- languages ----------

def language_name(code: str, *, in_sentence: bool = False) -> str:
    """A language's name in the reader's language: "Spanish", "Español", "Espagnol" in a list or a
    label; inside a sentence as the language writes it there ("en español", "in Spanish")."""
    locale = get_locale() or Locale("en")
    name = locale.languages.get(code)
    if name:
        return name if in_sentence else name[:1].upper() + name[1:]
    language = pycountry.languages.get(alpha_2=code)
    return language.name if language else code


def language_choices() -> list[tuple[str, str]]:
    """The languages a profile may list, named in the reader's language."""
    from forum.services.validation import LANGUAGE_CODES

    return [(code, language_name(code)) for code in LANGUAGE_CODES]
