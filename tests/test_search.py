"""Search (issue #7): language handling, query syntax, filters, highlights, ranking, permissions.

Every test using `app` runs on SQLite (FTS5) and on PostgreSQL (tsvector) when configured.
"""

from datetime import timedelta

import pytest
from werkzeug.datastructures import MultiDict

from forum.errors import ValidationError
from forum.extensions import db
from forum.models import Post, Thread, utcnow
from forum.search.backends import fts5_expression
from forum.search.models import SearchDocument
from forum.search.query import MAX_QUERY_LENGTH, parse_query
from forum.search.service import COUNT_LIMIT, read_params, search
from forum.services import moderation
from forum.services.posts import do_delete_post, do_edit_post
from forum.services.sanctions import do_add_community_moderator
from tests.conftest import starting_objects
from tests.factories import make_community, make_post, make_thread, make_user


def find(viewer=None, **args) -> list[tuple[str, int]]:
    return [(i["type"], i["id"]) for i in run(viewer, **args).items]


def run(viewer=None, page: int = 1, **args):
    db.session.flush()
    return search(db.session.connection(), viewer, read_params(MultiDict(args), page))


def post_ids(viewer=None, **args) -> set[int]:
    return {i for kind, i in find(viewer, **args) if kind == "post"}


@pytest.fixture
def forum(app, ctx):
    """A small multilingual forum: two communities, four languages (built once per process)."""
    return starting_objects(app, "search-forum", _build_forum)


def _build_forum() -> dict:
    ana = make_user("ana", display_name="Ana Souza", organization="Secretaria de Saúde do Pará")
    luis = make_user("luis", display_name="Luis Quispe", organization="Ministerio de Salud del Perú",
                     country="PE")
    kate = make_user("kate", display_name="Kate Brown", organization="Public Health Agency", country="CA")
    vaccines = make_community("vaccines", name="Immunization")
    systems = make_community("systems", name="Health systems")
    br = make_thread(ana, vaccines, title="Vacinação em zonas rurais do Brasil",
                     body="As vacinas chegaram às comunidades rurais do Pará graças às equipes móveis.")
    pe = make_thread(luis, vaccines, title="Cadena de frío en la selva", kind="question",
                     body="La vacuna llegó a la comunidad rural de Cusco la semana pasada con la cadena de frío.")
    en = make_thread(kate, systems, title="Remote villages and primary care",
                     body="The hospital vaccinated children in remote villages last winter.")
    fr = make_thread(kate, systems, title="Les hôpitaux ruraux",
                     body="Les hôpitaux ruraux manquent de médecins depuis des années, surtout en Haïti.")
    db.session.flush()
    posts = {name: db.session.scalar(db.select(Post).where(Post.thread_id == t.id, Post.number == 1))
             for name, t in {"br": br, "pe": pe, "en": en, "fr": fr}.items()}
    return {"ana": ana, "luis": luis, "kate": kate, "vaccines": vaccines, "systems": systems,
            "threads": {"br": br, "pe": pe, "en": en, "fr": fr}, "posts": posts}


# ---------- languages ----------

def test_each_document_is_indexed_in_its_language(forum):
    languages = {row.object_id: row.language for row in db.session.execute(
        db.select(SearchDocument.object_id, SearchDocument.language).where(SearchDocument.doc_type == "post"))}
    assert {name: languages[p.id] for name, p in forum["posts"].items()} == {
        "br": "pt", "pe": "es", "en": "en", "fr": "fr"}


@pytest.mark.parametrize(("query", "expected"), [
    ("salud", "accent"),            # 'Salúd' written with an accent
    ("SALÚD", "accent"),
    ("vacunacion", "pe_accent"),    # 'vacunación' without typing the accent
    ("vacunación", "pe_accent"),
])
def test_accents_do_not_matter(forum, query, expected):
    accent = make_post(forum["luis"], forum["threads"]["pe"], "La Salúd pública necesita más enfermeras.")
    pe_accent = make_post(forum["luis"], forum["threads"]["pe"], "La vacunación infantil mejoró este año.")
    assert {"accent": accent, "pe_accent": pe_accent}[expected].id in post_ids(q=query)


@pytest.mark.parametrize(("query", "post"), [
    ("vacunas", "pe"),          # Spanish: 'vacunas' finds 'vacuna'
    ("vacinação", "br"),        # Portuguese: 'vacinação' finds 'vacinas'
    ("vaccination", "en"),      # English: 'vaccination' finds 'vaccinated'
    ("hôpital", "fr"),          # French: 'hôpital' finds 'hôpitaux'
    ("medecin", "fr"),          # French, unaccented: 'medecin' finds 'médecins'
    ("comunidad", "pe"),
])
def test_stemming_in_the_language_of_the_content(forum, query, post):
    assert forum["posts"][post].id in post_ids(q=query)


