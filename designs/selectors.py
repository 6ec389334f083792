"""Reads of the design library. Views and the API reach designs and files only through these
permission-checked fetchers."""

from __future__ import annotations

from typing import Any

from django.db import connection
from django.db.models import (
    BooleanField,
    Exists,
    Expression,
    FloatField,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
)
from django.http import Http404

from accounts.models import User
from bookings.models import Machine
from designs.models import Design, DesignEvent, DesignFile, DesignVersion, Make, Need
from spaces.models import Role, Space
from spaces.selectors import spaces_where_user_has_role, user_has_role


class _SearchExpression(Expression):
    """PostgreSQL only: ``<template>`` over the stored, generated tsvector column
    ``search_vector`` (GIN index, migration 0004; not a model field) and
    ``to_tsquery('german', <parameter>)``. The column is qualified with the alias the query
    gives the designs table, so the expression also works inside subqueries."""

    template = ""

    def __init__(self, tsquery: str) -> None:
        super().__init__()
        self.tsquery = tsquery

    def as_sql(self, compiler: Any, connection: Any) -> tuple[str, tuple[str, ...]]:
        alias = compiler.quote_name_unless_alias(compiler.query.get_initial_alias())
        column = f'{alias}."search_vector"'
        query = "to_tsquery('german'::regconfig, %s)"
        return self.template.format(column=column, query=query), (self.tsquery,)


class _SearchMatch(_SearchExpression):
    template = "{column} @@ {query}"
    output_field = BooleanField()


class _SearchRank(_SearchExpression):
    template = "ts_rank({column}, {query})"
    output_field = FloatField()


SORTS = ("relevance", "newest", "downloads")
CHECKED_OK = [DesignFile.Status.PRINTABLE, DesignFile.Status.WARNINGS]


def need_q(code: str) -> Q:
    """Designs whose comma-separated ``needs`` contain ``code``."""
    return (
        Q(needs=code)
        | Q(needs__startswith=f"{code},")
        | Q(needs__endswith=f",{code}")
        | Q(needs__contains=f",{code},")
    )


def _thumbnail_subquery() -> Subquery:
    return Subquery(
        DesignFile.objects.filter(design=OuterRef("pk"))
        .exclude(thumbnail="")
        .order_by("-version__number", "variant__position", "pk")
        .values("thumbnail")[:1]
    )


def _with_list_data(queryset: QuerySet[Design]) -> QuerySet[Design]:
    return queryset.select_related("space").annotate(thumbnail_path=_thumbnail_subquery())


def user_machine_ids(*, user: User | None) -> list[int]:
    """The printers in the spaces where the person holds any role."""
    spaces = spaces_where_user_has_role(user=user, role=Role.MEMBER)
    return list(
        Machine.objects.filter(
            space__in=spaces, kind__in=[Machine.Kind.FDM_PRINTER, Machine.Kind.RESIN_PRINTER]
        ).values_list("pk", flat=True)
    )


def _fits_any(machine_ids: list[int]) -> Exists:
    condition = Q(pk__in=[])
    for machine_id in machine_ids:
        condition |= Q(fits_machines__contains=f",{machine_id},")
    return Exists(
        DesignFile.objects.filter(condition, design=OuterRef("pk"), status__in=CHECKED_OK)
    )


MAX_SEARCH_TERMS = 8
# PostgreSQL, sort by relevance: only the newest this many matches are ranked and listed.
RANK_CANDIDATES = 1000
MAX_TERM_LENGTH = 60


def search_terms(q: str) -> list[str]:
    """The words of a search: runs of letters and digits only (everything else separates
    words), lower-cased, at most ``MAX_SEARCH_TERMS``, each cut to ``MAX_TERM_LENGTH``."""
    terms: list[str] = []
    word: list[str] = []
    for char in q + " ":
        if char.isalnum():
            word.append(char)
        elif word:
            terms.append("".join(word).lower()[:MAX_TERM_LENGTH])
            word = []
    return terms[:MAX_SEARCH_TERMS]


