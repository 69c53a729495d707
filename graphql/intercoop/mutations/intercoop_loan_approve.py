from __future__ import annotations

import graphene

from sokoguru.graphql.core.permissions import require_roles
from sokoguru.graphql.core.types import BaseMutation
from sokoguru.graphql.intercoop.mutations._common import this_cooperative
from sokoguru.graphql.intercoop.types import InterCoopLoanType
from sokoguru.tenants.intercoop.permissions import LOAN_APPROVE_ROLES
from sokoguru.tenants.intercoop.services import loan_approve


class InterCoopLoanApprove(BaseMutation):
    """The sekunder's pengurus approves a loan entered by another officer."""

    loan = graphene.Field(InterCoopLoanType)

    class Arguments:
        reference = graphene.UUID(required=True)

    @classmethod
    def perform(cls, root, info, reference):
        user = require_roles(info, LOAN_APPROVE_ROLES)
        loan = loan_approve(
            sekunder=this_cooperative(), reference=reference, approved_by_id=user.pk
        )
        return {"loan": loan}
