from __future__ import annotations

import graphene

from sokoguru.graphql.core.permissions import require_roles
from sokoguru.graphql.core.types import BaseMutation
from sokoguru.graphql.ledger.types import AccountType
from sokoguru.tenants.ledger.permissions import CHART_WRITE_ROLES
from sokoguru.tenants.ledger.services import account_create


class AccountCreateInput(graphene.InputObjectType):
    parent_code = graphene.String(required=True)
    code = graphene.String(required=True, description="<parent>.<1-4 digits>, e.g. 1102.01")
    name = graphene.String(required=True)
    description = graphene.String()


class AccountCreate(BaseMutation):
    """Add a sub-account to the chart (e.g. one bank account below 1102 Bank)."""

    account = graphene.Field(AccountType)

    class Arguments:
        input = AccountCreateInput(required=True)

    @classmethod
    def perform(cls, root, info, input):
        require_roles(info, CHART_WRITE_ROLES)
        account = account_create(
            parent=input.parent_code,
            code=input.code,
            name=input.name,
            description=input.description or "",
        )
        return {"account": account}
