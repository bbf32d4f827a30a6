"""The demo folder (demo/) as forum/seed/demo_data.py reads it: every file loads, and a broken file
is refused with a message that names it."""

import re
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

from forum.seed.demo_data import DEMO_DIR, DemoDataError, load_demo_data


def test_every_demo_file_loads():
    data = load_demo_data()
    thread_files = sorted(DEMO_DIR.glob("threads/*/*.md"))
    assert thread_files and sorted(t.path for t in data.threads) == thread_files
    assert [t.community for t in data.threads] == sorted(
        (t.community for t in data.threads), key=[c.slug for c in data.communities].index
    )
    usernames = {p.username for p in data.people}
    for thread in data.threads:
        assert thread.posts[0].author == thread.author
        assert all(p.author in usernames and p.body.endswith("\n") and not p.body.endswith("\n\n")
                   for p in thread.posts)
    assert {"admin", "moderator"} <= usernames and data.experiences


def test_a_post_body_is_read_as_written(tmp_path):
    root = _copy_demo(tmp_path)
    path = root / "threads" / "immunization" / "99-hello.md"
    path.write_text(
        '+++\ntitle = "Hello"\nauthor = "admin"\nkind = "discussion"\nlanguage = "en"\n+++\n\n'
        "First line\n\n    indented code\n\n=== reply: moderator ===\n\n\nA reply  \nwith a hard break\n\n\n",
        encoding="utf-8",
    )
    (thread,) = [t for t in load_demo_data(root).threads if t.path == path]
    assert [(p.author, p.body) for p in thread.posts] == [
        ("admin", "First line\n\n    indented code\n"),
        ("moderator", "A reply  \nwith a hard break\n"),
    ]


def _replace(old: str, new: str) -> Callable[[str], str]:
    def edit(text: str) -> str:
        assert old in text
        return text.replace(old, new, 1)
    return edit


FIRST_THREAD = "threads/maternal-child-health/01-*.md"
OFFER = "threads/maternal-child-health/09-*.md"

BROKEN = {
    "invalid TOML": ("people.toml", lambda text: text + "\n[[people]]\nusername =\n", "not valid TOML"),
    "unknown key": ("people.toml", _replace('role = "admin"', 'role = "admin"\nfavourite = 1'), "unknown key"),
    "missing key": ("communities.toml", _replace('name = "', 'title = "'), "missing key(s) name"),
    "repeated username": ("people.toml", _replace('username = "moderator"', 'username = "admin"'),
                          "username admin appears more than once"),
    "no front matter": (FIRST_THREAD, _replace("+++\n", ""), "front matter"),
    "front matter not TOML": (FIRST_THREAD, _replace("author = ", "author: "), "not valid TOML"),
    "unknown kind": (FIRST_THREAD, _replace('kind = "discussion"', 'kind = "blog"'), "kind should be one of"),
    "misspelt reply line": (FIRST_THREAD, _replace("=== reply: ", "=== replay: "),
                            "a reply starts with a line"),
    "unknown author": (FIRST_THREAD, _replace("=== reply: rcondori ===", "=== reply: ghost ==="),
                       "'ghost' is not in people.toml"),
    "experience of no thread": ("experiences.toml", _replace('thread = "Casas', 'thread = "Cosas'),
                                "should start exactly one thread's title"),
    "evidence out of range": ("experiences.toml", _replace("evidence = [2, 3]", "evidence = [2, 99]"),
                              "evidence should list post numbers"),
    "cooperation of a discussion": (FIRST_THREAD, _replace('language = "es"\n', 'language = "es"\n[cooperation]\n'),
                                    "only offers and requests have a [cooperation] table"),
    "cooperation field unknown": (OFFER, _replace('modality = "south_south"', 'modality = "south_south"\ncost = 1'),
                                  "[cooperation]: unknown key(s) cost"),
    "match of an offer as request": ("cooperation.toml", _replace('request = "Request: help designing referral and '
                                                                  'counter-referral"',
                                                                  'request = "Oferta: pasantía en micro"'),
                                     "should be a request, it is an offer"),
    "interest of a stranger": ("cooperation.toml", _replace('member = "mquispe"', 'member = "ghost"'),
                               "'ghost' is not in people.toml"),
    "project of a stranger": ("cooperation.toml", _replace('focal_points = ["jpierre"]', 'focal_points = ["ghost"]'),
                              "projects #1: 'ghost' is not in people.toml"),
    "project without dates": ("cooperation.toml", _replace("planned_start = -120\n", ""),
                              "projects #1: missing key(s) planned_start"),
}


@pytest.mark.parametrize("pattern, edit, expected", BROKEN.values(), ids=BROKEN.keys())
def test_a_malformed_file_is_refused_with_its_name(tmp_path, pattern, edit, expected):
    root = _copy_demo(tmp_path)
    (path,) = root.glob(pattern)
    path.write_text(edit(path.read_text(encoding="utf-8")), encoding="utf-8")
    with pytest.raises(DemoDataError) as error:
        load_demo_data(root)
    assert str(error.value).startswith(f"{path}: ") and expected in str(error.value)


def test_a_stray_file_or_folder_is_refused_with_its_name(tmp_path):
    root = _copy_demo(tmp_path)
    stray = root / "threads" / "immunization" / "notes.txt"
    stray.write_text("draft", encoding="utf-8")
    with pytest.raises(DemoDataError, match=f"^{re.escape(str(stray))}: "):
        load_demo_data(root)
    stray.unlink()
    (root / "threads" / "vaccines").mkdir()
    with pytest.raises(DemoDataError, match=f"^{re.escape(str(root / 'threads' / 'vaccines'))}: not a community"):
        load_demo_data(root)


def _copy_demo(tmp_path: Path) -> Path:
    return Path(shutil.copytree(DEMO_DIR, tmp_path / "demo"))
