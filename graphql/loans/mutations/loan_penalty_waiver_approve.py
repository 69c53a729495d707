from __future__ import annotations

import graphene

from sokoguru.graphql.core.types import BaseMutation
from sokoguru.graphql.loans.mutations._common import acting_user_id, loan_payload
from sokoguru.graphql.loans.types import LoanType, PenaltyWaiverType, decode_id
from sokoguru.tenants.loans.permissions import APPROVER_ROLES
from sokoguru.tenants.loans.services import penalty_waiver_approve


class LoanPenaltyWaiverApprove(BaseMutation):
    """Approve a penalty waiver (ketua or bendahara, not the officer who asked): the
    penalties still due are lowered, oldest instalment first."""

    waiver = graphene.Field(PenaltyWaiverType)
    loan = graphene.Field(LoanType)

    class Arguments:
        waiver_id = graphene.ID(required=True)
        on = graphene.Date()

    @classmethod
    def perform(cls, root, info, waiver_id, on=None):
        user_id = acting_user_id(info, APPROVER_ROLES)
        waiver = penalty_waiver_approve(
            waiver_id=decode_id(waiver_id, "LoanPenaltyWaiver", field="waiver_id"),
            approved_by_id=user_id,
            on=on,
        )
        return {"waiver": waiver, **loan_payload(waiver.loan_id)}
