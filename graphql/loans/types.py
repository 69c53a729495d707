"""GraphQL types of the loan book (cooperative API)."""

from __future__ import annotations

import graphene
from graphene_django import DjangoObjectType

from sokoguru.graphql.core.ids import Node, encode_id
from sokoguru.graphql.core.ids import decode_id as core_decode_id
from sokoguru.graphql.core.permissions import current_roles
from sokoguru.graphql.core.types import CountableConnection, Money
from sokoguru.graphql.loans import dataloaders
from sokoguru.platform.accounts.models import ADMIN_ROLES
from sokoguru.tenants.loans import aging
from sokoguru.tenants.loans.models import (
    Instalment,
    Loan,
    LoanProduct,
    LoanSettings,
    PenaltyWaiver,
    Repayment,
)


class LoanStatus(graphene.Enum):
    SUBMITTED = "submitted"
    APPROVED = "approved"
    QUEUED = "queued"
    REJECTED = "rejected"
    CANCELLED = "cancelled"
    ACTIVE = "active"
    PAID_OFF = "paid_off"
    WRITTEN_OFF = "written_off"


class LoanBucket(graphene.Enum):
    LANCAR = aging.LANCAR
    DALAM_PERHATIAN_KHUSUS = aging.DALAM_PERHATIAN_KHUSUS
    KURANG_LANCAR = aging.KURANG_LANCAR
    DIRAGUKAN = aging.DIRAGUKAN
    MACET = aging.MACET


class LoanMethod(graphene.Enum):
    FLAT = "flat"
    DECLINING = "declining"
    ANNUITY = "annuity"


class LoanRateBasis(graphene.Enum):
    PER_MONTH = "per_month"
    PER_TERM = "per_term"


class LoanPenaltyMethod(graphene.Enum):
    NONE = "none"
    PER_DAY = "per_day"
    PER_INSTALMENT = "per_instalment"


class LoanEarlyPayoffJasa(graphene.Enum):
    PRO_RATA = "pro_rata"
    FULL = "full"
    NEXT = "next"
    NONE = "none"


class LoanExcessTo(graphene.Enum):
    SUKARELA = "sukarela"
    PREPAY = "prepay"


class LoanQueueServing(graphene.Enum):
    AUTO = "auto"
    MANUAL = "manual"


class LoanAccount(graphene.Enum):
    CASH = "cash"
    BANK = "bank"


class RepaymentKind(graphene.Enum):
    COUNTER = "counter"
    PAYROLL = "payroll"
    PAYOFF = "payoff"
    RECOVERY = "recovery"


def is_officer(info) -> bool:
    return bool(current_roles(info) & ADMIN_ROLES)


def decode_id(value, type_name: str, *, field: str) -> int:
    """A relay global ID of ``type_name`` (or a plain number) → the database id."""
    return core_decode_id(value, type_name, field=field)


class LoanProductType(DjangoObjectType):
    method = graphene.Field(LoanMethod, required=True)
    rate_basis = graphene.Field(LoanRateBasis, required=True)
    penalty_method = graphene.Field(LoanPenaltyMethod, required=True)
    early_payoff_jasa = graphene.Field(LoanEarlyPayoffJasa, required=True)
    excess_to = graphene.Field(LoanExcessTo, required=True)
    rate_percent = graphene.Decimal(required=True)
    max_savings_multiple = graphene.Decimal(required=True)
    admin_fee_percent = graphene.Decimal(required=True)
    penalty_percent = graphene.Decimal(required=True)
    penalty_cap_percent = graphene.Decimal(required=True)
    min_amount = Money(required=True)
    max_amount = Money(required=True)
    admin_fee_flat = Money(required=True)
    penalty_flat = Money(required=True)

    class Meta:
        model = LoanProduct
        name = "LoanProduct"
        interfaces = (Node,)
        fields = (
            "code",
            "name",
            "description",
            "min_tenor",
            "max_tenor",
            "penalty_grace_days",
            "guarantor_required",
            "is_active",
        )

    @classmethod
    def get_queryset(cls, queryset, info):
        return queryset if is_officer(info) else queryset.none()


class LoanSettingsType(DjangoObjectType):
    queue_serving = graphene.Field(LoanQueueServing, required=True)
    payroll_account = graphene.Field(LoanAccount, required=True)
    allowance_lancar_percent = graphene.Decimal(required=True)
    allowance_dalam_perhatian_khusus_percent = graphene.Decimal(required=True)
    allowance_kurang_lancar_percent = graphene.Decimal(required=True)
    allowance_diragukan_percent = graphene.Decimal(required=True)
    allowance_macet_percent = graphene.Decimal(required=True)

    class Meta:
        model = LoanSettings
        name = "LoanSettings"
        fields = (
            "reminder_days_before",
            "dalam_perhatian_khusus_from",
            "kurang_lancar_from",
            "diragukan_from",
            "macet_from",
            "allowance_deducts_savings",
            "updated_at",
        )


class InstalmentType(DjangoObjectType):
    principal = Money(required=True)
    jasa = Money(required=True)
    total = Money(required=True)
    principal_paid = Money(required=True)
    jasa_paid = Money(required=True)
    jasa_waived = Money(required=True)
    penalty_charged = Money(required=True)
    penalty_paid = Money(required=True)
    penalty_waived = Money(required=True)
    amount_due = Money(required=True, description="Pokok + jasa + denda yang belum dibayar")

    class Meta:
        model = Instalment
        name = "LoanInstalment"
        fields = ("number", "due_date", "paid_on")

    @staticmethod
    def resolve_amount_due(root, info):
        return root.unpaid + root.penalty_due


