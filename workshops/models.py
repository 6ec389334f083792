"""Workshops, their sessions and the people signed up for them.

Seats are never counted in a column: a session's free seats are its capacity minus the rows
holding a seat (confirmed or offered), counted under a row lock on the session."""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from accessibility.models import EasyReadReviewed
from ops.uploads import random_upload_to
from spaces.models import Space


class Workshop(EasyReadReviewed):
    class Category(models.TextChoices):
        UPCYCLING = "upcycling", _("Upcycling and woodwork")
        BIOLAB = "biolab", _("Bio lab")
        PRINTING_3D = "3d-printing", _("3D printing")
        LASER_CNC = "laser-cnc", _("Laser cutting and CNC")
        ELECTRONICS = "electronics", _("Electronics")
        ASSISTIVE = "assistive", _("Assistive aids and co-design")
        INDUCTION = "induction", _("Machine induction")
        OTHER = "other", _("Other")

    class Language(models.TextChoices):
        GERMAN = "de", _("German")
        ENGLISH = "en", _("English")
        BOTH = "de-en", _("German and English")
        EASY = "de-easy", _("Easy-to-read German")

    space = models.ForeignKey(Space, on_delete=models.CASCADE, related_name="workshops")
    hosts = models.ManyToManyField(
        settings.AUTH_USER_MODEL, related_name="hosted_workshops", verbose_name=_("hosts")
    )
    title = models.CharField(_("title"), max_length=160)
    description = models.TextField(_("description"))
    easy_summary = models.TextField(
        _("summary in easy-to-read language"),
        blank=True,
        help_text=_("Short sentences, everyday words, one idea per sentence."),
    )
    category = models.CharField(
        _("category"), max_length=20, choices=Category.choices, default=Category.OTHER
    )
    language = models.CharField(
        _("language"), max_length=10, choices=Language.choices, default=Language.GERMAN
    )
    price = models.DecimalField(
        _("price (EUR)"),
        max_digits=7,
        decimal_places=2,
        default=Decimal("0.00"),
        validators=[MinValueValidator(Decimal("0"))],
        help_text=_("0 for a free workshop."),
    )
    photo = models.ImageField(_("photo"), upload_to=random_upload_to("workshops"), blank=True)
    photo_alt = models.CharField(
        _("photo description (alt text)"),
        max_length=250,
        blank=True,
        help_text=_("Describe the photo for people who cannot see it."),
    )
    # Accessibility information: the ticked options can be filtered on, the notes explain.
    step_free = models.BooleanField(_("room is step-free"), default=False)
    sign_language = models.BooleanField(_("sign-language interpretation on request"), default=False)
    large_print = models.BooleanField(_("materials in large print"), default=False)
    quiet_breaks = models.BooleanField(_("quiet breaks"), default=False)
    accessibility_notes = models.TextField(
        _("more about accessibility"),
        blank=True,
        help_text=_("e.g. toilets, seating, noise, how to ask for support."),
    )
    grants_qualification = models.ForeignKey(
        "bookings.Qualification",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="granting_workshops",
        verbose_name=_("induction for"),
        help_text=_(
            "Everyone marked present at all sessions of this workshop receives this qualification."
        ),
    )
    requires_qualification = models.ForeignKey(
        "bookings.Qualification",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="requiring_workshops",
        verbose_name=_("required qualification"),
        help_text=_("Only people who hold this qualification may sign up."),
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("workshop")
        verbose_name_plural = _("workshops")
        ordering = ["title"]
        constraints = [
            models.CheckConstraint(condition=Q(price__gte=0), name="workshop_price_not_negative"),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("workshop-detail", kwargs={"pk": self.pk})

    @property
    def is_induction(self) -> bool:
        return self.grants_qualification_id is not None

    @property
    def is_free(self) -> bool:
        return self.price == 0


class Session(models.Model):
    """One date of a workshop. Times are stored in UTC and shown in the space's zone."""

    workshop = models.ForeignKey(Workshop, on_delete=models.CASCADE, related_name="sessions")
    start = models.DateTimeField(_("start"))
    end = models.DateTimeField(_("end"))
    room = models.CharField(_("room"), max_length=120, blank=True)
    capacity = models.PositiveIntegerField(_("seats"), validators=[MinValueValidator(1)])
    signup_deadline = models.DateTimeField(_("sign-up deadline"))
    cancelled_at = models.DateTimeField(_("cancelled at"), null=True, blank=True)
    cancel_reason = models.CharField(_("reason for cancelling"), max_length=300, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("session")
        verbose_name_plural = _("sessions")
        ordering = ["start", "pk"]
        constraints = [
            models.CheckConstraint(condition=Q(end__gt=F("start")), name="session_end_after_start"),
            models.CheckConstraint(condition=Q(capacity__gte=1), name="session_capacity_positive"),
            models.CheckConstraint(
                condition=Q(signup_deadline__lte=F("end")), name="session_deadline_before_end"
            ),
        ]
        indexes = [models.Index(fields=["start"])]

    def __str__(self) -> str:
        return f"{self.workshop} – {self.start:%Y-%m-%d %H:%M}"

    @property
    def is_cancelled(self) -> bool:
        return self.cancelled_at is not None


class Signup(models.Model):
    """A person's place in a session: a seat, a place in the queue, or an offer of a seat."""

    class Status(models.TextChoices):
        CONFIRMED = "confirmed", _("Confirmed")
        WAITLISTED = "waitlisted", _("On the waiting list")
        OFFERED = "offered", _("Seat offered")
        CANCELLED = "cancelled", _("Cancelled")

    class Attendance(models.TextChoices):
        PRESENT = "present", _("Present")
        ABSENT = "absent", _("Absent")
        EXCUSED = "excused", _("Excused")

    class CancelReason(models.TextChoices):
        ATTENDEE = "attendee", _("Cancelled by the attendee")
        HOST = "host", _("Removed by a host")
        OFFER_EXPIRED = "offer_expired", _("Offer not accepted in time")

    # Statuses that hold a seat: an offered seat stays reserved until the offer expires.
    SEAT_STATUSES = (Status.CONFIRMED, Status.OFFERED)
    ACTIVE_STATUSES = (Status.CONFIRMED, Status.OFFERED, Status.WAITLISTED)

    session = models.ForeignKey(Session, on_delete=models.CASCADE, related_name="signups")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="workshop_signups",
    )
    # Walk-ins and phone sign-ups without an account.
    guest_name = models.CharField(_("name"), max_length=120, blank=True)
    guest_contact = models.CharField(_("contact (e-mail or phone)"), max_length=160, blank=True)
    status = models.CharField(_("status"), max_length=12, choices=Status.choices)
    ticket_code = models.CharField(_("ticket code"), max_length=12, unique=True)
    attendance = models.CharField(
        _("attendance"), max_length=10, choices=Attendance.choices, blank=True
    )
    attendance_marked_at = models.DateTimeField(null=True, blank=True)
    attendance_marked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    # Needs shared for this sign-up only, with the person's consent; seen by the hosts.
    needs_consent = models.BooleanField(
        _("I agree to share these needs with the hosts"), default=False
    )
    needs_text = models.TextField(_("needs for this workshop"), blank=True)
    needs_options = models.JSONField(_("needs from my profile"), default=list, blank=True)
    offer_expires_at = models.DateTimeField(null=True, blank=True)
    reminder_sent_at = models.DateTimeField(null=True, blank=True)
    cancelled_at = models.DateTimeField(null=True, blank=True)
    cancel_reason = models.CharField(max_length=20, choices=CancelReason.choices, blank=True)
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        help_text=_("The host who added this person, if a host did."),
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("sign-up")
        verbose_name_plural = _("sign-ups")
        ordering = ["session", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["session", "user"],
                condition=Q(user__isnull=False) & ~Q(status="cancelled"),
                name="signup_one_active_per_person",
            ),
            models.CheckConstraint(
                condition=Q(user__isnull=False) | ~Q(guest_name=""),
                name="signup_person_or_guest_name",
            ),
            models.CheckConstraint(
                condition=Q(status__in=["confirmed", "waitlisted", "offered", "cancelled"]),
                name="signup_status_valid",
            ),
            models.CheckConstraint(
                condition=~Q(status="offered") | Q(offer_expires_at__isnull=False),
                name="signup_offer_has_expiry",
            ),
            models.CheckConstraint(
                condition=Q(needs_consent=True) | Q(needs_text=""),
                name="signup_needs_only_with_consent",
            ),
        ]
        indexes = [models.Index(fields=["session", "status"])]

    def __str__(self) -> str:
        return f"{self.person_name} – {self.session}"

    @property
    def person_name(self) -> str:
        return self.user.public_name if self.user_id and self.user else self.guest_name

    @property
    def contact(self) -> str:
        return self.user.email if self.user_id and self.user else self.guest_contact

    @property
    def is_active(self) -> bool:
        return self.status in self.ACTIVE_STATUSES
