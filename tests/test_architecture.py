"""The shape of the code, held by tests: no import cycle in `forum`, and services and search that
return data (they neither read the request nor build URLs for pages: forum.links does)."""

import ast
from pathlib import Path

import grimp

FORUM = Path(__file__).resolve().parent.parent / "forum"


def _cycles(edges: dict[str, set[str]]) -> list[list[str]]:
    """The strongly connected components with more than one module (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []

    def visit(module: str) -> None:
        index[module] = low[module] = len(index)
        stack.append(module)
        on_stack.add(module)
        for imported in edges[module]:
            if imported not in index:
                visit(imported)
                low[module] = min(low[module], low[imported])
            elif imported in on_stack:
                low[module] = min(low[module], index[imported])
        if low[module] == index[module]:
            component = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                component.append(member)
                if member == module:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    for module in sorted(edges):
        if module not in index:
            visit(module)
    return found


def test_forum_has_no_import_cycle():
    # Imports inside functions count too: a cycle hidden in a function is still a cycle.
    graph = grimp.build_graph("forum", cache_dir=None)
    edges = {module: graph.find_modules_directly_imported_by(module) for module in graph.modules}
    assert _cycles(edges) == []


def test_the_cycle_finder_finds_a_cycle():
    assert _cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]


def _flask_names(path: Path) -> set[str]:
    names = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module == "flask":
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.Import) and any(alias.name == "flask" for alias in node.names):
            names.add("flask")
    return names


def test_services_and_search_neither_read_the_request_nor_build_page_urls():
    forbidden = {"request", "url_for", "session", "g", "flask"}
    offenders = {str(path.relative_to(FORUM)): sorted(_flask_names(path) & forbidden)
                 for folder in ("services", "search") for path in sorted((FORUM / folder).glob("*.py"))}
    assert {path: names for path, names in offenders.items() if names} == {}
    assert not [path for folder in ("services", "search") for path in (FORUM / folder).glob("*.py")
                if "test_request_context" in path.read_text(encoding="utf-8")]
