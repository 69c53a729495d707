from __future__ import annotations

import graphene

from sokoguru.graphql.core.types import BaseMutation, Money
from sokoguru.graphql.loans.mutations._common import (
    CASHIERS,
    acting_user_id,
    loan_id_of,
    loan_payload,
)
from sokoguru.graphql.loans.types import LoanAccount, LoanType, RepaymentType, enum_value
from sokoguru.tenants.loans.selectors import cooperative_today
from sokoguru.tenants.loans.services import loan_recover


class LoanRecoverInput(graphene.InputObjectType):
    loan_id = graphene.ID(required=True)
    amount = Money(required=True)
    date = graphene.Date()
    idempotency_key = graphene.String(required=True)
    account = LoanAccount()


class LoanRecover(BaseMutation):
    """Money received on a written-off loan (recovery income)."""

    repayment = graphene.Field(RepaymentType)
    loan = graphene.Field(LoanType)

    class Arguments:
        input = LoanRecoverInput(required=True)

    @classmethod
    def perform(cls, root, info, input):
        user_id = acting_user_id(info, CASHIERS)
        repayment = loan_recover(
            loan_id=loan_id_of(input.loan_id),
            amount=input.amount,
            date=input.date or cooperative_today(),
            idempotency_key=input.idempotency_key,
            received_by_id=user_id,
            account=enum_value(input.account) or "cash",
        )
        return {"repayment": repayment, **loan_payload(repayment.loan_id)}
