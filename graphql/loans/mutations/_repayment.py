"""What loanRepay, loanPayOff and loanRecover share: the cashier roles, the call of the
repayment service with the received money, and the payload (the repayment and the loan)."""

from __future__ import annotations

from collections.abc import Callable

import graphene

from sokoguru.graphql.core.types import BaseMutation, enum_value
from sokoguru.graphql.loans.mutations._common import (
    acting_user_id,
    loan_id_of,
    loan_payload,
)
from sokoguru.graphql.loans.types import LoanType, RepaymentType
from sokoguru.tenants.loans.models import Repayment
from sokoguru.tenants.loans.permissions import CASHIER_ROLES
from sokoguru.tenants.loans.selectors import cooperative_today


class RepaymentMutation(BaseMutation):
    """Money received on a loan; a subclass names its loan ``service``. The input carries
    ``loan_id``, ``amount``, ``date`` (default: today), ``idempotency_key`` and ``account``
    (default: cash)."""

    repayment = graphene.Field(RepaymentType)
    loan = graphene.Field(LoanType)

    service: Callable[..., Repayment]

    class Meta:
        abstract = True

    @classmethod
    def perform(cls, root, info, input):
        user_id = acting_user_id(info, CASHIER_ROLES)
        repayment = cls.service(
            loan_id=loan_id_of(input.loan_id),
            amount=input.amount,
            date=input.date or cooperative_today(),
            idempotency_key=input.idempotency_key,
            received_by_id=user_id,
            account=enum_value(input.account) or "cash",
        )
        return {"repayment": repayment, **loan_payload(repayment.loan_id)}
