"""Reads of the design library. Views and the API reach designs and files only through these
permission-checked fetchers."""

from __future__ import annotations

from dataclasses import dataclass
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


class _SearchMatchScan(_SearchExpression):
    """The same test as ``_SearchMatch``, written as the operator's function
    ``ts_match_vq``: PostgreSQL cannot answer a function call from the GIN index, so it walks
    the ``(status, -published_at)`` index instead and stops after enough matches. Used only
    once the GIN index has shown the words to be frequent."""

    template = "ts_match_vq({column}, {query})"
    output_field = BooleanField()


class _PkAmong(Expression):
    """``pk = ANY(<array parameter>)``: one parameter for a thousand ids (``pk__in`` would
    compile and send a placeholder per id). PostgreSQL only."""

    output_field = BooleanField()

    def __init__(self, ids: list[int]) -> None:
        super().__init__()
        self.ids = ids

    def as_sql(self, compiler: Any, connection: Any) -> tuple[str, tuple[Any, ...]]:
        alias = compiler.quote_name_unless_alias(compiler.query.get_initial_alias())
        return f'{alias}."id" = ANY(%s)', (self.ids,)


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
# Lists count their designs up to this many; beyond it they say "more than COUNT_LIMIT".
COUNT_LIMIT = 1000
# A frequent word's newest matches are looked for among at most this many newest designs.
WALK_LIMIT = 20 * RANK_CANDIDATES
# How many of the newest designs are looked at to tell whether the words are frequent.
FREQUENCY_SAMPLE = 1000
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


def relevance_capped(*, q: str, sort: str, count: int | None) -> bool:
    """Whether a search result was cut to the newest ``RANK_CANDIDATES`` matches (pages say
    so and suggest sorting by newest or adding words)."""
    return (
        connection.vendor == "postgresql"
        and sort == "relevance"
        and bool(prefix_tsquery(q))
        and (count is None or count >= RANK_CANDIDATES)
    )


@dataclass(frozen=True)
class DesignResults:
    """A design list ready to be paged.

    ``designs`` is ordered. ``count`` is the exact number of designs in it, or ``None`` when
    there are more than ``COUNT_LIMIT`` (the list was not counted further: say "more than").
    ``capped``: sorted by relevance, only the newest ``RANK_CANDIDATES`` matches are listed
    (and ``count`` is exactly that many)."""

    designs: QuerySet[Design]
    count: int | None
    capped: bool = False


def _count_up_to(queryset: QuerySet[Design], limit: int) -> int:
    """``min(len(queryset), limit + 1)`` without reading more than ``limit + 1`` rows."""
    return queryset.values("pk")[: limit + 1].count()


def _walk_sql(base: QuerySet[Design], tsquery: str, size: int) -> tuple[str, tuple[Any, ...]]:
    """SQL of the newest ``size`` designs of ``base`` along the date index, each with
    ``hit``: whether it matches (tested row by row, not through the GIN index)."""
    window = (
        base.annotate(hit=_SearchMatchScan(tsquery))
        .order_by("-published_at", "-pk")
        .values("pk", "published_at", "hit")[:size]
    )
    sql, params = window.query.sql_with_params()
    return sql, tuple(params)


def _sample(base: QuerySet[Design], tsquery: str) -> tuple[list[int], bool]:
    """The matches among the newest ``FREQUENCY_SAMPLE`` designs of ``base`` (ids, newest
    first), and whether that was all of ``base`` (then they are every match)."""
    sql, params = _walk_sql(base, tsquery, FREQUENCY_SAMPLE)
    with connection.cursor() as cursor:
        # The inner SQL is compiled by the ORM; the ids come back newest first, in one row.
        ids_newest_first = "array_agg(w.pk ORDER BY w.published_at DESC, w.pk DESC)"
        query = f"SELECT {ids_newest_first} FILTER (WHERE w.hit), count(*) FROM ({sql}) w"  # noqa: S608
        cursor.execute(query, params)
        ids, seen = cursor.fetchone()
    return list(ids or []), seen < FREQUENCY_SAMPLE


def _newest_matches(base: QuerySet[Design], tsquery: str, limit: int) -> tuple[list[int], bool]:
    """The ids of the newest (at most ``limit``) designs of ``base`` that match, looked for
    among the newest ``WALK_LIMIT`` designs only; and whether that window was all of
    ``base`` (then, below the limit, they are every match)."""
    sql, params = _walk_sql(base, tsquery, WALK_LIMIT)
    with connection.cursor() as cursor:
        # The outer LIMIT stops the walk at the limit-th match; the inner one bounds it.
        cursor.execute(
            f"SELECT w.pk FROM ({sql}) w WHERE w.hit "  # noqa: S608 (compiled by the ORM)
            "ORDER BY w.published_at DESC, w.pk DESC LIMIT %s",
            (*params, limit),
        )
        ids = [row[0] for row in cursor.fetchall()]
    # Only when the walk read its whole window: did the list end inside it?
    complete = len(ids) < limit and _count_up_to(base, WALK_LIMIT - 1) < WALK_LIMIT
    return ids, complete


