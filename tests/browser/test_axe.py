"""axe-core over every page type in both languages, logged out and in: zero serious or
critical violations. One browser for the run; one test per language and display mode, each
visiting every page (so one slow database flush per test, not per page)."""

from __future__ import annotations

import pytest
from playwright.sync_api import Error as PlaywrightError

from tests.browser.helpers import (
    assert_no_serious_violations,
    axe_violations,
    describe_violations,
    has_horizontal_scroll,
    target_sizes_too_small,
    touch_targets_too_small,
)
from tests.browser.pages import PAGES, build_site, login_cookie

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _scan(
    page, data, *, language: str, cookies: dict[str, str] | None = None, only: str = ""
) -> tuple[list, list]:  # type: ignore[no-untyped-def]
    from django.conf import settings

    failures: list[str] = []
    skipped: list[str] = []
    for case in PAGES:
        if only and only not in case.tags:
            continue
        path = case.path(data)
        if path is None:
            skipped.append(case.name)
            continue
        context = page.context
        context.clear_cookies()
        base = {"url": page.base_url}
        context.add_cookies([{**base, "name": settings.LANGUAGE_COOKIE_NAME, "value": language}])
        for name, value in (cookies or {}).items():
            context.add_cookies([{**base, "name": name, "value": value}])
        if case.who != "anonymous":
            user = data[case.who]
            user.preferred_language = language
            user.save(update_fields=["preferred_language"])
            context.add_cookies([{**base, **login_cookie(user)}])
        try:
            response = page.goto(path)
        except PlaywrightError as error:
            failures.append(f"{case.name}: could not open {path}: {error.message.splitlines()[0]}")
            page.goto("about:blank")  # a failed navigation must not disturb the next page
            continue
        assert response is not None
        if response.status != case.expect_status:
            failures.append(f"{case.name}: HTTP {response.status} at {path}")
            continue
        if case.prepare is not None:
            case.prepare(page)
        assert page.locator("html").get_attribute("lang") == language, case.name
        assert page.locator("h1").count() == 1, f"{case.name}: needs exactly one h1"
        violations = axe_violations(page)
        if violations:
            failures.append(describe_violations(f"{case.name} ({language}, {path})", violations))
    return failures, skipped


@pytest.mark.parametrize("language", ["de", "en"])
def test_every_page_has_no_serious_axe_violations(page, language):  # type: ignore[no-untyped-def]
    data = build_site()
    failures, skipped = _scan(page, data, language=language)
    if skipped:
        print(f"\nnot built yet, skipped: {', '.join(skipped)}")
    assert not failures, "\n\n".join(failures)


def test_high_contrast_large_text_and_easy_read_pass_axe_on_the_core_pages(page):  # type: ignore[no-untyped-def]
    data = build_site()
    failures, _skipped = _scan(
        page,
        data,
        language="de",
        cookies={"mh_contrast": "1", "mh_text_size": "larger", "mh_easy_read": "1"},
        only="core",
    )
    assert not failures, "\n\n".join(failures)


def test_pages_reflow_at_400_percent_without_horizontal_scrolling(page):  # type: ignore[no-untyped-def]
    """400 % zoom of a 1280 px wide window is a 320 CSS px viewport (WCAG 1.4.10)."""
    data = build_site()
    page.set_viewport_size({"width": 320, "height": 640})
    scrolling = []
    for case in PAGES:
        path = case.path(data)
        if path is None or case.who != "anonymous" or case.prepare is not None:
            continue
        page.goto(path)
        if has_horizontal_scroll(page):
            scrolling.append(case.name)
    assert not scrolling, f"horizontal scrolling at 320 px: {scrolling}"


def test_targets_are_large_enough(page):  # type: ignore[no-untyped-def]
    data = build_site()
    small = {}
    for case in PAGES:
        path = case.path(data)
        if path is None or case.who != "anonymous" or case.prepare is not None:
            continue
        page.goto(path)
        too_small = target_sizes_too_small(page, minimum=24)
        if too_small:
            small[case.name] = too_small
    assert not small, f"targets smaller than 24x24 px: {small}"


def test_touch_layout_targets_are_44_px(page):  # type: ignore[no-untyped-def]
    data = build_site()
    page.set_viewport_size({"width": 390, "height": 844})
    small = {}
    for case in PAGES:
        path = case.path(data)
        if path is None or case.prepare is not None or case.who != "anonymous":
            continue
        page.goto(path)
        too_small = touch_targets_too_small(page)
        if too_small:
            small[case.name] = too_small
    assert not small, f"touch targets lower than 44 px on a phone layout: {small}"


def test_reduced_motion_is_respected(page):  # type: ignore[no-untyped-def]
    page.emulate_media(reduced_motion="reduce")
    page.goto("/")
    # CSP forbids inline styles, so the probe rule goes in through the CSSOM.
    page.evaluate(
        """() => {
          const sheet = [...document.styleSheets].find((s) => s.href && s.href.includes('site.css'));
          sheet.insertRule('.probe { transition: opacity 2s; animation: spin 3s infinite; }',
                           sheet.cssRules.length);
          const d = document.createElement('div'); d.className = 'probe'; document.body.append(d);
        }"""
    )
    durations = page.evaluate(
        "() => { const s = getComputedStyle(document.querySelector('.probe'));"
        " return [s.animationName, s.transitionDuration]; }"
    )
    assert durations[0] == "none"
    assert durations[1] in ("0s", "0s, 0s")


def test_single_page_helper_reports_a_real_violation(page):  # type: ignore[no-untyped-def]
    """The helper fails on a page with a known serious violation (an unlabelled input)."""
    page.set_content(
        "<html lang='de'><body><main><h1>x</h1><input type='text'></main></body></html>"
    )
    with pytest.raises(AssertionError, match="label"):
        assert_no_serious_violations(page, "broken page")
