"""On a 360-pixel phone and a 1280-pixel screen: no page scrolls sideways, and every target a finger
or a mouse aims at is at least 24 by 24 pixels (WCAG 2.2, 2.5.8), or spaced as that criterion allows."""

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
    return r.width > 1 && r.height > 1 && s.visibility !== 'hidden' && r.bottom > 0 && r.right > 0;
  };
  const targets = [...document.querySelectorAll(selector)].filter(visible);
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


def _pages(site) -> dict[str, list[str]]:
    return {
        "anonymous": ["/", site.community, site.thread, "/login", "/register", site.profile, "/people",
                      "/search?q=solar", "/experiences", site.experience, "/cooperation"],
        "member": [f"{site.community}/new", f"/t/{site.thread_id}/reply", "/notifications", "/settings",
                   "/settings/notifications", site.thread],
        "moderator": ["/moderation", site.thread, "/moderation/log", site.experience.rsplit("/", 1)[0] + "/edit"],
    }


@pytest.mark.parametrize("width", [360, 1280])
def test_no_sideways_scrolling_and_targets_of_24_pixels(chromium, browser_site, width):
    """On the shared site of tests/browser.py (`browser_site`)."""
    base, site = browser_site
    wide, cramped = {}, {}
    for who, paths in _pages(site).items():
        context = chromium.new_context(base_url=base, viewport={"width": width, "height": 800},
                                       has_touch=width < 600, is_mobile=width < 600, locale="en-US")
        page = context.new_page()
        try:
            if who != "anonymous":
                log_in(page, base, who)
            for path in paths:
                assert page.goto(path).status == 200, path
                overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
                if overflow > 0:
                    wide[path] = overflow
                problems = page.evaluate(TARGET_CHECK)
                if problems:
                    cramped[f"{who} {path}"] = problems[:8]
        finally:
            context.close()
    assert not wide, f"pages wider than {width} px, by so many pixels: {wide}"
    assert not cramped, json.dumps(cramped, indent=1)
