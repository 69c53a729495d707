"""Loans in the cooperative API: products, applications, loans with their schedule and
repayments, the funding queue and the portfolio by collectibility bucket."""

from __future__ import annotations

import graphene

from sokoguru.graphql.core.fields import ConnectionField
from sokoguru.graphql.core.ids import Node
from sokoguru.graphql.core.permissions import require_roles
from sokoguru.graphql.core.types import Money, enum_value
from sokoguru.graphql.loans.dataloaders import with_prefetches
from sokoguru.graphql.loans.mutations.loan_apply import LoanApply
from sokoguru.graphql.loans.mutations.loan_approve import LoanApprove
from sokoguru.graphql.loans.mutations.loan_cancel import LoanCancel
from sokoguru.graphql.loans.mutations.loan_disburse import LoanDisburse
from sokoguru.graphql.loans.mutations.loan_pay_off import LoanPayOff
from sokoguru.graphql.loans.mutations.loan_penalty_waiver_approve import LoanPenaltyWaiverApprove
from sokoguru.graphql.loans.mutations.loan_penalty_waiver_reject import LoanPenaltyWaiverReject
from sokoguru.graphql.loans.mutations.loan_penalty_waiver_request import LoanPenaltyWaiverRequest
from sokoguru.graphql.loans.mutations.loan_product_create import LoanProductCreate
from sokoguru.graphql.loans.mutations.loan_product_update import LoanProductUpdate
from sokoguru.graphql.loans.mutations.loan_queue_serve import LoanQueueServe
from sokoguru.graphql.loans.mutations.loan_recover import LoanRecover
from sokoguru.graphql.loans.mutations.loan_reject import LoanReject
from sokoguru.graphql.loans.mutations.loan_repay import LoanRepay
from sokoguru.graphql.loans.mutations.loan_repayment_reverse import LoanRepaymentReverse
from sokoguru.graphql.loans.mutations.loan_settings_update import LoanSettingsUpdate
from sokoguru.graphql.loans.mutations.loan_write_off_approve import LoanWriteOffApprove
from sokoguru.graphql.loans.mutations.loan_write_off_reject import LoanWriteOffReject
from sokoguru.graphql.loans.mutations.loan_write_off_request import LoanWriteOffRequest
from sokoguru.graphql.loans.types import (
    LoanBucket,
    LoanBucketSummaryType,
    LoanPayoffQuoteType,
    LoanPortfolioSummaryType,
    LoanProductType,
    LoanSettingsType,
    LoanStatus,
    LoanType,
    decode_id,
)
from sokoguru.platform.accounts.models import ADMIN_ROLES
from sokoguru.tenants.loans import aging
from sokoguru.tenants.loans.models import Loan
from sokoguru.tenants.loans.selectors import (
    available_funds,
    cooperative_today,
    funding_queue,
    loan_list,
    loan_payoff_quote,
    loan_portfolio_summary,
    loan_product_list,
    loan_settings_get,
)

APPLICATION_STATUSES = [str(s) for s in Loan.APPLICATION_STATUSES]


