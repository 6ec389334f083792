"""Workshop pages: thin. Parse with a form, call one selector or service, render."""

from __future__ import annotations

import csv
import io
from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accessibility.selectors import easy_read_enabled
from makerhub.errors import ServiceError
from spaces.models import Role, Space
from spaces.selectors import space_get, space_list, user_has_role
from workshops import forms as wforms
from workshops import selectors, services
from workshops.ics import calendar_bytes
from workshops.models import Session, Signup
from workshops.qr import ticket_qr_svg, ticket_qr_svg_data_uri


def _profile_needs(user: Any) -> list[str]:
    """The needs from the person's accessibility profile, if that app offers them."""
    if not user.is_authenticated:
        return []
    try:
        from accessibility.selectors import profile_needs_for_sharing  # type: ignore[attr-defined]
    except ImportError:
        return []
    try:
        return [str(need) for need in profile_needs_for_sharing(user=user)]
    except Exception:  # another app's hook must never break signing up
        return []


def _add_error(form: forms.BaseForm, exc: ServiceError) -> None:
    field = exc.field if exc.field in form.fields else None
    form.add_error(field, exc.message)


def _back(request: HttpRequest, default: str) -> HttpResponse:
    target = request.POST.get("next", "")
    if target and url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        return redirect(target)
    return redirect(default)


# --- public pages -------------------------------------------------------------------------


def workshop_list(request: HttpRequest, slug: str | None = None) -> HttpResponse:
    spaces = list(space_list())
    space = space_get(slug=slug) if slug else None
    data = request.GET.copy()
    if space is not None:
        data["space"] = space.slug
    form = wforms.WorkshopFilterForm(data, spaces=spaces)
    filters = selectors.WorkshopFilters()
    if form.is_valid():
        filters = selectors.WorkshopFilters(
            space=form.cleaned_data["space"],
            category=form.cleaned_data["category"],
            date_from=form.cleaned_data["date_from"],
            free_seats=form.cleaned_data["free_seats"],
            easy_read=form.cleaned_data["easy_read"],
            accessibility=tuple(form.cleaned_data["accessibility"]),
        )
    workshops = list(selectors.workshop_list(filters=filters)[:100])
    for workshop in workshops:
        for session in workshop.upcoming_sessions:  # type: ignore[attr-defined]
            session.seats_left = selectors.seats_left(session)
    return render(
        request,
        "workshops/workshop_list.html",
        {"form": form, "workshops": workshops, "space": space},
    )


def workshop_detail(request: HttpRequest, pk: int) -> HttpResponse:
    workshop = selectors.workshop_get(pk=pk)
    sessions = list(workshop.sessions.all())
    mine: dict[int, Signup] = {}
    signup: Signup | None
    if request.user.is_authenticated:
        for signup in Signup.objects.filter(session__workshop=workshop, user=request.user).exclude(
            status=Signup.Status.CANCELLED
        ):
            mine[signup.session_id] = signup
    now = timezone.now()
    rows = []
    for session in sessions:
        signup = mine.get(session.pk)
        rows.append(
            {
                "session": session,
                "seats_left": selectors.seats_left(session),
                "waitlist_length": selectors.waitlist_length(session),
                "open": selectors.session_open_for_signup(session, now=now),
                "past": session.end <= now,
                "signup": signup,
                "position": selectors.signup_position(signup) if signup else None,
            }
        )
    open_rows = [r for r in rows if r["open"] and not r["signup"]]
    required = workshop.requires_qualification
    inductions = selectors.upcoming_inductions(qualification=required) if required else []
    return render(
        request,
        "workshops/workshop_detail.html",
        {
            "workshop": workshop,
            "easy_read_first": bool(workshop.easy_summary) and easy_read_enabled(request),
            "rows": rows,
            "series_open": len(open_rows) > 1,
            "signup_form": wforms.SignupForm(profile_needs=_profile_needs(request.user)),
            "can_manage": selectors.workshop_can_manage(user=request.user, workshop=workshop),  # type: ignore[arg-type]
            "inductions": inductions,
        },
    )


def _signup_fields(request: HttpRequest) -> dict[str, Any]:
    form = wforms.SignupForm(request.POST, profile_needs=_profile_needs(request.user))
    form.is_valid()
    data = form.cleaned_data
    return {
        "needs_text": data.get("needs_text", ""),
        "needs_options": data.get("needs_options", []),
        "needs_consent": data.get("needs_consent", False),
    }


