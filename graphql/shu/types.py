"""GraphQL types of SHU (cooperative API)."""

from __future__ import annotations

import graphene
from graphene_django import DjangoObjectType

from sokoguru.graphql.core.ids import Node
from sokoguru.graphql.core.types import CountableConnection, Money
from sokoguru.tenants.shu.models import ShuFundMovement, ShuProposal, ShuShare


class ShuStatus(graphene.Enum):
    PROPOSED = "proposed"
    APPROVED = "approved"
    DISTRIBUTED = "distributed"


class ShuPayoutVia(graphene.Enum):
    UNPAID = "unpaid"
    SUKARELA = "sukarela"
    CASH = "cash"
    BANK = "bank"


class ShuFund(graphene.Enum):
    PENGURUS = "pengurus"
    KARYAWAN = "karyawan"
    PENDIDIKAN = "pendidikan"
    SOSIAL = "sosial"
    PEMBANGUNAN_DAERAH = "pembangunan_daerah"
    LAIN = "lain"


class ShuPoolType(graphene.ObjectType):
    """One part of the allocation: the reserve, jasa modal, jasa usaha or a fund."""

    class Meta:
        name = "ShuPool"

    key = graphene.String(required=True)
    label = graphene.String(required=True)
    account_code = graphene.String(required=True)
    member_percent = graphene.Decimal(required=True)
    non_member_percent = graphene.Decimal(required=True)
    member_amount = Money(required=True)
    non_member_amount = Money(required=True)
    amount = Money(required=True)


class ShuSimulatedShareType(graphene.ObjectType):
    class Meta:
        name = "ShuSimulatedShare"

    member_id = graphene.ID(required=True)
    member_number = graphene.String(required=True)
    member_name = graphene.String(required=True)
    simpanan = Money(required=True)
    participation = Money(required=True)
    jasa_modal = Money(required=True)
    jasa_usaha = Money(required=True)
    gross = Money(required=True)
    withheld = Money(required=True)
    net = Money(required=True)


class ShuSimulationType(graphene.ObjectType):
    """The year's SHU computed from the books now (a draft until the year is closed)."""

    class Meta:
        name = "ShuSimulation"

    fiscal_year = graphene.Int(required=True)
    final = graphene.Boolean(required=True, description="The year is closed")
    figures_to = graphene.Date(required=True)
    income = Money(required=True)
    non_member_income = Money(required=True)
    shu = Money(required=True)
    member_part = Money(required=True)
    non_member_part = Money(required=True)
    statement = graphene.String(required=True)
    pools = graphene.List(graphene.NonNull(ShuPoolType), required=True)
    shares = graphene.List(graphene.NonNull(ShuSimulatedShareType), required=True)

    @classmethod
    def of(cls, result) -> ShuSimulationType:
        return cls(
            fiscal_year=result.fiscal_year,
            final=result.final,
            figures_to=result.end,
            income=result.income,
            non_member_income=result.non_member_income,
            shu=result.shu,
            member_part=result.member_part,
            non_member_part=result.non_member_part,
            statement=result.statement,
            pools=[
                ShuPoolType(
                    key=p.key,
                    label=p.label,
                    account_code=p.account_code,
                    member_percent=p.member_percent,
                    non_member_percent=p.non_member_percent,
                    member_amount=p.member_amount,
                    non_member_amount=p.non_member_amount,
                    amount=p.amount,
                )
                for p in result.pools
            ],
            shares=[
                ShuSimulatedShareType(
                    member_id=s.member_id,
                    member_number=s.number,
                    member_name=s.name,
                    simpanan=s.simpanan,
                    participation=s.participation,
                    jasa_modal=s.jasa_modal,
                    jasa_usaha=s.jasa_usaha,
                    gross=s.gross,
                    withheld=s.withheld,
                    net=s.net,
                )
                for s in result.shares
            ],
        )


class ShuShareType(DjangoObjectType):
    """A member's SHU of a proposal (JMA + JUA, withholding, payout)."""

    member_id = graphene.ID(required=True, description="Member database id")
    simpanan = Money(required=True)
    participation = Money(required=True)
    jasa_modal = Money(required=True)
    jasa_usaha = Money(required=True)
    gross = Money(required=True)
    withheld = Money(required=True)
    net = Money(required=True)
    payout = graphene.Field(ShuPayoutVia, required=True)
    fiscal_year = graphene.Int(required=True)

    class Meta:
        model = ShuShare
        name = "ShuShare"
        interfaces = (Node,)
        connection_class = CountableConnection
        fields = ("member_number", "member_name", "paid_on")

    @staticmethod
    def resolve_fiscal_year(root, info):
        return root.proposal.fiscal_year


class ShuProposalType(DjangoObjectType):
    status = graphene.Field(ShuStatus, required=True)
    income = Money(required=True)
    non_member_income = Money(required=True)
    shu = Money(required=True)
    member_part = Money(required=True)
    non_member_part = Money(required=True)
    pools = graphene.List(graphene.NonNull(ShuPoolType), required=True)
    member_count = graphene.Int(required=True)
    unpaid_total = Money(required=True)

    class Meta:
        model = ShuProposal
        name = "ShuProposal"
        interfaces = (Node,)
        fields = (
            "fiscal_year",
            "statement",
            "proposed_at",
            "decided_on",
            "decision_reference",
            "distributed_on",
            "jma_basis",
            "exited_rule",
            "participation_sources",
        )

    @staticmethod
    def resolve_pools(root, info):
        return list(root.pools.order_by("position"))

    @staticmethod
    def resolve_member_count(root, info):
        return root.shares.count()

    @staticmethod
    def resolve_unpaid_total(root, info):
        from django.db.models import Sum

        if root.status != ShuProposal.Status.DISTRIBUTED:
            return 0
        return root.shares.filter(payout="unpaid").aggregate(t=Sum("net"))["t"] or 0


class ShuFundBalanceType(graphene.ObjectType):
    class Meta:
        name = "ShuFundBalance"

    key = graphene.String(required=True)
    label = graphene.String(required=True)
    account_code = graphene.String(required=True)
    balance = Money(required=True)


class ShuFundMovementType(DjangoObjectType):
    amount = Money(required=True)
    kind = graphene.String(required=True)
    status = graphene.String(required=True)

    class Meta:
        model = ShuFundMovement
        name = "ShuFundMovement"
        interfaces = (Node,)
        connection_class = CountableConnection
        fields = ("fund", "account_code", "date", "purpose", "pay_from", "transaction_id")


class ShuWithholdingReportType(graphene.ObjectType):
    class Meta:
        name = "ShuWithholdingReport"

    fiscal_year = graphene.Int(required=True)
    gross = Money(required=True)
    withheld = Money(required=True)
    shares = graphene.List(graphene.NonNull(ShuShareType), required=True)
