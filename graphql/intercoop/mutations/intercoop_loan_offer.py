from __future__ import annotations

import graphene

from sokoguru.graphql.core.permissions import require_roles
from sokoguru.graphql.core.types import BaseMutation, Money
from sokoguru.graphql.intercoop.mutations._common import other_cooperative, this_cooperative
from sokoguru.graphql.intercoop.types import InterCoopLoanType
from sokoguru.tenants.intercoop.permissions import LOAN_OFFER_ROLES
from sokoguru.tenants.intercoop.services import loan_offer


class InterCoopLoanOffer(BaseMutation):
    """The sekunder enters a loan to a member cooperative (another officer approves)."""

    loan = graphene.Field(InterCoopLoanType)

    class Arguments:
        member_cooperative_slug = graphene.String(required=True)
        product_id = graphene.Int(required=True)
        amount = Money(required=True)
        tenor = graphene.Int(required=True)
        first_due_date = graphene.Date(required=True)
        purpose = graphene.String()

    @classmethod
    def perform(
        cls,
        root,
        info,
        member_cooperative_slug,
        product_id,
        amount,
        tenor,
        first_due_date,
        purpose="",
    ):
        user = require_roles(info, LOAN_OFFER_ROLES)
        loan = loan_offer(
            sekunder=this_cooperative(),
            primary=other_cooperative(member_cooperative_slug, field="member_cooperative_slug"),
            product_id=product_id,
            amount=amount,
            tenor=tenor,
            first_due_date=first_due_date,
            purpose=purpose or "",
            created_by_id=user.pk,
        )
        return {"loan": loan}
