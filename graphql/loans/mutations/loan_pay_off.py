from __future__ import annotations

import graphene

from sokoguru.graphql.core.types import Money
from sokoguru.graphql.loans.mutations._repayment import RepaymentMutation
from sokoguru.graphql.loans.types import LoanAccount
from sokoguru.tenants.loans.services import loan_pay_off


class LoanPayOffInput(graphene.InputObjectType):
    loan_id = graphene.ID(required=True)
    amount = Money(required=True, description="At least loanPayoffQuote.total")
    date = graphene.Date()
    idempotency_key = graphene.String(required=True)
    account = LoanAccount()


class LoanPayOff(RepaymentMutation):
    """Close a loan early (jasa of later instalments per the product's rule)."""

    service = staticmethod(loan_pay_off)

    class Arguments:
        input = LoanPayOffInput(required=True)