def design_results(*, thumbnails: bool = False, **filters: Any) -> DesignResults:
    """``design_search`` with the number of designs found, counted up to ``COUNT_LIMIT``.

    Lists without words are counted along the date index up to ``COUNT_LIMIT + 1``. On
    PostgreSQL a search first looks at the newest ``FREQUENCY_SAMPLE`` designs: if the words
    are frequent there, the newest matches are taken by walking the date index (bounded by
    ``WALK_LIMIT``); otherwise the GIN index counts up to the limit + 1 matches (cheap for
    rarer words). Sorted by relevance, only the newest ``RANK_CANDIDATES`` matches are
    ranked. See "Search" in docs/designs.md."""
    q = str(filters.get("q", "")).strip()
    sort = filters.get("sort", "relevance")
    tsquery = prefix_tsquery(q) if connection.vendor == "postgresql" else ""
    if not tsquery:
        designs = design_search(thumbnails=thumbnails, **filters)
        # Counted along the date index, whatever the order of the list.
        count = _count_up_to(design_search(**{**filters, "sort": "newest"}), COUNT_LIMIT)
        return DesignResults(designs, count if count <= COUNT_LIMIT else None)
    base = design_search(**{**filters, "q": "", "sort": "newest"})
    matches = base.filter(_SearchMatch(tsquery))
    limit = max(COUNT_LIMIT, RANK_CANDIDATES)
    sampled, complete = _sample(base, tsquery)
    # At least one in WALK_LIMIT // RANK_CANDIDATES of the newest designs match: walking the
    # date index finds the newest RANK_CANDIDATES matches within about WALK_LIMIT designs,
    # cheaper than reading every match through the GIN index (its cost grows with them).
    frequent = len(sampled) * WALK_LIMIT >= FREQUENCY_SAMPLE * RANK_CANDIDATES
    # ``newest``: the newest matches, known to be all of them or more than the limit.
    newest, known = sampled, complete  # a complete sample saw every design of the list
    if not known and frequent:
        newest, known = _newest_matches(base, tsquery, limit + 1)
        if len(newest) > limit:
            known = True
            # Later pages walk the date (or downloads) index too, not every match.
            matches = base.filter(_SearchMatchScan(tsquery))
    if not known:
        # The GIN index finds every match once; the newest limit + 1 of them give the count
        # and, when there are no more, the whole list (pages do not ask the GIN index again).
        newest = list(
            matches.order_by("-published_at", "-pk").values_list("pk", flat=True)[: limit + 1]
        )
    if sort == "relevance" and len(newest) > RANK_CANDIDATES:
        designs = _among(newest[:RANK_CANDIDATES])
        designs = _ordered(designs, tsquery=tsquery, sort=sort)
        return DesignResults(_listed(designs, thumbnails), RANK_CANDIDATES, capped=True)
    if len(newest) > limit:
        designs = _listed(_ordered(matches, tsquery=tsquery, sort=sort), thumbnails)
        return DesignResults(designs, None)
    designs = _ordered(_among(newest), tsquery=tsquery, sort=sort)
    return DesignResults(_listed(designs, thumbnails), len(newest))


def _among(ids: list[int]) -> QuerySet[Design]:
    # Published again: a design may have been withdrawn since its id was read.
    return Design.objects.filter(_PkAmong(ids), status=Design.Status.PUBLISHED)


def _ordered(queryset: QuerySet[Design], *, tsquery: str, sort: str) -> QuerySet[Design]:
    if sort == "downloads":
        return queryset.order_by("-downloads", "-published_at")
    if sort == "relevance" and tsquery:
        # alias, not annotate: a count does not compute the rank.
        queryset = queryset.alias(rank=_SearchRank(tsquery))
        return queryset.order_by("-rank", "-published_at", "-pk")  # type: ignore[misc]
    return queryset.order_by("-published_at", "-pk")


def _listed(queryset: QuerySet[Design], thumbnails: bool) -> QuerySet[Design]:
    queryset = queryset.select_related("space")
    return _with_list_data(queryset) if thumbnails else queryset


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
    the title, summary, tags or description. On PostgreSQL a search runs one or two small
    queries when called (see ``design_results``); the result is a queryset all the same."""
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
    q = q.strip()
    if q and connection.vendor == "postgresql":
        # Every term also matches as a prefix ("becher:*" finds "Becherhalter": the german
        # configuration does not split compounds). The tsquery text is built only from
        # letters and digits and passed as a parameter, never spliced into the SQL.
        if not prefix_tsquery(q):
            return queryset.none()
        return design_results(
            q=q,
            category=category,
            need=need,
            licence=licence,
            space=space,
            fits_machine=fits_machine,
            fits_my_machines=fits_my_machines,
            easy_read=easy_read,
            sort=sort,
            user=user,
            thumbnails=thumbnails,
        ).designs
    for word in q.split()[:MAX_SEARCH_TERMS]:
        queryset = queryset.filter(
            Q(title__icontains=word)
            | Q(summary__icontains=word)
            | Q(tags__icontains=word)
            | Q(description__icontains=word)
        )
    return _listed(_ordered(queryset, tsquery="", sort=sort), thumbnails)


def spaces_with_published_designs() -> QuerySet[Space]:
    """The spaces the library can be filtered by: one EXISTS probe per space (along the
    space's designs) instead of joining and de-duplicating every published design."""
    published = Design.objects.filter(space=OuterRef("pk"), status=Design.Status.PUBLISHED)
    return Space.objects.filter(Exists(published)).order_by("name")


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
