"""Embedded mode for ``make run``: a developer's or a space's laptop."""

from .base import *  # noqa: F403
from .base import env

DEBUG = env.bool("DJANGO_DEBUG", default=True)
