"""Models of the privacy app."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class ConsentRecord(models.Model):
    """That a person accepted (or withdrew from) one version of a document. Never updated:
    a new version or a withdrawal is a new row, so the history stays provable."""

    class Document(models.TextChoices):
        PRIVACY = "privacy", _("Privacy notice")

    class Action(models.TextChoices):
        ACCEPTED = "accepted", _("accepted")
        WITHDRAWN = "withdrawn", _("withdrawn")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="consent_records"
    )
    document = models.CharField(_("document"), max_length=30, choices=Document.choices)
    version = models.CharField(_("version"), max_length=30)
    action = models.CharField(
        _("action"), max_length=10, choices=Action.choices, default=Action.ACCEPTED
    )
    at = models.DateTimeField(_("at"), auto_now_add=True)

    class Meta:
        verbose_name = _("consent record")
        verbose_name_plural = _("consent records")
        ordering = ["-at", "-pk"]
        indexes = [models.Index(fields=["user", "document", "-at"])]

    def __str__(self) -> str:
        return f"{self.document} {self.version} {self.action}"
