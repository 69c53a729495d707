"""Platform tasks used by health checks and tests of the runtime."""

from __future__ import annotations

from django.db import connection

from sokoguru.platform.celery import platform_task, tenant_task


@tenant_task(name="sokoguru.platform.schema_probe")
def schema_probe(*, schema_name: str) -> str:
    """Report the schema the worker ran in (proves tenant routing end to end)."""
    return connection.schema_name


@platform_task(name="sokoguru.platform.ping")
def ping() -> str:
    return "pong"
