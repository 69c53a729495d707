from __future__ import annotations

import graphene

from sokoguru.graphql.core.permissions import require_roles
from sokoguru.graphql.core.types import BaseMutation, Money
from sokoguru.graphql.intercoop.mutations._common import this_cooperative
from sokoguru.graphql.intercoop.types import InterCoopLoanType
from sokoguru.tenants.intercoop.permissions import LOAN_REPAY_ROLES
from sokoguru.tenants.intercoop.selectors import loan_get
from sokoguru.tenants.intercoop.services import loan_repay


class InterCoopLoanRepay(BaseMutation):
    """The member cooperative repays its sekunder (jasa then principal; both books posted)."""

    loan = graphene.Field(InterCoopLoanType)

    class Arguments:
        reference = graphene.UUID(required=True)
        amount = Money(required=True)
        date = graphene.Date(required=True)
        idempotency_key = graphene.String(required=True)
        paid_from = graphene.String(default_value="1102")

    @classmethod
    def perform(cls, root, info, reference, amount, date, idempotency_key, paid_from):
        user = require_roles(info, LOAN_REPAY_ROLES)
        loan_repay(
            primary=this_cooperative(),
            reference=reference,
            amount=amount,
            date=date,
            idempotency_key=idempotency_key,
            paid_from=paid_from,
            created_by_id=user.pk,
        )
        return {"loan": loan_get(reference=reference)}
