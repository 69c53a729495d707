from __future__ import annotations

import graphene

from sokoguru.graphql.core.types import BaseMutation
from sokoguru.graphql.loans.mutations._common import (
    acting_user_id,
    loan_id_of,
    loan_payload,
)
from sokoguru.graphql.loans.types import LoanType
from sokoguru.tenants.loans.permissions import ENTRY_ROLES
from sokoguru.tenants.loans.services import loan_cancel


class LoanCancel(BaseMutation):
    """Withdraw an application or an approved loan not yet disbursed."""

    loan = graphene.Field(LoanType)

    class Arguments:
        loan_id = graphene.ID(required=True)
        reason = graphene.String(required=True)

    @classmethod
    def perform(cls, root, info, loan_id, reason):
        user_id = acting_user_id(info, ENTRY_ROLES)
        loan = loan_cancel(loan_id=loan_id_of(loan_id), cancelled_by_id=user_id, reason=reason)
        return loan_payload(loan.pk)
