from __future__ import annotations

from sokoguru.graphql.core.ids import decode_id
from sokoguru.graphql.core.permissions import require_login
from sokoguru.tenants.shu.selectors import shu_proposal_get


def acting_user_id(info) -> int:
    """The logged-in officer; the service checks the role (tenants/shu/permissions.py)."""
    return require_login(info).pk


def proposal_id_of(value) -> int:
    return decode_id(value, "ShuProposal", field="proposal_id")


def proposal_payload(proposal_id: int) -> dict:
    return {"proposal": shu_proposal_get(proposal_id=proposal_id)}
