"""SHU in the cooperative API: simulation, proposals, members' shares, payouts, funds."""

from __future__ import annotations

import graphene

from sokoguru.graphql.core.fields import ConnectionField
from sokoguru.graphql.core.permissions import require_roles
from sokoguru.graphql.core.types import enum_value
from sokoguru.graphql.shu.mutations.shu_distribute import ShuDistribute
from sokoguru.graphql.shu.mutations.shu_fund_spend_approve import ShuFundSpendApprove
from sokoguru.graphql.shu.mutations.shu_fund_spend_request import ShuFundSpendRequest
from sokoguru.graphql.shu.mutations.shu_payout import ShuPayout
from sokoguru.graphql.shu.mutations.shu_proposal_approve import ShuProposalApprove
from sokoguru.graphql.shu.mutations.shu_proposal_create import ShuProposalCreate
from sokoguru.graphql.shu.types import (
    ShuFund,
    ShuFundBalanceType,
    ShuFundMovementType,
    ShuProposalType,
    ShuShareType,
    ShuSimulationType,
    ShuWithholdingReportType,
)
from sokoguru.tenants.shu.models import ShuShare
from sokoguru.tenants.shu.permissions import VIEW_ROLES
from sokoguru.tenants.shu.selectors import (
    shu_fund_balances,
    shu_fund_movement_list,
    shu_proposal_for_year,
    shu_proposal_list,
    shu_share_list,
    shu_simulate,
    shu_withholding_report,
)


class ShuQueries(graphene.ObjectType):
    shu_simulation = graphene.Field(
        ShuSimulationType,
        required=True,
        fiscal_year=graphene.Int(required=True),
        as_of=graphene.Date(description="Figures up to this day (today by default)"),
        description="The year's SHU from the current figures (final once the year is closed).",
    )
    shu_proposal = graphene.Field(ShuProposalType, fiscal_year=graphene.Int(required=True))
    shu_proposals = graphene.List(graphene.NonNull(ShuProposalType), required=True)
    shu_shares = ConnectionField(
        ShuShareType,
        fiscal_year=graphene.Int(required=True),
        unpaid=graphene.Boolean(description="true: still owed; false: paid (the payouts)"),
        description="Members' SHU of the year's proposal, by member number.",
    )
    shu_funds = graphene.List(graphene.NonNull(ShuFundBalanceType), required=True)
    shu_fund_movements = ConnectionField(ShuFundMovementType, fund=ShuFund())
    shu_withholding = graphene.Field(
        ShuWithholdingReportType, fiscal_year=graphene.Int(required=True)
    )

    @staticmethod
    def resolve_shu_simulation(root, info, fiscal_year, as_of=None):
        user = require_roles(info, VIEW_ROLES)
        return ShuSimulationType.of(
            shu_simulate(fiscal_year=fiscal_year, user_id=user.pk, as_of=as_of)
        )

    @staticmethod
    def resolve_shu_proposal(root, info, fiscal_year):
        require_roles(info, VIEW_ROLES)
        return shu_proposal_for_year(fiscal_year=fiscal_year)

    @staticmethod
    def resolve_shu_proposals(root, info):
        require_roles(info, VIEW_ROLES)
        return list(shu_proposal_list())

    @staticmethod
    def resolve_shu_shares(root, info, fiscal_year, unpaid=None, **kwargs):
        require_roles(info, VIEW_ROLES)
        proposal = shu_proposal_for_year(fiscal_year=fiscal_year)
        if proposal is None:
            return ShuShare.objects.none()
        return shu_share_list(proposal_id=proposal.pk, unpaid=unpaid).select_related("proposal")

    @staticmethod
    def resolve_shu_funds(root, info):
        require_roles(info, VIEW_ROLES)
        return [ShuFundBalanceType(**fund) for fund in shu_fund_balances()]

    @staticmethod
    def resolve_shu_fund_movements(root, info, fund=None, **kwargs):
        require_roles(info, VIEW_ROLES)
        return shu_fund_movement_list(fund=enum_value(fund))

    @staticmethod
    def resolve_shu_withholding(root, info, fiscal_year):
        require_roles(info, VIEW_ROLES)
        proposal = shu_proposal_for_year(fiscal_year=fiscal_year)
        if proposal is None:
            return None
        report = shu_withholding_report(proposal_id=proposal.pk)
        return ShuWithholdingReportType(
            fiscal_year=fiscal_year,
            gross=report["gross"],
            withheld=report["withheld"],
            shares=report["shares"],
        )


class ShuMutations(graphene.ObjectType):
    shu_proposal_create = ShuProposalCreate.Field()
    shu_proposal_approve = ShuProposalApprove.Field()
    shu_distribute = ShuDistribute.Field()
    shu_payout = ShuPayout.Field()
    shu_fund_spend_request = ShuFundSpendRequest.Field()
    shu_fund_spend_approve = ShuFundSpendApprove.Field()
