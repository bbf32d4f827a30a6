"""The index stays exact: after every kind of write it equals a rebuild from scratch, in the same
transaction as the write; `flask search reindex` covers what bypassed the ORM.

Runs on SQLite and PostgreSQL.
"""

import pytest
from sqlalchemy import select, text
from werkzeug.datastructures import MultiDict

from forum.extensions import db
from forum.models import Post, Thread, utcnow
from forum.search import schema
from forum.search.indexing import rebuild
from forum.search.models import SearchDocument
from forum.search.service import read_params, search
from forum.services import moderation
from forum.services.accounts import do_update_profile
from forum.services.posts import do_delete_post, do_edit_post
from forum.services.sanctions import do_deactivate_user, do_reactivate_user
from tests.factories import make_community, make_post, make_thread, make_user

DOCS = SearchDocument.__table__
FIELDS = [c.name for c in DOCS.columns if c.name != "id"]


def index_state() -> dict:
    """Every index row by (doc_type, object_id), with its full-text part, ids left out."""
    conn = db.session.connection()
    rows = {row.id: row for row in conn.execute(select(DOCS))}
    if conn.dialect.name == "sqlite":
        fts = conn.execute(text("SELECT rowid, title, summary, body FROM search_fts"))
        text_part = {r[0]: tuple(r[1:]) for r in fts}
    else:
        text_part = {r[0]: r[1] for r in conn.execute(text("SELECT id, tsv::text FROM search_documents"))}
    assert set(text_part) == set(rows), "every row has exactly one full-text entry"
    return {(r.doc_type, r.object_id): (tuple(getattr(r, f) for f in FIELDS), text_part[i]) for i, r in rows.items()}


def indexed_words() -> tuple[set[str], set[str]] | None:
    """PostgreSQL: (the word list prefixes are looked up in, the words the tsvectors hold)."""
    conn = db.session.connection()
    if conn.dialect.name == "sqlite":
        return None
    listed = set(conn.scalars(text(f"SELECT lexeme FROM {schema.LEXEMES_TABLE}")))
    held = set(conn.scalars(text("SELECT DISTINCT lexeme FROM search_documents, unnest(tsvector_to_array(tsv)) "
                                 "AS lexeme WHERE left(lexeme, 1) <> '_'")))
    return listed, held


def block_days() -> tuple[dict, dict] | None:
    """PostgreSQL: (the blocks' days as kept, as the rows say) by block: (first day, last day)."""
    conn = db.session.connection()
    if conn.dialect.name == "sqlite":
        return None
    kept = {r[0]: (r[1], r[2]) for r in conn.execute(
        text(f"SELECT block, first_day, last_day FROM {schema.BLOCKS_TABLE}"))}
    actual = {r[0]: (r[1], r[2]) for r in conn.execute(text(
        f"SELECT id >> {schema.RANGE_BITS[0]}, CAST(min(created_at) AS date), CAST(max(created_at) AS date) "
        "FROM search_documents GROUP BY 1"))}
    return kept, actual


def assert_index_exact() -> None:
    db.session.flush()
    current, current_words, current_blocks = index_state(), indexed_words(), block_days()
    savepoint = db.session.begin_nested()
    rebuild(db.session.connection())
    rebuilt, rebuilt_words, rebuilt_blocks = index_state(), indexed_words(), block_days()
    savepoint.rollback()
    assert current == rebuilt
    if current_words:
        # Writes only add to the list (a word gone from every row stays until a rebuild).
        assert current_words[0] >= current_words[1]
        assert rebuilt_words[0] == rebuilt_words[1] == current_words[1]
    if current_blocks:
        # Writes only widen a block's days; a rebuild makes them exact.
        kept, actual = current_blocks
        for block, (first, last) in actual.items():
            assert kept[block][0] <= first and kept[block][1] >= last, f"block {block} covers its days"
        assert rebuilt_blocks[0] == rebuilt_blocks[1]


