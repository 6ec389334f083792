"""Helpers for the browser tests: axe-core scans and keyboard-only driving.

assert_no_serious_violations(page, "home")      zero serious/critical axe violations
tab_to(page, "#id_email")                        press Tab until that element has focus,
                                                 checking every stop is visibly focused
"""

from __future__ import annotations

from typing import Any

from axe_playwright_python.sync_playwright import Axe

_AXE = Axe()
# WCAG 2.0-2.2 A and AA plus axe's best practices; only serious and critical ones fail.
AXE_OPTIONS = {
    "runOnly": {
        "type": "tag",
        "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"],
    },
    "resultTypes": ["violations"],
}
FAILING_IMPACTS = {"serious", "critical"}


def axe_violations(page: Any) -> list[dict[str, Any]]:
    results = _AXE.run(page, options=AXE_OPTIONS)
    return [v for v in results.response["violations"] if v.get("impact") in FAILING_IMPACTS]


def describe_violations(label: str, violations: list[dict[str, Any]]) -> str:
    lines = [f"{label}: {len(violations)} serious/critical axe violation(s)"]
    for violation in violations:
        lines.append(f"  [{violation['impact']}] {violation['id']}: {violation['help']}")
        for node in violation["nodes"][:5]:
            lines.append(f"      at {node['target']}: {node.get('failureSummary', '')[:200]}")
    return "\n".join(lines)


def assert_no_serious_violations(page: Any, label: str) -> None:
    violations = axe_violations(page)
    assert not violations, describe_violations(label, violations)


FOCUS_VISIBLE_JS = """() => {
  const el = document.activeElement;
  if (!el || el === document.body) return {visible: false, what: 'body', why: 'nothing focused'};
  const style = getComputedStyle(el);
  const outline = style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) > 0;
  const shadow = style.boxShadow && style.boxShadow !== 'none';
  const rect = el.getBoundingClientRect();
  const onScreen = rect.width > 0 && rect.height > 0 && rect.bottom > 0 && rect.right > 0;
  return {visible: (outline || shadow) && onScreen,
          what: el.tagName + (el.id ? '#' + el.id : '') + ' ' + (el.textContent || '').trim().slice(0, 40),
          why: [style.outlineStyle, style.outlineWidth, style.boxShadow, Math.round(rect.top),
                Math.round(rect.bottom), Math.round(rect.width)].join(' ')};
}"""


def focused_matches(page: Any, selector: str) -> bool:
    return bool(
        page.evaluate(
            "(sel) => { const el = document.activeElement; return !!el && el.matches(sel); }",
            selector,
        )
    )


def tab_to(page: Any, selector: str, *, max_presses: int = 80, backwards: bool = False) -> None:
    """Press Tab (or Shift+Tab) until ``selector`` has focus; every element reached on the
    way must show a visible focus indicator and be on screen (WCAG 2.4.7, 2.4.11)."""
    key = "Shift+Tab" if backwards else "Tab"
    for _ in range(max_presses):
        page.keyboard.press(key)
        state = page.evaluate(FOCUS_VISIBLE_JS)
        assert state["visible"], f"focus is not visible on {state['what']!r} ({state['why']})"
        if focused_matches(page, selector):
            return
    raise AssertionError(f"could not reach {selector!r} with {max_presses} presses of {key}")


def type_into(page: Any, selector: str, text: str) -> None:
    """Tab to a field and type, as a keyboard user would."""
    tab_to(page, selector)
    page.keyboard.press("Control+A")
    page.keyboard.type(text)


