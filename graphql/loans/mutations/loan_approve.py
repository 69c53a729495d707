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
from sokoguru.tenants.loans.services import loan_approve


class LoanApprove(BaseMutation):
    """Approve an application (ketua or bendahara, not the officer who entered it). The loan
    gets its funds reserved, or joins the funding queue (see ``queuePosition``)."""

    loan = graphene.Field(LoanType)

    class Arguments:
        loan_id = graphene.ID(required=True)
        note = graphene.String()

    @classmethod
    def perform(cls, root, info, loan_id, note=""):
        user_id = acting_user_id(info, APPROVER_ROLES)
        loan = loan_approve(loan_id=loan_id_of(loan_id), approved_by_id=user_id, note=note or "")
        return loan_payload(loan.pk)
