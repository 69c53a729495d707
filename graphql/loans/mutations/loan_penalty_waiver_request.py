from __future__ import annotations

import graphene

from sokoguru.graphql.core.types import BaseMutation, Money
from sokoguru.graphql.loans.mutations._common import acting_user_id, loan_id_of, loan_payload
from sokoguru.graphql.loans.types import LoanType, PenaltyWaiverType
from sokoguru.tenants.loans.permissions import APPROVER_ROLES, CASHIER_ROLES
from sokoguru.tenants.loans.services import penalty_waiver_request


class LoanPenaltyWaiverRequest(BaseMutation):
    """Ask to waive penalties still due on a loan; a second officer approves."""

    waiver = graphene.Field(PenaltyWaiverType)
    loan = graphene.Field(LoanType)

    class Arguments:
        loan_id = graphene.ID(required=True)
        amount = Money(required=True)
        reason = graphene.String(required=True)
        on = graphene.Date()

    @classmethod
    def perform(cls, root, info, loan_id, amount, reason, on=None):
        user_id = acting_user_id(info, CASHIER_ROLES | APPROVER_ROLES)
        waiver = penalty_waiver_request(
            loan_id=loan_id_of(loan_id),
            amount=amount,
            reason=reason,
            requested_by_id=user_id,
            on=on,
        )
        return {"waiver": waiver, **loan_payload(waiver.loan_id)}
