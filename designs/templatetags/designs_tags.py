"""Template helpers of the design library."""

from __future__ import annotations

from typing import Any

import markdown as markdown_lib
import nh3
from django import template
from django.utils.safestring import SafeString, mark_safe

from designs.reports import report_localized

register = template.Library()

ALLOWED_TAGS = {
    "p", "br", "strong", "em", "ul", "ol", "li", "a", "h2", "h3", "h4", "blockquote",
    "code", "pre", "table", "thead", "tbody", "tr", "th", "td", "hr",
}  # fmt: skip


@register.filter
def markdown_safe(text: str) -> SafeString:
    """Markdown rendered to HTML and cleaned: no scripts, no styles, no raw HTML tricks."""
    html = markdown_lib.markdown(text or "", extensions=["tables", "sane_lists"])
    cleaned = nh3.clean(
        html, tags=ALLOWED_TAGS, attributes={"a": {"href", "title"}}, link_rel="nofollow noopener"
    )
    return mark_safe(cleaned)  # noqa: S308 - cleaned by nh3 just above


@register.filter
def localized_report(report: dict[str, Any]) -> dict[str, Any]:
    return report_localized(report or {})


@register.filter
def mm(value: Any) -> str:
    """A length in millimetres, at most one decimal."""
    try:
        number = float(value)
    except (TypeError, ValueError):
        return ""
    return f"{number:.1f}".rstrip("0").rstrip(".")


@register.filter
def media_url(name: str) -> str:
    """The public URL of a stored file name (e.g. an annotated thumbnail path)."""
    from django.core.files.storage import default_storage

    return default_storage.url(name) if name else ""
