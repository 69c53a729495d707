"""GraphQL types of the books: accounts, journal transactions, fiscal periods and statements."""

from __future__ import annotations

import graphene
from graphene_django import DjangoObjectType

from sokoguru.graphql.core.ids import Node
from sokoguru.graphql.core.types import CountableConnection, Money
from sokoguru.tenants.ledger.models import Account, FiscalPeriod, JournalLeg, JournalTransaction
from sokoguru.tenants.ledger.permissions import JOURNAL_READ_ROLES


class AccountKind(graphene.Enum):
    ASSET = "asset"
    LIABILITY = "liability"
    EQUITY = "equity"
    INCOME = "income"
    EXPENSE = "expense"


class NormalBalance(graphene.Enum):
    DEBIT = "debit"
    CREDIT = "credit"


class FiscalPeriodStatus(graphene.Enum):
    REQUESTED = "requested"
    CLOSED = "closed"
    CANCELLED = "cancelled"


class CashFlowActivity(graphene.Enum):
    OPERATING = "operating"
    INVESTING = "investing"
    FINANCING = "financing"


class AccountType(DjangoObjectType):
    type = graphene.Field(AccountKind, required=True)
    normal_balance = graphene.Field(NormalBalance, required=True)
    parent_code = graphene.String()

    class Meta:
        model = Account
        name = "Account"
        fields = ("code", "name", "is_standard", "is_active", "description")

    @staticmethod
    def resolve_type(root, info):
        return str(root.type)

    @staticmethod
    def resolve_normal_balance(root, info):
        return str(root.normal_balance)

    @staticmethod
    def resolve_parent_code(root, info):
        return root.parent_id


class JournalLegType(DjangoObjectType):
    account_code = graphene.String(required=True)
    account_name = graphene.String(required=True)
    member_id = graphene.Int(description="Member sub-ledger (members.Member id), if any")
    debit = Money(required=True)
    credit = Money(required=True)

    class Meta:
        model = JournalLeg
        name = "JournalLeg"
        fields = ("member_id", "debit", "credit")

    @staticmethod
    def resolve_account_code(root, info):
        return root.account_id

    @staticmethod
    def resolve_account_name(root, info):
        return root.account.name


class JournalTransactionType(DjangoObjectType):
    number = graphene.Int(required=True, description="The transaction's number in these books")
    amount = Money(required=True)
    legs = graphene.List(graphene.NonNull(JournalLegType), required=True)
    reversal_of_number = graphene.Int()
    reversed_by_number = graphene.Int()
    is_reversed = graphene.Boolean(required=True)
    created_by_email = graphene.String()

    class Meta:
        model = JournalTransaction
        name = "JournalTransaction"
        interfaces = (Node,)
        connection_class = CountableConnection
        fields = (
            "date",
            "description",
            "source_kind",
            "source_id",
            "idempotency_key",
            "created_at",
        )

    @classmethod
    def get_queryset(cls, queryset, info):
        from sokoguru.graphql.core.permissions import current_roles

        if not current_roles(info) & JOURNAL_READ_ROLES:
            return queryset.none()
        return queryset

    @staticmethod
    def resolve_number(root, info):
        return root.pk

    @staticmethod
    def resolve_legs(root, info):
        return root.legs.all()

    @staticmethod
    def resolve_reversal_of_number(root, info):
        return root.reversal_of_id

    @staticmethod
    def resolve_reversed_by_number(root, info):
        return root.reversed_by_id

    @staticmethod
    def resolve_is_reversed(root, info):
        return root.reversed_by_id is not None

    @staticmethod
    def resolve_created_by_email(root, info):
        return root.created_by.email if root.created_by_id else None


class FiscalPeriodType(DjangoObjectType):
    status = graphene.Field(FiscalPeriodStatus, required=True)
    requested_by_email = graphene.String()
    confirmed_by_email = graphene.String()
    closing_transaction_number = graphene.Int()

    class Meta:
        model = FiscalPeriod
        name = "FiscalPeriod"
        interfaces = (Node,)
        fields = ("start_date", "end_date", "note", "requested_at", "confirmed_at")

    @classmethod
    def get_queryset(cls, queryset, info):
        from sokoguru.graphql.core.permissions import current_roles

        if not current_roles(info) & JOURNAL_READ_ROLES:
            return queryset.none()
        return queryset

    @staticmethod
    def resolve_status(root, info):
        return str(root.status)

    @staticmethod
    def resolve_requested_by_email(root, info):
        return root.requested_by.email if root.requested_by_id else None

    @staticmethod
    def resolve_confirmed_by_email(root, info):
        return root.confirmed_by.email if root.confirmed_by_id else None

    @staticmethod
    def resolve_closing_transaction_number(root, info):
        return root.closing_transaction_id