def prefix_tsquery(q: str) -> str:
    """``to_tsquery`` text where every word must appear, also as a word prefix:
    "Becher Halter" -> "becher:* & halter:*". Empty when ``q`` holds no letters or digits."""
    return " & ".join(f"{term}:*" for term in search_terms(q))


def relevance_capped(*, q: str, sort: str, count: int) -> bool:
    """Whether a search result was cut to the newest ``RANK_CANDIDATES`` matches (pages say
    so and suggest sorting by newest or adding words)."""
    return (
        connection.vendor == "postgresql"
        and sort == "relevance"
        and bool(prefix_tsquery(q))
        and count >= RANK_CANDIDATES
    )


def design_search(
    *,
    q: str = "",
    category: str = "",
    need: str = "",
    licence: str = "",
    space: str = "",
    fits_machine: int | None = None,
    fits_my_machines: bool = False,
    easy_read: bool = False,
    sort: str = "relevance",
    user: User | None = None,
    thumbnails: bool = False,
) -> QuerySet[Design]:
    """Published designs matching the filters. ``q`` uses PostgreSQL full-text search (German
    configuration, GIN index; every word also matches as a prefix, so "Becher" finds
    "Becherhalter") and ranks by relevance; on SQLite every word must appear in
    the title, summary, tags or description."""
    queryset = Design.objects.filter(status=Design.Status.PUBLISHED)
    if category:
        queryset = queryset.filter(category=category)
    if need:
        queryset = queryset.filter(need_q(need))
    if licence:
        queryset = queryset.filter(licence=licence)
    if space:
        queryset = queryset.filter(space__slug=space)
    if fits_machine is not None:
        queryset = queryset.filter(_fits_any([fits_machine]))
    if fits_my_machines:
        queryset = queryset.filter(_fits_any(user_machine_ids(user=user)))
    if easy_read:
        queryset = queryset.exclude(easy_read_description="")
    ranked = False
    q = q.strip()
    if q:
        if connection.vendor == "postgresql":
            # Every term also matches as a prefix ("becher:*" finds "Becherhalter": the
            # german configuration does not split compounds). The tsquery text is built only
            # from letters and digits and passed as a parameter, never spliced into the SQL.
            tsquery = prefix_tsquery(q)
            if not tsquery:
                return queryset.none()
            queryset = queryset.filter(_SearchMatch(tsquery))
            if sort == "relevance":
                # Rank (and count) only the newest RANK_CANDIDATES matches: a word found in
                # half the library would otherwise make ts_rank and the page count read every
                # matching row. See "Search" in docs/designs.md for the trade-off.
                candidates = queryset.order_by("-published_at", "-pk").values("pk")
                queryset = Design.objects.filter(pk__in=candidates[:RANK_CANDIDATES])
            # alias, not annotate: the page count does not compute the rank.
            queryset = queryset.alias(rank=_SearchRank(tsquery))
            ranked = True
        else:
            for word in q.split()[:8]:
                queryset = queryset.filter(
                    Q(title__icontains=word)
                    | Q(summary__icontains=word)
                    | Q(tags__icontains=word)
                    | Q(description__icontains=word)
                )
    if sort == "downloads":
        queryset = queryset.order_by("-downloads", "-published_at")
    elif sort == "relevance" and ranked:
        queryset = queryset.order_by("-rank", "-published_at")  # type: ignore[misc]
    else:
        queryset = queryset.order_by("-published_at", "-pk")
    queryset = queryset.select_related("space")
    return _with_list_data(queryset) if thumbnails else queryset


def design_visible(*, design: Design, user: User | None) -> bool:
    """Published and archived designs are public; drafts and designs in review only for
    their author and the space's staff."""
    if design.status in (Design.Status.PUBLISHED, Design.Status.ARCHIVED):
        return True
    if user is None or not user.is_authenticated:
        return False
    return design.author_id == user.pk or user_has_role(
        user=user, space=design.space, role=Role.STAFF
    )


