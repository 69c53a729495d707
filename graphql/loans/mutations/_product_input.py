"""The product fields shared by loanProductCreate and loanProductUpdate."""

from __future__ import annotations

import graphene

from sokoguru.graphql.core.types import Money, enum_value
from sokoguru.graphql.loans.types import (
    LoanEarlyPayoffJasa,
    LoanExcessTo,
    LoanMethod,
    LoanPenaltyMethod,
    LoanRateBasis,
)


class LoanProductFields:
    name = graphene.String()
    description = graphene.String()
    method = LoanMethod()
    rate_percent = graphene.Decimal(description="Percent per month or per term")
    rate_basis = LoanRateBasis()
    min_tenor = graphene.Int()
    max_tenor = graphene.Int()
    min_amount = Money()
    max_amount = Money(description="0 = no limit")
    max_savings_multiple = graphene.Decimal(description="× pokok+wajib+sukarela; 0 = no limit")
    admin_fee_percent = graphene.Decimal()
    admin_fee_flat = Money()
    penalty_method = LoanPenaltyMethod()
    penalty_percent = graphene.Decimal()
    penalty_flat = Money()
    penalty_cap_percent = graphene.Decimal(description="Of the instalment; 0 = no cap")
    penalty_grace_days = graphene.Int()
    guarantor_required = graphene.Boolean()
    early_payoff_jasa = LoanEarlyPayoffJasa()
    excess_to = LoanExcessTo()
    is_active = graphene.Boolean()


def product_changes(data) -> dict:
    return {
        name: enum_value(value)
        for name, value in data.items()
        if value is not None and name not in {"product_id"}
    }
