"""From a 320-pixel phone to a 1280-pixel screen: no page scrolls sideways, every target a finger
or a mouse aims at is at least 24 by 24 pixels (WCAG 2.2, 2.5.8) or spaced as that criterion
allows, and the header is one row of at most 64 pixels (a Menu button on a phone, which opens with
and without JavaScript)."""

import json

import pytest

from tests.browser import log_in

pytestmark = [pytest.mark.browser, pytest.mark.live]

# Targets smaller than 24 px and why they may be (2.5.8's exceptions): inline links in a sentence,
# and small targets whose 24-px circle touches no other target.
TARGET_CHECK = """() => {
  const selector = 'a[href], button, input:not([type=hidden]), select, textarea, summary, [tabindex="0"]';
  const visible = el => {
    const r = el.getBoundingClientRect(), s = getComputedStyle(el);
    return r.width > 1 && r.height > 1 && s.visibility !== 'hidden' && r.bottom > 0 && r.right > 0 &&
           el.checkVisibility();  // not in a closed <details> (a menu)
  };
  // The countries of a map (svg.chart) may be small: each is also a link of the list or table
  // beside it (2.5.8's "equivalent" exception).
  const targets = [...document.querySelectorAll(selector)].filter(el => visible(el) && !el.closest('svg.chart'));
  const rects = targets.map(el => el.getBoundingClientRect());
  const centre = r => [r.left + r.width / 2, r.top + r.height / 2];
  const small = r => r.width < 24 || r.height < 24;
  const distanceToRect = ([x, y], r) => Math.hypot(Math.max(r.left - x, 0, x - r.right),
                                                   Math.max(r.top - y, 0, y - r.bottom));
  const inSentence = el => {
    if (el.tagName !== 'A' || getComputedStyle(el).display !== 'inline') return false;
    const block = el.closest('p, li, td, dd, dt, figcaption, blockquote, h1, h2, h3, h4, label, legend');
    return !!block && block.textContent.trim().length > el.textContent.trim().length + 1;
  };
  const problems = [];
  targets.forEach((el, i) => {
    const r = rects[i];
    if (!small(r) || inSentence(el)) return;
    const c = centre(r);
    const clash = rects.some((o, j) => j !== i && (small(o)
      ? Math.hypot(c[0] - centre(o)[0], c[1] - centre(o)[1]) < 24
      : distanceToRect(c, o) < 12));
    if (clash) {
      const label = (el.textContent || el.value || '').trim().slice(0, 30);
      problems.push(`${el.tagName.toLowerCase()}${el.id ? '#' + el.id : ''}.${el.className} "${label}" ` +
                    `${Math.round(r.width)}x${Math.round(r.height)}`);
    }
  });
  return problems;
}"""

# How far the page reaches past the window, and how the header's row stands: its height, and
# whether its visible parts (brand, menu button or navigation links, search, language, account)
# all sit on one line (their vertical extents overlap).
LAYOUT = """() => {
  const header = document.querySelector('.site-header').getBoundingClientRect();
  const parts = [...document.querySelectorAll('.brand a, .site-menu-button, .site-nav a, .site-search, ' +
                                              '.lang-switch select, .site-account > a, .user-menu-button')]
    .filter(el => el.checkVisibility() && el.getBoundingClientRect().width > 1)
    .map(el => el.getBoundingClientRect());
  return {overflow: document.documentElement.scrollWidth - document.documentElement.clientWidth,
          header: Math.round(header.height),
          oneRow: parts.length > 1 && Math.max(...parts.map(r => r.top)) < Math.min(...parts.map(r => r.bottom))};
}"""

LOCALES = ["en-US", "es-ES", "pt-BR", "fr-FR"]
WIDTHS = [320, 360, 768, 1280]
MAX_HEADER = 64


def _pages(site) -> dict[str, list[str]]:
    return {
        "anonymous": ["/", site.community, site.thread, "/login", "/register", site.profile, "/people",
                      "/search?q=solar", "/experiences", site.experience, "/organizations",
                      "/organizations/ministry-of-health-br", "/countries", "/countries/BR", "/cooperation",
                      "/projects"],
        "member": [f"{site.community}/new", f"/t/{site.thread_id}/reply", "/notifications", "/settings",
                   "/settings/notifications", site.thread, "/cooperation/publish?kind=offer", "/drafts"],
        "moderator": ["/moderation", site.thread, "/moderation/log", site.experience.rsplit("/", 1)[0] + "/edit"],
    }


