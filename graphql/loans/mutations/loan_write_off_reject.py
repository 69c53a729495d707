from __future__ import annotations

import graphene

from sokoguru.graphql.core.types import BaseMutation
from sokoguru.graphql.loans.mutations._common import acting_user_id, loan_id_of, loan_payload
from sokoguru.graphql.loans.types import LoanType
from sokoguru.tenants.loans.permissions import APPROVER_ROLES
from sokoguru.tenants.loans.services import loan_write_off_reject


class LoanWriteOffReject(BaseMutation):
    """Turn down a proposed write-off: the loan stays active and claimable."""

    loan = graphene.Field(LoanType)

    class Arguments:
        loan_id = graphene.ID(required=True)

    @classmethod
    def perform(cls, root, info, loan_id):
        user_id = acting_user_id(info, APPROVER_ROLES)
        loan = loan_write_off_reject(loan_id=loan_id_of(loan_id), rejected_by_id=user_id)
        return loan_payload(loan.pk)