class RepaymentType(DjangoObjectType):
    kind = graphene.Field(RepaymentKind, required=True)
    account = graphene.Field(LoanAccount, required=True)
    amount = Money(required=True)
    penalty = Money(required=True)
    jasa = Money(required=True)
    principal = Money(required=True)
    recovery = Money(required=True)
    to_savings = Money(required=True)
    jasa_waived = Money(required=True)

    class Meta:
        model = Repayment
        name = "LoanRepayment"
        interfaces = (Node,)
        fields = ("date", "transaction_id", "created_at", "reversed_on", "reversal_reason")

    @classmethod
    def get_queryset(cls, queryset, info):
        return queryset if is_officer(info) else queryset.none()


class PenaltyWaiverStatus(graphene.Enum):
    REQUESTED = "requested"
    APPROVED = "approved"
    REJECTED = "rejected"


class PenaltyWaiverType(DjangoObjectType):
    amount = Money(required=True)
    status = graphene.Field(PenaltyWaiverStatus, required=True)
    loan_id = graphene.ID(required=True)

    class Meta:
        model = PenaltyWaiver
        name = "LoanPenaltyWaiver"
        interfaces = (Node,)
        fields = ("reason", "requested_on", "decided_on", "created_at")

    @classmethod
    def get_queryset(cls, queryset, info):
        return queryset if is_officer(info) else queryset.none()

    @staticmethod
    def resolve_status(root, info):
        return PenaltyWaiver.Status(root.status).value

    @staticmethod
    def resolve_loan_id(root, info):
        return encode_id("Loan", root.loan_id)


class LoanMemberType(graphene.ObjectType):
    """The borrower (or guarantor) as the loan book shows it."""

    id = graphene.ID(required=True, description="Member database id")
    number = graphene.String(required=True)
    full_name = graphene.String(required=True)
    status = graphene.String(required=True)

    class Meta:
        name = "LoanMember"

    @staticmethod
    def resolve_id(root, info):
        return root.pk


class LoanType(DjangoObjectType):
    status = graphene.Field(LoanStatus, required=True)
    bucket = graphene.Field(LoanBucket, required=True)
    method = graphene.Field(LoanMethod, required=True)
    rate_basis = graphene.Field(LoanRateBasis, required=True)
    rate_percent = graphene.Decimal(required=True)
    amount = Money(required=True)
    admin_fee = Money(required=True)
    total_jasa = Money(required=True)
    outstanding_principal = Money(required=True)
    written_off_amount = Money(required=True)
    recovered_amount = Money(required=True)
    allowance = Money(required=True, description="Cadangan kerugian piutang held for this loan")
    member = graphene.Field(LoanMemberType, required=True)
    guarantor = graphene.Field(LoanMemberType)
    product = graphene.Field(LoanProductType, required=True)
    schedule = graphene.List(graphene.NonNull(InstalmentType), required=True)
    repayments = graphene.List(graphene.NonNull(RepaymentType), required=True)
    queue_position = graphene.Int(description="1 = next to be funded; null when not queued")

    class Meta:
        model = Loan
        name = "Loan"
        interfaces = (Node,)
        connection_class = CountableConnection
        fields = (
            "number",
            "tenor",
            "purpose",
            "payroll_deduction",
            "applied_on",
            "decided_at",
            "decision_note",
            "queued_at",
            "committed_at",
            "disbursed_on",
            "first_due_date",
            "maturity_date",
            "days_past_due",
            "closed_on",
            "write_off_requested_on",
            "write_off_reason",
            "created_at",
        )

    @classmethod
    def get_queryset(cls, queryset, info):
        if not is_officer(info):
            return queryset.none()
        return queryset.select_related("member", "product", "guarantor")

    @staticmethod
    def resolve_schedule(root, info):
        return root.instalments.all()

    @staticmethod
    def resolve_repayments(root, info):
        return root.repayments.all()

    @staticmethod
    def resolve_queue_position(root, info):
        return dataloaders.queue_position_of(info, root)


class LoanBucketSummaryType(graphene.ObjectType):
    bucket = graphene.Field(LoanBucket, required=True)
    count = graphene.Int(required=True)
    outstanding = Money(required=True)

    class Meta:
        name = "LoanBucketSummary"


class LoanPortfolioSummaryType(graphene.ObjectType):
    count = graphene.Int(required=True)
    outstanding = Money(required=True)
    buckets = graphene.List(graphene.NonNull(LoanBucketSummaryType), required=True)
    npl_ratio = graphene.Decimal(
        required=True,
        description="0..1, four places: (kurang lancar + diragukan + macet) / outstanding",
    )
    allowance = Money(required=True, description="Cadangan kerugian piutang of active loans")
    queue_length = graphene.Int(required=True)
    queue_amount = Money(required=True)
    available_funds = Money(required=True)

    class Meta:
        name = "LoanPortfolioSummary"


class LoanPayoffQuoteType(graphene.ObjectType):
    due = Money(required=True, description="Everything due by the payoff date")
    principal_rest = Money(required=True)
    jasa_charged = Money(required=True)
    jasa_waived = Money(required=True)
    total = Money(required=True)

    class Meta:
        name = "LoanPayoffQuote"
