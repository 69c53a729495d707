from datetime import date
from decimal import Decimal

import pytest

from sokoguru.tenants.ledger import chart
from sokoguru.tenants.ledger.services import Leg, transaction_post
from sokoguru.tenants.ledger.statements import (
    balance_sheet,
    cash_flow,
    equity_changes,
    income_statement,
    trial_balance,
)
from tests.ledger.support import post

D = Decimal


def book():
    """Two years of a small RW cooperative's books."""
    # 2025
    post(date(2025, 1, 5), "2000000.00", chart.CASH, chart.SIMPANAN_POKOK, "25-pokok", member_id=1)
    post(date(2025, 2, 1), "1500000.00", chart.BANK, chart.CASH, "25-setor-bank")
    post(date(2025, 3, 1), "1000000.00", chart.LOANS_RECEIVABLE, chart.BANK, "25-pinjaman")
    post(date(2025, 6, 1), "100000.00", chart.CASH, chart.LOAN_SERVICE_INCOME, "25-jasa")
    post(date(2025, 7, 1), "40000.00", chart.OPERATING_EXPENSE, chart.CASH, "25-atk")
    # 2026
    post(date(2026, 1, 10), "500000.00", chart.CASH, chart.HIBAH, "26-hibah")
    post(date(2026, 2, 1), "300000.00", chart.FIXED_ASSETS, chart.CASH, "26-timbangan")
    post(date(2026, 3, 1), "250000.00", chart.CASH, chart.LOANS_RECEIVABLE, "26-angsuran")
    transaction_post(
        date=date(2026, 4, 1),
        description="Angsuran dengan jasa",
        legs=[
            Leg(account=chart.CASH, debit=D("110000.00")),
            Leg(account=chart.LOANS_RECEIVABLE, credit=D("100000.00"), member_id=2),
            Leg(account=chart.LOAN_SERVICE_INCOME, credit=D("10000.00")),
        ],
        idempotency_key="26-angsuran-jasa",
    )
    post(date(2026, 5, 1), "60000.00", chart.HONORARIUM_EXPENSE, chart.CASH, "26-honor")
    post(date(2026, 5, 2), "200000.00", chart.CASH, chart.LOAN_FROM_BANK, "26-pinjaman-bank")


def test_trial_balance_balances_with_comparative(in_coop_a):
    # given
    book()
    # when
    tb = trial_balance(as_of=date(2026, 6, 30), compare=True)
    # then
    assert tb["debit"] == tb["credit"] == D("2810000.00")
    assert tb["previous_debit"] == tb["previous_credit"] == D("2100000.00")
    cash = next(line for line in tb["lines"] if line["code"] == chart.CASH)
    assert (cash["debit"], cash["previous_debit"]) == (D("1260000.00"), D("600000.00"))


def test_balance_sheet_balances_and_includes_current_year_shu(in_coop_a):
    # given
    book()
    # when
    bs = balance_sheet(as_of=date(2026, 6, 30), compare=True)
    # then
    assert bs["assets"] == D("2710000.00")
    assert bs["liabilities"] == D("200000.00")
    assert bs["shu_current_year"] == D("-50000.00")
    assert bs["shu_prior_unclosed"] == D("60000.00")
    assert bs["equity"] == D("2510000.00")
    assert bs["assets"] == bs["liabilities"] + bs["equity"]
    assert bs["previous"]["assets"] == D("2100000.00")
    assert bs["previous"]["shu_current_year"] == D("100000.00")
    assert bs["previous"]["assets"] == bs["previous"]["liabilities_and_equity"]
    codes = [(line["code"], line["amount"], line["previous_amount"]) for line in bs["asset_lines"]]
    assert codes == [
        (chart.CASH, D("1260000.00"), D("600000.00")),
        (chart.BANK, D("500000.00"), D("500000.00")),
        (chart.LOANS_RECEIVABLE, D("650000.00"), D("1000000.00")),
        (chart.FIXED_ASSETS, D("300000.00"), D("0.00")),
    ]


def test_income_statement_for_a_period_with_comparative(in_coop_a):
    book()
    pl = income_statement(start=date(2026, 1, 1), end=date(2026, 6, 30), compare=True)
    assert (pl["income"], pl["expenses"], pl["surplus"]) == (
        D("10000.00"),
        D("60000.00"),
        D("-50000.00"),
    )
    assert pl["previous"] == {
        "income": D("100000.00"),
        "expenses": D("0.00"),
        "surplus": D("100000.00"),
    }


def test_cash_flow_direct_method_reconciles(in_coop_a):
    book()
    cf = cash_flow(start=date(2026, 1, 1), end=date(2026, 6, 30), compare=True)
    assert cf["opening_cash"] == D("1060000.00")
    assert cf["operating"] == D("300000.00")  # 250k + 100k principal + 10k jasa - 60k honor
    assert cf["investing"] == D("-300000.00")
    assert cf["financing"] == D("700000.00")  # hibah 500k + bank loan 200k
    assert cf["net_change"] == D("700000.00")
    assert cf["closing_cash"] == D("1760000.00")
    assert cf["opening_cash"] + cf["net_change"] == cf["closing_cash"]
    previous = cf["previous"]
    # transfers between cash and bank are not flows
    assert previous["opening_cash"] + previous["net_change"] == previous["closing_cash"]


def test_equity_changes_reconcile_with_balance_sheet(in_coop_a):
    book()
    eq = equity_changes(start=date(2026, 1, 1), end=date(2026, 6, 30), compare=True)
    bs_end = balance_sheet(as_of=date(2026, 6, 30))
    bs_start = balance_sheet(as_of=date(2025, 12, 31))
    assert eq["opening"] == bs_start["equity"] == D("2060000.00")
    assert eq["closing"] == bs_end["equity"] == D("2510000.00")
    assert eq["opening"] + eq["increase"] - eq["decrease"] == eq["closing"]
    hibah = next(row for row in eq["rows"] if row["code"] == chart.HIBAH)
    assert (hibah["opening"], hibah["increase"], hibah["closing"]) == (
        D("0.00"),
        D("500000.00"),
        D("500000.00"),
    )


def test_books_read_once_give_the_balances_and_statements_of_their_own_queries(in_coop_a):
    # given two years of books
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from sokoguru.platform.core.errors import NotFound
    from sokoguru.tenants.ledger.fiscal import fiscal_year_start
    from sokoguru.tenants.ledger.selectors import account_balance
    from sokoguru.tenants.ledger.statements import books_as_of

    book()
    for day in (date(2025, 12, 31), date(2026, 3, 15), date(2026, 6, 30)):
        # when the books are read once as of the day
        year_start = fiscal_year_start(day)
        with CaptureQueriesContext(connection) as queries:
            books = books_as_of(as_of=day, year_start=year_start)
        # then in three queries (chart, closing entries, one scan of the legs) ...
        assert len(queries.captured_queries) == 3
        # ... every balance, the balance sheet and the year to date equal their own queries'
        for account in (chart.CASH, chart.BANK, chart.SIMPANAN_POKOK, chart.LOANS_RECEIVABLE):
            assert books.balance(account) == account_balance(account=account, as_of=day)
        assert books.balance_sheet() == balance_sheet(as_of=day)
        assert books.income_statement_ytd() == income_statement(start=year_start, end=day)
        assert books.has_legs(chart.CASH) and not books.has_legs(chart.PENYERTAAN_SEKUNDER)
    with pytest.raises(NotFound):  # an unknown account, refused as account_balance does
        books.balance("9999")
