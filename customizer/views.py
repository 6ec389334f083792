"""Pages of the customizer: the form on a design, the result, saved variants, print
requests. Thin: they parse input, call a selector or service and render."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.contrib import messages as flash
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from customizer import messages, scad, selectors, services
from customizer import render as renderer
from customizer.models import Customization, ParametricSource, PrintRequest
from makerhub.errors import ServiceError
from spaces.models import Space


def _design_url(design: Any) -> str | None:
    try:
        return str(design.get_absolute_url())
    except Exception:  # noqa: BLE001 - the designs app may not have a page for it yet
        return None


def _range_text(param: scad.Parameter) -> str:
    unit = f" {param.unit}" if param.unit else ""
    if param.minimum is None or param.maximum is None:
        return ""
    context = {
        "minimum": _shown(param.minimum) + unit,
        "maximum": _shown(param.maximum) + unit,
    }
    if param.step is not None:
        context["step"] = _shown(param.step) + unit
        return _("From %(minimum)s to %(maximum)s, in steps of %(step)s.") % context
    return _("From %(minimum)s to %(maximum)s.") % context


def _shown(value: Any) -> str:
    if isinstance(value, float | int | Decimal) and not isinstance(value, bool):
        text = scad.format_value(Decimal(str(value)))
        return text.replace(".", ",") if translation.get_language() == "de" else text
    return str(value)


def form_fields(
    parsed: scad.ParameterSet,
    *,
    values: dict[str, Any] | None = None,
    errors: dict[str, list[str]] | None = None,
) -> list[dict[str, Any]]:
    """The form's fields grouped as the source groups them, ready for the template."""
    language = translation.get_language() or "de"
    values = values or {}
    errors = errors or {}
    groups: list[dict[str, Any]] = []
    for param in parsed.parameters:
        label = param.group_label(language)
        if not groups or groups[-1]["label"] != label:
            groups.append({"label": label, "fields": []})
        raw = values.get(param.name, param.default)
        if isinstance(raw, Decimal | int | float) and not isinstance(raw, bool):
            raw = _shown(raw)
        field = {
            "name": param.name,
            "id": f"param-{param.name}",
            "kind": param.kind,
            "label": param.title(language),
            "help": param.help(language),
            "unit": param.unit,
            "range": _range_text(param),
            "errors": errors.get(param.name, []),
            "value": raw,
            "checked": raw is True or str(raw).lower() in ("true", "on", "1"),
            "options": [
                {
                    "value": scad.format_value(o.value),
                    "label": param.option_label(o, language),
                    "selected": scad.format_value(o.value) == str(raw)
                    or (isinstance(raw, str) and raw == scad.format_value(o.value)),
                }
                for o in param.options
            ],
        }
        if param.options:
            field["widget"] = "select"
        elif param.kind == "boolean":
            field["widget"] = "checkbox"
        else:
            field["widget"] = "number"
        groups[-1]["fields"].append(field)
    return groups


def _values_from_post(request: HttpRequest, parsed: scad.ParameterSet) -> dict[str, Any]:
    """Form input to raw values: every parameter is taken (a checkbox absent is "no")."""
    raw: dict[str, Any] = {}
    for param in parsed.parameters:
        if param.kind == "boolean" and not param.options:
            raw[param.name] = request.POST.get(param.name, "false")
        elif param.name in request.POST:
            raw[param.name] = request.POST[param.name]
    return raw


def _design_context(source: ParametricSource) -> dict[str, Any]:
    return {
        "design": source.design,
        "design_url": _design_url(source.design),
        "source": source,
        "renderer_available": renderer.openscad_path() is not None,
    }