# --- Statements ---------------------------------------------------------------------------


class StatementLine(graphene.ObjectType):
    code = graphene.String(required=True)
    name = graphene.String(required=True)
    type = graphene.Field(AccountKind, required=True)
    amount = Money(required=True)
    previous_amount = Money(description="Same date or period a year earlier (when compared)")


class TrialBalanceLine(graphene.ObjectType):
    code = graphene.String(required=True)
    name = graphene.String(required=True)
    type = graphene.Field(AccountKind, required=True)
    debit = Money(required=True)
    credit = Money(required=True)
    previous_debit = Money()
    previous_credit = Money()


class TrialBalance(graphene.ObjectType):
    """Neraca saldo."""

    as_of = graphene.Date(required=True)
    previous_as_of = graphene.Date()
    lines = graphene.List(graphene.NonNull(TrialBalanceLine), required=True)
    debit = Money(required=True)
    credit = Money(required=True)
    previous_debit = Money()
    previous_credit = Money()


class BalanceSheetTotals(graphene.ObjectType):
    assets = Money(required=True)
    liabilities = Money(required=True)
    equity = Money(required=True, description="Including SHU not yet closed into equity")
    shu_current_year = Money(required=True)
    shu_prior_unclosed = Money(required=True)
    liabilities_and_equity = Money(required=True)


class BalanceSheet(graphene.ObjectType):
    """Neraca: assets = liabilities + equity."""

    as_of = graphene.Date(required=True)
    previous_as_of = graphene.Date()
    assets = Money(required=True)
    liabilities = Money(required=True)
    equity = Money(required=True, description="Including SHU not yet closed into equity")
    shu_current_year = Money(required=True)
    shu_prior_unclosed = Money(required=True)
    liabilities_and_equity = Money(required=True)
    previous = graphene.Field(BalanceSheetTotals)
    asset_lines = graphene.List(graphene.NonNull(StatementLine), required=True)
    liability_lines = graphene.List(graphene.NonNull(StatementLine), required=True)
    equity_lines = graphene.List(graphene.NonNull(StatementLine), required=True)


class IncomeStatementTotals(graphene.ObjectType):
    income = Money(required=True)
    expenses = Money(required=True)
    surplus = Money(required=True)


class IncomeStatement(graphene.ObjectType):
    """Perhitungan hasil usaha."""

    start = graphene.Date(required=True)
    end = graphene.Date(required=True)
    previous_start = graphene.Date()
    previous_end = graphene.Date()
    income = Money(required=True)
    expenses = Money(required=True)
    surplus = Money(required=True)
    previous = graphene.Field(IncomeStatementTotals)
    income_lines = graphene.List(graphene.NonNull(StatementLine), required=True)
    expense_lines = graphene.List(graphene.NonNull(StatementLine), required=True)


class CashFlowLine(graphene.ObjectType):
    activity = graphene.Field(CashFlowActivity, required=True)
    code = graphene.String(required=True)
    name = graphene.String(required=True)
    amount = Money(required=True)


class NonCashSettlement(graphene.ObjectType):
    """A settlement that moved no money (a loan offset against a leaving member's savings):
    left out of the cash flow, listed in its note."""

    transaction_id = graphene.Int(required=True)
    date = graphene.Date(required=True)
    description = graphene.String(required=True)
    amount = Money(required=True)


class CashFlowPeriod(graphene.ObjectType):
    start = graphene.Date(required=True)
    end = graphene.Date(required=True)
    opening_cash = Money(required=True)
    operating = Money(required=True)
    investing = Money(required=True)
    financing = Money(required=True)
    net_change = Money(required=True)
    closing_cash = Money(required=True)
    lines = graphene.List(graphene.NonNull(CashFlowLine), required=True)
    non_cash = graphene.List(graphene.NonNull(NonCashSettlement), required=True)
    non_cash_total = Money(required=True)


class CashFlow(CashFlowPeriod):
    """Laporan arus kas (direct method)."""

    previous = graphene.Field(CashFlowPeriod)


class EquityChangeRow(graphene.ObjectType):
    code = graphene.String(required=True, description="Empty for the SHU not yet closed")
    name = graphene.String(required=True)
    opening = Money(required=True)
    increase = Money(required=True)
    decrease = Money(required=True)
    closing = Money(required=True)


class EquityChangesPeriod(graphene.ObjectType):
    start = graphene.Date(required=True)
    end = graphene.Date(required=True)
    rows = graphene.List(graphene.NonNull(EquityChangeRow), required=True)
    opening = Money(required=True)
    increase = Money(required=True)
    decrease = Money(required=True)
    closing = Money(required=True)


class EquityChanges(EquityChangesPeriod):
    """Laporan perubahan ekuitas."""

    previous = graphene.Field(EquityChangesPeriod)