def design_get_for_user(*, slug: str, user: User | None) -> Design:
    """The design with everything its page shows; 404 when it does not exist or the person
    may not see it."""
    files = DesignFile.objects.select_related("variant").order_by(
        "variant__position", "original_name"
    )
    design = (
        Design.objects.select_related("space", "author", "remix_of", "remix_of__space")
        .prefetch_related(
            Prefetch(
                "versions",
                queryset=DesignVersion.objects.order_by("-number").prefetch_related(
                    Prefetch("files", queryset=files)
                ),
            ),
            "variants",
            "photos",
            "documents",
            Prefetch("makes", queryset=Make.objects.select_related("user")),
            Prefetch(
                "events",
                queryset=DesignEvent.objects.select_related("user").order_by("-created_at"),
            ),
            Prefetch(
                "remixes",
                queryset=Design.objects.filter(status=Design.Status.PUBLISHED).order_by("title"),
            ),
        )
        .filter(slug=slug)
        .first()
    )
    if design is None or not design_visible(design=design, user=user):
        raise Http404(slug)
    return design


def design_get_editable(*, slug: str, user: User | None) -> Design:
    """The design for its author or staff; 404 for others (no hint that a draft exists)."""
    from designs.services import can_edit

    design = Design.objects.select_related("space", "remix_of").filter(slug=slug).first()
    if design is None or not can_edit(user=user, design=design):
        raise Http404(slug)
    return design


def design_file_get_for_user(*, pk: int, user: User | None) -> DesignFile:
    design_file = (
        DesignFile.objects.select_related("design", "design__space", "variant", "version")
        .filter(pk=pk)
        .first()
    )
    if design_file is None or not design_visible(design=design_file.design, user=user):
        raise Http404(str(pk))
    return design_file


def designs_for_review(*, user: User | None) -> QuerySet[Design]:
    spaces = spaces_where_user_has_role(user=user, role=Role.STAFF)
    return _with_list_data(
        Design.objects.filter(space__in=spaces, status=Design.Status.IN_REVIEW).order_by(
            "updated_at"
        )
    )


def designs_of_user(*, user: User | None) -> QuerySet[Design]:
    if user is None or not user.is_authenticated:
        return Design.objects.none()
    return _with_list_data(Design.objects.filter(author=user).order_by("-updated_at"))


def need_choices() -> list[tuple[str, Any]]:
    return list(Need.choices)


def space_section(*, space: Space, user: User | None) -> dict[str, Any] | None:
    """The space page's section: the space's newest published designs."""
    designs = list(design_search(space=space.slug, sort="newest", user=user)[:6])
    if not designs:
        return None
    return {"template": "designs/partials/space_section.html", "designs": designs, "space": space}


def served_files() -> list[Any]:
    """Photos and thumbnails follow their design: public once published, else only for the
    author and the space's staff. The files themselves and the PDFs have views of their own
    (downloads are counted). See ops/media.py."""
    from ops.media import ServedFile

    def via_design(row: Any, user: Any) -> bool:
        return design_visible(design=row.design, user=user)

    return [
        ServedFile("designs.DesignFile", "file", own_view="design-file-download"),
        ServedFile("designs.DesignDocument", "pdf", own_view="design-document-pdf"),
        ServedFile(
            "designs.DesignFile",
            "thumbnail",
            visible=via_design,
            select_related=("design", "design__space"),
            download_name=lambda row: f"{row.design.slug}-{row.pk}-preview",
        ),
        ServedFile(
            "designs.DesignPhoto",
            "image",
            visible=via_design,
            select_related=("design", "design__space"),
            download_name=lambda row: f"{row.design.slug}-photo-{row.pk}",
        ),
        ServedFile(
            "designs.Make",
            "photo",
            visible=via_design,
            select_related=("design", "design__space"),
            download_name=lambda row: f"{row.design.slug}-make-{row.pk}",
        ),
    ]