def customize(request: HttpRequest, slug: str) -> HttpResponse:
    """The form: GET shows it, POST checks the values and asks for the render."""
    source = selectors.source_get(slug=slug, user=request.user)  # type: ignore[arg-type]
    parsed = services.parameters_of(source)
    context = _design_context(source)
    values: dict[str, Any] = {}
    errors: dict[str, list[str]] = {}
    status = 200
    if request.method == "POST":
        if not request.user.is_authenticated:
            return redirect(f"{reverse('account_login')}?next={request.path}")
        values = _values_from_post(request, parsed)
        try:
            customization = services.customization_request(
                source=source,
                raw_values=values,
                user=request.user,  # type: ignore[arg-type]
            )
        except ServiceError as exc:
            errors = exc.extra.get("errors", {})
            status = exc.status_code
            context["error_message"] = exc.message
        else:
            return redirect(customization.get_absolute_url())
    elif request.GET.get("from"):
        previous_id = _uuid_or_none(request.GET["from"])
        previous = Customization.objects.filter(pk=previous_id).first() if previous_id else None
        if previous is not None and previous.source_id == source.pk:
            values = previous.values
    context["groups"] = form_fields(parsed, values=values, errors=errors)
    context["errors"] = [
        {"id": f"param-{name}", "label": _label_for(parsed, name), "message": message}
        for name, items in errors.items()
        for message in items
    ]
    return render(request, "customizer/customize.html", context, status=status)


def _uuid_or_none(text: str) -> str | None:
    import uuid

    try:
        return str(uuid.UUID(text))
    except ValueError:
        return None


def _label_for(parsed: scad.ParameterSet, name: str) -> str:
    param = parsed.by_name().get(name)
    return param.title(translation.get_language() or "de") if param else name


def _value_rows(customization: Customization) -> list[dict[str, str]]:
    parsed = services.parameters_of(customization.source)
    language = translation.get_language() or "de"
    rows = []
    for param in parsed.parameters:
        value = customization.values.get(param.name)
        if value is None:
            continue
        if param.options:
            labels = {
                scad.format_value(o.value): param.option_label(o, language) for o in param.options
            }
            shown = labels.get(
                scad.format_value(Decimal(str(value))) if not isinstance(value, str) else value,
                str(value),
            )
        elif param.kind == "boolean":
            shown = _("yes") if value else _("no")
        else:
            shown = f"{_shown(value)} {param.unit}".strip()
        rows.append({"label": param.title(language), "value": shown})
    return rows


def _report_problems(report: dict[str, Any]) -> list[dict[str, str]]:
    """The validation report's problems in the reader's language."""
    from designs.reports import report_localized

    localized = report_localized(report) if report else {}
    return [
        {"severity": p.get("severity", ""), "message": p.get("message", "")}
        for p in localized.get("problems", [])
    ]


def _result_context(request: HttpRequest, customization: Customization) -> dict[str, Any]:
    report = customization.report or {}
    bbox = report.get("bbox_mm")
    return {
        "customization": customization,
        "design": customization.source.design,
        "value_rows": _value_rows(customization),
        "failure_message": messages.failure(customization.failure) if customization.failure else "",
        "problems": _report_problems(report),
        "size": " × ".join(_shown(round(x, 1)) for x in bbox) if bbox else "",
        "filament_g": report.get("filament_g"),
        "fits": selectors.fitting_machines(customization=customization)
        if customization.is_finished
        else [],
        "fitting_spaces": services.fitting_spaces(customization)
        if customization.is_finished and request.user.is_authenticated
        else [],
        "print_request_statuses": PrintRequest.Status,
    }


@require_GET
def customization_detail(request: HttpRequest, pk: str) -> HttpResponse:
    customization = selectors.customization_get(pk=pk, user=request.user)  # type: ignore[arg-type]
    context = _result_context(request, customization)
    context.update(_design_context(customization.source))
    return render(request, "customizer/customization_detail.html", context)


@require_GET
def customization_status(request: HttpRequest, pk: str) -> HttpResponse:
    """The result for htmx polling: 204 (nothing to swap) while the status is still the one
    the page shows, so that screen readers hear only real changes."""
    customization = selectors.customization_get(pk=pk, user=request.user)  # type: ignore[arg-type]
    if request.GET.get("shown") == customization.status and not customization.is_finished:
        return HttpResponse(status=204)
    return render(
        request, "customizer/partials/result.html", _result_context(request, customization)
    )


