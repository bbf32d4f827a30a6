"""Adding a document type is a builder and a registration (forum/search/__init__.py says how).

A stand-in type built from communities (the Experience model belongs to another branch) walks
the path an experience will take: indexed on creation, re-indexed on edit, dropped when it stops
being searchable (like an unpublished experience), filtered by type, shown, rebuilt.
"""

import pytest
from werkzeug.datastructures import MultiDict

from forum import links
from forum.extensions import db
from forum.models import Community
from forum.search import registry
from forum.search.documents import document
from forum.search.indexing import rebuild
from forum.search.registry import DocType, register_doc_type, watch
from forum.search.service import read_params, search
from tests.factories import make_community
from tests.test_search_index import assert_index_exact


def build_communities(conn, ids):
    # "Unpublished" stand-in: a community whose description starts with "draft" is not searchable.
    rows = conn.execute(db.select(Community.id, Community.name, Community.description, Community.created_at)
                        .where(Community.id.in_(ids), ~Community.description.startswith("draft")))
    return [document("community", row.id, row.created_at, title=row.name, body=row.description, titled=True,
                     community_id=row.id) for row in rows]


def _community_targets(community):
    return [("community", community.id)]


@pytest.fixture
def with_communities(ctx, monkeypatch):
    monkeypatch.setattr(registry, "DOC_TYPES", dict(registry.DOC_TYPES))
    monkeypatch.setattr(registry, "_WATCHES", dict(registry._WATCHES))
    # The modules that read DOC_TYPES by name at import time.
    for module in ("forum.search.indexing", "forum.search.backends"):
        monkeypatch.setattr(f"{module}.DOC_TYPES", registry.DOC_TYPES)
    register_doc_type(DocType("community", "communities", Community, build_communities))
    watch(Community, ("name", "description"), _community_targets)


def found(q: str, **args) -> list[tuple[str, int]]:
    db.session.flush()
    results = search(db.session.connection(), None, read_params(MultiDict({"q": q, **args})))
    return [(i["type"], i["id"]) for i in results.items]


def test_a_registered_type_is_indexed_kept_exact_and_filtered(with_communities):
    community = make_community("salud-rural", name="Salud rural", description="Experiencias de vacunación.")
    assert found("vacunacion") == [("community", community.id)]
    assert found("vacunacion", type="communities") == [("community", community.id)]
    assert found("vacunacion", type="posts") == []
    item = search(db.session.connection(), None, read_params(MultiDict({"q": "salud"}))).items[0]
    assert str(item["title_html"]) == "<mark>Salud</mark> rural" and links.result_path(item) is None
    assert_index_exact()

    community.description = "Telemedicina en la selva."
    assert found("telemedicina") == [("community", community.id)] and found("vacunacion") == []
    assert_index_exact()

    community.description = "draft: telemedicina"
    assert found("telemedicina") == []
    assert_index_exact()

    community.description = "Telemedicina otra vez."
    assert found("telemedicina") == [("community", community.id)]
    assert_index_exact()
    db.session.flush()
    assert rebuild(db.session.connection()) >= 1
    assert found("telemedicina") == [("community", community.id)]
