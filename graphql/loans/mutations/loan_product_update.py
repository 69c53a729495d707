from __future__ import annotations

import graphene

from sokoguru.graphql.core.types import BaseMutation
from sokoguru.graphql.loans.mutations._common import acting_user_id
from sokoguru.graphql.loans.mutations._product_input import LoanProductFields, product_changes
from sokoguru.graphql.loans.types import LoanProductType, decode_id
from sokoguru.tenants.loans.permissions import POLICY_ROLES
from sokoguru.tenants.loans.services import loan_product_update


class LoanProductUpdateInput(LoanProductFields, graphene.InputObjectType):
    product_id = graphene.ID(required=True)


class LoanProductUpdate(BaseMutation):
    """Change a loan product; loans already entered keep their terms."""

    product = graphene.Field(LoanProductType)

    class Arguments:
        input = LoanProductUpdateInput(required=True)

    @classmethod
    def perform(cls, root, info, input):
        user_id = acting_user_id(info, POLICY_ROLES)
        product = loan_product_update(
            product_id=decode_id(input.product_id, "LoanProduct", field="product_id"),
            updated_by_id=user_id,
            **product_changes(input),
        )
        return {"product": product}