@require_GET
def customization_download(request: HttpRequest, pk: str) -> FileResponse:
    customization = selectors.customization_get(pk=pk, user=request.user)  # type: ignore[arg-type]
    if not customization.has_stl:
        raise Http404(pk)
    name = request.GET.get("name", "")
    filename = (
        f"{customization.source.design.slug}-{customization.key[:10]}.stl"
        if not name
        else f"{_safe_filename(name)}.stl"
    )
    return FileResponse(
        customization.stl.open("rb"),
        as_attachment=True,
        filename=filename,
        content_type="model/stl",
    )


@require_GET
def customization_preview(request: HttpRequest, pk: str) -> FileResponse:
    customization = selectors.customization_get(pk=pk, user=request.user)  # type: ignore[arg-type]
    if not customization.preview:
        raise Http404(pk)
    return FileResponse(customization.preview.open("rb"), content_type="image/png")


def _safe_filename(name: str) -> str:
    from django.utils.text import slugify

    return slugify(name)[:80] or "design"


@login_required
@require_POST
def variant_create(request: HttpRequest, pk: str) -> HttpResponse:
    customization = selectors.customization_get(pk=pk, user=request.user)  # type: ignore[arg-type]
    try:
        variant = services.variant_save(
            user=request.user,  # type: ignore[arg-type]
            customization=customization,
            name=request.POST.get("name", ""),
            shared=request.POST.get("shared") == "on",
        )
    except ServiceError as exc:
        flash.error(request, exc.message)
        return redirect(customization.get_absolute_url())
    flash.success(request, _("Saved as “%(name)s”.") % {"name": variant.name})
    return redirect(variant.get_absolute_url())


@login_required
@require_POST
def print_request_create(request: HttpRequest, pk: str) -> HttpResponse:
    customization = selectors.customization_get(pk=pk, user=request.user)  # type: ignore[arg-type]
    space = Space.objects.filter(slug=request.POST.get("space", "")).first()
    try:
        if space is None:
            raise ServiceError(_("Please choose a space."), field="space")
        variant = None
        if request.POST.get("variant"):
            mine = selectors.variants_for_user(user=request.user)  # type: ignore[arg-type]
            variant = mine.filter(share_token=request.POST["variant"]).first()
        services.print_request_create(
            user=request.user,  # type: ignore[arg-type]
            customization=customization,
            space=space,
            note=request.POST.get("note", ""),
            variant=variant,
        )
    except ServiceError as exc:
        flash.error(request, exc.message)
    else:
        flash.success(
            request,
            _("Your print request was sent to %(space)s. Its staff will get in touch.")
            % {"space": space.name},
        )
    return redirect(request.POST.get("back") or customization.get_absolute_url())


@require_GET
def variant_detail(request: HttpRequest, token: str) -> HttpResponse:
    variant = selectors.variant_get(token=token, user=request.user)  # type: ignore[arg-type]
    context = _result_context(request, variant.customization)
    context.update(_design_context(variant.customization.source))
    context["variant"] = variant
    context["is_owner"] = request.user.is_authenticated and variant.owner_id == request.user.pk
    context["share_url"] = request.build_absolute_uri(variant.get_absolute_url())
    return render(request, "customizer/variant_detail.html", context)


@login_required
@require_POST
def variant_share(request: HttpRequest, token: str) -> HttpResponse:
    variant = selectors.variant_get(token=token, user=request.user)  # type: ignore[arg-type]
    try:
        services.variant_set_shared(
            user=request.user,  # type: ignore[arg-type]
            variant=variant,
            shared=request.POST.get("shared") == "on",
        )
    except ServiceError as exc:
        flash.error(request, exc.message)
    else:
        flash.success(
            request,
            _("Anyone with the link can now see it.")
            if variant.shared
            else _("Only you can see it now."),
        )
    return redirect(variant.get_absolute_url())


@login_required
@require_POST
def variant_delete(request: HttpRequest, token: str) -> HttpResponse:
    variant = selectors.variant_get(token=token, user=request.user)  # type: ignore[arg-type]
    try:
        services.variant_delete(user=request.user, variant=variant)  # type: ignore[arg-type]
    except ServiceError as exc:
        flash.error(request, exc.message)
        return redirect(variant.get_absolute_url())
    flash.success(request, _("The variant was deleted."))
    return redirect("my-variants")


