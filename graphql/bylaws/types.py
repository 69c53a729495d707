from __future__ import annotations

import graphene
from graphene_django import DjangoObjectType

from sokoguru.graphql.core.types import Money
from sokoguru.tenants.bylaws.models import BylawsVersion


class ShuAllocation(graphene.ObjectType):
    """SHU allocation percentages (they total 100)."""

    cadangan = graphene.Decimal(required=True)
    jasa_modal = graphene.Decimal(required=True)
    jasa_usaha = graphene.Decimal(required=True)
    pengurus = graphene.Decimal(required=True)
    karyawan = graphene.Decimal(required=True)
    pendidikan = graphene.Decimal(required=True)
    sosial = graphene.Decimal(required=True)
    pembangunan_daerah = graphene.Decimal(required=True)
    lain = graphene.Decimal(required=True)


class BylawsType(DjangoObjectType):
    pokok_amount = Money(required=True)
    wajib_monthly_amount = Money(required=True)
    sukarela_monthly_rate = graphene.Decimal(required=True, description="% per month")
    sukarela_jasa_basis = graphene.String(
        required=True,
        description="Balance jasa simpanan is paid on: lowest (of the month) or daily_average.",
    )
    rat_quorum_percent = graphene.Decimal(required=True)
    rat_second_call_quorum_percent = graphene.Decimal(
        required=True, description="0 = a second call is valid whoever attends"
    )
    rat_vote_weighting = graphene.String(
        required=True, description="one_member, members or business (sekunder)"
    )
    loan_max_amount = Money(required=True, description="0 = no limit")
    loan_max_savings_multiple = graphene.Decimal(required=True, description="0 = no limit")
    min_liquidity_reserve = Money(required=True)
    shu_allocation = graphene.Field(ShuAllocation, required=True)

    class Meta:
        model = BylawsVersion
        name = "Bylaws"
        fields = (
            "effective_from",
            "decided_at",
            "wajib_flag_after_months",
            "wajib_inactive_after_months",
            "rat_quorum_more_than",
            "rat_proxy_allowed",
            "rat_proxy_limit",
            "rat_second_call_min_days",
            "rat_deadline_months",
            "rat_documents_days_before",
            "rat_documents_strict",
            "loan_max_term_months",
            "loan_max_active_per_member",
        )

    @staticmethod
    def resolve_shu_allocation(root, info):
        return ShuAllocation(**root.shu_allocation)
