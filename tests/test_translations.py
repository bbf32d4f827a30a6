"""The catalogs: every marked string translated in every language, placeholders kept, plural forms
right, compiled catalogs up to date, and no interface text left unmarked in the templates."""

import ast
import re

import pytest
from babel.messages.mofile import read_mo

from forum import catalogs

LANGUAGES = ["es", "pt", "fr"]
BRACES = re.compile(r"\{(\w+)\}")
PERCENT = re.compile(r"%\((\w+)\)[sd]")


@pytest.fixture(scope="module")
def extracted():
    return catalogs.extract()


def _ids(catalog) -> set:
    return {(message.id if isinstance(message.id, str) else tuple(message.id), message.context)
            for message in catalog if message.id}


def test_the_interface_has_exactly_these_languages():
    assert catalogs.translated_languages() == sorted(LANGUAGES)


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_marked_string_is_in_the_catalog_and_translated(extracted, language):
    catalog = catalogs.read(language)
    missing = sorted(str(key) for key in _ids(extracted) - _ids(catalog))
    assert not missing, f"{len(missing)} strings are not in {language}: run `make messages` and translate them: " \
                        f"{missing[:10]}"
    by_key = {(m.id if isinstance(m.id, str) else tuple(m.id), m.context): m for m in catalog if m.id}
    untranslated = [key for key in _ids(extracted) if by_key[key].fuzzy
                    or not all(by_key[key].string if isinstance(by_key[key].string, tuple)
                               else [by_key[key].string])]
    assert not untranslated, f"{len(untranslated)} strings are untranslated or fuzzy in {language}: " \
                             f"{sorted(map(str, untranslated))[:10]}"


@pytest.mark.parametrize("language", LANGUAGES)
def test_translations_keep_the_placeholders_and_the_plural_forms(language):
    catalog = catalogs.read(language)
    assert catalog.num_plurals == 2
    problems = []
    for message in catalog:
        if not message.id:
            continue
        errors = message.check(catalog)  # Babel's checkers: python-format placeholders, plural count
        if errors:
            problems.append((message.id, [str(e) for e in errors]))
        ids = [message.id] if isinstance(message.id, str) else list(message.id)
        strings = [message.string] if isinstance(message.string, str) else list(message.string)
        expected = set(BRACES.findall(ids[-1])) | set(BRACES.findall(ids[0]))
        for string in strings:
            if set(BRACES.findall(string)) != expected:  # {count}, {name}: filled in by the page scripts
                problems.append((message.id, f"braces {string!r}"))
            # A plural's singular may say "one" instead of %(num)s; every other name must stay.
            names = set(PERCENT.findall(ids[-1])) - ({"num"} if len(ids) > 1 else set())
            if not names <= set(PERCENT.findall(string)):
                problems.append((message.id, f"placeholders {string!r}"))
    assert not problems, problems[:10]


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_compiled_catalog_is_the_current_one(language):
    """`make` compiles the .po into the .mo the app reads: a stale .mo would show old text."""
    compiled = catalogs.catalog_path(language).with_suffix(".mo")
    assert compiled.exists(), f"{compiled} is missing: run `make translations`"
    with compiled.open("rb") as mo:
        mo_catalog = read_mo(mo)
    def key(m):
        context = m.context.decode() if isinstance(m.context, bytes) else m.context
        return (tuple(m.id) if not isinstance(m.id, str) else m.id), context

    def value(m):
        return tuple(m.string) if not isinstance(m.string, str) else m.string

    translated = {key(m): value(m) for m in catalogs.read(language) if m.id and not m.fuzzy and m.string
                  and all(m.string)}
    in_mo = {key(m): value(m) for m in mo_catalog if m.id}
    assert in_mo == translated, f"{compiled} is stale: run `make translations`"


# ---------- nothing left unmarked ----------

TEMPLATES = catalogs.ROOT / "templates"
# Text a template may show as it is: the product's name, code samples.
UNTRANSLATABLE = {"Horizonte", "· Horizonte"}


def _template_text(source: str) -> list[str]:
    source = re.sub(r"\{#.*?#\}", "", source, flags=re.S)
    source = re.sub(r"\{\{.*?\}\}|\{%.*?%\}", " ", source, flags=re.S)
    source = re.sub(r"<(script|style|code|pre)\b.*?</\1>", "", source, flags=re.S)
    texts = [t.strip() for t in re.findall(r">([^<]+)<", source)]
    texts += re.findall(r'\b(?:aria-label|title|placeholder|alt)="([^"{]*[A-Za-z]{2,}[^"{]*)"', source)
    return [t for t in texts if re.search(r"[A-Za-z]{2,}", t) and t not in UNTRANSLATABLE]


def test_templates_show_no_unmarked_text():
    unmarked = {str(path.relative_to(TEMPLATES)): texts for path in sorted(TEMPLATES.rglob("*.html"))
                if (texts := _template_text(path.read_text()))}
    assert unmarked == {}


# Calls whose string argument reaches a reader: it must be marked (`_("...")`), not a literal.
USER_FACING_CALLS = {"ValidationError": 1, "BadRequest": 0, "Forbidden": 0, "NotFound": 0, "Conflict": 0,
                     "Unauthorized": 0, "PayloadTooLarge": 0, "RateLimited": 0, "flash": 0, "require": 1}


def _unmarked_literals(tree: ast.AST) -> list[tuple[int, str]]:
    found = []
    for node in ast.walk(tree):
        if not isinstance(node, ast.Call):
            continue
        name = node.func.id if isinstance(node.func, ast.Name) else getattr(node.func, "attr", None)
        position = USER_FACING_CALLS.get(name)
        if position is None or len(node.args) <= position:
            continue
        argument = node.args[position]
        if isinstance(argument, ast.Constant) and isinstance(argument.value, str) and argument.value.strip():
            found.append((node.lineno, argument.value))
        if isinstance(argument, ast.JoinedStr):
            found.append((node.lineno, ast.unparse(argument)))
    return found


def test_messages_for_readers_are_marked_for_translation():
    unmarked = {str(path.relative_to(catalogs.ROOT)): found for path in sorted((catalogs.ROOT / "forum").rglob("*.py"))
                if (found := _unmarked_literals(ast.parse(path.read_text())))}
    assert unmarked == {}
