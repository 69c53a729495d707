"""Thin resolvers: decode ids, find the user's scope, call federation selectors."""

from __future__ import annotations

from sokoguru.federation.scope.selectors import Scope, scope_get
from sokoguru.graphql.core.ids import split_global_id
from sokoguru.graphql.core.permissions import require_login
from sokoguru.platform.core.errors import NotFound


def decode(global_id: str, expected_type: str, *, field: str) -> str:
    type_name, key = split_global_id(global_id)
    if type_name != expected_type or not key:
        raise NotFound("ID tidak dikenal. / Unknown id.", field=field)
    return key


def scope_from_id(info, body_id: str) -> Scope:
    """The requesting user's scope named by a FederationBody id — NotFound for any body the user
    holds no role on (indistinguishable from an unknown id)."""
    user = require_login(info)
    return scope_get(user=user, key=decode(body_id, "FederationBody", field="body"))


def cooperative_pk(global_id: str) -> int:
    key = decode(global_id, "SupervisedCooperative", field="cooperative")
    try:
        return int(key)
    except ValueError:
        raise NotFound("ID tidak dikenal. / Unknown id.", field="cooperative") from None
