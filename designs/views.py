"""Pages of the design library: thin, they parse input and call selectors and services."""

from __future__ import annotations

from pathlib import Path
from typing import Any, cast

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from accessibility.selectors import easy_read_enabled
from accounts.models import User
from designs import selectors, services
from designs.forms import (
    DesignForm,
    DocumentForm,
    EditDesignForm,
    MakeForm,
    PhotoForm,
    ReturnForm,
    SearchForm,
    UploadForm,
    VariantForm,
    VersionForm,
)
from designs.models import Design, DesignDocument, DesignFile, Licence
from designs.pagination import ResultsPaginator
from makerhub.errors import PermissionDenied as ServicePermissionDenied
from makerhub.errors import ServiceError
from makerhub.sections import collect_sections
from spaces.models import Role, Space
from spaces.selectors import spaces_where_user_has_role

PAGE_SIZE = 24


def _user(request: HttpRequest) -> User:
    """The person (possibly anonymous: selectors and services check what they may do)."""
    return cast(User, request.user)


def _attachment(handle: Any, filename: str, content_type: str) -> FileResponse:
    """A download that the browser saves and never renders or runs."""
    response = FileResponse(
        handle, as_attachment=True, filename=filename, content_type=content_type
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    return response


CONTENT_TYPES = {
    DesignFile.Kind.STL: "model/stl",
    DesignFile.Kind.THREE_MF: "model/3mf",
    DesignFile.Kind.OBJ: "model/obj",
    DesignFile.Kind.STEP: "model/step",
    DesignFile.Kind.SCAD: "text/plain; charset=utf-8",
    DesignFile.Kind.SVG: "application/octet-stream",  # never rendered: SVG may hold scripts
    DesignFile.Kind.DXF: "image/vnd.dxf",
    DesignFile.Kind.PDF: "application/pdf",
}


def _error_to_form(form: Any, error: ServiceError) -> None:
    field = error.field if error.field in getattr(form, "fields", {}) else None
    form.add_error(field, error.message)


# --- library --------------------------------------------------------------------------------


@require_GET
def design_list(request: HttpRequest) -> HttpResponse:
    spaces = [(s.slug, s.name) for s in selectors.spaces_with_published_designs()]
    form = SearchForm(request.GET or None, spaces=spaces)
    filters: dict[str, Any] = {}
    if form.is_valid():
        data = form.cleaned_data
        filters = {
            "q": data["q"],
            "category": data["category"],
            "need": data["need"],
            "licence": data["licence"],
            "space": data["space"],
            "fits_my_machines": bool(data["mine"]) and _user(request).is_authenticated,
            "easy_read": bool(data["easy_read"]),
            "sort": data["sort"] or "relevance",
        }
    results = selectors.design_results(user=_user(request), thumbnails=True, **filters)
    page = ResultsPaginator(results, PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "designs/design_list.html",
        {
            "form": form,
            "page": page,
            "query": query.urlencode(),
            "filtered": bool(request.GET),
            "easy_read": easy_read_enabled(request),
            "easy_read_filter_on": bool(filters.get("easy_read")),
            # None: more than count_limit (the list is not counted further).
            "count": results.count,
            "count_limit": selectors.COUNT_LIMIT,
            "capped": results.capped,
            "cap": selectors.RANK_CANDIDATES,
        },
    )


def _file_rows(files: list[DesignFile]) -> list[dict[str, Any]]:
    return [{"file": f, "report": f.report} for f in files]


@require_GET
def design_detail(request: HttpRequest, slug: str) -> HttpResponse:
    design = selectors.design_get_for_user(slug=slug, user=_user(request))
    versions = list(design.versions.all())
    current = versions[0] if versions else None
    current_files = list(current.files.all()) if current else []
    viewer_file = next(
        (
            f
            for f in current_files
            if f.is_stl and f.status in (DesignFile.Status.PRINTABLE, DesignFile.Status.WARNINGS)
        ),
        None,
    )
    documents = {d.kind: d for d in design.documents.all()}
    user = _user(request)
    context = {
        "design": design,
        "current": current,
        "current_files": current_files,
        "older_versions": versions[1:],
        "viewer_file": viewer_file,
        "documents": [
            (kind, label, documents.get(kind)) for kind, label in DesignDocument.Kind.choices
        ],
        "can_edit": services.can_edit(user=user, design=design),
        "can_review": services.can_review(user=user, design=design),
        "missing": [services.MISSING_LABELS[m] for m in services.publish_missing(design)],
        "make_form": MakeForm(),
        "return_form": ReturnForm(),
        "is_published": design.status == Design.Status.PUBLISHED,
        "easy_read_first": easy_read_enabled(request) and bool(design.easy_read_description),
        "design_sections": collect_sections(
            "design_section", skip="designs", design=design, user=user
        ),
    }
    return render(request, "designs/design_detail.html", context)


# --- writing --------------------------------------------------------------------------------


def _member_spaces(request: HttpRequest) -> list[tuple[str, str]]:
    spaces = spaces_where_user_has_role(user=_user(request), role=Role.MEMBER)
    return [(str(s.pk), s.name) for s in spaces.order_by("name")]


@login_required
def design_create(request: HttpRequest) -> HttpResponse:
    remix_of = None
    remix_slug = request.GET.get("remix_of") or request.POST.get("remix_of")
    if remix_slug:
        remix_of = Design.objects.filter(slug=remix_slug, status=Design.Status.PUBLISHED).first()
        if remix_of is None:
            raise Http404(remix_slug)
    licences = services.remix_licences(remix_of.licence) if remix_of else None
    spaces = _member_spaces(request)
    initial: dict[str, Any] = {}
    if remix_of:
        initial = {
            "title": _("Remix of %(title)s") % {"title": remix_of.title},
            "category": remix_of.category,
            "licence": remix_of.licence,
            "needs": remix_of.need_list,
        }
    form = DesignForm(request.POST or None, initial=initial, spaces=spaces, licences=licences)
    if request.method == "POST" and form.is_valid():
        data = form.design_fields()
        space = Space.objects.get(pk=form.cleaned_data["space"])
        try:
            design = services.design_create(
                author=_user(request),
                space=space,
                co_designers_text=data.pop("authors_text"),
                remix_of=remix_of,
                **{k: v for k, v in data.items() if v not in (None, "") or k == "needs"},
            )
        except ServiceError as error:
            _error_to_form(form, error)
        else:
            messages.success(request, _("The draft is saved. Now add files, photos and a guide."))
            return redirect("design-edit", slug=design.slug)
    return render(
        request,
        "designs/design_form.html",
        {"form": form, "remix_of": remix_of, "no_spaces": not spaces},
    )


@login_required
def design_edit(request: HttpRequest, slug: str) -> HttpResponse:
    design = selectors.design_get_editable(slug=slug, user=_user(request))
    licences = services.remix_licences(design.remix_of.licence) if design.remix_of else None
    initial = {
        name: getattr(design, name)
        for name in services.EDITABLE_FIELDS
        if name not in ("needs", "authors_text")
    }
    initial.update({"needs": design.need_list, "co_designers_text": design.authors_text})
    form = EditDesignForm(request.POST or None, initial=initial, licences=licences)
    if request.method == "POST" and form.is_valid():
        try:
            services.design_update(design=design, user=_user(request), **form.design_fields())
        except ServiceError as error:
            _error_to_form(form, error)
        else:
            messages.success(request, _("Your changes are saved."))
            return redirect("design-edit", slug=design.slug)
    return render(request, "designs/design_edit.html", _edit_context(design, form=form))


def _edit_context(design: Design, **forms: Any) -> dict[str, Any]:
    variants = [(str(v.pk), v.name) for v in design.variants.all()]
    files = list(
        DesignFile.objects.filter(design=design)
        .select_related("version", "variant")
        .order_by("-version__number", "variant__position", "original_name")
    )
    return {
        "design": design,
        "form": forms.get("form"),
        "upload_form": forms.get("upload_form") or UploadForm(variants=variants),
        "photo_form": forms.get("photo_form") or PhotoForm(),
        "document_form": forms.get("document_form") or DocumentForm(),
        "variant_form": forms.get("variant_form") or VariantForm(),
        "version_form": forms.get("version_form") or VersionForm(),
        "files": files,
        "missing": [services.MISSING_LABELS[m] for m in services.publish_missing(design)],
        "licence_choices": Licence.choices,
    }


def _small_post(
    request: HttpRequest, slug: str, form_class: Any, key: str, action: Any, done: str, **extra: Any
) -> HttpResponse:
    design = selectors.design_get_editable(slug=slug, user=_user(request))
    form = form_class(request.POST, request.FILES, **extra)
    if form.is_valid():
        try:
            action(design, form.cleaned_data)
        except ServiceError as error:
            _error_to_form(form, error)
        else:
            messages.success(request, done)
            return redirect("design-edit", slug=design.slug)
    return render(
        request,
        "designs/design_edit.html",
        _edit_context(design, form=None, **{key: form}),
        status=400,
    )


@login_required
@require_POST
def design_upload(request: HttpRequest, slug: str) -> HttpResponse:
    """Upload one file. With htmx the answer is the file's status, which then polls."""
    design = selectors.design_get_editable(slug=slug, user=_user(request))
    variants = [(str(v.pk), v.name) for v in design.variants.all()]
    form = UploadForm(request.POST, request.FILES, variants=variants)
    design_file = None
    if form.is_valid():
        variant = design.variants.filter(pk=form.cleaned_data["variant"] or 0).first()
        try:
            design_file = services.design_file_add(
                design=design,
                user=_user(request),
                upload=form.cleaned_data["file"],
                variant=variant,
            )
        except ServiceError as error:
            _error_to_form(form, error)
    if getattr(request, "htmx", False):
        if design_file is None:
            return render(request, "designs/partials/upload_error.html", {"form": form}, status=400)
        design_file.refresh_from_db()
        return render(request, "designs/partials/file_status.html", {"file": design_file})
    if design_file is None:
        return render(
            request,
            "designs/design_edit.html",
            _edit_context(design, form=None, upload_form=form),
            status=400,
        )
    messages.success(request, _("The file is uploaded and is being checked."))
    return redirect("design-edit", slug=design.slug)


@require_GET
def file_status(request: HttpRequest, pk: int) -> HttpResponse:
    """The file's check status as a partial; it keeps polling while the check runs."""
    design_file = selectors.design_file_get_for_user(pk=pk, user=_user(request))
    return render(request, "designs/partials/file_status.html", {"file": design_file})


@login_required
@require_POST
def photo_add(request: HttpRequest, slug: str) -> HttpResponse:
    return _small_post(
        request,
        slug,
        PhotoForm,
        "photo_form",
        lambda design, data: services.photo_add(
            design=design, user=_user(request), image=data["image"], alt_text=data["alt_text"]
        ),
        _("The photo is added."),
    )


@login_required
@require_POST
def document_set(request: HttpRequest, slug: str) -> HttpResponse:
    return _small_post(
        request,
        slug,
        DocumentForm,
        "document_form",
        lambda design, data: services.document_set(
            design=design,
            user=_user(request),
            kind=data["kind"],
            text=data["text"],
            pdf=data["pdf"],
        ),
        _("The document is saved."),
    )


@login_required
@require_POST
def variant_add(request: HttpRequest, slug: str) -> HttpResponse:
    return _small_post(
        request,
        slug,
        VariantForm,
        "variant_form",
        lambda design, data: services.variant_create(
            design=design, user=_user(request), name=data["name"], suits=data["suits"]
        ),
        _("The variant is added."),
    )


@login_required
@require_POST
def version_add(request: HttpRequest, slug: str) -> HttpResponse:
    return _small_post(
        request,
        slug,
        VersionForm,
        "version_form",
        lambda design, data: services.version_create(
            design=design, user=_user(request), changelog=data["changelog"]
        ),
        _("The new version is started: files you upload now belong to it."),
    )


def _status_change(request: HttpRequest, slug: str, action: str) -> HttpResponse:
    user = _user(request)
    # Someone who may not see the design learns nothing about it (404); someone who may see
    # it but not take this step is refused (403).
    design = selectors.design_get_for_user(slug=slug, user=user)
    try:
        if action == "submit":
            services.design_submit(design=design, user=user)
            messages.success(request, _("The design is sent to the space's staff for review."))
        elif action == "publish":
            services.design_publish(design=design, user=user)
            messages.success(request, _("The design is published."))
        elif action == "return":
            form = ReturnForm(request.POST)
            note = form.cleaned_data["note"] if form.is_valid() else ""
            services.design_return(design=design, user=user, note=note)
            messages.success(request, _("The design is back with its author as a draft."))
        elif action == "archive":
            services.design_archive(design=design, user=user)
            messages.success(request, _("The design is archived."))
    except ServicePermissionDenied as error:
        raise PermissionDenied(error.message) from error
    except ServiceError as error:
        messages.error(request, error.message)
    return redirect("design-detail", slug=design.slug)


@login_required
@require_POST
def design_submit(request: HttpRequest, slug: str) -> HttpResponse:
    return _status_change(request, slug, "submit")


@login_required
@require_POST
def design_publish(request: HttpRequest, slug: str) -> HttpResponse:
    return _status_change(request, slug, "publish")


@login_required
@require_POST
def design_return(request: HttpRequest, slug: str) -> HttpResponse:
    return _status_change(request, slug, "return")


@login_required
@require_POST
def design_archive(request: HttpRequest, slug: str) -> HttpResponse:
    return _status_change(request, slug, "archive")


@login_required
@require_POST
def make_create(request: HttpRequest, slug: str) -> HttpResponse:
    design = selectors.design_get_for_user(slug=slug, user=_user(request))
    form = MakeForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            services.make_create(design=design, user=_user(request), **form.cleaned_data)
        except ServiceError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, _("Thank you! Your print is shown on the design."))
    else:
        messages.error(request, _("Please check your input: the photo must be an image."))
    return redirect("design-detail", slug=design.slug)


