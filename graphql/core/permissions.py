"""Who may call a resolver. Resolvers declare roles; these helpers check them."""

from __future__ import annotations

from collections.abc import Iterable

from django.db import connection

from sokoguru.platform.accounts.selectors import user_roles_in
from sokoguru.platform.core.errors import PermissionDenied


def require_login(info):
    user = info.context.user
    if not user.is_authenticated:
        raise PermissionDenied("Silakan masuk terlebih dahulu. / Login required.")
    return user


def require_platform_staff(info):
    user = require_login(info)
    if not user.is_staff:
        raise PermissionDenied("Hanya staf platform. / Platform staff only.")
    return user


def current_roles(info) -> frozenset[str]:
    user = info.context.user
    tenant = getattr(connection, "tenant", None)
    if not user.is_authenticated or tenant is None or tenant.schema_name == "public":
        return frozenset()
    return user_roles_in(user=user, cooperative_id=tenant.pk)


def require_roles(info, roles: Iterable[str]):
    user = require_login(info)
    if not current_roles(info) & frozenset(roles):
        raise PermissionDenied(
            "Peran Anda tidak mengizinkan tindakan ini. / Your role does not allow this."
        )
    return user
