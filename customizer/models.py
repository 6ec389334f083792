"""Parametric sources, their renders (shared, cached by parameter set), people's saved
variants and print requests sent to a space."""

from __future__ import annotations

import secrets
import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from ops.uploads import random_upload_to


class ParametricSource(models.Model):
    """The OpenSCAD source of a design; its top-level parameters become the form."""

    design = models.OneToOneField(
        "designs.Design",
        on_delete=models.CASCADE,
        related_name="parametric_source",
        verbose_name=_("design"),
    )
    filename = models.CharField(_("file name"), max_length=120, default="model.scad")
    source = models.TextField(_("OpenSCAD source"))
    sha256 = models.CharField(max_length=64, editable=False)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("parametric source")
        verbose_name_plural = _("parametric sources")

    def __str__(self) -> str:
        return f"{self.design} ({self.filename})"


def new_share_token() -> str:
    return secrets.token_urlsafe(16)


class Customization(models.Model):
    """One render of one source with one parameter set. Equal parameter sets share a row
    (``key`` is the hash of the source and the canonical values): they render once."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting to be rendered")
        RUNNING = "running", _("Being rendered")
        PRINTABLE = "printable", _("Printable")
        WARNINGS = "warnings", _("Printable, with warnings")
        REJECTED = "rejected", _("Not printable")
        FAILED = "failed", _("Could not be rendered")

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    source = models.ForeignKey(
        ParametricSource, on_delete=models.CASCADE, related_name="customizations"
    )
    key = models.CharField(max_length=64)
    values = models.JSONField(_("values"), default=dict)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.PENDING
    )
    # Why a render failed: unavailable, timeout, crashed, error, empty, refused.
    failure = models.CharField(max_length=20, blank=True)
    log = models.TextField(blank=True)
    report = models.JSONField(default=dict, blank=True)
    # Random stored names: the key (which opens the result) never appears in a path.
    stl = models.FileField(upload_to=random_upload_to("customizer/results"), blank=True)
    preview = models.FileField(upload_to=random_upload_to("customizer/previews"), blank=True)
    render_seconds = models.FloatField(null=True, blank=True)
    network_isolated = models.BooleanField(default=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("customisation")
        verbose_name_plural = _("customisations")
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(fields=["source", "key"], name="customization_unique_key"),
        ]
        indexes = [models.Index(fields=["created_by", "created_at"])]

    def __str__(self) -> str:
        return f"{self.source.design} {self.key[:8]}"

    def get_absolute_url(self) -> str:
        return reverse("customization-detail", kwargs={"pk": self.pk})

    @property
    def is_finished(self) -> bool:
        return self.status not in (self.Status.PENDING, self.Status.RUNNING)

    @property
    def has_stl(self) -> bool:
        return bool(self.stl) and self.status in (
            self.Status.PRINTABLE,
            self.Status.WARNINGS,
            self.Status.REJECTED,
        )


class SavedVariant(models.Model):
    """A customisation someone saved under their own name ("my cup holder, 82 mm")."""

    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="saved_variants"
    )
    customization = models.ForeignKey(
        Customization, on_delete=models.CASCADE, related_name="saved_variants"
    )
    name = models.CharField(_("name"), max_length=120)
    shared = models.BooleanField(
        _("shared"),
        default=False,
        help_text=_("Anyone with the link can see and download it."),
    )
    share_token = models.CharField(max_length=32, unique=True, default=new_share_token)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("saved variant")
        verbose_name_plural = _("saved variants")
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(fields=["owner", "name"], name="variant_unique_name"),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("variant-detail", kwargs={"token": self.share_token})


class PrintRequest(models.Model):
    """Someone asks a space to print a customisation for them; the space's staff see it."""

    class Status(models.TextChoices):
        OPEN = "open", _("Open")
        ACCEPTED = "accepted", _("Accepted")
        DONE = "done", _("Printed")
        DECLINED = "declined", _("Declined")

    space = models.ForeignKey(
        "spaces.Space",
        on_delete=models.CASCADE,
        related_name="print_requests",
        verbose_name=_("space"),
    )
    requester = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="print_requests"
    )
    customization = models.ForeignKey(
        Customization, on_delete=models.CASCADE, related_name="print_requests"
    )
    variant = models.ForeignKey(
        SavedVariant,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="print_requests",
    )
    note = models.TextField(
        _("note for the space"),
        blank=True,
        max_length=2000,
        help_text=_("e.g. colour, material, when you could pick it up."),
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.OPEN
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("print request")
        verbose_name_plural = _("print requests")
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["space", "requester", "customization"],
                condition=Q(status="open"),
                name="print_request_one_open",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.customization} → {self.space}"
