"""Members' periodic work: anonymisation of exited members after the retention period, one
tenant task per active cooperative (its own today and by-laws)."""

from __future__ import annotations

from datetime import date

from sokoguru.platform.celery import platform_task, tenant_task
from sokoguru.platform.core.schema import require_public_schema


@tenant_task(name="sokoguru.members.anonymise_expired")
def members_anonymise_expired_task(*, schema_name: str, as_of: str | None = None) -> list[str]:
    from sokoguru.tenants.members.anonymise import members_anonymise_expired

    return members_anonymise_expired(as_of=date.fromisoformat(as_of) if as_of else None)


@platform_task(name="sokoguru.members.anonymise_fan_out")
def members_anonymise_fan_out() -> int:
    from sokoguru.platform.tenancy.models import Cooperative

    require_public_schema()
    count = 0
    cooperatives = Cooperative.objects.filter(is_active=True).exclude(
        kind=Cooperative.Kind.PLATFORM
    )
    for schema_name in cooperatives.values_list("schema_name", flat=True).iterator():
        members_anonymise_expired_task.apply_async(kwargs={"schema_name": schema_name})
        count += 1
    return count
