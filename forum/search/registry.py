"""What can be searched: document types, and which writes re-index them.

A document type is a name ("post"), the model its objects come from (for the rebuild, oldest
first by `created_at`), and `build(conn, ids) -> list[dict]`: the index rows (see
forum.search.documents.document) of those objects *that are searchable now*. An id that `build`
leaves out loses its row: a deleted object, a draft, an unpublished experience.

A watch says which writes re-index what: when the flush inserts, deletes, or changes one of
`fields` of an instance of `model`, `targets(obj)` names the (doc_type, object_id) pairs to build
again, in the same transaction.
"""

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from typing import Any

from sqlalchemy.engine import Connection

Builder = Callable[[Connection, list[int]], list[dict[str, Any]]]


@dataclass(frozen=True)
class DocType:
    name: str  # stored in search_documents.doc_type (at most 16 characters)
    plural: str  # the ?type= value ("posts"); the singular is accepted too
    model: Any  # has `id` and `created_at`
    build: Builder
    # Called with the rows just written (e.g. a thread copies its title to its posts' rows).
    after_write: Callable[[Connection, list[dict[str, Any]]], None] | None = None
    # A version of another type's object (a translation of an experience, in its own language):
    # the `type` filter of that type finds it too, and a result shows and links as that object,
    # whose id is this column of `model` (e.g. ExperienceTranslation.experience_id).
    version_of: str | None = None
    parent: Any = None


@dataclass(frozen=True)
class Watch:
    model: Any
    fields: tuple[str, ...]
    targets: Callable[[Any], Iterable[tuple[str, int | None]]]


DOC_TYPES: dict[str, DocType] = {}
# Keyed by (model, targets' qualified name): registering again (each create_app) replaces.
_WATCHES: dict[tuple[Any, str], Watch] = {}


def register_doc_type(doc_type: DocType) -> None:
    DOC_TYPES[doc_type.name] = doc_type


def watch(model: Any, fields: Iterable[str], targets: Callable[[Any], Iterable[tuple[str, int | None]]]) -> None:
    _WATCHES[(model, f"{targets.__module__}.{targets.__qualname__}")] = Watch(model, tuple(fields), targets)


def watches() -> list[Watch]:
    return list(_WATCHES.values())


def type_values() -> dict[str, str | None]:
    """?type= values -> doc_type: "all", and each type's plural and singular (versions of another
    type's objects are found with that type)."""
    values: dict[str, str | None] = {"all": None}
    for doc_type in DOC_TYPES.values():
        if doc_type.version_of is None:
            values[doc_type.plural] = values[doc_type.name] = doc_type.name
    return values


def family(name: str) -> list[str]:
    """The doc_types a `type` filter finds: the type itself and the versions of its objects."""
    return [name, *(d.name for d in DOC_TYPES.values() if d.version_of == name)]


def versions() -> list[DocType]:
    return [d for d in DOC_TYPES.values() if d.version_of is not None]


def chunks(ids: Iterable[int], size: int = 500) -> Iterator[list[int]]:
    """The ids, sorted and without repeats, in lists of at most `size` (an IN list per statement)."""
    ids = sorted(set(ids))
    for start in range(0, len(ids), size):
        yield ids[start:start + size]
