from __future__ import annotations

from sokoguru.platform.core.schema import require_tenant_schema
from sokoguru.tenants.profile.models import CooperativeProfile


def profile_get() -> CooperativeProfile:
    require_tenant_schema()
    return CooperativeProfile.objects.get_or_create(singleton=True)[0]
