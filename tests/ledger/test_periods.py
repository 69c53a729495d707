from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from sokoguru.platform.core.errors import Conflict
from sokoguru.tenants.ledger import chart
from sokoguru.tenants.ledger.models import FiscalPeriod, JournalTransaction
from sokoguru.tenants.ledger.selectors import account_balance
from sokoguru.tenants.ledger.services import (
    period_close_cancel,
    period_close_confirm,
    period_close_request,
    transaction_reverse,
)
from sokoguru.tenants.ledger.statements import balance_sheet, income_statement
from tests.ledger.support import post


def test_close_needs_a_second_officer(in_coop_a, officers):
    # given
    bendahara, _ = officers
    period = period_close_request(
        start_date=date(2026, 1, 1), end_date=date(2026, 1, 31), requested_by_id=bendahara.pk
    )
    # when / then
    with pytest.raises(ValidationError) as exc:
        period_close_confirm(period_id=period.pk, confirmed_by_id=bendahara.pk)
    assert "confirmed_by_id" in exc.value.message_dict
    assert FiscalPeriod.objects.get(pk=period.pk).status == "requested"


def test_confirmed_close_blocks_postings_in_the_period(in_coop_a, close_period):
    # given
    post(date(2026, 1, 10), "100000.00", chart.CASH, chart.SALES, "jan")
    period = close_period(date(2026, 1, 1), date(2026, 1, 31))
    # when / then
    assert period.status == "closed"
    with pytest.raises(ValidationError) as exc:
        post(date(2026, 1, 31), "5000.00", chart.CASH, chart.SALES, "late")
    assert "date" in exc.value.message_dict
    assert not JournalTransaction.objects.filter(idempotency_key="late").exists()
    # the day after is open
    post(date(2026, 2, 1), "5000.00", chart.CASH, chart.SALES, "feb")


def test_retry_of_a_posting_already_in_a_closed_period_returns_it(in_coop_a, close_period):
    # given
    first = post(date(2026, 1, 10), "100000.00", chart.CASH, chart.SALES, "jan")
    close_period(date(2026, 1, 1), date(2026, 1, 31))
    # when
    again = post(date(2026, 1, 10), "100000.00", chart.CASH, chart.SALES, "jan")
    # then
    assert again.pk == first.pk


def test_reversal_cannot_be_dated_in_closed_period(in_coop_a, close_period):
    # given
    txn = post(date(2026, 1, 10), "100000.00", chart.CASH, chart.SALES, "jan")
    close_period(date(2026, 1, 1), date(2026, 1, 31))
    # when / then
    with pytest.raises(ValidationError) as exc:
        transaction_reverse(transaction_id=txn.pk, date=date(2026, 1, 20), idempotency_key="r")
    assert "date" in exc.value.message_dict
    # a reversal dated in the open period is the way to correct it
    rev = transaction_reverse(transaction_id=txn.pk, date=date(2026, 2, 3), idempotency_key="r")
    assert rev.date == date(2026, 2, 3)


def test_overlapping_request_is_refused(in_coop_a, officers):
    bendahara, _ = officers
    period_close_request(
        start_date=date(2026, 1, 1), end_date=date(2026, 1, 31), requested_by_id=bendahara.pk
    )
    with pytest.raises(ValidationError) as exc:
        period_close_request(
            start_date=date(2026, 1, 15), end_date=date(2026, 2, 15), requested_by_id=bendahara.pk
        )
    assert "start_date" in exc.value.message_dict
    assert FiscalPeriod.objects.count() == 1


def test_cancelled_request_frees_the_dates(in_coop_a, officers):
    bendahara, ketua = officers
    period = period_close_request(
        start_date=date(2026, 1, 1), end_date=date(2026, 1, 31), requested_by_id=bendahara.pk
    )
    period_close_cancel(period_id=period.pk, cancelled_by_id=ketua.pk)
    with pytest.raises(Conflict):
        period_close_confirm(period_id=period.pk, confirmed_by_id=ketua.pk)
    again = period_close_request(
        start_date=date(2026, 1, 1), end_date=date(2026, 1, 31), requested_by_id=bendahara.pk
    )
    assert again.status == "requested"


def test_year_end_close_moves_surplus_into_shu_belum_dibagi(in_coop_a, close_period):
    # given: 2025 income 1.1 million, expenses 250 thousand
    post(date(2025, 3, 1), "1000000.00", chart.CASH, chart.SIMPANAN_POKOK, "capital")
    post(date(2025, 6, 1), "1000000.00", chart.CASH, chart.LOAN_SERVICE_INCOME, "jasa")
    post(date(2025, 7, 1), "100000.00", chart.CASH, chart.PENALTY_INCOME, "denda")
    post(date(2025, 8, 1), "250000.00", chart.OPERATING_EXPENSE, chart.CASH, "atk")
    # when
    period = close_period(date(2025, 1, 1), date(2025, 12, 31))
    # then
    closing = period.closing_transaction
    assert closing.source_kind == "ledger.closing"
    assert closing.date == date(2025, 12, 31)
    assert account_balance(account=chart.SHU_UNDISTRIBUTED) == Decimal("850000.00")
    assert account_balance(account=chart.LOAN_SERVICE_INCOME) == Decimal("0.00")
    # the year's income statement still shows the year
    statement = income_statement(start=date(2025, 1, 1), end=date(2025, 12, 31))
    assert (statement["income"], statement["expenses"], statement["surplus"]) == (
        Decimal("1100000.00"),
        Decimal("250000.00"),
        Decimal("850000.00"),
    )
    sheet = balance_sheet(as_of=date(2026, 1, 31))
    assert sheet["assets"] == Decimal("1850000.00")
    assert sheet["equity"] == Decimal("1850000.00")
    assert sheet["shu_current_year"] == Decimal("0.00")
    assert sheet["shu_prior_unclosed"] == Decimal("0.00")


def test_a_posting_in_the_same_transaction_as_the_close_is_checked_before_it(
    in_coop_a, close_period
):
    from django.db import connection

    # given: a posting into January, not committed yet (the test's transaction)
    post(date(2026, 1, 10), "100000.00", chart.CASH, chart.SALES, "jan-same")
    # when: January is closed in the same database transaction
    close_period(date(2026, 1, 1), date(2026, 1, 31))
    # then: the commit-time checks have already run for the posting while January was open
    # (ledger_deferred_checks_now), so they pass now that it is closed
    with connection.cursor() as cur:
        cur.execute("SET CONSTRAINTS ALL IMMEDIATE")
    assert account_balance(account=chart.CASH) == Decimal("100000.00")
