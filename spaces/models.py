from __future__ import annotations

import zoneinfo

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _


def _timezone_choices() -> list[tuple[str, str]]:
    return [(name, name) for name in sorted(zoneinfo.available_timezones())]


class Space(models.Model):
    """A makerspace: a place with opening hours, people and machines."""

    name = models.CharField(_("name"), max_length=120, unique=True)
    slug = models.SlugField(_("short name in addresses"), max_length=60, unique=True)
    short_description = models.CharField(_("short description"), max_length=240)
    description = models.TextField(_("description"), blank=True)
    street = models.CharField(_("street and number"), max_length=120, blank=True)
    postal_code = models.CharField(_("postal code"), max_length=10, blank=True)
    city = models.CharField(_("city"), max_length=80, default="Dortmund")
    directions = models.TextField(
        _("how to find us"),
        blank=True,
        help_text=_("e.g. which entrance, which floor, the nearest stop."),
    )
    contact_email = models.EmailField(_("contact e-mail"), blank=True)
    contact_phone = models.CharField(_("contact phone"), max_length=40, blank=True)
    website = models.URLField(_("website"), blank=True)
    house_rules = models.TextField(_("house rules"), blank=True)
    time_zone = models.CharField(
        _("time zone"), max_length=64, default="Europe/Berlin", choices=_timezone_choices
    )
    run_by = models.ManyToManyField(
        "self",
        verbose_name=_("run jointly by"),
        symmetrical=False,
        blank=True,
        related_name="joint_spaces",
        help_text=_("For a joint space: the spaces that run it together."),
    )
    members = models.ManyToManyField(
        settings.AUTH_USER_MODEL, through="SpaceMembership", related_name="spaces", blank=True
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("space")
        verbose_name_plural = _("spaces")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("space-detail", kwargs={"slug": self.slug})

    @property
    def zone(self) -> zoneinfo.ZoneInfo:
        return zoneinfo.ZoneInfo(self.time_zone)

    @property
    def address(self) -> str:
        parts = [self.street, f"{self.postal_code} {self.city}".strip()]
        return ", ".join(part for part in parts if part)


class Weekday(models.IntegerChoices):
    MONDAY = 0, _("Monday")
    TUESDAY = 1, _("Tuesday")
    WEDNESDAY = 2, _("Wednesday")
    THURSDAY = 3, _("Thursday")
    FRIDAY = 4, _("Friday")
    SATURDAY = 5, _("Saturday")
    SUNDAY = 6, _("Sunday")


class OpeningHours(models.Model):
    """One interval on one weekday, in the space's local time. A day may have several."""

    space = models.ForeignKey(Space, on_delete=models.CASCADE, related_name="opening_hours")
    weekday = models.PositiveSmallIntegerField(_("weekday"), choices=Weekday.choices)
    opens = models.TimeField(_("opens"))
    closes = models.TimeField(_("closes"))

    class Meta:
        verbose_name = _("opening hours")
        verbose_name_plural = _("opening hours")
        ordering = ["space", "weekday", "opens"]
        constraints = [
            models.CheckConstraint(
                condition=Q(closes__gt=F("opens")), name="opening_hours_closes_after_opens"
            ),
            models.CheckConstraint(
                condition=Q(weekday__gte=0, weekday__lte=6), name="opening_hours_weekday_range"
            ),
            models.UniqueConstraint(
                fields=["space", "weekday", "opens"], name="opening_hours_unique_start"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_weekday_display()} {self.opens:%H:%M}–{self.closes:%H:%M}"


class Closure(models.Model):
    """Days on which the space is closed although its opening hours say otherwise."""

    space = models.ForeignKey(Space, on_delete=models.CASCADE, related_name="closures")
    start_date = models.DateField(_("first day"))
    end_date = models.DateField(_("last day"))
    reason = models.CharField(_("reason"), max_length=160, blank=True)

    class Meta:
        verbose_name = _("closure")
        verbose_name_plural = _("closures")
        ordering = ["space", "start_date"]
        constraints = [
            models.CheckConstraint(
                condition=Q(end_date__gte=F("start_date")), name="closure_end_not_before_start"
            ),
        ]

    def __str__(self) -> str:
        if self.start_date == self.end_date:
            return f"{self.start_date:%d.%m.%Y} {self.reason}".strip()
        return f"{self.start_date:%d.%m.%Y}–{self.end_date:%d.%m.%Y} {self.reason}".strip()


class Role(models.TextChoices):
    """Roles rank: staff may do what hosts may, hosts what members may."""

    MEMBER = "member", _("Member")
    HOST = "host", _("Host")
    STAFF = "staff", _("Staff")


ROLE_RANK = {Role.MEMBER: 1, Role.HOST: 2, Role.STAFF: 3}


class SpaceMembership(models.Model):
    """A person's role in one space. One row per person and space."""

    space = models.ForeignKey(Space, on_delete=models.CASCADE, related_name="memberships")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships"
    )
    role = models.CharField(_("role"), max_length=10, choices=Role.choices, default=Role.MEMBER)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        ordering = ["space", "user"]
        constraints = [
            models.UniqueConstraint(fields=["space", "user"], name="membership_unique_per_space"),
        ]

    def __str__(self) -> str:
        return f"{self.user} – {self.space} ({self.get_role_display()})"
