"""The language content is written in: guessed at write time, corrected by hand, marked up with
`lang`, filtered on, and used by search."""

import re

import pytest
from sqlalchemy import select

from forum.extensions import db
from forum.models import AuditEntry, Community, Post, Thread
from forum.search.models import SearchDocument
from forum.services.content_languages import do_guess_missing_languages
from tests.conftest import form_post
from tests.factories import make_community, make_post, make_thread, make_user, refetch

PORTUGUESE = ("Como vocês organizam a vacinação nas comunidades ribeirinhas da Amazônia durante a estação "
              "das chuvas, quando os barcos demoram semanas?")
SPANISH = ("¿Cómo organizan la vacunación en las comunidades rurales de los Andes cuando los caminos se "
           "cierran durante la temporada de lluvias?")
FRENCH = ("Comment organisez-vous la vaccination dans les communes rurales pendant la saison des pluies, "
          "quand les routes sont coupées pendant des semaines ?")


@pytest.fixture
def community(app):
    with app.app_context():
        community = make_community("vaccines", name="Vaccines")
        db.session.commit()
        return community.slug


def test_a_thread_and_its_posts_record_the_language_they_are_written_in(ctx):
    author = make_user("author", locale="en")
    community = make_community()
    thread = make_thread(author, community, title="Vacinação nas comunidades ribeirinhas", body=PORTUGUESE)
    spanish = make_post(author, thread, SPANISH)
    short = make_post(author, thread, "Obrigado!")  # too short to tell: the thread's language
    db.session.commit()
    thread, opening = refetch(Thread, thread.id), db.session.scalar(select(Post).where(Post.number == 1))
    assert (thread.language, opening.language) == ("pt", "pt")
    assert refetch(Post, spanish.id).language == "es"
    assert refetch(Post, short.id).language == "pt"


def test_a_short_thread_takes_the_language_its_author_reads_the_site_in(ctx):
    author = make_user("lectora", locale="es")
    thread = make_thread(author, make_community(), title="¿Alguien?", body="Hola a todos")
    assert thread.language == "es"
    english_reader = make_user("reader", locale="en")
    assert make_thread(english_reader, make_community(), title="Hello?", body="Anyone").language == "en"


def test_an_edit_guesses_the_post_language_again(ctx):
    author = make_user("author")
    thread = make_thread(author, make_community(), title="Cold chain on river routes",
                         body="How do you keep vaccines cold on long river routes during the rainy season?")
    reply = make_post(author, thread, FRENCH)
    assert reply.language == "fr"
    from forum.services.posts import do_edit_post

    do_edit_post(author, reply, body=SPANISH)
    db.session.commit()
    assert refetch(Post, reply.id).language == "es"


def test_the_new_thread_form_lets_the_author_say_the_language(app, client, auth, member, community):
    auth.login("member")
    page = client.get(f"/c/{community}/new").get_data(as_text=True)
    assert 'id="language" name="language"' in page and '<option lang="pt" value="pt">Português' in page
    response = form_post(client, f"/c/{community}/new", {
        "title": "Cadeia de frio", "kind": "discussion", "language": "pt",
        # English words, but the author says it is Portuguese: the author is right.
        "body": "Cold chain notes, to be translated by the team next week for everyone here.",
    })
    assert response.status_code == 302
    with app.app_context():
        thread = db.session.scalar(select(Thread))
        assert thread.language == "pt"
        assert db.session.scalar(select(Post.language).where(Post.number == 1)) == "pt"


def test_an_unknown_language_is_refused_with_the_text_kept(app, client, auth, member, community):
    auth.login("member")
    response = form_post(client, f"/c/{community}/new", {
        "title": "Cadeia de frio", "kind": "discussion", "language": "xx", "body": "Meu texto inteiro",
    })
    assert response.status_code == 422
    html = response.get_data(as_text=True)
    assert "Meu texto inteiro" in html and 'aria-invalid="true"' in html and "Choose a language." in html


