"""A constructed cooperative (cooperative A) whose books give known health ratios as of
31 March 2026 — see ``test_assessment.py`` for every figure worked out by hand."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from sokoguru.tenants.ledger import chart
from sokoguru.tenants.ledger.services import Leg, transaction_post
from sokoguru.tenants.loans.models import Loan
from tests.fixtures.loans import flat_product, loan_disbursed, loan_officers
from tests.fixtures.members import register_member  # noqa: F401

D = Decimal
MONTH = date(2026, 3, 31)


def post(day, description, *legs, key):
    return transaction_post(
        date=day,
        description=description,
        legs=[Leg(account=a, debit=D(dr), credit=D(cr)) for a, dr, cr in legs],
        idempotency_key=f"health-test:{key}",
    )


def build_books(register, make_user, cooperative) -> dict:
    """Three members (pokok Rp 100.000 each), capital, three loans (Rp 10 jt lancar, 6 jt kurang
    lancar, 4 jt macet), a quarter's income and expenses, an allowance and a bank loan."""
    from sokoguru.tenants.bylaws.models import BylawsVersion

    # The by-laws' loan limits off (0 = no limit): the test is about the ratios, not the policy.
    BylawsVersion.objects.update(loan_max_savings_multiple=0, loan_max_amount=0)
    officers = loan_officers(make_user, cooperative)
    members = [
        register(full_name=f"Anggota {n}", joined_on=date(2026, 1, 2), pokok_on=date(2026, 1, 2))
        for n in (1, 2, 3)
    ]
    post(
        date(2026, 1, 2),
        "Setoran modal awal",
        (chart.CASH, "39700000", "0"),
        (chart.SIMPANAN_POKOK, "0", "3700000"),
        (chart.SIMPANAN_WAJIB, "0", "8000000"),
        (chart.SIMPANAN_SUKARELA, "0", "20000000"),
        (chart.HIBAH, "0", "6000000"),
        (chart.CADANGAN, "0", "2000000"),
        key="capital",
    )
    product = flat_product()
    loans = [
        loan_disbursed(
            member=m,
            product=product,
            officers=officers,
            amount=D(a),
            disbursed_on=date(2026, 1, 10),
        )
        for m, a in zip(members, ("10000000", "6000000", "4000000"), strict=True)
    ]
    Loan.objects.filter(pk=loans[1].pk).update(bucket="kurang_lancar")
    Loan.objects.filter(pk=loans[2].pk).update(bucket="macet")
    post(
        date(2026, 2, 1),
        "Setor ke bank",
        (chart.BANK, "5000000", "0"),
        (chart.CASH, "0", "5000000"),
        key="bank",
    )
    post(
        date(2026, 2, 15),
        "Jasa pinjaman",
        (chart.CASH, "3000000", "0"),
        (chart.LOAN_SERVICE_INCOME, "0", "3000000"),
        key="jasa",
    )
    post(
        date(2026, 2, 20),
        "Beban triwulan",
        (chart.SAVINGS_SERVICE_EXPENSE, "300000", "0"),
        (chart.HONORARIUM_EXPENSE, "600000", "0"),
        (chart.OPERATING_EXPENSE, "400000", "0"),
        (chart.RAT_EXPENSE, "200000", "0"),
        (chart.CASH, "0", "1500000"),
        key="expenses",
    )
    post(
        date(2026, 3, 1),
        "Cadangan kerugian piutang",
        (chart.LOAN_LOSS_EXPENSE, "500000", "0"),
        (chart.LOAN_LOSS_ALLOWANCE, "0", "500000"),
        key="allowance",
    )
    post(
        date(2026, 3, 5),
        "Pinjaman bank",
        (chart.CASH, "1000000", "0"),
        (chart.LOAN_FROM_BANK, "0", "1000000"),
        key="bank-loan",
    )
    post(
        date(2026, 3, 10),
        "Pendapatan lain",
        (chart.CASH, "500000", "0"),
        (chart.OTHER_INCOME, "0", "500000"),
        key="other",
    )
    return {"officers": officers, "members": members, "loans": loans, "product": product}


@pytest.fixture
def books(in_coop_a, register_member, make_user):  # noqa: F811
    return build_books(register_member, make_user, in_coop_a)
