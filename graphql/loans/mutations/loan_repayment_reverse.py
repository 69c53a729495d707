from __future__ import annotations

import graphene

from sokoguru.graphql.core.types import BaseMutation
from sokoguru.graphql.loans.mutations._common import acting_user_id, loan_payload
from sokoguru.graphql.loans.types import LoanType, RepaymentType, decode_id
from sokoguru.tenants.loans.permissions import APPROVER_ROLES
from sokoguru.tenants.loans.selectors import cooperative_today
from sokoguru.tenants.loans.services import loan_repayment_reverse


class LoanRepaymentReverse(BaseMutation):
    """Undo a repayment entered by mistake: the loan book and the ledger are restored together
    (the only way to correct a repayment journal)."""

    repayment = graphene.Field(RepaymentType)
    loan = graphene.Field(LoanType)

    class Arguments:
        repayment_id = graphene.ID(required=True)
        reason = graphene.String(required=True)
        date = graphene.Date()

    @classmethod
    def perform(cls, root, info, repayment_id, reason, date=None):
        user_id = acting_user_id(info, APPROVER_ROLES)
        repayment = loan_repayment_reverse(
            repayment_id=decode_id(repayment_id, "LoanRepayment", field="repayment_id"),
            reversed_by_id=user_id,
            date=date or cooperative_today(),
            reason=reason,
        )
        return {"repayment": repayment, **loan_payload(repayment.loan_id)}
