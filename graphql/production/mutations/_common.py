from __future__ import annotations

from sokoguru.graphql.core.permissions import require_roles


def acting_user_id(info, roles) -> int:
    return require_roles(info, roles).pk
