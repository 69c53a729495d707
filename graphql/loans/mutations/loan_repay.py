from __future__ import annotations

import graphene

from sokoguru.graphql.core.types import Money
from sokoguru.graphql.loans.mutations._repayment import RepaymentMutation
from sokoguru.graphql.loans.types import LoanAccount
from sokoguru.tenants.loans.services import loan_repay


class LoanRepayInput(graphene.InputObjectType):
    loan_id = graphene.ID(required=True)
    amount = Money(required=True)
    date = graphene.Date()
    idempotency_key = graphene.String(required=True, description="Same key twice = one payment")
    account = LoanAccount(description="CASH (default) or BANK")


class LoanRepay(RepaymentMutation):
    """Receive a payment: penalty → jasa → principal, oldest instalment first; an excess goes
    per the product rule."""

    service = staticmethod(loan_repay)

    class Arguments:
        input = LoanRepayInput(required=True)