@login_required
@require_POST
def session_signup(request: HttpRequest, pk: int) -> HttpResponse:
    session = Session.objects.select_related("workshop").filter(pk=pk).first()
    if session is None:
        raise Http404
    try:
        signup = services.signup_create(
            session_id=pk,
            user=request.user,  # type: ignore[arg-type]
            **_signup_fields(request),
        )
    except ServiceError as exc:
        messages.error(request, exc.message)
        return redirect(session.workshop.get_absolute_url())
    if signup.status == Signup.Status.CONFIRMED:
        messages.success(
            request,
            _("You have a seat. Your ticket is on this page and in the e-mail we sent you."),
        )
    else:
        messages.success(
            request,
            _("The session is full. You are on the waiting list, place %(position)s.")
            % {"position": selectors.signup_position(signup)},
        )
    return redirect("my-workshops")


@login_required
@require_POST
def workshop_signup_all(request: HttpRequest, pk: int) -> HttpResponse:
    workshop = selectors.workshop_get(pk=pk)
    try:
        signups = services.signup_create_series(
            workshop_id=pk,
            user=request.user,  # type: ignore[arg-type]
            **_signup_fields(request),
        )
    except ServiceError as exc:
        messages.error(request, exc.message)
        return redirect(workshop.get_absolute_url())
    waiting = sum(1 for s in signups if s.status == Signup.Status.WAITLISTED)
    messages.success(
        request,
        _("You are signed up for %(count)s sessions (%(waiting)s of them on the waiting list).")
        % {"count": len(signups), "waiting": waiting},
    )
    return redirect("my-workshops")


@login_required
@require_POST
def signup_cancel(request: HttpRequest, pk: int) -> HttpResponse:
    try:
        signup = services.signup_cancel(signup_id=pk, actor=request.user)  # type: ignore[arg-type]
    except ServiceError as exc:
        if exc.status_code == 404:
            raise Http404 from exc
        messages.error(request, exc.message)
        return _back(request, reverse("my-workshops"))
    if signup.user_id == request.user.pk:
        messages.success(request, _("Your sign-up is cancelled."))
    else:
        messages.success(request, _("%(name)s was removed.") % {"name": signup.person_name})
    return _back(request, reverse("my-workshops"))


@login_required
@require_POST
def signup_accept(request: HttpRequest, pk: int) -> HttpResponse:
    try:
        services.signup_offer_accept(signup_id=pk, user=request.user)  # type: ignore[arg-type]
    except ServiceError as exc:
        if exc.status_code == 404:
            raise Http404 from exc
        messages.error(request, exc.message)
    else:
        messages.success(request, _("The seat is yours. See you there!"))
    return redirect("my-workshops")


@login_required
def my_workshops(request: HttpRequest) -> HttpResponse:
    now = timezone.now()
    upcoming: list[dict[str, Any]] = []
    past: list[dict[str, Any]] = []
    for signup in selectors.signups_for_user(user=request.user):  # type: ignore[arg-type]
        entry = {
            "signup": signup,
            "position": selectors.signup_position(signup),
            "qr": ticket_qr_svg_data_uri(signup.ticket_code)
            if signup.status == Signup.Status.CONFIRMED and not signup.session.is_cancelled
            else "",
            "can_cancel": signup.is_active
            and not signup.session.is_cancelled
            and (signup.status != Signup.Status.CONFIRMED or signup.session.signup_deadline > now),
        }
        (upcoming if signup.session.end > now else past).append(entry)
    hosts = selectors.spaces_user_can_host(user=request.user).exists()  # type: ignore[arg-type]
    return render(
        request,
        "workshops/my_workshops.html",
        {"upcoming": upcoming, "past": past[-20:], "is_host": hosts},
    )


@login_required
def signup_ics(request: HttpRequest, pk: int) -> HttpResponse:
    signup = selectors.signup_get_for_user(pk=pk, user=request.user)  # type: ignore[arg-type]
    event = selectors.session_event(signup.session) | {"cancelled": signup.session.is_cancelled}
    response = HttpResponse(
        calendar_bytes([event], name=signup.session.workshop.title),
        content_type="text/calendar; charset=utf-8",
    )
    response["Content-Disposition"] = f'attachment; filename="workshop-{signup.session_id}.ics"'
    return response


