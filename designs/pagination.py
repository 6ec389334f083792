"""Paging a design list whose count the selector already knows (``selectors.DesignResults``),
for the library page and the API: no ``count(*)`` over the whole list."""

from __future__ import annotations

from typing import Any

from django.core.paginator import EmptyPage, Page, PageNotAnInteger, Paginator
from django.utils.functional import cached_property

from designs import selectors


class _OpenPage(Page):
    """A page of a list whose length is not known: there is a next page when the query
    found one design more than fits."""

    def __init__(self, object_list: Any, number: int, paginator: Paginator, more: bool) -> None:
        super().__init__(object_list, number, paginator)
        self.more = more

    def has_next(self) -> bool:
        return self.more


class ResultsPaginator(Paginator):
    """Pages of ``selectors.DesignResults``: the selector's count is used as it is (no
    ``count(*)``); when it is ``None`` (more than ``selectors.COUNT_LIMIT``) pages go on as
    long as there are designs and there is no "last page"."""

    def __init__(self, results: selectors.DesignResults, per_page: int) -> None:
        super().__init__(results.designs, per_page)
        self.known_count = results.count

    @cached_property
    def count(self) -> int:
        return self.known_count if self.known_count is not None else selectors.COUNT_LIMIT + 1

    @property
    def open_ended(self) -> bool:
        return self.known_count is None

    def validate_number(self, number: Any) -> int:
        if not self.open_ended:
            return super().validate_number(number)
        try:
            number = int(number)
        except (TypeError, ValueError):
            raise PageNotAnInteger(self.error_messages["invalid_page"]) from None
        if number < 1:
            raise EmptyPage(self.error_messages["min_page"])
        return number

    def get_page(self, number: Any) -> Page:
        if not self.open_ended:
            return super().get_page(number)
        try:
            return self.page(number)
        except (PageNotAnInteger, EmptyPage):
            return self.page(1)

    def page(self, number: Any) -> Page:
        if not self.open_ended:
            return super().page(number)
        number = self.validate_number(number)
        bottom = (number - 1) * self.per_page
        rows = list(self.object_list[bottom : bottom + self.per_page + 1])
        if not rows and number > 1:
            raise EmptyPage(self.error_messages["no_results"])
        return _OpenPage(rows[: self.per_page], number, self, more=len(rows) > self.per_page)