def test_the_thread_page_marks_up_each_language(app, client, community):
    with app.app_context():
        author = make_user("autora")
        thread = make_thread(author, db.session.scalar(select(Community)), title="Vacinação ribeirinha",
                             body=PORTUGUESE)
        make_post(author, thread, SPANISH)
        db.session.commit()
        path = f"/t/{thread.id}/{thread.slug}"
    html = client.get(path).get_data(as_text=True)
    assert '<h1 lang="pt">Vacinação ribeirinha</h1>' in html
    bodies = re.findall(r'<div class="post-body" lang="(\w+)">', html)
    assert bodies == ["pt", "es"]
    assert "Written in Portuguese" in html
    # The page's own language stays the reader's.
    assert html.startswith("<!doctype html>\n<html lang=\"en\">")


@pytest.mark.parametrize(("who", "allowed"), [("author", True), ("moderator", True), ("other", False)])
def test_the_author_and_moderators_correct_the_language(app, client, auth, community, moderator, other_member,
                                                        who, allowed):
    with app.app_context():
        author = make_user("author")
        thread = make_thread(author, db.session.scalar(select(Community)), title="Cold chain notes",
                             body="How do you keep vaccines cold on long river routes during the rainy season?")
        db.session.commit()
        thread_id, path = thread.id, f"/t/{thread.id}/{thread.slug}"
    auth.login(who)
    page = client.get(path).get_data(as_text=True)
    assert ('class="inline-form thread-language-form"' in page) is allowed
    response = form_post(client, f"/t/{thread_id}/language", {"language": "es"}, page=path)
    with app.app_context():
        thread = db.session.get(Thread, thread_id)
        audited = db.session.scalar(select(AuditEntry).where(AuditEntry.action == "thread.language"))
        if allowed:
            assert response.status_code == 302 and thread.language == "es"
            # The search index follows in the same transaction.
            doc = db.session.scalar(select(SearchDocument).where(SearchDocument.doc_type == "thread"))
            assert doc.language == "es"
            assert (audited is not None) is (who == "moderator")  # an author's own correction is not moderation
        else:
            assert response.status_code == 403 and thread.language == "en" and audited is None


def test_the_api_takes_and_changes_the_language(app, client, member, other_member, community):
    from tests.test_api_support import API
    from tests.test_messages import token

    headers = token(app, "member")
    created = client.post(f"{API}/communities/{community}/threads", headers=headers,
                          json={"title": "Notas", "body": "Notes in English, for now.", "language": "pt"})
    assert created.status_code == 201
    thread = created.get_json()["thread"]
    assert thread["language"] == "pt" and created.get_json()["post"]["language"] == "pt"
    changed = client.patch(f"{API}/threads/{thread['id']}", headers=headers, json={"language": "en"})
    assert changed.status_code == 200 and changed.get_json()["thread"]["language"] == "en"
    refused = client.patch(f"{API}/threads/{thread['id']}", headers=headers, json={"language": "klingon"})
    assert refused.status_code == 422
    assert refused.get_json()["error"]["code"] == "unknown_language"
    mass_assignment = client.patch(f"{API}/threads/{thread['id']}", headers=headers, json={"is_pinned": True})
    assert mass_assignment.status_code == 422
    other = client.patch(f"{API}/threads/{thread['id']}", headers=token(app, "other"), json={"language": "fr"})
    assert other.status_code == 403


