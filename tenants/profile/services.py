from __future__ import annotations

from django.db import transaction

from sokoguru.platform.core.schema import require_tenant_schema
from sokoguru.tenants.profile.models import CooperativeProfile

EDITABLE_FIELDS = (
    "address",
    "rt",
    "rw",
    "phone",
    "email",
    "bank_name",
    "bank_account",
    "founded_on",
    "deed_number",
)


def profile_install(*, cooperative) -> CooperativeProfile:
    """Provisioning hook: every new cooperative starts with an empty profile row."""
    require_tenant_schema()
    profile, _ = CooperativeProfile.objects.get_or_create(singleton=True)
    return profile


@transaction.atomic
def profile_update(**changes) -> CooperativeProfile:
    require_tenant_schema()
    unknown = set(changes) - set(EDITABLE_FIELDS)
    if unknown:
        from django.core.exceptions import ValidationError

        raise ValidationError({name: "Kolom tidak dikenal." for name in sorted(unknown)})
    profile, _ = CooperativeProfile.objects.select_for_update().get_or_create(singleton=True)
    for name, value in changes.items():
        setattr(profile, name, value)
    profile.full_clean()
    profile.save()
    return profile
