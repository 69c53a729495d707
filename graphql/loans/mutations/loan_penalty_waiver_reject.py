from __future__ import annotations

import graphene

from sokoguru.graphql.core.types import BaseMutation
from sokoguru.graphql.loans.mutations._common import acting_user_id
from sokoguru.graphql.loans.types import PenaltyWaiverType, decode_id
from sokoguru.tenants.loans.permissions import APPROVER_ROLES
from sokoguru.tenants.loans.services import penalty_waiver_reject


class LoanPenaltyWaiverReject(BaseMutation):
    """Reject a penalty waiver request (ketua or bendahara)."""

    waiver = graphene.Field(PenaltyWaiverType)

    class Arguments:
        waiver_id = graphene.ID(required=True)

    @classmethod
    def perform(cls, root, info, waiver_id):
        user_id = acting_user_id(info, APPROVER_ROLES)
        waiver = penalty_waiver_reject(
            waiver_id=decode_id(waiver_id, "LoanPenaltyWaiver", field="waiver_id"),
            rejected_by_id=user_id,
        )
        return {"waiver": waiver}