@pytest.mark.parametrize("query", ["hospital", "vacunas", "rurales", '"cadena de frío"', "comunid", "médecins",
                                   "villages", "hôpitaux -haïti"])
@pytest.mark.parametrize("lang", ["en", "es", "pt", "fr", "simple"])
def test_a_language_filter_finds_the_same_as_the_search_without_it(forum, query, lang):
    """With a language filter a word is only looked up in that language's forms: documents in
    other languages, which hold other stems, are left out anyway."""
    make_post(forum["kate"], forum["threads"]["en"], "Rural hospitals and community clinics")
    make_post(forum["luis"], forum["threads"]["pe"], "Los hospitales rurales y las comunidades")
    make_post(forum["ana"], forum["threads"]["br"], "Hospital")  # too short to tell: "simple"
    unfiltered = {(i["type"], i["id"]) for i in run(q=query).items if i["language"] == lang}
    assert {(i["type"], i["id"]) for i in run(q=query, lang=lang).items} == unfiltered


def test_stems_do_not_cross_unrelated_words(forum):
    assert post_ids(q="villages") == {forum["posts"]["en"].id}
    assert post_ids(q="xylophone") == set()


# ---------- query syntax ----------

def test_phrase_needs_the_words_together_and_in_order(forum):
    apart = make_post(forum["luis"], forum["threads"]["pe"], "El frío de la noche rompió la cadena logística.")
    found = post_ids(q='"cadena de frío"')
    assert forum["posts"]["pe"].id in found
    assert apart.id not in found
    assert apart.id in post_ids(q="cadena frío")


def test_excluding_a_word(forum):
    dengue = make_post(forum["luis"], forum["threads"]["pe"], "Las vacunas contra el dengue llegaron tarde.")
    assert {dengue.id, forum["posts"]["pe"].id} <= post_ids(q="vacunas")
    found = post_ids(q="vacunas -dengue")
    assert forum["posts"]["pe"].id in found and dengue.id not in found
    assert dengue.id not in post_ids(q='vacunas -"contra el dengue"')


def test_prefix_of_the_last_word_while_typing(forum):
    tele = make_post(forum["luis"], forum["threads"]["pe"], "La telemedicina acerca a los especialistas.")
    assert tele.id in post_ids(q="telemed")
    assert tele.id in post_ids(q="especialistas telemedi")
    # Only the word being typed: a finished word (followed by a space) is matched whole.
    assert tele.id not in post_ids(q="telemed ")
    assert forum["posts"]["pe"].id in post_ids(q="vacun")


def test_stop_words_are_left_out_of_the_and(forum):
    assert forum["posts"]["pe"].id in post_ids(q="la vacuna de la comunidad")


def test_parse_query_clauses():
    parsed = parse_query('vacunas "cadena de frío" -dengue cold-chain tele')
    assert [(c.words, c.phrase, c.negated, c.prefix) for c in parsed.positive] == [
        (("vacunas",), False, False, False),
        (("cadena", "de", "frío"), True, False, False),
        (("cold", "chain"), True, False, False),
        (("tele",), False, False, True),
    ]
    assert [c.words for c in parsed.negative] == [("dengue",)]


@pytest.mark.parametrize("raw", ['NEAR(a b)', 'a AND OR NOT b', '"unbalanced', 'x:* & !y | z', "'); DROP TABLE x; --",
                                 'col:value', '^start', '{title}: x', 'a"b"c'])
def test_fts5_expression_quotes_every_token(raw):
    expression = fts5_expression(parse_query(raw))
    # Outside quoted tokens only our own operators, parentheses and prefix stars remain.
    outside = "".join(part for n, part in enumerate(expression.split('"')) if n % 2 == 0)
    assert set(outside.replace("AND", "").replace("OR", "").replace("NOT", "")) <= set(" ()*")


@pytest.mark.parametrize(("raw", "code"), [
    ("", "empty_query"), ("   ", "empty_query"), ("\x00\x01", "empty_query"), ("* & | !", "empty_query"),
    ("-vacunas", "empty_query"), ("x" * (MAX_QUERY_LENGTH + 1), "too_long"), ("a" * 10_000, "too_long"),
])
def test_query_errors(raw, code):
    with pytest.raises(ValidationError) as error:
        parse_query(raw)
    assert error.value.code == code and error.value.field == "q"


def test_control_characters_are_removed():
    assert parse_query("vacu\x00nas\u200b frío\x1f").text == "vacu nas  frío"


# ---------- filters ----------

