"""Case 14 of "books that hold up": the fiscal year comes from the by-laws (first month of the
tahun buku), validated, and the year end, SHU and period close follow it."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from sokoguru.platform.accounts.permissions import SYSTEM
from sokoguru.tenants.bylaws.models import BylawsVersion
from sokoguru.tenants.bylaws.services import bylaws_version_create
from sokoguru.tenants.ledger import chart
from sokoguru.tenants.ledger.fiscal import fiscal_year_bounds, fiscal_year_of, is_fiscal_year_end
from sokoguru.tenants.ledger.models import FiscalPeriod
from sokoguru.tenants.ledger.selectors import account_balance
from sokoguru.tenants.ledger.services import (
    Leg,
    period_close_confirm,
    period_close_request,
    transaction_post,
)
from sokoguru.tenants.shu.selectors import year_is_closed


def _july_year():
    # The by-laws before ran on the calendar year; from 1 July 2024 the tahun buku is July–June.
    return bylaws_version_create(
        effective_from=date(2024, 7, 1), fiscal_year_start_month=7, created_by_id=SYSTEM
    )


def test_a_july_fiscal_year_closes_on_30_june(in_coop_a, officers):
    # given
    _july_year()
    transaction_post(
        date=date(2025, 3, 1),
        description="Jasa lain",
        legs=[
            Leg(account=chart.CASH, debit="40000"),
            Leg(account=chart.OTHER_INCOME, credit="40000"),
        ],
        idempotency_key="fy:income",
    )
    # then: the year runs 1 July 2024 – 30 June 2025 (before: 31 December was the year end)
    assert fiscal_year_bounds(2024) == (date(2024, 7, 1), date(2025, 6, 30))
    assert fiscal_year_of(date(2025, 3, 1)) == 2024
    assert is_fiscal_year_end(date(2025, 6, 30))
    assert not is_fiscal_year_end(date(2024, 12, 31))
    # when: the books are closed through 30 June 2025
    period = period_close_request(
        start_date=date(2024, 7, 1),
        end_date=date(2025, 6, 30),
        requested_by_id=officers["bendahara"].pk,
    )
    period = period_close_confirm(period_id=period.pk, confirmed_by_id=officers["ketua"].pk)
    # then: the income is closed into SHU belum dibagi on 30 June, and SHU sees year 2024 closed
    assert period.closing_transaction is not None
    assert period.closing_transaction.date == date(2025, 6, 30)
    assert account_balance(account=chart.SHU_UNDISTRIBUTED) == Decimal("40000.00")
    assert account_balance(account=chart.OTHER_INCOME) == Decimal("0.00")
    assert year_is_closed(fiscal_year=2024)


@pytest.mark.parametrize(
    ("effective_from", "month"),
    [
        (date(2024, 7, 15), 7),  # not the first day of the new year
        (date(2024, 6, 1), 7),  # not the new first month
        (date(2024, 7, 1), 13),  # no such month
        (date(2024, 7, 1), 0),
    ],
)
def test_a_fiscal_year_change_that_does_not_start_a_year_is_refused(
    in_coop_a, effective_from, month
):
    versions = BylawsVersion.objects.count()
    with pytest.raises(ValidationError) as exc:
        bylaws_version_create(
            effective_from=effective_from, fiscal_year_start_month=month, created_by_id=SYSTEM
        )
    assert "fiscal_year_start_month" in exc.value.message_dict
    assert BylawsVersion.objects.count() == versions
    assert FiscalPeriod.objects.count() == 0