def test_the_community_page_filters_by_language(app, client, community, count_queries):
    with app.app_context():
        author = make_user("autora")
        place = db.session.scalar(select(Community))
        make_thread(author, place, title="Vacinação ribeirinha", body=PORTUGUESE)
        make_thread(author, place, title="Vacunación en los Andes", body=SPANISH)
        make_thread(author, place, title="Vaccination rurale", body=FRENCH)
        db.session.commit()
    everything = client.get(f"/c/{community}").get_data(as_text=True)
    assert all(title in everything for title in ("Vacinação ribeirinha", "Vacunación en los Andes",
                                                  "Vaccination rurale"))
    spanish = client.get(f"/c/{community}?lang=es").get_data(as_text=True)
    assert "Vacunación en los Andes" in spanish
    assert "Vacinação ribeirinha" not in spanish and "Vaccination rurale" not in spanish
    assert '<option value="es" lang="es" selected>Español</option>' in spanish
    assert 'lang="es">Vacunación en los Andes</a>' in spanish
    none = client.get(f"/c/{community}?lang=en").get_data(as_text=True)
    assert "No thread here is written in English." in none
    # An unknown value filters nothing (the parameter comes from links), and never fails; a control
    # character is refused at the boundary (forum.boundary) before the page looks at it.
    assert "Vaccination rurale" in client.get(f"/c/{community}?lang=zz").get_data(as_text=True)
    assert client.get(f"/c/{community}?lang=%00zz").status_code == 422
    with count_queries() as unfiltered:
        client.get(f"/c/{community}")
    with count_queries() as filtered:
        client.get(f"/c/{community}?lang=es")
    assert filtered.count == unfiltered.count + 1  # the count of that language's threads


def test_search_stems_each_post_in_its_recorded_language(ctx):
    author = make_user("autora")
    thread = make_thread(author, make_community(), title="Vacinação ribeirinha", body=PORTUGUESE)
    reply = make_post(author, thread, SPANISH)
    db.session.commit()
    languages = dict(db.session.execute(
        select(SearchDocument.object_id, SearchDocument.language).where(SearchDocument.doc_type == "post")).all())
    opening_id = db.session.scalar(select(Post.id).where(Post.thread_id == thread.id, Post.number == 1))
    assert languages == {opening_id: "pt", reply.id: "es"}


def test_older_rows_get_their_language_from_the_command(app, runner):
    with app.app_context():
        author = make_user("autora")
        thread = make_thread(author, make_community(), title="Vacinação ribeirinha", body=PORTUGUESE)
        thread_id = thread.id
        make_post(author, thread, SPANISH)
        make_post(author, thread, "Ok")
        # Too short to tell: the author's interface language, as when it is written.
        short = make_thread(make_user("lectora", locale="es"), make_community(), title="¿Alguien?", body="Hola")
        db.session.commit()
        short_id = short.id
        # As a database upgraded from before languages were recorded.
        db.session.execute(Thread.__table__.update().values(language=None))
        db.session.execute(Post.__table__.update().values(language=None))
        db.session.commit()
    result = runner.invoke(args=["content", "guess-languages"])
    assert result.exit_code == 0, result.output
    assert "Recorded the language of 2 threads and 4 posts." in result.output
    with app.app_context():
        assert db.session.get(Thread, thread_id).language == "pt"
        assert db.session.get(Thread, short_id).language == "es"
        assert db.session.scalar(select(Post.language).where(Post.thread_id == short_id)) == "es"
        assert list(db.session.scalars(select(Post.language).where(Post.thread_id == thread_id)
                                       .order_by(Post.number))) == ["pt", "es", "pt"]


def test_the_backfill_goes_through_every_batch(ctx):
    author = make_user("autora")
    threads = [make_thread(author, make_community(f"c{n}"), title=f"Vacinação {n}", body=f"{PORTUGUESE} ({n})")
               for n in range(3)]
    for thread in threads:
        make_post(author, thread, f"{SPANISH} ({thread.id})")
    db.session.flush()
    db.session.execute(Thread.__table__.update().values(language=None))
    db.session.execute(Post.__table__.update().values(language=None))
    # One row a batch: each batch starts after the last id of the one before.
    assert do_guess_missing_languages(batch_size=1) == (3, 6)
    assert set(db.session.scalars(select(Thread.language))) == {"pt"}
    assert sorted(db.session.scalars(select(Post.language))) == ["es"] * 3 + ["pt"] * 3
