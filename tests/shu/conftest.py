"""A small cooperative year for the SHU tests, in cooperative A: four members (one joins in
July, one leaves in September), two loans repaid in part, income from members and from
non-members, costs; closed at 31 December 2025 by two officers."""

from __future__ import annotations

import itertools
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

import pytest

from sokoguru.platform.accounts.permissions import SYSTEM
from sokoguru.tenants.ledger import chart
from sokoguru.tenants.ledger.services import (
    Leg,
    period_close_confirm,
    period_close_request,
    transaction_post,
)
from sokoguru.tenants.loans.services import loan_repay
from sokoguru.tenants.members.services import member_register
from sokoguru.tenants.savings.services import pokok_pay, wajib_pay
from sokoguru.tenants.shu.models import NonMemberIncomeAccount
from sokoguru.tenants.workflows.member_exit import member_exit
from tests.fixtures.loans import cooperative_fund, flat_product, loan_disbursed

_serial = itertools.count(1)
ROLES = ("ketua", "bendahara", "sekretaris", "kasir", "pengawas")


@pytest.fixture
def shu_officers(in_coop_a, make_user):
    return {role: make_user(roles={in_coop_a: role}) for role in ROLES}


def member(name: str, *, joined_on: date, wajib: Decimal):
    n = next(_serial)
    m = member_register(
        created_by_id=SYSTEM, full_name=name, nik=f"327503120485{n:04d}", joined_on=joined_on
    )
    pokok_pay(member_id=m.pk, date=joined_on, created_by_id=SYSTEM)
    if wajib:
        wajib_pay(
            member_id=m.pk,
            amount=wajib,
            date=joined_on,
            idempotency_key=f"t:wajib:{m.pk}",
            created_by_id=SYSTEM,
        )
    m.refresh_from_db()
    return m


def post(day: date, amount: str, debit: str, credit: str, what: str):
    return transaction_post(
        date=day,
        description=what,
        legs=[
            Leg(account=debit, debit=Decimal(amount)),
            Leg(account=credit, credit=Decimal(amount)),
        ],
        idempotency_key=f"t:{what}:{day}:{amount}:{next(_serial)}",
    )


def close_year(officers, year: int = 2025):
    period = period_close_request(
        start_date=date(year, 1, 1),
        end_date=date(year, 12, 31),
        requested_by_id=officers["bendahara"].pk,
    )
    return period_close_confirm(period_id=period.pk, confirmed_by_id=officers["ketua"].pk)


@dataclass
class Year:
    officers: dict
    siti: object  # joined January, borrower (jasa 30.000)
    budi: object  # joined January, borrower (jasa 10.000)
    citra: object  # joined 1 July
    dedi: object  # joined January, left 30 September


@pytest.fixture
def year_2025(in_coop_a, shu_officers):
    """The worked example's year (SHU Rp 1.100.000, of which Rp 100.000 from non-members),
    not yet closed."""
    officers = shu_officers
    loan_officers = {
        "kasir": officers["kasir"],
        "bendahara": officers["bendahara"],
    }
    cooperative_fund(Decimal("5000000"), on=date(2024, 12, 1))
    siti = member("Siti Aminah", joined_on=date(2025, 1, 2), wajib=Decimal("240000"))
    budi = member("Budi Santoso", joined_on=date(2025, 1, 2), wajib=Decimal("100000"))
    citra = member("Citra Lestari", joined_on=date(2025, 7, 1), wajib=Decimal("120000"))
    dedi = member("Dedi Kurniawan", joined_on=date(2025, 1, 2), wajib=Decimal("60000"))
    product = flat_product()
    loan_siti = loan_disbursed(member=siti, product=product, officers=loan_officers)
    loan_budi = loan_disbursed(
        member=budi, product=product, officers=loan_officers, amount=Decimal("500000")
    )
    for month in (2, 3, 4):  # 3 × (100.000 + jasa 10.000)
        loan_repay(
            loan_id=loan_siti.pk,
            amount=Decimal("110000"),
            date=date(2025, month, 10),
            idempotency_key=f"t:siti:{month}",
            received_by_id=officers["kasir"].pk,
        )
    for month in (2, 3):  # 2 × (50.000 + jasa 5.000)
        loan_repay(
            loan_id=loan_budi.pk,
            amount=Decimal("55000"),
            date=date(2025, month, 10),
            idempotency_key=f"t:budi:{month}",
            received_by_id=officers["kasir"].pk,
        )
    member_exit(member_id=dedi.pk, date=date(2025, 9, 30), created_by_id=SYSTEM)
    # Income: jasa 40.000 (members), waste bank margin 1.960.000 (members),
    # sales to non-members 200.000 (account tagged non-member); costs 1.100.000.
    post(date(2025, 6, 30), "1960000", chart.CASH, chart.WASTE_BANK_MARGIN, "margin")
    post(date(2025, 8, 15), "200000", chart.CASH, chart.SALES, "penjualan umum")
    post(date(2025, 11, 30), "1100000", chart.OPERATING_EXPENSE, chart.CASH, "biaya")
    NonMemberIncomeAccount.objects.create(account_code=chart.SALES, note="Penjualan umum")
    for m in (siti, budi, citra, dedi):
        m.refresh_from_db()
    return Year(officers, siti, budi, citra, dedi)
