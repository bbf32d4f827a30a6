"""The message catalogs: the interface strings extracted from the code, and one catalog per language.

`make messages` (`flask --app wsgi translations update`) extracts every marked string into
forum/translations/messages.pot and merges it into each language's messages.po, where new
strings wait, empty, for a translator; `make` compiles the .po files into the .mo files the
application reads. tests/test_translations.py fails while any marked string lacks a translation.
"""

from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.extract import DEFAULT_KEYWORDS, extract_from_dir
from babel.messages.frontend import parse_mapping_cfg
from babel.messages.pofile import read_po, write_po

ROOT = Path(__file__).resolve().parent.parent
TRANSLATIONS = ROOT / "forum" / "translations"
MAPPING = ROOT / "babel.cfg"
# The gettext functions the code calls, beside Babel's own (_, gettext, ngettext, pgettext, ...).
KEYWORDS = {**DEFAULT_KEYWORDS, "_l": None, "lazy_gettext": None, "lazy_ngettext": (1, 2),
            "lazy_pgettext": ((1, "c"), 2), "_lp": ((1, "c"), 2)}
COMMENT_TAGS = ("TRANSLATORS:",)


def extract() -> Catalog:
    """Every string the templates and the Python code mark for translation."""
    with MAPPING.open() as mapping:
        method_map, options_map = parse_mapping_cfg(mapping)
    catalog = Catalog(project="Horizonte", copyright_holder="Horizonte contributors", charset="utf-8")
    for filename, lineno, message, comments, context in extract_from_dir(
            str(ROOT), method_map, options_map, keywords=KEYWORDS, comment_tags=COMMENT_TAGS,
            strip_comment_tags=True):
        catalog.add(message, None, [(filename, lineno)], auto_comments=comments, context=context)
    return catalog


def catalog_path(language: str) -> Path:
    return TRANSLATIONS / language / "LC_MESSAGES" / "messages.po"


def read(language: str) -> Catalog:
    with catalog_path(language).open("rb") as po:
        return read_po(po, locale=language)


def translated_languages() -> list[str]:
    return sorted(path.name for path in TRANSLATIONS.iterdir() if (path / "LC_MESSAGES" / "messages.po").exists())


def update() -> dict[str, int]:
    """Write messages.pot and merge it into every catalog; returns each language's untranslated count."""
    template = extract()
    with (TRANSLATIONS / "messages.pot").open("wb") as pot:
        write_po(pot, template, width=0, sort_by_file=True)
    missing = {}
    for language in translated_languages():
        catalog = read(language)
        catalog.update(template)
        with catalog_path(language).open("wb") as po:
            write_po(po, catalog, width=0, sort_by_file=True, ignore_obsolete=True)
        missing[language] = sum(1 for message in catalog if message.id and (not message.string or message.fuzzy))
    return missing
