from __future__ import annotations

import graphene

from sokoguru.graphql.core.types import BaseMutation
from sokoguru.graphql.loans.mutations._common import (
    acting_user_id,
    loan_id_of,
    loan_payload,
)
from sokoguru.graphql.loans.types import LoanType
from sokoguru.tenants.loans.permissions import APPROVER_ROLES
from sokoguru.tenants.loans.services import loan_write_off_request


class LoanWriteOffRequest(BaseMutation):
    """Propose writing a loan off (another officer approves it)."""

    loan = graphene.Field(LoanType)

    class Arguments:
        loan_id = graphene.ID(required=True)
        reason = graphene.String(required=True)
        on = graphene.Date()

    @classmethod
    def perform(cls, root, info, loan_id, reason, on=None):
        user_id = acting_user_id(info, APPROVER_ROLES)
        loan = loan_write_off_request(
            loan_id=loan_id_of(loan_id), requested_by_id=user_id, reason=reason, on=on
        )
        return loan_payload(loan.pk)
