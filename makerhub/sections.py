"""Pages that other apps may add sections to (a space's page, a design's page).

An app opts in by defining ``<app>.selectors.<hook>(**kwargs) -> dict | None``; the dict holds
a ``template`` to include and whatever that template needs, and reaches it as ``section``.
Apps are asked in the order of ``settings.MAKERHUB_APPS``."""

from __future__ import annotations

from importlib import import_module
from typing import Any

from django.conf import settings


def collect_sections(hook: str, *, skip: str = "", **kwargs: Any) -> list[dict]:
    sections = []
    for app in settings.MAKERHUB_APPS:
        if app == skip:
            continue
        try:
            module = import_module(f"{app}.selectors")
        except ModuleNotFoundError:
            continue
        provider = getattr(module, hook, None)
        if provider is not None:
            section = provider(**kwargs)
            if section:
                sections.append(section)
    return sections