def test_filters(forum):
    question = forum["threads"]["pe"]
    assert set(find(q="vacunas vacinas vaccines")) == set()  # all three words: no single document
    everything = find(q="rural")
    assert ("post", forum["posts"]["pe"].id) in everything
    assert {i for t, i in find(q="rural", community="systems")} <= {
        forum["posts"]["en"].id, forum["posts"]["fr"].id, forum["threads"]["fr"].id, forum["threads"]["en"].id}
    assert post_ids(q="rural", author="luis") == {forum["posts"]["pe"].id}
    assert post_ids(q="rural", kind="question") == {forum["posts"]["pe"].id}
    assert find(q="selva", kind="question", type="threads") == [("thread", question.id)]
    assert find(q="selva", kind="discussion") == []
    assert post_ids(q="ruraux", lang="fr") == {forum["posts"]["fr"].id}
    assert post_ids(q="hôpitaux", lang="es") == set()
    assert {t for t, _ in find(q="hôpitaux", type="threads")} == {"thread"}
    assert {t for t, _ in find(q="hôpitaux", type="posts")} == {"post"}
    assert find(q="Souza", type="people") == [("person", forum["ana"].id)]


def test_date_filters(forum):
    old = forum["posts"]["br"]
    old.created_at = utcnow() - timedelta(days=400)
    db.session.flush()
    today = utcnow().date()
    assert old.id not in post_ids(q="vacinas", **{"from": (today - timedelta(days=30)).isoformat()})
    assert old.id in post_ids(q="vacinas", to=(today - timedelta(days=399)).isoformat())
    assert old.id not in post_ids(q="vacinas", to=(today - timedelta(days=401)).isoformat())
    assert old.id in post_ids(q="vacinas", **{"from": (today - timedelta(days=401)).isoformat(),
                                              "to": today.isoformat()})


@pytest.mark.parametrize(("args", "field"), [
    ({"type": "everything"}, "type"), ({"kind": "poem"}, "kind"), ({"lang": "de"}, "lang"),
    ({"from": "2025-13-01"}, "from"), ({"to": "yesterday"}, "to"), ({"sort": "oldest"}, "sort"),
    ({"from": "2025-02-01", "to": "2025-01-01"}, "to"),
])
def test_invalid_filters(args, field):
    with pytest.raises(ValidationError) as error:
        read_params(MultiDict({"q": "x", **args}))
    assert error.value.field == field


def test_unknown_community_or_author(forum):
    with pytest.raises(ValidationError) as error:
        run(q="rural", community="nowhere")
    assert error.value.code == "unknown_community"
    with pytest.raises(ValidationError) as error:
        run(q="rural", author="nobody")
    assert error.value.code == "unknown_author"


def test_people_are_searchable_by_name_username_and_organization(forum):
    assert ("person", forum["luis"].id) in find(q="quispe")
    assert ("person", forum["luis"].id) in find(q="luis", type="people")
    assert ("person", forum["ana"].id) in find(q="Secretaria Pará", type="people")


# ---------- highlights ----------

def test_snippets_mark_the_matches_inside_escaped_text(forum):
    make_post(forum["luis"], forum["threads"]["pe"],
              "Costos <script>alert(1)</script> & \"comillas\": las vacunas < 5 dólares.")
    item = next(i for i in run(q="vacuna").items if "Costos" in i["snippet"])
    snippet = str(item["snippet"])
    assert "<mark>vacunas</mark>" in snippet
    assert "<script>" not in snippet and "&lt;" in snippet and "&amp;" in snippet
    assert snippet.replace("<mark>", "").replace("</mark>", "").count("<") == 0


def test_long_posts_show_the_window_around_the_match(forum):
    filler = " ".join(["palabra"] * 200)
    make_post(forum["luis"], forum["threads"]["pe"], f"{filler} la malaria volvió {filler}")
    item = run(q="malaria").items[0]
    assert "<mark>malaria</mark>" in item["snippet"] and item["snippet"].startswith("…")
    assert len(str(item["snippet"])) < 400


def test_thread_titles_are_highlighted(forum):
    item = next(i for i in run(q="selva").items if i["type"] == "thread")
    assert str(item["title_html"]) == "Cadena de frío en la <mark>selva</mark>"


# ---------- ranking ----------

def test_an_exact_title_match_comes_first(forum):
    luis = forum["luis"]
    noisy = make_thread(luis, forum["vaccines"], title="Informe semestral",
                        body="Vacunación, vacunación y más vacunación en zonas rurales: zonas rurales, rurales.")
    for n in range(5):
        make_post(luis, noisy, f"Vacunación en zonas rurales, otra vez vacunación en zonas rurales ({n}).")
    exact = make_thread(forum["ana"], forum["systems"], title="Vacunación en zonas rurales",
                        body="Un resumen corto.")
    for query in ("Vacunación en zonas rurales", "vacunacion zonas rurales"):
        assert find(q=query)[0] == ("thread", exact.id), query


def test_titles_weigh_more_than_bodies(forum):
    make_post(forum["kate"], forum["threads"]["en"], "Some talk about the dengue season and more dengue.")
    titled = make_thread(forum["kate"], forum["systems"], title="Dengue preparedness", body="See the plan.")
    assert find(q="dengue")[0] == ("thread", titled.id)


