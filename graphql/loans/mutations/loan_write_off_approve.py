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
from sokoguru.tenants.loans.services import loan_write_off_approve


class LoanWriteOffApprove(BaseMutation):
    """Approve a proposed write-off (not by the officer who proposed it): the outstanding
    principal is written off against the loss allowance."""

    loan = graphene.Field(LoanType)

    class Arguments:
        loan_id = graphene.ID(required=True)
        on = graphene.Date()

    @classmethod
    def perform(cls, root, info, loan_id, on=None):
        user_id = acting_user_id(info, APPROVER_ROLES)
        loan = loan_write_off_approve(loan_id=loan_id_of(loan_id), approved_by_id=user_id, on=on)
        return loan_payload(loan.pk)
