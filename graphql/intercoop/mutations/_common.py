"""Shared bits of the inter-cooperative mutations: the cooperative of this host and the other."""

from __future__ import annotations

from django.db import connection

from sokoguru.platform.core.errors import NotFound
from sokoguru.platform.tenancy.models import Cooperative


def this_cooperative() -> Cooperative:
    return Cooperative.objects.get(pk=connection.tenant.pk)


def other_cooperative(slug: str, *, field: str) -> Cooperative:
    other = Cooperative.objects.filter(slug=(slug or "").strip().lower(), is_active=True).first()
    if other is None:
        raise NotFound("Koperasi tidak ditemukan. / Cooperative not found.", field=field)
    return other