@login_required
def my_variants(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "customizer/my_variants.html",
        {
            "variants": selectors.variants_for_user(user=request.user),  # type: ignore[arg-type]
            "requests": selectors.print_requests_of_user(user=request.user),  # type: ignore[arg-type]
        },
    )


@login_required
def print_request_list(request: HttpRequest) -> HttpResponse:
    requests = selectors.print_requests_for_staff(user=request.user)  # type: ignore[arg-type]
    if not requests.exists() and not request.user.is_superuser:
        from spaces.selectors import spaces_where_user_has_role

        if not spaces_where_user_has_role(user=request.user, role="staff").exists():  # type: ignore[arg-type]
            raise Http404("not staff")
    return render(
        request,
        "customizer/print_requests.html",
        {"requests": requests, "statuses": PrintRequest.Status.choices},
    )


@login_required
@require_POST
def print_request_status(request: HttpRequest, pk: int) -> HttpResponse:
    print_request = selectors.print_request_get_for_staff(pk=pk, user=request.user)  # type: ignore[arg-type]
    try:
        services.print_request_set_status(
            user=request.user,  # type: ignore[arg-type]
            request=print_request,
            status=request.POST.get("status", ""),
        )
    except ServiceError as exc:
        flash.error(request, exc.message)
    else:
        flash.success(request, _("The print request was updated."))
    return redirect("print-request-list")


@login_required
def source_edit(request: HttpRequest, slug: str) -> HttpResponse:
    """The design's author or its space's staff attach or replace the OpenSCAD source."""
    from designs import selectors as design_selectors
    from designs import services as design_services

    design = design_selectors.design_get_editable(slug=slug, user=request.user)  # type: ignore[arg-type]
    if not design_services.can_edit(user=request.user, design=design):  # type: ignore[arg-type]
        raise Http404(slug)
    current = selectors.source_for_design(design=design)
    error = ""
    if request.method == "POST":
        upload = request.FILES.get("file")
        try:
            if upload is None:
                raise ServiceError(_("Please choose a .scad file."), field="file")
            if not (upload.name or "").lower().endswith(".scad"):
                raise ServiceError(_("Please choose a .scad file."), field="file")
            if (upload.size or 0) > services.MAX_SOURCE_BYTES:
                raise ServiceError(
                    _("The source is larger than %(size)s KB.")
                    % {"size": services.MAX_SOURCE_BYTES // 1024},
                    field="file",
                )
            try:
                text = upload.read().decode("utf-8")
            except UnicodeDecodeError as exc:
                raise ServiceError(_("This is not an OpenSCAD text file."), field="file") from exc
            current = services.parametric_source_attach(
                design=design,
                source=text,
                filename=upload.name or "model.scad",
                user=request.user,  # type: ignore[arg-type]
            )
        except ServiceError as exc:
            error = exc.message
        else:
            flash.success(request, _("The OpenSCAD source was saved."))
            return redirect("design-source-edit", slug=design.slug)
    parsed = services.parameters_of(current) if current else None
    language = translation.get_language() or "de"
    return render(
        request,
        "customizer/source_edit.html",
        {
            "design": design,
            "design_url": _design_url(design),
            "current": current,
            "error": error,
            "parameters": [
                {"name": p.name, "title": p.title(language), "range": _range_text(p)}
                for p in (parsed.parameters if parsed else [])
            ],
            "problems": [messages.source_problem(p) for p in parsed.problems] if parsed else [],
        },
        status=400 if error else 200,
    )


def source_list(request: HttpRequest) -> HttpResponse:
    """All designs that can be fitted to one person."""
    sources = selectors.sources_visible(user=request.user)  # type: ignore[arg-type]
    language = translation.get_language() or "de"
    rows = []
    for source in sources:
        parsed = services.parameters_of(source)
        rows.append(
            {
                "design": source.design,
                "url": reverse("design-customize", kwargs={"slug": source.design.slug}),
                "measurements": [p.title(language) for p in parsed.parameters],
            }
        )
    return render(request, "customizer/source_list.html", {"rows": rows})
