"""WCAG 2.2 AA, as axe-core (vendored from the npm package) sees every main page in Chromium,
in English and in Spanish; and the page landmarks a screen reader relies on.

Every test reads the shared site of tests/browser.py (`browser_site`: one gunicorn process per
test process, SQLite: these check HTML, CSS and scripts, not the database).
"""

import json
from pathlib import Path

import pytest

from tests.browser import log_in

pytestmark = [pytest.mark.browser, pytest.mark.live]

AXE = Path(__file__).parent / "vendor" / "axe-core" / "axe.min.js"
# Every rule axe has for WCAG 2.0, 2.1 and 2.2 at levels A and AA, and its best practices.
AXE_OPTIONS = {"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa",
                                                     "best-practice"]},
               "resultTypes": ["violations"]}


def _pages(site) -> dict[str, list[tuple[str, str]]]:
    """The pages of the issue, by who looks at them."""
    return {
        "anonymous": [("home", "/"), ("community", site.community), ("thread", site.thread),
                      ("login", "/login"), ("register", "/register"), ("profile", site.profile),
                      ("directory", "/people"), ("search", "/search?q=solar"), ("library", "/experiences"),
                      ("experience", site.experience), ("organizations", "/organizations"),
                      ("organization", "/organizations/ministry-of-health-br"), ("countries", "/countries"),
                      ("country", "/countries/BR"), ("cooperation board", "/cooperation"),
                      ("projects", "/projects"), ("map", "/experiences/map")],
        "member": [("new thread", f"{site.community}/new"), ("reply", f"/t/{site.thread_id}/reply"),
                   ("notifications", "/notifications"), ("new organization", "/organizations/new"),
                   ("publishing an offer", "/cooperation/publish?kind=offer"),
                   ("saved searches", "/cooperation/alerts"), ("settings", "/settings"),
                   ("account settings", "/settings/account"), ("email settings", "/settings/notifications"),
                   ("drafts", "/drafts")],
        "moderator": [("moderation queue", "/moderation"), ("thread as moderator", site.thread),
                      ("audit log", "/moderation/log"),
                      ("merging organizations", "/organizations/ministry-of-health-br/merge"),
                      ("editing an experience", site.experience.rsplit("/", 1)[0] + "/edit")],
        "admin": [("invitations", "/moderation/invitations"), ("communities", "/moderation/communities"),
                  ("site settings", "/moderation/settings")],
    }


def axe_context(chromium, **options):
    """A browser context whose every page loads axe-core before its own scripts: an init script
    costs nothing per page (V8 keeps the compiled script), where injecting it into each loaded page
    cost a sixth of a second. The page's script policy forbids injected scripts: axe needs the
    exception."""
    context = chromium.new_context(bypass_csp=True, **options)
    context.add_init_script(path=str(AXE))
    return context


def _axe(page) -> list[dict]:
    result = page.evaluate("options => axe.run(document, options)", AXE_OPTIONS)
    return [{"rule": v["id"], "impact": v["impact"], "help": v["help"],
             "nodes": [n["target"] for n in v["nodes"]][:5]}
            for v in result["violations"] if v["impact"] in ("serious", "critical")]


@pytest.mark.parametrize("who", ["anonymous", "member", "moderator", "admin"])
@pytest.mark.parametrize("locale", ["en-US", "es-ES"])
def test_main_pages_have_no_serious_accessibility_violations(chromium, browser_site, locale, who):
    """Every page, in English and in Spanish (longer words push the layout that target-size,
    colour contrast and scrollable regions look at), says it is in the reader's language and has
    no serious or critical violation. Each language and reader is a test of its own, so the test
    workers share them (together they took 15-17 s a language, the longest tests of the suite)."""
    base, site = browser_site
    found: dict[str, list] = {}
    pages = _pages(site)[who]
    context = axe_context(chromium, base_url=base, locale=locale)
    page = context.new_page()
    try:
        if who != "anonymous":
            log_in(page, base, who)
        for name, path in pages:
            response = page.goto(path)
            assert response.status == 200, (name, path, response.status)
            assert page.get_attribute("html", "lang") == locale[:2]
            violations = _axe(page)
            if violations:
                found[f"{name} ({path})"] = violations
    finally:
        context.close()
    assert not found, json.dumps(found, indent=1)


@pytest.mark.parametrize("path", ["/", "/login"])
def test_pages_have_a_skip_link_landmarks_and_one_main_heading(chromium, browser_site, path):
    """On the shared site, so the home page has its lists of communities and threads (the empty
    home, a paragraph in place of each list, adds no control, heading or landmark)."""
    base, _site = browser_site
    context = chromium.new_context(base_url=base)
    page = context.new_page()
    try:
        page.goto(path)
        page.keyboard.press("Tab")
        focused = page.evaluate("[document.activeElement.className, document.activeElement.getAttribute('href')]")
        assert focused == ["skip-link", "#main"]  # the first Tab reaches the skip link
        assert page.is_visible(".skip-link")  # and it shows when focused
        page.keyboard.press("Enter")
        assert page.evaluate("document.activeElement.id") == "main"
        assert page.locator("header").count() >= 1 and page.locator("main").count() == 1
        assert page.locator("footer").count() >= 1 and page.locator("nav[aria-label]").count() >= 1
        assert page.locator("h1").count() == 1
    finally:
        context.close()


FOCUSABLE = """() => {
  const selector = 'a[href], button:not([disabled]), input:not([type=hidden]):not([disabled]), select, textarea, ' +
                   'summary, [tabindex]:not([tabindex="-1"])';
  // checkVisibility(): not inside a closed <details> (a menu), whose content has boxes but no focus.
  const all = [...document.querySelectorAll(selector)]
    .filter(el => el.getClientRects().length > 0 && el.checkVisibility());
  all.forEach((el, i) => { el.dataset.keyboardTest = String(i); });
  return all.length;
}"""
FOCUSED = """() => {
  const el = document.activeElement, style = getComputedStyle(el);
  return {index: el.dataset ? el.dataset.keyboardTest || null : null, tag: el.tagName,
          outline: style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) >= 2};
}"""


def test_the_keyboard_reaches_every_control_with_a_visible_focus_and_no_trap(chromium, browser_site):
    """The busiest page (a thread as its moderator sees it, its menus open): Tab visits every control
    once, in order, each showing a focus ring, and comes back to the start."""
    base, site = browser_site
    context = chromium.new_context(base_url=base)
    page = context.new_page()
    try:
        log_in(page, base, "moderator")
        page.goto(site.thread)
        # The moderation menus and panel open: what they hold is checked too (closed, Tab skips it).
        page.evaluate("document.querySelectorAll('details').forEach((d) => { d.open = true; })")
        count = page.evaluate(FOCUSABLE)
        assert count > 30
        reached, unringed = [], []
        for _ in range(count + 3):
            page.keyboard.press("Tab")
            focused = page.evaluate(FOCUSED)
            if focused["index"] is not None:
                reached.append(int(focused["index"]))
                if not focused["outline"]:
                    unringed.append(focused)
        assert reached[:count] == list(range(count)), "Tab skipped, repeated or trapped focus"
        assert not unringed, unringed[:5]
    finally:
        context.close()