def found(q: str, viewer=None, **args) -> set[tuple[str, int]]:
    db.session.flush()
    results = search(db.session.connection(), viewer, read_params(MultiDict({"q": q, **args})))
    return {(i["type"], i["id"]) for i in results.items}


def opening(thread: Thread) -> Post:
    return db.session.scalar(select(Post).where(Post.thread_id == thread.id, Post.number == 1))


@pytest.fixture
def world(ctx):
    author = make_user("author", display_name="Rosa Author")
    mod = make_user("mod", role="moderator")
    admin = make_user("admin", role="admin")
    one = make_community("one", name="One")
    two = make_community("two", name="Two")
    thread = make_thread(author, one, title="Cadena de frío en la Amazonía",
                         body="Los refrigeradores solares funcionan bien en la selva.")
    reply = make_post(author, thread, "La vacuna contra la fiebre amarilla necesita frío constante.")
    other = make_post(author, thread, "Los botes llevan las neveras río arriba.")
    return {"author": author, "mod": mod, "admin": admin, "one": one, "two": two, "thread": thread,
            "reply": reply, "other": other}


def test_create(world):
    assert ("post", world["reply"].id) in found("fiebre amarilla")
    assert ("thread", world["thread"].id) in found("Amazonía")
    assert ("person", world["author"].id) in found("Rosa")
    assert_index_exact()


def test_rolled_back_writes_leave_no_trace(world):
    db.session.commit()
    make_post(world["author"], world["thread"], "Un mensaje sobre sarampión que nunca existió.")
    db.session.flush()
    assert found("sarampión")
    db.session.rollback()
    assert not found("sarampión")
    assert_index_exact()


def test_edit(world):
    do_edit_post(world["author"], world["reply"], body="Ahora el texto trata de la leishmaniasis.")
    assert ("post", world["reply"].id) in found("leishmaniasis")
    assert ("post", world["reply"].id) not in found("fiebre amarilla")
    do_edit_post(world["author"], opening(world["thread"]), body="The solar fridges work well in the forest.")
    assert ("post", opening(world["thread"]).id) in found("fridges")
    assert_index_exact()


def test_delete_and_undelete(world):
    do_delete_post(world["author"], world["reply"])
    assert ("post", world["reply"].id) not in found("fiebre amarilla")
    assert_index_exact()
    moderation.do_undelete_post(world["mod"], world["reply"])
    assert ("post", world["reply"].id) in found("fiebre amarilla")
    assert_index_exact()


def test_deleting_a_thread_hides_all_of_it(world):
    lonely = make_thread(world["author"], world["two"], title="Hilo sobre chikungunya",
                         body="Chikungunya en la costa.")
    do_delete_post(world["author"], opening(lonely))
    assert lonely.is_deleted
    assert not found("chikungunya")
    assert_index_exact()
    moderation.do_undelete_post(world["mod"], opening(lonely))
    assert found("chikungunya") == {("thread", lonely.id), ("post", opening(lonely).id)}
    assert_index_exact()


def test_hide_and_restore(world):
    moderation.do_hide_post(world["mod"], world["reply"], reason="Off topic")
    assert ("post", world["reply"].id) not in found("fiebre amarilla")
    assert ("post", world["reply"].id) in found("fiebre amarilla", world["mod"], include_hidden="1")
    assert_index_exact()
    moderation.do_restore_post(world["mod"], world["reply"])
    assert ("post", world["reply"].id) in found("fiebre amarilla")
    assert_index_exact()


def test_move(world):
    moderation.do_move_thread(world["mod"], world["thread"], world["two"])
    assert ("post", world["reply"].id) in found("fiebre amarilla", community="two")
    assert not found("fiebre amarilla", community="one")
    assert_index_exact()


def test_rename(world):
    moderation.do_rename_thread(world["mod"], world["thread"], title="Refrigeración solar en ríos")
    assert ("thread", world["thread"].id) in found("refrigeración")
    assert ("thread", world["thread"].id) not in found("Amazonía")
    results = search(db.session.connection(), None, read_params(MultiDict({"q": "fiebre amarilla"})))
    assert {i["title"] for i in results.items} == {"Refrigeración solar en ríos"}
    assert_index_exact()