@login_required
@require_GET
def my_designs(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    return render(
        request,
        "designs/my_designs.html",
        {
            "designs": selectors.designs_of_user(user=user),
            "review": selectors.designs_for_review(user=user),
        },
    )


# --- downloads ------------------------------------------------------------------------------


@require_GET
def file_download(request: HttpRequest, pk: int) -> FileResponse:
    design_file = selectors.design_file_get_for_user(pk=pk, user=_user(request))
    services.download_count(design_file=design_file)
    return _attachment(
        design_file.file.open("rb"),
        design_file.original_name,
        CONTENT_TYPES.get(DesignFile.Kind(design_file.kind), "application/octet-stream"),
    )


@require_GET
def file_preview(request: HttpRequest, pk: int) -> FileResponse:
    """The STL for the in-browser viewer (not counted as a download)."""
    design_file = selectors.design_file_get_for_user(pk=pk, user=_user(request))
    if not design_file.is_stl or design_file.status == DesignFile.Status.REJECTED:
        raise Http404(str(pk))
    return _attachment(design_file.file.open("rb"), design_file.original_name, "model/stl")


@require_GET
def document_pdf(request: HttpRequest, slug: str, kind: str) -> FileResponse:
    design = selectors.design_get_for_user(slug=slug, user=_user(request))
    document = design.documents.filter(kind=kind).exclude(pdf="").first()
    if document is None:
        raise Http404(kind)
    return _attachment(document.pdf.open("rb"), f"{design.slug}-{kind}.pdf", "application/pdf")


@require_GET
def design_zip(request: HttpRequest, slug: str) -> HttpResponse:
    design = selectors.design_get_for_user(slug=slug, user=_user(request))
    data = services.design_zip(design=design)
    services.download_count(design=design)
    version = design.versions.order_by("-number").first()
    name = f"{design.slug}-v{version.number if version else 1}.zip"
    response = HttpResponse(data, content_type="application/zip")
    response["Content-Disposition"] = f'attachment; filename="{Path(name).name}"'
    response["X-Content-Type-Options"] = "nosniff"
    return response
