from __future__ import annotations

import graphene

from sokoguru.graphql.core.types import Money
from sokoguru.graphql.loans.mutations._repayment import RepaymentMutation
from sokoguru.graphql.loans.types import LoanAccount
from sokoguru.tenants.loans.services import loan_recover


class LoanRecoverInput(graphene.InputObjectType):
    loan_id = graphene.ID(required=True)
    amount = Money(required=True)
    date = graphene.Date()
    idempotency_key = graphene.String(required=True)
    account = LoanAccount()


class LoanRecover(RepaymentMutation):
    """Money received on a written-off loan (recovery income)."""

    service = staticmethod(loan_recover)

    class Arguments:
        input = LoanRecoverInput(required=True)
