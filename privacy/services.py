"""Writes and exports of the privacy app: data export, account deletion, retention,
consent. Every relation to the user is handled as privacy/handlers.py declares."""

from __future__ import annotations

import io
import json
import logging
import zipfile
from datetime import datetime, timedelta
from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models, transaction
from django.db.models import Q
from django.forms.models import model_to_dict
from django.utils import timezone

from privacy.handlers import HANDLERS, Handler, Policy
from privacy.models import ConsentRecord

logger = logging.getLogger(__name__)

_USER_FIELDS = (
    "email",
    "display_name",
    "preferred_language",
    "high_contrast",
    "text_size",
    "easy_read",
    "date_joined",
    "last_login",
    "is_active",
)


def _row(instance: models.Model) -> dict[str, Any]:
    data = model_to_dict(instance)
    data["id"] = instance.pk
    for name, value in list(data.items()):
        if isinstance(value, list):  # many-to-many: primary keys only
            data[name] = [getattr(item, "pk", item) for item in value]
        elif hasattr(value, "name") and hasattr(value, "url"):  # files: their name
            data[name] = value.name or None
    return data


def _rows_for(handler: Handler, user: Any) -> models.QuerySet | None:
    model = handler.model_class()
    if model is None:
        return None
    return model._default_manager.filter(**{handler.field: user})


def user_data_export(*, user: Any) -> dict[str, Any]:
    """All personal data of ``user`` as a JSON-able dict, one key per handled relation."""
    export: dict[str, Any] = {
        "exported_at": timezone.now(),
        "account": {name: getattr(user, name) for name in _USER_FIELDS},
        "data": {},
    }
    for handler in HANDLERS.values():
        rows = _rows_for(handler, user)
        if rows is None:
            continue
        if handler.policy is Policy.ACTOR:
            count = rows.count()
            if count:
                export["data"][handler.key] = {"actions_recorded": count}
        else:
            items = [_row(item) for item in rows.order_by("pk")]
            if items:
                export["data"][handler.key] = items
    return export


def user_data_export_zip(*, user: Any) -> bytes:
    """The export as a ZIP holding ``data.json`` and a short explanation."""
    payload = json.dumps(
        user_data_export(user=user), cls=DjangoJSONEncoder, ensure_ascii=False, indent=2
    )
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("data.json", payload)
        archive.writestr(
            "README.txt",
            "MakerHub: all personal data stored about this account.\n"
            "data.json: 'account' holds the profile; 'data' one list per kind of record,\n"
            "named app.Model.field. 'actions_recorded' counts records of other people\n"
            "where this account acted (e.g. granted a qualification).\n",
        )
    return buffer.getvalue()


def _anonymise(rows: models.QuerySet, handler: Handler) -> int:
    model = rows.model
    values: dict[str, Any] = {handler.field: None}
    for name in handler.scrub:
        model_field = model._meta.get_field(name)
        values[name] = None if model_field.null else model_field.get_default()  # type: ignore[union-attr]
    values.update(handler.replace)
    return rows.update(**values)


def _erase_relation(handler: Handler, user: Any) -> int:
    model = handler.model_class()
    if model is None:
        return 0
    if handler.policy is Policy.REMOVE:
        related = getattr(model, handler.field).through
        source = model._meta.get_field(handler.field).m2m_reverse_field_name()  # type: ignore[union-attr]
        deleted, _ = related.objects.filter(**{source: user}).delete()
        return deleted
    rows = model._default_manager.filter(**{handler.field: user})
    nullable = model._meta.get_field(handler.field).null
    if handler.policy is Policy.DELETE or (handler.policy is Policy.ACTOR and not nullable):
        deleted, _ = rows.delete()
        return deleted
    return _anonymise(rows, handler)


@transaction.atomic
def account_erase(*, user: Any) -> dict[str, int]:
    """Delete the account: personal rows deleted, statistics rows kept without the person.
    All or nothing (one transaction). Returns how many rows each relation touched."""
    user_model = get_user_model()
    user = user_model._default_manager.select_for_update().get(pk=user.pk)
    counts: dict[str, int] = {}
    # Anonymise first, so the cascade of the user's deletion cannot take statistics along.
    order = {Policy.ANONYMISE: 0, Policy.ACTOR: 1, Policy.REMOVE: 2, Policy.DELETE: 3}
    for handler in sorted(HANDLERS.values(), key=lambda h: order[h.policy]):
        counts[handler.key] = _erase_relation(handler, user)
    user.delete()
    logger.info("account erased", extra={"event": "account_erased", "user_id": user.pk})
    return counts


def retention_apply(*, now: datetime | None = None) -> dict[str, int]:
    """Anonymise statistics rows older than ``MAKERHUB_RETENTION_DAYS``. Idempotent: rows
    already anonymised have no person left to cut loose, so a second run changes nothing."""
    cutoff = (now or timezone.now()) - timedelta(days=settings.MAKERHUB_RETENTION_DAYS)
    counts: dict[str, int] = {}
    for handler in HANDLERS.values():
        if handler.policy is not Policy.ANONYMISE or not handler.retain_after:
            continue
        model = handler.model_class()
        if model is None:
            continue
        with transaction.atomic():
            not_yet_anonymised = Q(**{f"{handler.field}__isnull": False})
            for name, value in handler.replace.items():  # e.g. guests' sign-ups
                not_yet_anonymised |= ~Q(**{name: value})
            rows = model._default_manager.filter(
                not_yet_anonymised, **{f"{handler.retain_after}__lt": cutoff}
            )
            counts[handler.key] = _anonymise(rows, handler)
    logger.info("retention applied", extra={"event": "retention", "counts": counts})
    return counts


def consent_record(
    *, user: Any, accepted: bool = True, version: str | None = None
) -> ConsentRecord:
    """Record acceptance (or withdrawal) of the privacy notice's current version."""
    return ConsentRecord.objects.create(
        user=user,
        document=ConsentRecord.Document.PRIVACY,
        version=version or settings.MAKERHUB_PRIVACY_VERSION,
        action=ConsentRecord.Action.ACCEPTED if accepted else ConsentRecord.Action.WITHDRAWN,
    )
