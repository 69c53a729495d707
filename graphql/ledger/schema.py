from __future__ import annotations

import graphene

from sokoguru.graphql.core.fields import ConnectionField
from sokoguru.graphql.core.permissions import require_roles
from sokoguru.graphql.core.types import enum_value
from sokoguru.graphql.ledger.mutations.account_create import AccountCreate
from sokoguru.graphql.ledger.mutations.journal_entry_post import JournalEntryPost
from sokoguru.graphql.ledger.mutations.period_close_cancel import PeriodCloseCancel
from sokoguru.graphql.ledger.mutations.period_close_confirm import PeriodCloseConfirm
from sokoguru.graphql.ledger.mutations.period_close_request import PeriodCloseRequest
from sokoguru.graphql.ledger.mutations.transaction_reverse import TransactionReverse
from sokoguru.graphql.ledger.types import (
    AccountKind,
    AccountType,
    BalanceSheet,
    CashFlow,
    EquityChanges,
    FiscalPeriodType,
    IncomeStatement,
    JournalTransactionType,
    TrialBalance,
)
from sokoguru.platform.core.errors import SokoguruError
from sokoguru.tenants.ledger import selectors, statements
from sokoguru.tenants.ledger.permissions import JOURNAL_READ_ROLES, STATEMENT_READ_ROLES


def _check_range(start, end) -> None:
    if end < start:
        raise SokoguruError(
            "Tanggal akhir tidak boleh sebelum tanggal mulai.", field="end", code="invalid"
        )


class LedgerQueries(graphene.ObjectType):
    """The cooperative's books."""

    accounts = graphene.List(
        graphene.NonNull(AccountType),
        required=True,
        type=AccountKind(),
        active=graphene.Boolean(),
        description="Bagan akun / chart of accounts",
    )
    journal_transactions = ConnectionField(
        JournalTransactionType,
        start=graphene.Date(),
        end=graphene.Date(),
        account=graphene.String(description="Account code; includes its sub-accounts"),
        member_id=graphene.Int(),
        source_kind=graphene.String(),
        source_id=graphene.String(),
        description="Jurnal, newest first (page size capped)",
    )
    fiscal_periods = graphene.List(graphene.NonNull(FiscalPeriodType), required=True)
    trial_balance = graphene.Field(
        TrialBalance,
        required=True,
        as_of=graphene.Date(required=True),
        compare=graphene.Boolean(default_value=True),
    )
    balance_sheet = graphene.Field(
        BalanceSheet,
        required=True,
        as_of=graphene.Date(required=True),
        compare=graphene.Boolean(default_value=True),
    )
    income_statement = graphene.Field(
        IncomeStatement,
        required=True,
        start=graphene.Date(required=True),
        end=graphene.Date(required=True),
        compare=graphene.Boolean(default_value=True),
    )
    cash_flow = graphene.Field(
        CashFlow,
        required=True,
        start=graphene.Date(required=True),
        end=graphene.Date(required=True),
        compare=graphene.Boolean(default_value=True),
    )
    equity_changes = graphene.Field(
        EquityChanges,
        required=True,
        start=graphene.Date(required=True),
        end=graphene.Date(required=True),
        compare=graphene.Boolean(default_value=True),
    )

    @staticmethod
    def resolve_accounts(root, info, type=None, active=None):
        require_roles(info, STATEMENT_READ_ROLES)
        return selectors.account_list(type=enum_value(type), active=active)

    @staticmethod
    def resolve_journal_transactions(
        root,
        info,
        start=None,
        end=None,
        account=None,
        member_id=None,
        source_kind=None,
        source_id=None,
        **kwargs,
    ):
        require_roles(info, JOURNAL_READ_ROLES)
        return selectors.transaction_list(
            start=start,
            end=end,
            account=account,
            member_id=member_id,
            source_kind=source_kind,
            source_id=source_id,
            with_legs=True,
        ).select_related("created_by")

    @staticmethod
    def resolve_fiscal_periods(root, info):
        require_roles(info, JOURNAL_READ_ROLES)
        return selectors.fiscal_period_list().select_related("requested_by", "confirmed_by")

    @staticmethod
    def resolve_trial_balance(root, info, as_of, compare=True):
        require_roles(info, STATEMENT_READ_ROLES)
        return statements.trial_balance(as_of=as_of, compare=compare)

    @staticmethod
    def resolve_balance_sheet(root, info, as_of, compare=True):
        require_roles(info, STATEMENT_READ_ROLES)
        return statements.balance_sheet(as_of=as_of, compare=compare)

    @staticmethod
    def resolve_income_statement(root, info, start, end, compare=True):
        require_roles(info, STATEMENT_READ_ROLES)
        _check_range(start, end)
        return statements.income_statement(start=start, end=end, compare=compare)

    @staticmethod
    def resolve_cash_flow(root, info, start, end, compare=True):
        require_roles(info, STATEMENT_READ_ROLES)
        _check_range(start, end)
        return statements.cash_flow(start=start, end=end, compare=compare)

    @staticmethod
    def resolve_equity_changes(root, info, start, end, compare=True):
        require_roles(info, STATEMENT_READ_ROLES)
        _check_range(start, end)
        return statements.equity_changes(start=start, end=end, compare=compare)


class LedgerMutations(graphene.ObjectType):
    journal_entry_post = JournalEntryPost.Field()
    transaction_reverse = TransactionReverse.Field()
    period_close_request = PeriodCloseRequest.Field()
    period_close_confirm = PeriodCloseConfirm.Field()
    period_close_cancel = PeriodCloseCancel.Field()
    account_create = AccountCreate.Field()
