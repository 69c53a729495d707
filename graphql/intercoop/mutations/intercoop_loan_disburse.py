from __future__ import annotations

import graphene

from sokoguru.graphql.core.permissions import require_roles
from sokoguru.graphql.core.types import BaseMutation
from sokoguru.graphql.intercoop.mutations._common import this_cooperative
from sokoguru.graphql.intercoop.types import InterCoopLoanType
from sokoguru.tenants.intercoop.permissions import LOAN_DISBURSE_ROLES
from sokoguru.tenants.intercoop.services import loan_disburse


class InterCoopLoanDisburse(BaseMutation):
    """The sekunder pays an accepted loan out (both books posted)."""

    loan = graphene.Field(InterCoopLoanType)

    class Arguments:
        reference = graphene.UUID(required=True)
        date = graphene.Date(required=True)
        paid_from = graphene.String(default_value="1102")

    @classmethod
    def perform(cls, root, info, reference, date, paid_from):
        user = require_roles(info, LOAN_DISBURSE_ROLES)
        loan = loan_disburse(
            sekunder=this_cooperative(),
            reference=reference,
            date=date,
            paid_from=paid_from,
            created_by_id=user.pk,
        )
        return {"loan": loan}