def test_split(world):
    new = moderation.do_split_thread(world["mod"], world["thread"], post_ids=[world["other"].id],
                                     title="Transporte fluvial de neveras")
    assert ("thread", new.id) in found("transporte fluvial")
    results = search(db.session.connection(), None, read_params(MultiDict({"q": "neveras", "type": "posts"})))
    assert [(i["id"], i["thread"]["id"], i["title"]) for i in results.items] == [
        (world["other"].id, new.id, "Transporte fluvial de neveras")]
    assert_index_exact()


def test_close_adds_the_closing_post(world):
    moderation.do_close_thread(world["mod"], world["thread"], message="Cerramos: ver el informe de dengue.")
    assert len(found("informe dengue")) == 1
    assert_index_exact()


def test_kind_change_and_lock_keep_the_index_exact(world):
    world["thread"].kind = "question"
    moderation.do_set_locked(world["mod"], world["thread"], True)
    db.session.flush()
    assert ("post", world["reply"].id) in found("fiebre", kind="question")
    assert_index_exact()


def test_people(world):
    author = world["author"]
    do_update_profile(author, display_name="Rosa Mamani", country="BO", sector="government",
                      organization="Hospital de Clínicas La Paz", bio="Enfermera especialista en salud materna.",
                      locale=None)
    assert ("person", author.id) in found("Mamani")
    assert ("person", author.id) in found("clínicas", type="people")
    results = search(db.session.connection(), None, read_params(MultiDict({"q": "Mamani", "type": "people"})))
    assert [(i["title"], i["username"]) for i in results.items] == [("Rosa Mamani", "author")]
    assert_index_exact()
    do_deactivate_user(world["admin"], author, reason="Spam")
    assert ("person", author.id) not in found("Mamani")
    assert_index_exact()
    do_reactivate_user(world["admin"], author)
    assert ("person", author.id) in found("Mamani")
    assert_index_exact()


def test_flags_that_hide_a_post_hide_it_from_search(world):
    from flask import current_app

    from forum.services.flags import do_flag_post

    for n in range(current_app.config["FLAG_THRESHOLD"]):
        do_flag_post(make_user(f"flagger{n}"), world["reply"], reason="spam")
    assert world["reply"].is_hidden
    assert ("post", world["reply"].id) not in found("fiebre amarilla")
    assert_index_exact()


def test_reindex_command_indexes_bulk_inserts(app, runner):
    from forum.seed.bench import load_bench

    with app.app_context():
        make_user("someone", display_name="Someone Early")
        load_bench(posts=40, threads=4, users=3, communities=1, progress=lambda _msg: None)
        db.session.commit()
    with app.test_request_context():
        assert not found("telemedicina")  # Core inserts bypass the hooks
    result = runner.invoke(args=["search", "reindex", "--batch-size", "7"])
    assert result.exit_code == 0, result.output
    assert "Indexed" in result.output and "Indexing" in result.output
    with app.test_request_context():
        assert len(found("telemedicina", type="posts")) == 5
        assert ("person", 1) in found("someone")
        documents = db.session.scalar(select(db.func.count()).select_from(DOCS))
        assert documents == 40 + 4 + 4  # posts, threads, people
        # ids follow creation time: the "newest" order relies on it
        times_by_id = list(db.session.scalars(select(DOCS.c.created_at).order_by(DOCS.c.id)))
        assert times_by_id == sorted(times_by_id)
        assert_index_exact()
        # Writes after a reindex keep going at the next id.
        thread = db.session.scalar(select(Thread).limit(1))
        user = make_user("later")
        post = make_post(user, thread, "Un mensaje posterior sobre oncocercosis.")
        assert found("oncocercosis") == {("post", post.id)}
        assert post.created_at <= utcnow()
        db.session.rollback()
