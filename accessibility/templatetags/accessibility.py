"""Template tags for display settings and easy-to-read texts.

{% load accessibility %}
<body class="{% display_classes %}">
{% easy_read "how-to-book" %}                  shows the easy-read text when switched on
{% easy_read_or "privacy" %}...normal text...{% end_easy_read_or %}
                                               the easy-read text instead of the normal one
{% easy_read_available "design:12" as has_easy %}
"""

from __future__ import annotations

from typing import Any

from django import template
from django.template.base import Parser, Token
from django.template.context import Context
from django.template.loader import render_to_string

from accessibility import selectors

register = template.Library()


@register.simple_tag(takes_context=True)
def display_classes(context: Context) -> str:
    request = context.get("request")
    if request is None:
        return ""
    settings = selectors.display_settings(request)
    classes = [f"text-{settings['text_size']}"]
    if settings["high_contrast"]:
        classes.append("high-contrast")
    if settings["easy_read"]:
        classes.append("easy-read")
    return " ".join(classes)


@register.simple_tag(takes_context=True)
def display_settings(context: Context) -> dict[str, Any]:
    request = context.get("request")
    if request is None:
        return {"high_contrast": False, "text_size": "normal", "easy_read": False}
    return selectors.display_settings(request)


def _text_for(context: Context, key: str) -> Any:
    request = context.get("request")
    if not selectors.easy_read_enabled(request):
        return None
    return selectors.easy_read_text(key=key)


@register.simple_tag(takes_context=True)
def easy_read(context: Context, key: str, heading_level: int = 2) -> str:
    """The easy-read text for ``key`` when the visitor switched easy read on; else nothing."""
    text = _text_for(context, key)
    if text is None:
        return ""
    return render_to_string(
        "accessibility/partials/easy_read.html",
        {"text": text, "heading_level": heading_level},
    )


@register.simple_tag
def easy_read_available(key: str) -> bool:
    return selectors.easy_read_text(key=key) is not None


class EasyReadOrNode(template.Node):
    def __init__(self, key: template.base.FilterExpression, nodelist: template.NodeList) -> None:
        self.key = key
        self.nodelist = nodelist

    def render(self, context: Context) -> str:
        text = _text_for(context, str(self.key.resolve(context)))
        if text is None:
            return self.nodelist.render(context)
        return render_to_string(
            "accessibility/partials/easy_read.html", {"text": text, "heading_level": 2}
        )


@register.tag
def easy_read_or(parser: Parser, token: Token) -> EasyReadOrNode:
    """``{% easy_read_or key %}normal{% end_easy_read_or %}``: the easy-read text replaces
    the normal content when switched on and a text exists."""
    bits = token.split_contents()
    if len(bits) != 2:
        raise template.TemplateSyntaxError("easy_read_or takes one argument: the key")
    nodelist = parser.parse(("end_easy_read_or",))
    parser.delete_first_token()
    return EasyReadOrNode(parser.compile_filter(bits[1]), nodelist)