@login_required
def signup_qr(request: HttpRequest, pk: int) -> HttpResponse:
    """The ticket's QR code as SVG, for the attendee and the workshop's hosts."""
    signup = Signup.objects.select_related("session__workshop__space").filter(pk=pk).first()
    if signup is None or not (
        signup.user_id == request.user.pk
        or selectors.workshop_can_manage(user=request.user, workshop=signup.session.workshop)  # type: ignore[arg-type]
    ):
        raise Http404
    return HttpResponse(ticket_qr_svg(signup.ticket_code), content_type="image/svg+xml")


def space_workshops_ics(request: HttpRequest, slug: str) -> HttpResponse:
    """Public iCalendar feed of the space's upcoming workshop sessions."""
    space = space_get(slug=slug)
    events = [selectors.session_event(s) for s in selectors.upcoming_sessions(space=space)[:500]]
    name = _("Workshops at %(space)s") % {"space": space.name}
    response = HttpResponse(
        calendar_bytes(events, name=name), content_type="text/calendar; charset=utf-8"
    )
    response["Content-Disposition"] = f'inline; filename="{space.slug}-workshops.ics"'
    return response


# --- host pages -----------------------------------------------------------------------------


@login_required
def manage_home(request: HttpRequest) -> HttpResponse:
    user = request.user
    spaces = list(selectors.spaces_user_can_host(user=user))  # type: ignore[arg-type]
    if not spaces:
        raise Http404
    staff_spaces = [
        s
        for s in spaces
        if user_has_role(user=user, space=s, role=Role.STAFF)  # type: ignore[arg-type]
    ]
    workshops = list(selectors.workshops_managed_by(user=user))  # type: ignore[arg-type]
    for workshop in workshops:
        for session in workshop.recent_sessions:  # type: ignore[attr-defined]
            session.seats_left = selectors.seats_left(session)
    return render(
        request,
        "workshops/manage_home.html",
        {"spaces": spaces, "staff_spaces": staff_spaces, "workshops": workshops},
    )


def _workshop_data(form: wforms.WorkshopForm) -> dict[str, Any]:
    data = {k: v for k, v in form.cleaned_data.items() if k in services.WORKSHOP_FIELDS}
    if data.get("photo") is False:  # the "clear" box was ticked
        data["photo"] = ""
    elif data.get("photo") is None:
        data.pop("photo", None)
    return data


@login_required
def workshop_create(request: HttpRequest, slug: str) -> HttpResponse:
    space = space_get(slug=slug)
    if not user_has_role(user=request.user, space=space, role=Role.HOST):  # type: ignore[arg-type]
        raise Http404
    form = wforms.WorkshopForm(request.POST or None, request.FILES or None, space=space)
    if request.method == "POST" and form.is_valid():
        try:
            workshop = services.workshop_create(
                actor=request.user,  # type: ignore[arg-type]
                space=space,
                data=_workshop_data(form),
                hosts=form.cleaned_data["hosts"],
            )
        except ServiceError as exc:
            _add_error(form, exc)
        else:
            messages.success(request, _("The workshop is saved. Now add its sessions."))
            return redirect("workshop-session-create", pk=workshop.pk)
    return render(
        request, "workshops/workshop_form.html", {"form": form, "space": space, "workshop": None}
    )