@pytest.mark.parametrize("locale", LOCALES)
def test_no_sideways_scrolling_small_targets_or_tall_header_at_any_width(chromium, browser_site, locale):
    """Each page is loaded once per language and reader, then laid out at 320, 360, 768 and 1280 px
    by resizing the window (a page load costs ten times a layout). Targets are checked at 320 px,
    and at 1280 px in English; the header is at most 64 px high
    at every width but the tablet's (where the navigation takes a row of its own) and one row at
    1280 px."""
    base, site = browser_site
    widths = WIDTHS
    wide, cramped, headers = {}, {}, {}
    for who, paths in _pages(site).items():
        context = chromium.new_context(base_url=base, viewport={"width": widths[-1], "height": 800}, locale=locale)
        page = context.new_page()
        try:
            if who != "anonymous":
                log_in(page, base, who)
            for path in paths:
                # The stylesheet is in: site.js, deferred, ran before DOMContentLoaded.
                assert page.goto(path, wait_until="domcontentloaded").status == 200, path
                assert page.get_attribute("html", "lang") == locale[:2]
                for width in reversed(widths):
                    page.set_viewport_size({"width": width, "height": 800})
                    layout = page.evaluate(LAYOUT)
                    if layout["overflow"] > 0:
                        wide[f"{who} {path} at {width}"] = layout["overflow"]
                    if width != 768 and layout["header"] > MAX_HEADER:
                        headers[f"{who} {path} at {width}"] = f"{layout['header']} px high"
                    if width == 1280 and not layout["oneRow"]:
                        headers[f"{who} {path} at {width}"] = "not one row"
                    if width == widths[0] or (width == 1280 and locale == "en-US"):
                        problems = page.evaluate(TARGET_CHECK)
                        if problems:
                            cramped[f"{who} {path} at {width}"] = problems[:8]
                page.set_viewport_size({"width": widths[-1], "height": 800})
        finally:
            context.close()
    assert not wide, f"pages wider than the window, by so many pixels: {wide}"
    assert not headers, headers
    assert not cramped, json.dumps(cramped, indent=1)


@pytest.mark.parametrize("javascript", [True, False], ids=["with-js", "without-js"])
def test_the_menu_button_opens_the_navigation_on_a_phone(chromium, browser_site, javascript):
    """At 360 px the navigation is behind a Menu button (a <details>): it opens with a tap whether or
    not scripts run, and shows the links, the search, the language and the account's links. The
    language switcher keeps its button without JavaScript; with it, choosing a language is enough.
    (The language is changed before logging in: a member's choice would be saved on the shared site.)"""
    base, site = browser_site
    context = chromium.new_context(base_url=base, viewport={"width": 360, "height": 740}, is_mobile=True,
                                   has_touch=True, locale="en-US", java_script_enabled=javascript)
    page = context.new_page()
    header = page.locator(".site-header")
    try:
        page.goto(site.community)
        menu_button = page.locator(".site-menu > summary")
        assert menu_button.is_visible() and header.bounding_box()["height"] <= MAX_HEADER
        assert not header.get_by_role("link", name="Experiences").is_visible()
        menu_button.tap()
        for name in ("Experiences", "People", "Cooperation", "Log in", "Register"):
            assert header.get_by_role("link", name=name, exact=True).is_visible(), name
        assert page.locator("#site-search-q").is_visible()
        change = page.locator(".lang-switch button")
        assert change.is_visible() is not javascript
        page.select_option("#lang-select", "pt")
        if not javascript:
            change.tap()
        page.wait_for_function("document.documentElement.lang === 'pt'")
        assert page.url == base + site.community and not header.locator("#lang-select").is_visible()

        log_in(page, base, "member")
        assert header.bounding_box()["height"] <= MAX_HEADER
        menu_button.tap()
        for path in ("/notifications", "/messages", "/settings", "/u/member"):
            assert header.locator(f'a[href="{path}"]').is_visible(), path
        assert header.locator(".user-menu button[type=submit]").is_visible()  # Log out
    finally:
        context.close()