def target_sizes_too_small(page: Any, minimum: int = 24) -> list[str]:
    """Interactive elements smaller than ``minimum`` CSS px (WCAG 2.5.8), except links inside
    running text, which the criterion exempts."""
    return page.evaluate(
        """(minimum) => {
          const bad = [];
          document.querySelectorAll('a[href], button, input:not([type=hidden]), select, textarea, summary')
            .forEach((el) => {
              const r = el.getBoundingClientRect();
              if (r.width === 0 && r.height === 0) return;
              const style = getComputedStyle(el);
              if (style.visibility === 'hidden') return;
              if (el.closest('.visually-hidden, .skip-link')) return;
              if (el.tagName === 'A' && el.closest('p, li, dd, td, address') &&
                  !el.closest('nav, .actions, .nav-list, .display-tools') &&
                  !el.classList.contains('button')) return;
              if (r.width < minimum || r.height < minimum)
                bad.push(el.tagName + ' ' + (el.id || el.name || el.textContent.trim().slice(0, 30)) +
                         ' ' + Math.round(r.width) + 'x' + Math.round(r.height));
            });
          return bad;
        }""",
        minimum,
    )


def has_horizontal_scroll(page: Any) -> bool:
    return bool(
        page.evaluate(
            "() => document.documentElement.scrollWidth > document.documentElement.clientWidth + 1"
        )
    )


def press_and_wait(page: Any, key: str = "Enter") -> None:
    """Press a key that submits a form or follows a link, and wait for the new page."""
    with page.expect_navigation():
        page.keyboard.press(key)


def type_date(page: Any, selector: str, day: Any) -> None:
    """Tab to a date field and type the date. Chromium orders the segments by its own UI
    locale (month/day/year or day/month/year), so first find the order with a probe date."""
    tab_to(page, selector)
    page.keyboard.type("01022030")
    order = "mdy" if page.input_value(selector) == "2030-01-02" else "dmy"
    page.keyboard.press("Shift+Tab")
    page.keyboard.press("Shift+Tab")  # back to the first segment
    parts = {"m": f"{day.month:02d}", "d": f"{day.day:02d}", "y": f"{day.year}"}
    page.keyboard.type("".join(parts[part] for part in order))
    assert page.input_value(selector) == day.isoformat(), page.input_value(selector)


def type_time(page: Any, selector: str, hour: int, minute: int = 0) -> None:
    """Tab to a time field and type the time (24-hour, or 12-hour with AM/PM)."""
    tab_to(page, selector)
    page.keyboard.type(f"{hour:02d}{minute:02d}")
    if not page.input_value(selector):
        twelve = hour % 12 or 12
        page.keyboard.press("Shift+Tab")
        page.keyboard.press("Shift+Tab")
        page.keyboard.type(f"{twelve:02d}{minute:02d}" + ("A" if hour < 12 else "P"))
    assert page.input_value(selector) == f"{hour:02d}:{minute:02d}", page.input_value(selector)


def touch_targets_too_small(page: Any, minimum: int = 44) -> list[str]:
    """On a phone-sized layout, controls must be at least ``minimum`` px high (WCAG 2.5.5
    at 44 px): buttons, fields, selects, navigation and button-like links. A checkbox or
    radio counts with its label, which is clickable too. Links inside running text are
    exempt."""
    return page.evaluate(
        """(minimum) => {
          const bad = [];
          const seen = (el) => { const r = el.getBoundingClientRect(); return r.width > 0 && r.height > 0; };
          document.querySelectorAll('button, input:not([type=hidden]), select, textarea, nav a, a.button, .actions a')
            .forEach((el) => {
              if (!seen(el) || el.closest('.visually-hidden, .skip-link')) return;
              let h = el.getBoundingClientRect().height;
              if (el.type === 'checkbox' || el.type === 'radio') {
                const label = el.id && document.querySelector(`label[for="${el.id}"]`);
                const row = el.parentElement.getBoundingClientRect().height;
                h = Math.max(h, label ? label.getBoundingClientRect().height : 0, row);
              }
              if (h < minimum - 0.5)
                bad.push(el.tagName + ' ' + (el.id || el.name || el.textContent.trim().slice(0, 30)) + ' h=' + Math.round(h));
            });
          return bad;
        }""",
        minimum,
    )