@login_required
def workshop_edit(request: HttpRequest, pk: int) -> HttpResponse:
    workshop = selectors.workshop_get_for_manager(pk=pk, user=request.user)  # type: ignore[arg-type]
    form = wforms.WorkshopForm(
        request.POST or None, request.FILES or None, instance=workshop, space=workshop.space
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.workshop_update(
                workshop_id=workshop.pk,
                actor=request.user,  # type: ignore[arg-type]
                data=_workshop_data(form),
                hosts=form.cleaned_data["hosts"],
            )
        except ServiceError as exc:
            _add_error(form, exc)
        else:
            messages.success(request, _("The workshop is saved."))
            return redirect(workshop.get_absolute_url())
    return render(
        request,
        "workshops/workshop_form.html",
        {"form": form, "space": workshop.space, "workshop": workshop},
    )


@login_required
def session_create(request: HttpRequest, pk: int) -> HttpResponse:
    workshop = selectors.workshop_get_for_manager(pk=pk, user=request.user)  # type: ignore[arg-type]
    form = wforms.SessionSeriesForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            created = services.session_create_series(
                workshop_id=workshop.pk,
                actor=request.user,  # type: ignore[arg-type]
                **form.cleaned_data,
            )
        except ServiceError as exc:
            _add_error(form, exc)
        else:
            messages.success(request, _("%(count)s sessions created.") % {"count": len(created)})
            return redirect(workshop.get_absolute_url())
    return render(
        request,
        "workshops/session_form.html",
        {"form": form, "workshop": workshop, "session": None},
    )


@login_required
def session_edit(request: HttpRequest, pk: int) -> HttpResponse:
    session = selectors.session_get_for_manager(pk=pk, user=request.user)  # type: ignore[arg-type]
    workshop = session.workshop
    form = wforms.SessionForm(request.POST or None, initial=wforms.SessionForm.initial_for(session))
    if request.method == "POST" and form.is_valid():
        start, end, deadline = form.times(workshop.space)
        try:
            services.session_update(
                session_id=session.pk,
                actor=request.user,  # type: ignore[arg-type]
                start=start,
                end=end,
                room=form.cleaned_data["room"],
                capacity=form.cleaned_data["capacity"],
                signup_deadline=deadline,
            )
        except ServiceError as exc:
            _add_error(form, exc)
        else:
            messages.success(request, _("The session is saved."))
            return redirect("workshop-session-attendees", pk=session.pk)
    return render(
        request,
        "workshops/session_form.html",
        {"form": form, "workshop": workshop, "session": session},
    )


@login_required
def session_cancel(request: HttpRequest, pk: int) -> HttpResponse:
    session = selectors.session_get_for_manager(pk=pk, user=request.user)  # type: ignore[arg-type]
    form = wforms.SessionCancelForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.session_cancel(
                session_id=session.pk,
                actor=request.user,  # type: ignore[arg-type]
                reason=form.cleaned_data["reason"],
            )
        except ServiceError as exc:
            _add_error(form, exc)
        else:
            messages.success(
                request, _("The session is cancelled. Everybody signed up gets an e-mail.")
            )
            return redirect(session.workshop.get_absolute_url())
    count = Signup.objects.filter(session=session, status__in=Signup.ACTIVE_STATUSES).count()
    return render(
        request,
        "workshops/session_cancel.html",
        {"form": form, "session": session, "workshop": session.workshop, "count": count},
    )


@login_required
def session_attendees(request: HttpRequest, pk: int) -> HttpResponse:
    session = selectors.session_get_for_manager(pk=pk, user=request.user)  # type: ignore[arg-type]
    walk_in = wforms.WalkInForm(request.POST or None, prefix="walkin")
    if request.method == "POST" and walk_in.is_valid():
        try:
            signup = services.signup_add_by_host(
                session_id=session.pk,
                actor=request.user,  # type: ignore[arg-type]
                name=walk_in.cleaned_data["name"],
                contact=walk_in.cleaned_data["contact"],
            )
        except ServiceError as exc:
            _add_error(walk_in, exc)
        else:
            messages.success(
                request,
                _("%(name)s was added (%(status)s).")
                % {"name": signup.person_name, "status": signup.get_status_display()},
            )
            return redirect("workshop-session-attendees", pk=session.pk)
    attendees = list(selectors.session_attendees(session=session))
    for signup in attendees:
        signup.position = selectors.signup_position(signup)  # type: ignore[attr-defined]
    return render(
        request,
        "workshops/session_attendees.html",
        {
            "session": session,
            "workshop": session.workshop,
            "attendees": attendees,
            "walk_in": walk_in,
            "seats_left": selectors.seats_left(session),
        },
    )


def _attendance_rows(session: Session, query: str) -> list[Signup]:
    rows = [
        s
        for s in selectors.session_attendees(session=session)
        if s.status == Signup.Status.CONFIRMED
    ]
    if query:
        needle = query.casefold()
        rows = [s for s in rows if needle in s.person_name.casefold()]
    return sorted(rows, key=lambda s: s.person_name.casefold())


@login_required
def session_attendance(request: HttpRequest, pk: int) -> HttpResponse:
    """The host's phone page: search by name, tap present/absent/excused, type or scan a code."""
    session = selectors.session_get_for_manager(pk=pk, user=request.user)  # type: ignore[arg-type]
    query = request.GET.get("q", "").strip()
    code_form = wforms.CodeForm(request.POST or None)
    if request.method == "POST" and code_form.is_valid():
        try:
            signup = services.attendance_mark_by_code(
                session_id=session.pk,
                actor=request.user,  # type: ignore[arg-type]
                code=code_form.cleaned_data["code"],
            )
        except ServiceError as exc:
            _add_error(code_form, exc)
        else:
            messages.success(request, _("%(name)s is present.") % {"name": signup.person_name})
            return redirect("workshop-session-attendance", pk=session.pk)
    rows = _attendance_rows(session, query)
    context = {
        "session": session,
        "workshop": session.workshop,
        "rows": rows,
        "query": query,
        "code_form": code_form,
        "choices": Signup.Attendance.choices,
    }
    if request.htmx and request.GET.get("partial"):  # type: ignore[attr-defined]
        return render(request, "workshops/partials/attendance_list.html", context)
    return render(request, "workshops/session_attendance.html", context)


@login_required
@require_POST
def signup_attendance(request: HttpRequest, pk: int) -> HttpResponse:
    signup = selectors.signup_get_for_manager(pk=pk, user=request.user)  # type: ignore[arg-type]
    error = ""
    try:
        signup = services.attendance_mark(
            signup_id=signup.pk,
            actor=request.user,  # type: ignore[arg-type]
            status=request.POST.get("status", ""),
        )
    except ServiceError as exc:
        error = exc.message
    if request.htmx:  # type: ignore[attr-defined]
        return render(
            request,
            "workshops/partials/attendance_row.html",
            {
                "signup": signup,
                "choices": Signup.Attendance.choices,
                "error": error,
                "single_row": True,
            },
        )
    if error:
        messages.error(request, error)
    else:
        messages.success(
            request,
            _("%(name)s: %(status)s")
            % {
                "name": signup.person_name,
                "status": signup.get_attendance_display() or _("not marked"),
            },
        )
    return redirect("workshop-session-attendance", pk=signup.session_id)


CSV_COLUMNS = ("name", "contact", "status", "position", "attendance", "ticket", "needs")


@login_required
def session_csv(request: HttpRequest, pk: int) -> HttpResponse:
    """The list as CSV for LibreOffice and Excel: UTF-8 with BOM and ";" (German Excel)."""
    session = selectors.session_get_for_manager(pk=pk, user=request.user)  # type: ignore[arg-type]
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", quoting=csv.QUOTE_MINIMAL, lineterminator="\r\n")
    writer.writerow(
        [
            _("Name"),
            _("Contact"),
            _("Status"),
            _("Place on waiting list"),
            _("Attendance"),
            _("Ticket code"),
            _("Shared needs"),
        ]
    )
    for signup in selectors.session_attendees(session=session):
        needs = "; ".join([*signup.needs_options, signup.needs_text]).strip("; ")
        writer.writerow(
            [
                signup.person_name,
                signup.contact,
                signup.get_status_display(),
                selectors.signup_position(signup) or "",
                signup.get_attendance_display(),
                signup.ticket_code,
                needs,
            ]
        )
    local = timezone.localtime(session.start, session.workshop.space.zone)
    name = f"{slugify(session.workshop.title)[:40]}-{local:%Y-%m-%d}.csv"
    response = HttpResponse(
        ("\ufeff" + buffer.getvalue()).encode("utf-8"), content_type="text/csv; charset=utf-8"
    )
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@login_required
def session_message(request: HttpRequest, pk: int) -> HttpResponse:
    session = selectors.session_get_for_manager(pk=pk, user=request.user)  # type: ignore[arg-type]
    form = wforms.MessageForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            count = services.session_message_send(
                session_id=session.pk,
                actor=request.user,  # type: ignore[arg-type]
                **form.cleaned_data,
            )
        except ServiceError as exc:
            _add_error(form, exc)
        else:
            messages.success(request, _("Message sent to %(count)s people.") % {"count": count})
            return redirect("workshop-session-attendees", pk=session.pk)
    return render(
        request,
        "workshops/session_message.html",
        {"form": form, "session": session, "workshop": session.workshop},
    )


@login_required
def workshop_stats(request: HttpRequest, pk: int) -> HttpResponse:
    workshop = selectors.workshop_get_for_manager(pk=pk, user=request.user)  # type: ignore[arg-type]
    return render(
        request,
        "workshops/workshop_stats.html",
        {"workshop": workshop, "stats": selectors.workshop_stats(workshop=workshop)},
    )


@login_required
def space_stats(request: HttpRequest, slug: str) -> HttpResponse:
    space: Space = space_get(slug=slug)
    if not user_has_role(user=request.user, space=space, role=Role.STAFF):  # type: ignore[arg-type]
        raise Http404
    return render(
        request,
        "workshops/space_stats.html",
        {"space": space, "stats": selectors.space_stats(space=space)},
    )
