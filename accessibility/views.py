from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accessibility import a11yjson, selectors, services
from accessibility.forms import (
    CommentForm,
    DisplaySettingsForm,
    FeedbackForm,
    HideForm,
    MeetingForm,
    NeedForm,
    NeedsProfileForm,
    PrototypeFeedbackForm,
    PrototypeForm,
    SpaceFilterForm,
    StatusForm,
    SupportPersonForm,
)
from accessibility.models import BarrierNeed, NeedComment, Prototype
from makerhub.errors import NotFound, ServiceError

COOKIE_AGE = 365 * 24 * 3600


def _next_url(request: HttpRequest, default: str = "/") -> str:
    next_url = request.POST.get("next") or request.GET.get("next") or default
    if not url_has_allowed_host_and_scheme(
        next_url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return default
    return next_url


def _set_cookie(request: HttpRequest, response: HttpResponse, name: str, value: str) -> None:
    response.set_cookie(name, value, max_age=COOKIE_AGE, samesite="Lax", secure=request.is_secure())


def _add_error(form: Any, error: ServiceError) -> None:
    field = error.field if error.field in form.fields else None
    form.add_error(field, error.message)


# --- statement and feedback -----------------------------------------------------------------


def statement(request: HttpRequest) -> HttpResponse:
    initial = {"page_url": request.GET.get("page", "")}
    if request.user.is_authenticated:
        initial.update(name=request.user.public_name, email=request.user.email)  # type: ignore[union-attr]
    form = FeedbackForm(request.POST or None, initial=initial)
    if request.method == "POST" and (limited := _feedback_rate_limited(request)):
        return limited
    if request.method == "POST" and form.is_valid():
        try:
            services.feedback_submit(user=request.user, **form.cleaned_data)  # type: ignore[arg-type]
        except ServiceError as error:
            _add_error(form, error)
        else:
            messages.success(
                request, _("Thank you. Your message has reached our team; we will take care.")
            )
            return redirect("accessibility-statement")
    return render(request, "accessibility/statement.html", {"form": form})


FEEDBACK_RATE = "10/h"


def _feedback_rate_limited(request: HttpRequest) -> HttpResponse | None:
    """The feedback form needs no account and mails the staff: at most 10 messages an hour
    per visitor, so that nobody can flood the teams' inboxes."""
    from django.conf import settings

    from ops.net import requester_key
    from ops.ratelimit import rate_hit, rate_parse, too_many_requests

    if not settings.MAKERHUB_RATE_LIMITS_ENABLED:
        return None
    key = requester_key(request)
    retry_after = rate_hit(scope="a11y-feedback", key=key, rate=rate_parse(FEEDBACK_RATE))
    return too_many_requests(request, retry_after) if retry_after else None


# --- display settings and easy read ---------------------------------------------------------


def display_settings(request: HttpRequest) -> HttpResponse:
    current = selectors.display_settings(request)
    form = DisplaySettingsForm(request.POST or None, initial=current)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        if request.user.is_authenticated:
            services.display_settings_set(
                user=request.user,  # type: ignore[arg-type]
                high_contrast=data["high_contrast"],
                text_size=data["text_size"],
            )
            services.easy_read_set(user=request.user, enabled=data["easy_read"])  # type: ignore[arg-type]
        messages.success(request, _("Your display settings have been saved."))
        response = HttpResponseRedirect(_next_url(request, request.path))
        _set_cookie(
            request, response, selectors.CONTRAST_COOKIE, "1" if data["high_contrast"] else "0"
        )
        _set_cookie(request, response, selectors.TEXT_SIZE_COOKIE, data["text_size"])
        _set_cookie(
            request, response, selectors.EASY_READ_COOKIE, "1" if data["easy_read"] else "0"
        )
        return response
    return render(
        request,
        "accessibility/display_settings.html",
        {"form": form, "next": _next_url(request, "")},
    )


@require_POST
def easy_read_toggle(request: HttpRequest) -> HttpResponse:
    """Switch easy-to-read language on or off (``enabled=1``/``0``; without it: flip)."""
    value = request.POST.get("enabled")
    enabled = (not selectors.easy_read_enabled(request)) if value is None else value == "1"
    if request.user.is_authenticated:
        services.easy_read_set(user=request.user, enabled=enabled)  # type: ignore[arg-type]
    response = HttpResponseRedirect(_next_url(request))
    _set_cookie(request, response, selectors.EASY_READ_COOKIE, "1" if enabled else "0")
    return response


def help_page(request: HttpRequest) -> HttpResponse:
    """How to book, how to sign up for a workshop, how to cancel: in plain and easy German."""
    return render(request, "accessibility/help.html")


# --- places ---------------------------------------------------------------------------------


def places(request: HttpRequest) -> HttpResponse:
    form = SpaceFilterForm(request.GET or None)
    features: list[str] = []
    adaptations: list[str] = []
    if form.is_valid():
        features = form.cleaned_data["features"]
        adaptations = form.cleaned_data["adaptations"]
    spaces = selectors.spaces_with_features(features=features)
    rows = []
    for space in spaces:
        document = space.place_profile.document if hasattr(space, "place_profile") else None
        rows.append(
            {
                "space": space,
                "known": bool(document),
                "features": [
                    label
                    for name, label in a11yjson.feature_labels().items()
                    if document is not None and a11yjson.FEATURES[name](document)
                ],
            }
        )
    machines = selectors.machines_with_adaptations(features=adaptations) if adaptations else None
    return render(
        request,
        "accessibility/places.html",
        {"form": form, "rows": rows, "machines": machines, "filtered": bool(features)},
    )


# --- personal needs profile -----------------------------------------------------------------


@login_required
def needs_profile(request: HttpRequest) -> HttpResponse:
    user = request.user
    profile = selectors.needs_profile_for_owner(user=user)  # type: ignore[arg-type]
    initial: dict[str, Any] = {"consent_version": services.NEEDS_CONSENT_VERSION}
    if profile is not None:
        initial.update(needs=profile.needs, other_needs=profile.other_needs, consent=True)
    form = NeedsProfileForm(
        request.POST if request.POST.get("action") == "save" else None, initial=initial
    )
    support_form = SupportPersonForm(
        request.POST if request.POST.get("action") == "support" else None,
        initial={"consent_version": services.SUPPORT_CONSENT_VERSION},
    )
    if request.method == "POST":
        action = request.POST.get("action")
        if action == "withdraw":
            if services.needs_profile_withdraw(user=user):  # type: ignore[arg-type]
                messages.success(request, _("Your consent is withdrawn. Your needs are deleted."))
            return redirect("needs-profile")
        if action == "save" and form.is_valid():
            try:
                services.needs_profile_save(user=user, **form.cleaned_data)  # type: ignore[arg-type]
            except ServiceError as error:
                _add_error(form, error)
            else:
                messages.success(request, _("Your needs have been saved."))
                return redirect("needs-profile")
        if action == "support" and support_form.is_valid():
            try:
                services.support_person_link(user=user, **support_form.cleaned_data)  # type: ignore[arg-type]
            except ServiceError as error:
                _add_error(support_form, error)
            else:
                messages.success(request, _("Your support person has been added."))
                return redirect("needs-profile")
        if action == "revoke":
            try:
                services.support_person_revoke(
                    user=user,  # type: ignore[arg-type]
                    link_id=int(request.POST.get("link", "0") or 0),
                )
            except (ServiceError, ValueError):
                messages.error(request, _("This support person link does not exist."))
            else:
                messages.success(request, _("The support person can no longer act for you."))
            return redirect("needs-profile")
    return render(
        request,
        "accessibility/needs_profile.html",
        {
            "profile": profile,
            "form": form,
            "support_form": support_form,
            "links": selectors.support_links_for_user(user=user),  # type: ignore[arg-type]
            "supporting": selectors.users_supported_by(supporter=user),  # type: ignore[arg-type]
            "consent_key": f"consent:needs-profile:{services.NEEDS_CONSENT_VERSION}",
            "support_consent_key": f"consent:support-person:{services.SUPPORT_CONSENT_VERSION}",
            "consent_version": services.NEEDS_CONSENT_VERSION,
        },
    )


# --- need board ------------------------------------------------------------------------------


def need_list(request: HttpRequest) -> HttpResponse:
    status = request.GET.get("status", "")
    if status not in BarrierNeed.Status.values:
        status = ""
    needs = selectors.needs_list(
        user=request.user,  # type: ignore[arg-type]
        status=status,
        mine=request.GET.get("mine") == "1",
    )
    return render(
        request,
        "accessibility/need_list.html",
        {
            "needs": needs[:200],
            "status": status,
            "statuses": BarrierNeed.Status.choices,
            "mine": request.GET.get("mine") == "1",
        },
    )


@login_required
def need_create(request: HttpRequest) -> HttpResponse:
    form = NeedForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        photo, alt = data.pop("photo"), data.pop("photo_alt")
        if photo and not alt.strip():
            form.add_error(
                "photo_alt", _("Please describe each photo for people who cannot see it.")
            )
        else:
            try:
                need = services.need_create(
                    requester=request.user,  # type: ignore[arg-type]
                    photos=[(photo, alt)] if photo else [],
                    **data,
                )
            except ServiceError as error:
                _add_error(form, error)
            else:
                messages.success(request, _("Your need is on the board. Thank you!"))
                return redirect(need)
    return render(request, "accessibility/need_form.html", {"form": form})


def _need_or_404(request: HttpRequest, pk: int) -> BarrierNeed:
    try:
        return selectors.need_get_for_user(pk=pk, user=request.user)  # type: ignore[arg-type]
    except NotFound as exc:
        raise Http404 from exc


def need_detail(
    request: HttpRequest, pk: int, forms: dict[str, Any] | None = None, status: int | None = None
) -> HttpResponse:
    need = _need_or_404(request, pk)
    user = request.user
    is_requester = user.is_authenticated and need.requester_id == user.pk
    is_helper = user.is_authenticated and any(h.pk == user.pk for h in need.helpers.all())
    is_staff = services.is_need_staff(user=user, need=need)  # type: ignore[arg-type]
    can_work = is_requester or is_helper or is_staff
    forms = forms or {}
    status_form = forms.get("status") or StatusForm()
    status_form.fields["status"].choices = [  # type: ignore[union-attr,attr-defined]
        (s, BarrierNeed.Status(s).label) for s in services.NEXT_STATUSES[need.status]
    ]
    comments = [c for c in need.comments.all() if c.hidden_at is None or is_staff]
    for comment in comments:
        comment.need = need  # shown names depend on the need; no query per comment
    return render(
        request,
        "accessibility/need_detail.html",
        {
            "need": need,
            "comments": comments,
            "is_requester": is_requester,
            "is_helper": is_helper,
            "is_staff": is_staff,
            "can_work": can_work,
            "comment_form": forms.get("comment") or CommentForm(),
            "status_form": status_form,
            "prototype_form": forms.get("prototype") or PrototypeForm(),
            "feedback_form": forms.get("feedback") or PrototypeFeedbackForm(),
            "feedback_for": forms.get("feedback_for"),
            "hide_form": forms.get("hide") or HideForm(),
            "meeting_form": forms.get("meeting")
            or (_meeting_form(request, need) if can_work else None),
            "meeting_booking": need.meeting_booking if can_work else None,
            "meeting_session": need.meeting_session,
            "space_links": _space_links(need),
            "design": selectors.need_design(need=need),
            "open": need.withdrawn_at is None and need.hidden_at is None,
        },
        status=status or (400 if forms else 200),
    )


def _refused(request: HttpRequest, pk: int, error: ServiceError) -> HttpResponse:
    """A refused action: the need page again with the reason, answered with the error's
    status (403 for a permission, 409 for a conflict), nothing changed."""
    messages.error(request, error.message)
    return need_detail(request, pk, status=error.status_code)


def _run(request: HttpRequest, pk: int, form_name: str, form: Any, action: Any) -> HttpResponse:
    """Validate ``form``, call ``action(data)``, redirect with a message; on error, show the
    need page again with the form's errors and the user's input."""
    status = 400
    if form.is_valid():
        try:
            message = action(form.cleaned_data)
        except ServiceError as error:
            _add_error(form, error)
            status = error.status_code
        else:
            messages.success(request, message)
            return redirect("need-detail", pk=pk)
    return need_detail(request, pk, forms={form_name: form}, status=status)


@login_required
@require_POST
def need_comment(request: HttpRequest, pk: int) -> HttpResponse:
    need = _need_or_404(request, pk)

    def action(data: dict[str, Any]) -> str:
        services.need_comment_add(need=need, author=request.user, **data)  # type: ignore[arg-type]
        return _("Your comment has been added.")

    return _run(request, pk, "comment", CommentForm(request.POST), action)


@login_required
@require_POST
def need_take_on(request: HttpRequest, pk: int) -> HttpResponse:
    need = _need_or_404(request, pk)
    try:
        services.need_take_on(need=need, user=request.user)  # type: ignore[arg-type]
    except ServiceError as error:
        return _refused(request, pk, error)
    messages.success(request, _("You have taken on this need. Thank you!"))
    return redirect("need-detail", pk=pk)


@login_required
@require_POST
def need_status(request: HttpRequest, pk: int) -> HttpResponse:
    need = _need_or_404(request, pk)
    form = StatusForm(request.POST)
    form.fields["status"].choices = BarrierNeed.Status.choices  # type: ignore[attr-defined]

    def action(data: dict[str, Any]) -> str:
        services.need_status_set(need=need, by=request.user, **data)  # type: ignore[arg-type]
        return _("The status has been changed.")

    return _run(request, pk, "status", form, action)


@login_required
@require_POST
def need_prototype(request: HttpRequest, pk: int) -> HttpResponse:
    need = _need_or_404(request, pk)

    def action(data: dict[str, Any]) -> str:
        services.prototype_add(need=need, by=request.user, **data)  # type: ignore[arg-type]
        return _("The prototype has been added.")

    return _run(request, pk, "prototype", PrototypeForm(request.POST, request.FILES), action)


@login_required
@require_POST
def prototype_feedback(request: HttpRequest, pk: int) -> HttpResponse:
    prototype = get_object_or_404(Prototype.objects.select_related("need"), pk=pk)
    need = _need_or_404(request, prototype.need_id)

    def action(data: dict[str, Any]) -> str:
        services.prototype_feedback_add(prototype=prototype, author=request.user, **data)  # type: ignore[arg-type]
        return _("Thank you for your feedback.")

    form = PrototypeFeedbackForm(request.POST)
    response = _run(request, need.pk, "feedback", form, action)
    return response


def _space_links(need: BarrierNeed) -> list[tuple[str, str]]:
    """Where to book or find a workshop at the need's space, for arranging a meeting."""
    from django.urls import NoReverseMatch, reverse

    if need.space is None:
        return []
    links = []
    for name, kwargs, query, label in (
        ("machine-list", {}, f"?space={need.space.slug}", _("Book a machine there")),
        ("space-workshop-list", {"slug": need.space.slug}, "", _("Workshops there")),
    ):
        try:
            links.append((reverse(name, kwargs=kwargs or None) + query, str(label)))
        except NoReverseMatch:
            continue
    return links


def meeting_when(start: Any) -> str:
    """'Sa 28.11. 10:00' in the site's time zone."""
    from django.utils.formats import date_format
    from django.utils.timezone import localtime

    return date_format(localtime(start), "D d.m. H:i")


def _meeting_form(request: HttpRequest, need: BarrierNeed, data: Any = None) -> MeetingForm:
    """The meeting form with the bookings this person may link (their own upcoming ones) and
    upcoming workshop dates (at the need's space, if it has one)."""
    from django.utils import timezone

    from bookings.models import Booking
    from workshops.models import Session

    now = timezone.now()
    owner = request.user if request.user.is_authenticated else None
    bookings = list(
        Booking.objects.filter(
            user=owner,
            kind=Booking.Kind.BOOKING,
            end__gt=now,
            status__in=[Booking.Status.CONFIRMED, Booking.Status.HELD],
        )
        .select_related("machine")
        .order_by("start")[:30]
    )
    if need.meeting_booking is not None and need.meeting_booking not in bookings:
        bookings.insert(0, need.meeting_booking)
    sessions_qs = Session.objects.filter(start__gt=now, cancelled_at__isnull=True)
    if need.space_id is not None:
        sessions_qs = sessions_qs.filter(workshop__space_id=need.space_id)
    sessions = list(sessions_qs.select_related("workshop").order_by("start")[:30])
    if need.meeting_session is not None and need.meeting_session not in sessions:
        sessions.insert(0, need.meeting_session)
    return MeetingForm(
        data,
        initial={
            "note": need.meeting_note,
            "link": need.meeting_link,
            "meeting_booking": need.meeting_booking_id,
            "meeting_session": need.meeting_session_id,
        },
        booking_choices=[(b.pk, f"{b.machine.name}, {meeting_when(b.start)}") for b in bookings],
        session_choices=[(s.pk, f"{s.workshop.title}, {meeting_when(s.start)}") for s in sessions],
    )


@login_required
@require_POST
def need_meeting(request: HttpRequest, pk: int) -> HttpResponse:
    need = _need_or_404(request, pk)

    def action(data: dict[str, Any]) -> str:
        services.need_meeting_set(need=need, by=request.user, **data)  # type: ignore[arg-type]
        return _("The meeting has been saved.")

    return _run(request, pk, "meeting", _meeting_form(request, need, request.POST), action)


@login_required
@require_POST
def need_hide(request: HttpRequest, pk: int) -> HttpResponse:
    need = _need_or_404(request, pk)

    def action(data: dict[str, Any]) -> str:
        services.need_hide(need=need, by=request.user, **data)  # type: ignore[arg-type]
        return _("The need is hidden.")

    return _run(request, pk, "hide", HideForm(request.POST), action)


@login_required
@require_POST
def comment_hide(request: HttpRequest, pk: int) -> HttpResponse:
    comment = get_object_or_404(NeedComment.objects.select_related("need"), pk=pk)
    _need_or_404(request, comment.need_id)
    try:
        services.comment_hide(comment=comment, by=request.user)  # type: ignore[arg-type]
    except ServiceError as error:
        return _refused(request, comment.need_id, error)
    messages.success(request, _("The comment is hidden."))
    return redirect("need-detail", pk=comment.need_id)


@login_required
@require_POST
def need_withdraw(request: HttpRequest, pk: int) -> HttpResponse:
    need = _need_or_404(request, pk)
    try:
        services.need_withdraw(need=need, by=request.user)  # type: ignore[arg-type]
    except ServiceError as error:
        return _refused(request, pk, error)
    messages.success(request, _("Your need has been withdrawn."))
    return redirect("need-list")


@login_required
@require_POST
def need_design(request: HttpRequest, pk: int) -> HttpResponse:
    need = _need_or_404(request, pk)
    try:
        design = services.need_design_create(need=need, by=request.user)  # type: ignore[arg-type]
    except ServiceError as error:
        return _refused(request, pk, error)
    messages.success(
        request, _("A draft design has been created in the library. Please complete it there.")
    )
    url = getattr(design, "get_absolute_url", None)
    return redirect(url()) if url else redirect("need-detail", pk=pk)