def _first_post(thread: Thread) -> Post:
    return db.session.scalar(db.select(Post).where(Post.thread_id == thread.id, Post.number == 1))


def test_sort_newest(forum):
    first = make_post(forum["luis"], forum["threads"]["pe"], "Primera nota sobre malaria.")
    second = make_post(forum["luis"], forum["threads"]["pe"], "Segunda nota sobre malaria.")
    assert find(q="malaria", sort="newest")[:2] == [("post", second.id), ("post", first.id)]


def test_pagination(forum):
    for n in range(25):
        make_post(forum["luis"], forum["threads"]["pe"], f"Reporte de sarampión número {n}.")
    first, second = run(q="sarampión"), run(q="sarampión", page=2)
    assert (first.total, first.pages, len(first.items), len(second.items)) == (25, 2, 20, 5)
    assert not {i["id"] for i in first.items} & {i["id"] for i in second.items}


def test_counting_stops_at_the_limit(forum, monkeypatch):
    from forum.search import service

    monkeypatch.setattr(service, "COUNT_LIMIT", 3)
    for n in range(5):
        make_post(forum["luis"], forum["threads"]["pe"], f"Brote de fiebre amarilla {n}.")
    results = run(q="fiebre amarilla")
    assert (results.total, results.total_is_exact, len(results.items)) == (3, False, 3)
    assert COUNT_LIMIT == 1_000


# ---------- permissions ----------

@pytest.fixture
def moderated(app, forum):
    """A hidden reply, a deleted reply and a deleted thread, all containing 'paludismo' (built once
    per process, on top of `forum`)."""
    return starting_objects(app, "search-moderated", lambda: _build_moderated(forum))


def _build_moderated(forum: dict) -> dict:
    mod = make_user("mod", role="moderator")
    luis, pe = forum["luis"], forum["threads"]["pe"]
    visible = make_post(luis, pe, "El paludismo bajó en la frontera.")
    hidden = make_post(luis, pe, "Paludismo: mensaje ocultado por moderación.")
    deleted = make_post(luis, pe, "Paludismo: mensaje borrado por su autor.")
    gone = make_thread(luis, forum["systems"], title="Paludismo en hilo borrado", body="Paludismo sin respuestas.")
    moderation.do_hide_post(mod, hidden, reason="spam")
    do_delete_post(luis, deleted)
    do_delete_post(luis, _first_post(gone))
    return {"mod": mod, "visible": visible, "hidden": hidden, "deleted": deleted, "gone": gone}


def test_members_never_see_hidden_or_deleted_content(forum, moderated):
    member = make_user("reader")
    for viewer in (None, member):
        for args in ({}, {"include_hidden": "1"}):
            results = run(viewer, q="paludismo", **args)
            assert [(i["type"], i["id"]) for i in results.items] == [("post", moderated["visible"].id)]
            assert results.total == 1


def test_moderators_can_include_hidden_posts(forum, moderated):
    mod = moderated["mod"]
    assert post_ids(mod, q="paludismo") == {moderated["visible"].id}
    results = run(mod, q="paludismo", include_hidden="1")
    assert {(i["id"], i["is_hidden"]) for i in results.items} == {
        (moderated["visible"].id, False), (moderated["hidden"].id, True)}
    assert results.total == 2  # deleted posts and deleted threads stay out


def test_community_moderators_include_hidden_only_in_their_communities(forum, moderated):
    admin = make_user("root", role="admin")
    local = make_user("local")
    do_add_community_moderator(admin, local, forum["systems"])
    elsewhere = make_post(forum["kate"], forum["threads"]["en"], "Paludismo en los sistemas.")
    moderation.do_hide_post(moderated["mod"], elsewhere, reason="off topic")
    db.session.flush()
    from flask import g

    g.pop(f"_moderated_communities_{local.id}", None)
    assert post_ids(local, q="paludismo", include_hidden="1") == {moderated["visible"].id, elsewhere.id}


def test_unconfirmed_and_deactivated_people_are_not_listed(ctx):
    make_user("ghost", display_name="Zacarias Ghost", is_verified=False)
    gone = make_user("gone", display_name="Zacarias Gone")
    gone.deactivated_at = utcnow()
    shown = make_user("shown", display_name="Zacarias Shown")
    assert find(q="zacarias") == [("person", shown.id)]


# ---------- the edit path, seen through search ----------

def test_edits_are_searchable_at_once(forum):
    post = forum["posts"]["pe"]
    do_edit_post(forum["luis"], post, body="Ahora hablamos de leishmaniasis.")
    assert post.id in post_ids(q="leishmaniasis")
    assert post.id not in post_ids(q="cadena frío")
