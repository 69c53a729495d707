"""Thin resolvers: decode ids, find the user's scope, call federation selectors."""

from __future__ import annotations

from sokoguru.federation.scope.selectors import Scope, scope_get
from sokoguru.graphql.core.ids import decode_id, decode_key
from sokoguru.graphql.core.permissions import require_login


def decode(global_id: str, expected_type: str, *, field: str) -> str:
    return decode_key(global_id, expected_type, field=field)


def scope_from_id(info, body_id: str) -> Scope:
    """The requesting user's scope named by a FederationBody id — NotFound for any body the user
    holds no role on (indistinguishable from an unknown id)."""
    user = require_login(info)
    return scope_get(user=user, key=decode(body_id, "FederationBody", field="body"))


def cooperative_pk(global_id: str) -> int:
    return decode_id(global_id, "SupervisedCooperative", field="cooperative")
