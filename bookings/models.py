from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from ops.uploads import random_upload_to
from spaces.models import Space


class Qualification(models.Model):
    """Something a person must have shown before using a machine, e.g. a safety induction."""

    space = models.ForeignKey(Space, on_delete=models.CASCADE, related_name="qualifications")
    name = models.CharField(_("name"), max_length=120)
    description = models.TextField(_("description"), blank=True)
    valid_for_days = models.PositiveIntegerField(
        _("valid for (days)"),
        null=True,
        blank=True,
        help_text=_("Leave empty if it never expires."),
    )

    class Meta:
        verbose_name = _("qualification")
        verbose_name_plural = _("qualifications")
        ordering = ["space", "name"]
        constraints = [
            models.UniqueConstraint(fields=["space", "name"], name="qualification_unique_name"),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.space})"


class QualificationGrant(models.Model):
    """A person holds a qualification, granted by someone at a time; revoking keeps the row."""

    qualification = models.ForeignKey(
        Qualification, on_delete=models.CASCADE, related_name="grants"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="qualification_grants"
    )
    granted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    granted_at = models.DateTimeField(_("granted at"))
    expires_at = models.DateTimeField(_("expires at"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    note = models.CharField(_("note"), max_length=200, blank=True)
    # Where the grant came from, e.g. "workshops.Signup:42", so that undoing it is precise.
    source = models.CharField(_("source"), max_length=80, blank=True)

    class Meta:
        verbose_name = _("qualification held")
        verbose_name_plural = _("qualifications held")
        ordering = ["-granted_at"]
        indexes = [models.Index(fields=["user", "qualification"])]

    def __str__(self) -> str:
        return f"{self.user} – {self.qualification.name}"


class Machine(models.Model):
    class Kind(models.TextChoices):
        FDM_PRINTER = "fdm", _("FDM 3D printer")
        RESIN_PRINTER = "resin", _("Resin 3D printer")
        LASER_CUTTER = "laser", _("Laser cutter")
        CNC = "cnc", _("CNC router / mill")
        OTHER = "other", _("Other workshop tool")

    class Status(models.TextChoices):
        AVAILABLE = "available", _("Available")
        MAINTENANCE = "maintenance", _("In maintenance")
        OUT_OF_ORDER = "out_of_order", _("Out of order")

    space = models.ForeignKey(Space, on_delete=models.CASCADE, related_name="machines")
    name = models.CharField(_("name"), max_length=120)
    slug = models.SlugField(_("short name in addresses"), max_length=80)
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    make_model = models.CharField(_("make and model"), max_length=120, blank=True)
    description = models.TextField(_("description"), blank=True)
    photo = models.ImageField(_("photo"), upload_to=random_upload_to("machines"), blank=True)
    photo_alt = models.CharField(
        _("photo description (alt text)"),
        max_length=250,
        blank=True,
        help_text=_("Describe the photo for people who cannot see it."),
    )
    work_x_mm = models.PositiveIntegerField(_("work area x (mm)"), null=True, blank=True)
    work_y_mm = models.PositiveIntegerField(_("work area y (mm)"), null=True, blank=True)
    work_z_mm = models.PositiveIntegerField(
        _("work area z (mm)"),
        null=True,
        blank=True,
        help_text=_("For printers the build height; for laser cutters and CNC the depth."),
    )
    materials = models.CharField(
        _("materials allowed"),
        max_length=250,
        blank=True,
        help_text=_("Comma-separated, e.g. PLA, PETG, TPU."),
    )
    status = models.CharField(
        _("status"), max_length=15, choices=Status.choices, default=Status.AVAILABLE
    )
    price_member_per_hour = models.DecimalField(
        _("price per hour for members (EUR)"),
        max_digits=7,
        decimal_places=2,
        default=Decimal("0.00"),
        validators=[MinValueValidator(Decimal("0"))],
    )
    price_guest_per_hour = models.DecimalField(
        _("price per hour for guests (EUR)"),
        max_digits=7,
        decimal_places=2,
        default=Decimal("0.00"),
        validators=[MinValueValidator(Decimal("0"))],
    )
    required_qualification = models.ForeignKey(
        Qualification,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="machines",
        verbose_name=_("required qualification"),
    )
    # Booking rules.
    slot_minutes = models.PositiveSmallIntegerField(_("slot length (minutes)"), default=30)
    min_duration_minutes = models.PositiveSmallIntegerField(
        _("shortest booking (minutes)"), default=30
    )
    max_duration_minutes = models.PositiveSmallIntegerField(
        _("longest booking (minutes)"), default=240
    )
    buffer_minutes = models.PositiveSmallIntegerField(
        _("buffer after each booking (minutes)"),
        default=0,
        help_text=_("Time for cooling or cleaning before the next booking may start."),
    )
    max_days_ahead = models.PositiveSmallIntegerField(_("bookable days ahead"), default=28)
    max_hours_per_week = models.PositiveSmallIntegerField(
        _("maximum hours per person and week"), default=10
    )
    cancellation_hours = models.PositiveSmallIntegerField(
        _("cancellation possible until (hours before)"), default=2
    )

    class Meta:
        verbose_name = _("machine")
        verbose_name_plural = _("machines")
        ordering = ["space", "name"]
        constraints = [
            models.UniqueConstraint(fields=["space", "slug"], name="machine_unique_slug"),
            models.CheckConstraint(condition=Q(slot_minutes__gt=0), name="machine_slot_positive"),
            models.CheckConstraint(
                condition=Q(max_duration_minutes__gte=models.F("min_duration_minutes")),
                name="machine_max_not_below_min",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.space})"

    def get_absolute_url(self) -> str:
        return reverse("machine-detail", kwargs={"pk": self.pk})

    @property
    def work_area_mm(self) -> tuple[int, int, int] | None:
        if self.work_x_mm and self.work_y_mm and self.work_z_mm:
            return (self.work_x_mm, self.work_y_mm, self.work_z_mm)
        return None

    @property
    def is_printer(self) -> bool:
        return self.kind in (self.Kind.FDM_PRINTER, self.Kind.RESIN_PRINTER)


# Booking-rule defaults per kind, applied by services when a machine is created.
KIND_DEFAULTS: dict[str, dict[str, int]] = {
    Machine.Kind.FDM_PRINTER: {
        "slot_minutes": 30,
        "min_duration_minutes": 30,
        "max_duration_minutes": 12 * 60,
        "buffer_minutes": 15,
        "max_hours_per_week": 24,
    },
    Machine.Kind.RESIN_PRINTER: {
        "slot_minutes": 30,
        "min_duration_minutes": 60,
        "max_duration_minutes": 8 * 60,
        "buffer_minutes": 30,
        "max_hours_per_week": 16,
    },
    Machine.Kind.LASER_CUTTER: {
        "slot_minutes": 15,
        "min_duration_minutes": 15,
        "max_duration_minutes": 120,
        "buffer_minutes": 15,
        "max_hours_per_week": 6,
    },
    Machine.Kind.CNC: {
        "slot_minutes": 30,
        "min_duration_minutes": 30,
        "max_duration_minutes": 240,
        "buffer_minutes": 30,
        "max_hours_per_week": 8,
    },
    Machine.Kind.OTHER: {
        "slot_minutes": 30,
        "min_duration_minutes": 30,
        "max_duration_minutes": 180,
        "buffer_minutes": 0,
        "max_hours_per_week": 10,
    },
}


class Booking(models.Model):
    """A machine reserved for a time. Maintenance blocks and watch holds are bookings too, so
    one rule (no two active rows of a machine overlap in [start, blocked_until)) covers all.

    ``blocked_until`` is ``end`` plus the machine's buffer at the time of booking; the
    PostgreSQL exclusion constraint ``booking_no_overlap`` (migration 0003) works on it."""

    class Kind(models.TextChoices):
        BOOKING = "booking", _("Booking")
        MAINTENANCE = "maintenance", _("Maintenance block")

    class Status(models.TextChoices):
        CONFIRMED = "confirmed", _("Confirmed")
        HELD = "held", _("Held for you")
        CHECKED_IN = "checked_in", _("Checked in")
        NO_SHOW = "no_show", _("No-show")
        CANCELLED = "cancelled", _("Cancelled")
        EXPIRED = "expired", _("Hold expired")

    machine = models.ForeignKey(Machine, on_delete=models.CASCADE, related_name="bookings")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="bookings",
        verbose_name=_("booked for"),
    )
    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices, default=Kind.BOOKING)
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.CONFIRMED
    )
    start = models.DateTimeField(_("start"))
    end = models.DateTimeField(_("end"))
    blocked_until = models.DateTimeField(_("blocked until (end plus buffer)"))
    note = models.CharField(_("note"), max_length=500, blank=True)
    share_needs = models.BooleanField(
        _("share my access needs with the staff for this booking"), default=False
    )
    extra_time = models.BooleanField(_("extra time requested"), default=False)
    outside_hours = models.BooleanField(_("outside opening hours (staff)"), default=False)
    price = models.DecimalField(
        _("price estimate (EUR)"), max_digits=8, decimal_places=2, default=Decimal("0.00")
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    cancelled_at = models.DateTimeField(_("cancelled at"), null=True, blank=True)
    cancelled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    cancel_reason = models.CharField(_("reason for cancelling"), max_length=250, blank=True)
    attendance_marked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    reminder_sent_at = models.DateTimeField(_("reminder sent at"), null=True, blank=True)
    hold_expires_at = models.DateTimeField(_("hold expires at"), null=True, blank=True)
    hold_token = models.CharField(max_length=64, blank=True)
    hold_extended = models.BooleanField(_("hold extended once"), default=False)
    watch = models.ForeignKey(
        "Watch", on_delete=models.SET_NULL, null=True, blank=True, related_name="holds"
    )

    ACTIVE = (Status.CONFIRMED, Status.HELD, Status.CHECKED_IN, Status.NO_SHOW)

    class Meta:
        verbose_name = _("booking")
        verbose_name_plural = _("bookings")
        ordering = ["start"]
        indexes = [
            models.Index(fields=["machine", "start"]),
            models.Index(fields=["user", "start"]),
            models.Index(fields=["status", "start"]),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(end__gt=models.F("start")), name="booking_end_after_start"
            ),
            models.CheckConstraint(
                condition=Q(blocked_until__gte=models.F("end")),
                name="booking_blocked_not_before_end",
            ),
        ]

    def __str__(self) -> str:
        local = self.start.astimezone(self.machine.space.zone)
        return f"{self.machine.name} {local:%Y-%m-%d %H:%M}"

    @property
    def is_active(self) -> bool:
        return self.status in self.ACTIVE

    @property
    def duration_minutes(self) -> int:
        return int((self.end - self.start).total_seconds() // 60)


class Watch(models.Model):
    """Someone waiting for a time range of a machine to free up. The first in line (oldest)
    gets a 30-minute hold when it does."""

    class Status(models.TextChoices):
        WAITING = "waiting", _("Waiting")
        OFFERED = "offered", _("Offered to you")
        FULFILLED = "fulfilled", _("Booked")
        MISSED = "missed", _("Offer expired")
        CANCELLED = "cancelled", _("Cancelled")

    machine = models.ForeignKey(Machine, on_delete=models.CASCADE, related_name="watches")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="machine_watches"
    )
    start = models.DateTimeField(_("from"))
    end = models.DateTimeField(_("until"))
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.WAITING
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("watch")
        verbose_name_plural = _("watches")
        ordering = ["created_at", "pk"]
        indexes = [models.Index(fields=["machine", "status", "start"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(end__gt=models.F("start")), name="watch_end_after_start"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user} – {self.machine.name} {self.start:%Y-%m-%d %H:%M}"


class CalendarFeed(models.Model):
    """The secret address of a person's booking calendar. Revoking replaces the token."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="booking_feed"
    )
    token = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("calendar feed")
        verbose_name_plural = _("calendar feeds")

    def __str__(self) -> str:
        return str(self.user)
