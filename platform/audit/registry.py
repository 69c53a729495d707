"""One registry of audited models (``settings.AUDITED_MODELS``, by app label and model name):
post_save / post_delete write an ``AuditEvent`` with the row before and after; the fields named
in ``settings.AUDIT_EXCLUDED_FIELDS`` (personal data) are never copied."""

from __future__ import annotations

import json

from django.apps import apps
from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.db import connection
from django.db.models.signals import post_delete, post_save, pre_save

from sokoguru.platform.audit.context import current_actor

_BEFORE = "_sokoguru_audit_before"


def snapshot(instance) -> dict:
    excluded = set(settings.AUDIT_EXCLUDED_FIELDS)
    data = {
        f.attname: getattr(instance, f.attname)
        for f in instance._meta.concrete_fields
        if f.name not in excluded and f.attname not in excluded
    }
    return json.loads(json.dumps(data, cls=DjangoJSONEncoder))


def _record(*, action: str, instance, before, after) -> None:
    from sokoguru.platform.audit.models import AuditEvent

    if before == after and action == AuditEvent.Action.UPDATE:
        return
    actor = current_actor.get()
    AuditEvent.objects.create(
        schema_name=connection.schema_name or "public",
        actor_id=actor.user_id,
        actor_email=actor.email,
        address=actor.address,
        action=action,
        model=instance._meta.label_lower,
        object_pk=str(instance.pk),
        before=before,
        after=after,
    )


def _pre_save(sender, instance, raw=False, **kwargs):
    if raw or instance.pk is None:
        return
    old = sender._default_manager.filter(pk=instance.pk).first()
    setattr(instance, _BEFORE, snapshot(old) if old is not None else None)


def _post_save(sender, instance, created, raw=False, **kwargs):
    if raw:
        return
    before = None if created else getattr(instance, _BEFORE, None)
    _record(
        action="create" if created else "update",
        instance=instance,
        before=before,
        after=snapshot(instance),
    )


def _post_delete(sender, instance, **kwargs):
    _record(action="delete", instance=instance, before=snapshot(instance), after=None)


def audited_models() -> list:
    out = []
    for label in settings.AUDITED_MODELS:
        try:
            out.append(apps.get_model(label))
        except LookupError:  # an app not installed in this configuration
            continue
    return out


def connect() -> None:
    for model in audited_models():
        uid = f"sokoguru-audit-{model._meta.label_lower}"
        pre_save.connect(_pre_save, sender=model, dispatch_uid=uid + "-pre")
        post_save.connect(_post_save, sender=model, dispatch_uid=uid + "-post")
        post_delete.connect(_post_delete, sender=model, dispatch_uid=uid + "-del")


def event_write(*, action: str, model: str, object_pk, before, after) -> None:
    """An audit entry for a change made without a model save (a bulk update): the current
    actor, the current schema."""
    from sokoguru.platform.audit.models import AuditEvent

    actor = current_actor.get()
    AuditEvent.objects.create(
        schema_name=connection.schema_name or "public",
        actor_id=actor.user_id,
        actor_email=actor.email,
        address=actor.address,
        action=action,
        model=model,
        object_pk=str(object_pk),
        before=before,
        after=after,
    )
