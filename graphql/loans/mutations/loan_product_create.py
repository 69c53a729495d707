from __future__ import annotations

import graphene

from sokoguru.graphql.core.types import BaseMutation
from sokoguru.graphql.loans.mutations._common import acting_user_id
from sokoguru.graphql.loans.mutations._product_input import LoanProductFields, product_changes
from sokoguru.graphql.loans.types import LoanProductType
from sokoguru.tenants.loans.permissions import POLICY_ROLES
from sokoguru.tenants.loans.services import loan_product_create


class LoanProductCreateInput(LoanProductFields, graphene.InputObjectType):
    code = graphene.String(required=True)


class LoanProductCreate(BaseMutation):
    """Add a loan product (ketua or bendahara)."""

    product = graphene.Field(LoanProductType)

    class Arguments:
        input = LoanProductCreateInput(required=True)

    @classmethod
    def perform(cls, root, info, input):
        user_id = acting_user_id(info, POLICY_ROLES)
        return {"product": loan_product_create(created_by_id=user_id, **product_changes(input))}
