"""Cooperative API: the inter-cooperative books. On a sekunder's host its side (capital held
per member cooperative, loans to members, the reconciliation); on a member cooperative's host
its side (penyertaan, loans from the sekunder)."""

from __future__ import annotations

import graphene

from sokoguru.graphql.core.permissions import require_roles
from sokoguru.graphql.intercoop.mutations._common import this_cooperative
from sokoguru.graphql.intercoop.mutations.intercoop_capital_pay import InterCoopCapitalPay
from sokoguru.graphql.intercoop.mutations.intercoop_loan_accept import InterCoopLoanAccept
from sokoguru.graphql.intercoop.mutations.intercoop_loan_approve import InterCoopLoanApprove
from sokoguru.graphql.intercoop.mutations.intercoop_loan_disburse import InterCoopLoanDisburse
from sokoguru.graphql.intercoop.mutations.intercoop_loan_offer import InterCoopLoanOffer
from sokoguru.graphql.intercoop.mutations.intercoop_loan_repay import InterCoopLoanRepay
from sokoguru.graphql.intercoop.types import (
    InterCoopCapitalEntryType,
    InterCoopLoanType,
    InterCoopReconciliationType,
)
from sokoguru.platform.core.errors import NotFound
from sokoguru.platform.tenancy.models import Cooperative
from sokoguru.tenants.intercoop import selectors
from sokoguru.tenants.intercoop.permissions import INTERCOOP_READ_ROLES


class InterCoopQueries(graphene.ObjectType):
    intercoop_capital_entries = graphene.List(
        graphene.NonNull(InterCoopCapitalEntryType),
        required=True,
        description="Capital paid in (sekunder) or out (member cooperative), newest first.",
    )
    intercoop_loans = graphene.List(graphene.NonNull(InterCoopLoanType), required=True)
    intercoop_reconciliation = graphene.List(
        graphene.NonNull(InterCoopReconciliationType),
        required=True,
        description="A sekunder's books against each member cooperative's.",
    )

    @staticmethod
    def resolve_intercoop_capital_entries(root, info):
        require_roles(info, INTERCOOP_READ_ROLES)
        return list(selectors.capital_entry_list()[:500])

    @staticmethod
    def resolve_intercoop_loans(root, info):
        require_roles(info, INTERCOOP_READ_ROLES)
        return list(selectors.loan_list())

    @staticmethod
    def resolve_intercoop_reconciliation(root, info):
        require_roles(info, INTERCOOP_READ_ROLES)
        cooperative = this_cooperative()
        if cooperative.kind != Cooperative.Kind.SECONDARY:
            raise NotFound(
                "Hanya untuk koperasi sekunder. / Secondary cooperatives only.",
                field="cooperative",
            )
        return selectors.intercoop_reconciliation(sekunder=cooperative)


class InterCoopMutations(graphene.ObjectType):
    intercoop_capital_pay = InterCoopCapitalPay.Field()
    intercoop_loan_offer = InterCoopLoanOffer.Field()
    intercoop_loan_approve = InterCoopLoanApprove.Field()
    intercoop_loan_accept = InterCoopLoanAccept.Field()
    intercoop_loan_disburse = InterCoopLoanDisburse.Field()
    intercoop_loan_repay = InterCoopLoanRepay.Field()
