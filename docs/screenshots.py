"""Take the screenshots the README and docs/ show: `make screenshots`.

A fresh SQLite database in a temporary directory gets the migrations and the demo data, a real
server (gunicorn, as in production) serves it, and Debian's Chromium, driven by Playwright, takes
each page at 1280 px (a laptop) and 360 px (a phone), as a visitor would see it above the fold.
The files are written to docs/screenshots/<page>-<width>.png; nothing else is changed.

    .venv/bin/python docs/screenshots.py            # every page, both widths
    .venv/bin/python docs/screenshots.py --lang es  # the interface in Spanish
"""

import argparse
import os
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.live import live_server  # noqa: E402  (after the path: the script runs from anywhere)

OUT = ROOT / "docs" / "screenshots"
WIDTHS = {1280: 800, 360: 740}  # width: height of the viewport
CHROMIUM = "/usr/bin/chromium"


def prepare(database_url: str, instance: Path) -> dict[str, str]:
    """Migrate and seed the demo; return the paths of the pages to take."""
    env = {**os.environ, "DATABASE_URL": database_url, "FORUM_INSTANCE_DIR": str(instance),
           "PASSWORD_HASH_PROFILE": "CHEAPEST"}
    env.pop("REDIS_URL", None)
    env.pop("MAIL_SERVER", None)
    flask = [str(Path(sys.executable).parent / "flask"), "--app", "wsgi"]
    subprocess.run([*flask, "db", "upgrade"], cwd=ROOT, env=env, check=True, capture_output=True)
    subprocess.run([*flask, "seed", "demo", "--if-empty"], cwd=ROOT, env=env, check=True, capture_output=True)

    os.environ.update({"DATABASE_URL": database_url, "FORUM_INSTANCE_DIR": str(instance)})
    from sqlalchemy import select

    from forum import create_app
    from forum.extensions import db
    from forum.models import Experience, Thread

    app = create_app({"SQLALCHEMY_DATABASE_URI": database_url})
    with app.app_context():
        # The liveliest discussion, and a published experience that was assessed.
        thread = db.session.scalars(
            select(Thread).where(Thread.kind == "discussion", Thread.deleted_at.is_(None))
            .order_by(Thread.post_count.desc(), Thread.id)
        ).first()
        experience = db.session.scalars(
            select(Experience).where(Experience.status == "published")
            .order_by((Experience.assessment_status == "none"), Experience.revision_count.desc(), Experience.id)
        ).first()
        return {
            "home": "/",
            "thread": f"/t/{thread.id}/{thread.slug}",
            "experience": f"/experiences/{experience.id}/{experience.slug}",
            "board": "/cooperation",
            "map": "/experiences/map",
        }


def take(base_url: str, pages: dict[str, str], lang: str) -> list[Path]:
    from playwright.sync_api import sync_playwright

    OUT.mkdir(parents=True, exist_ok=True)
    written = []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM)
        for width, height in WIDTHS.items():
            context = browser.new_context(base_url=base_url, viewport={"width": width, "height": height},
                                          locale=lang, extra_http_headers={"Accept-Language": lang},
                                          device_scale_factor=1)
            page = context.new_page()
            for name, path in pages.items():
                page.goto(path, wait_until="networkidle")
                suffix = "" if lang == "en" else f"-{lang}"
                target = OUT / f"{name}-{width}{suffix}.png"
                page.screenshot(path=str(target))
                written.append(target)
            context.close()
        browser.close()
    return written


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--lang", default="en", choices=["en", "es", "pt", "fr"])
    args = parser.parse_args()
    if not Path(CHROMIUM).exists():
        print(f"{CHROMIUM} is missing: `make browser` installs it", file=sys.stderr)
        return 1
    with tempfile.TemporaryDirectory(prefix="horizonte-screenshots-") as tmp:
        tmp_path = Path(tmp)
        database_url = f"sqlite:///{tmp_path / 'demo.db'}"
        pages = prepare(database_url, tmp_path / "instance")
        with live_server(database_url, tmp_path, extra_env={"FRAGMENT_CACHE_SECONDS": "0"}) as server:
            for path in take(server.url, pages, args.lang):
                print(path.relative_to(ROOT))
    return 0


if __name__ == "__main__":
    sys.exit(main())
