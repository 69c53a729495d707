"""Role checks for services: the one home of "may this user do this here?".

Every tenant app keeps its role sets in its own ``permissions.py`` and calls ``require_role``
from its services, so a service refuses a user without the role whether it is called from
GraphQL, a workspace page, admin, a task or the shell. GraphQL and admin reuse the same sets.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.db import connection

from sokoguru.platform.core.errors import PermissionDenied


def roles_of(user_id: int | None, *, cooperative_id: int | None = None) -> frozenset[str]:
    """The roles ``user_id`` holds in the cooperative (default: the connection's tenant)."""
    from sokoguru.platform.accounts.models import CooperativeRole

    if user_id is None:
        return frozenset()
    if cooperative_id is None:
        tenant = getattr(connection, "tenant", None)
        if tenant is None or tenant.schema_name == "public":
            return frozenset()
        cooperative_id = tenant.pk
    return frozenset(
        CooperativeRole.objects.filter(user_id=user_id, cooperative_id=cooperative_id).values_list(
            "role", flat=True
        )
    )


def require_role(user_id: int | None, roles: Iterable[str], *, field: str) -> frozenset[str]:
    """Refuse (``PermissionDenied`` naming ``field``) unless the user holds one of ``roles`` in
    the current cooperative; returns the roles the user holds."""
    roles = frozenset(roles)
    held = roles_of(user_id)
    if not held & roles:
        names = ", ".join(sorted(roles))
        raise PermissionDenied(
            f"Tindakan ini hanya untuk pengurus dengan peran: {names}. "
            f"/ Only officers with one of these roles may do this: {names}.",
            field=field,
            code="role_required",
        )
    return held


def require_other_officer(maker_id: int | None, checker_id: int | None, *, field: str, what: str):
    """Maker-checker: the one who approves is not the one who entered it."""
    if maker_id is not None and maker_id == checker_id:
        raise PermissionDenied(
            f"{what} harus disetujui oleh pengurus lain, bukan yang memasukkannya "
            "(maker-checker). / The approver must be a different officer from the one who "
            "entered it.",
            field=field,
            code="maker_checker",
        )


class SystemActor:
    """The platform acting on its own — the monthly billing and jasa run, provisioning, the demo
    seed — rather than an officer: no role is checked and no user is recorded. Services take
    their acting user as a required keyword; background work passes ``SYSTEM`` explicitly."""

    def __repr__(self) -> str:
        return "SYSTEM"


SYSTEM = SystemActor()


def require_actor(
    actor: int | SystemActor | None, roles: Iterable[str], *, field: str
) -> int | None:
    """The user id to record for ``actor`` (``None`` for ``SYSTEM``), once ``actor`` holds one of
    ``roles`` in the current cooperative; ``PermissionDenied`` otherwise (also for no user)."""
    if actor is SYSTEM:
        return None
    require_role(actor, roles, field=field)
    return actor
