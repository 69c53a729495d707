"""Types of the inter-cooperative books (a sekunder's side or a member cooperative's side)."""

from __future__ import annotations

import graphene

from sokoguru.graphql.core.types import Money
from sokoguru.platform.tenancy.models import Cooperative
from sokoguru.platform.tenancy.today import cooperative_today
from sokoguru.tenants.intercoop.selectors import loan_standing


def _counterparty_name(info, cooperative_id: int) -> str:
    cache = info.context.__dict__.setdefault("_intercoop_names", {})
    if cooperative_id not in cache:
        cache[cooperative_id] = (
            Cooperative.objects.filter(pk=cooperative_id).values_list("name", flat=True).first()
            or ""
        )
    return cache[cooperative_id]


class InterCoopCapitalEntryType(graphene.ObjectType):
    reference = graphene.String(required=True)
    side = graphene.String(required=True, description="sekunder or primary")
    counterparty_name = graphene.String(required=True)
    kind = graphene.String(required=True, description="pokok or wajib")
    amount = Money(required=True)
    date = graphene.Date(required=True)

    @staticmethod
    def resolve_counterparty_name(root, info):
        return _counterparty_name(info, root.counterparty_id)


class InterCoopInstallmentType(graphene.ObjectType):
    number = graphene.Int(required=True)
    due_date = graphene.Date(required=True)
    principal = Money(required=True)
    jasa = Money(required=True)
    principal_paid = Money(required=True)
    jasa_paid = Money(required=True)


class InterCoopLoanType(graphene.ObjectType):
    reference = graphene.String(required=True)
    side = graphene.String(required=True, description="sekunder (lender) or primary (borrower)")
    counterparty_name = graphene.String(required=True)
    product_name = graphene.String(required=True)
    amount = Money(required=True)
    tenor = graphene.Int(required=True)
    status = graphene.String(required=True)
    disbursed_on = graphene.Date()
    outstanding_principal = Money(required=True)
    days_past_due = graphene.Int(required=True)
    bucket = graphene.String(required=True, description="Collectibility bucket (loans app)")
    installments = graphene.List(graphene.NonNull(InterCoopInstallmentType), required=True)

    @staticmethod
    def resolve_counterparty_name(root, info):
        return _counterparty_name(info, root.counterparty_id)

    @staticmethod
    def resolve_outstanding_principal(root, info):
        return loan_standing(loan=root, as_of=cooperative_today()).outstanding_principal

    @staticmethod
    def resolve_days_past_due(root, info):
        return loan_standing(loan=root, as_of=cooperative_today()).days_past_due

    @staticmethod
    def resolve_bucket(root, info):
        return loan_standing(loan=root, as_of=cooperative_today()).bucket

    @staticmethod
    def resolve_installments(root, info):
        return sorted(root.installments.all(), key=lambda i: i.number)


class InterCoopReconciliationType(graphene.ObjectType):
    member_cooperative_name = graphene.String(required=True)
    capital_held = Money(required=True)
    capital_invested = Money(required=True)
    capital_difference = Money(required=True)
    loan_receivable = Money(required=True)
    loan_payable = Money(required=True)
    loan_difference = Money(required=True)
    reconciled = graphene.Boolean(required=True)
