"""The Celery app. Every task that touches a cooperative carries its schema explicitly
(``schema_name``) and refuses to run in the public schema; tasks are ``acks_late`` and are
enqueued only after the surrounding transaction commits (``enqueue_on_commit``)."""

from __future__ import annotations

import os

from celery import Celery, Task

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "sokoguru.platform.settings")

app = Celery("sokoguru")
app.config_from_object("django.conf:settings", namespace="CELERY")
# Composition root: task discovery names the outer layers' task modules.


def _installed_apps() -> list[str]:
    from django.conf import settings

    return list(settings.INSTALLED_APPS)


app.autodiscover_tasks(_installed_apps, related_name="tasks")


class TenantTask(Task):
    """Runs its body inside the schema named by the ``schema_name`` keyword argument."""

    abstract = True
    acks_late = True

    def __call__(self, *args, **kwargs):
        from django_tenants.utils import get_tenant_model

        from sokoguru.platform.core.errors import WrongSchema
        from sokoguru.platform.tenancy.context import cooperative_schema

        schema_name = kwargs.get("schema_name")
        if not schema_name or schema_name == "public":
            raise WrongSchema(
                f"Task {self.name} needs a cooperative's schema_name (got {schema_name!r})."
            )
        tenant = get_tenant_model().objects.filter(schema_name=schema_name).first()
        if tenant is None:
            raise WrongSchema(f"Unknown cooperative schema {schema_name!r}")
        with cooperative_schema(tenant):
            return super().__call__(*args, **kwargs)


def tenant_task(*args, **options):
    """``@tenant_task`` — a task that runs in one cooperative's schema."""
    options.setdefault("base", TenantTask)
    options.setdefault("acks_late", True)
    return app.task(*args, **options)


def platform_task(*args, **options):
    """``@platform_task`` — a task that runs in the public schema (fan-outs, federation)."""
    options.setdefault("acks_late", True)
    return app.task(*args, **options)


def enqueue_on_commit(task, *args, **kwargs) -> None:
    """Send ``task`` after the current transaction commits (at once outside a transaction)."""
    from django.db import transaction

    transaction.on_commit(lambda: task.apply_async(args=args, kwargs=kwargs))


def broker_description() -> str:
    from django.conf import settings

    if settings.CELERY_BROKER_IS_SERVERLESS:
        return f"server-less filesystem broker at {settings.BROKER_DIR}"
    url = settings.CELERY_BROKER_URL
    return "broker " + url.split("@")[-1] if "@" in url else f"broker {url}"