class LoanQueries(graphene.ObjectType):
    loan_products = graphene.List(
        graphene.NonNull(LoanProductType), required=True, active=graphene.Boolean()
    )
    loan_settings = graphene.Field(LoanSettingsType, required=True)
    loans = ConnectionField(
        LoanType,
        status=graphene.List(graphene.NonNull(LoanStatus)),
        bucket=LoanBucket(),
        member_id=graphene.ID(description="Member database id"),
        description="Loans, newest first; filter by status, collectibility bucket, member.",
    )
    loan_applications = ConnectionField(
        LoanType,
        status=graphene.List(graphene.NonNull(LoanStatus)),
        description="Applications not yet disbursed (submitted, approved, queued by default).",
    )
    loan = Node.Field(LoanType)
    loan_funding_queue = graphene.List(
        graphene.NonNull(LoanType),
        required=True,
        description="Approved loans waiting for funds, first come first served.",
    )
    loan_available_funds = Money(
        required=True,
        description="Cash + bank − minimum liquidity reserve − approved loans not disbursed",
    )
    loan_portfolio_summary = graphene.Field(
        LoanPortfolioSummaryType, required=True, as_of=graphene.Date()
    )
    loan_payoff_quote = graphene.Field(
        LoanPayoffQuoteType, required=True, loan_id=graphene.ID(required=True), on=graphene.Date()
    )

    @staticmethod
    def resolve_loan_products(root, info, active=None):
        require_roles(info, ADMIN_ROLES)
        return loan_product_list(active=active)

    @staticmethod
    def resolve_loan_settings(root, info):
        require_roles(info, ADMIN_ROLES)
        return loan_settings_get()

    @staticmethod
    def resolve_loans(root, info, status=None, bucket=None, member_id=None, **kwargs):
        require_roles(info, ADMIN_ROLES)
        qs = loan_list(
            status=[enum_value(s) for s in status] if status else None,
            bucket=enum_value(bucket),
            member_id=decode_id(member_id, "Member", field="member_id") if member_id else None,
        )
        return with_prefetches(qs, info)

    @staticmethod
    def resolve_loan_applications(root, info, status=None, **kwargs):
        require_roles(info, ADMIN_ROLES)
        statuses = [enum_value(s) for s in status] if status else APPLICATION_STATUSES
        return with_prefetches(loan_list(status=statuses), info)

    @staticmethod
    def resolve_loan_funding_queue(root, info):
        require_roles(info, ADMIN_ROLES)
        return list(with_prefetches(funding_queue(), info))

    @staticmethod
    def resolve_loan_available_funds(root, info):
        require_roles(info, ADMIN_ROLES)
        return available_funds()

    @staticmethod
    def resolve_loan_portfolio_summary(root, info, as_of=None):
        require_roles(info, ADMIN_ROLES)
        summary = loan_portfolio_summary(as_of=as_of or cooperative_today())
        return LoanPortfolioSummaryType(
            count=summary["count"],
            outstanding=summary["outstanding"],
            buckets=[
                LoanBucketSummaryType(bucket=b, **summary["buckets"][b]) for b in aging.BUCKETS
            ],
            npl_ratio=summary["npl_ratio"],
            allowance=summary["allowance"],
            queue_length=summary["queue_length"],
            queue_amount=summary["queue_amount"],
            available_funds=available_funds(),
        )

    @staticmethod
    def resolve_loan_payoff_quote(root, info, loan_id, on=None):
        require_roles(info, ADMIN_ROLES)
        quote = loan_payoff_quote(
            loan_id=decode_id(loan_id, "Loan", field="loan_id"), on=on or cooperative_today()
        )
        return LoanPayoffQuoteType(**quote)


class LoanMutations(graphene.ObjectType):
    loan_product_create = LoanProductCreate.Field()
    loan_product_update = LoanProductUpdate.Field()
    loan_settings_update = LoanSettingsUpdate.Field()
    loan_apply = LoanApply.Field()
    loan_approve = LoanApprove.Field()
    loan_reject = LoanReject.Field()
    loan_cancel = LoanCancel.Field()
    loan_queue_serve = LoanQueueServe.Field()
    loan_disburse = LoanDisburse.Field()
    loan_repay = LoanRepay.Field()
    loan_pay_off = LoanPayOff.Field()
    loan_write_off_request = LoanWriteOffRequest.Field()
    loan_write_off_approve = LoanWriteOffApprove.Field()
    loan_write_off_reject = LoanWriteOffReject.Field()
    loan_repayment_reverse = LoanRepaymentReverse.Field()
    loan_recover = LoanRecover.Field()
    loan_penalty_waiver_request = LoanPenaltyWaiverRequest.Field()
    loan_penalty_waiver_approve = LoanPenaltyWaiverApprove.Field()
    loan_penalty_waiver_reject = LoanPenaltyWaiverReject.Field()
