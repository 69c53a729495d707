from __future__ import annotations

import graphene

from sokoguru.graphql.core.types import BaseMutation, enum_value
from sokoguru.graphql.loans.mutations._common import (
    acting_user_id,
    loan_id_of,
    loan_payload,
)
from sokoguru.graphql.loans.types import LoanAccount, LoanType
from sokoguru.tenants.loans.permissions import DISBURSE_ROLES
from sokoguru.tenants.loans.services import loan_disburse


class LoanDisburseInput(graphene.InputObjectType):
    loan_id = graphene.ID(required=True)
    disbursed_on = graphene.Date()
    paid_from = LoanAccount(description="CASH (default) or BANK")
    first_due_date = graphene.Date(description="Default: one month after disbursement")


class LoanDisburse(BaseMutation):
    """Pay out an approved loan; the instalment schedule is generated."""

    loan = graphene.Field(LoanType)

    class Arguments:
        input = LoanDisburseInput(required=True)

    @classmethod
    def perform(cls, root, info, input):
        user_id = acting_user_id(info, DISBURSE_ROLES)
        loan = loan_disburse(
            loan_id=loan_id_of(input.loan_id),
            disbursed_by_id=user_id,
            disbursed_on=input.disbursed_on,
            paid_from=enum_value(input.paid_from) or "cash",
            first_due_date=input.first_due_date,
        )
        return loan_payload(loan.pk)
