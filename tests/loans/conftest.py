"""Fixtures for the loans tests: officers, active members with savings, cooperative funds and
a flat 10 % product, all in cooperative A (rolled back after each test)."""

from __future__ import annotations

import itertools
from datetime import date
from decimal import Decimal

import pytest

from sokoguru.tenants.ledger import chart
from sokoguru.tenants.ledger.services import Leg, transaction_post
from sokoguru.tenants.loans.models import LoanProduct
from sokoguru.tenants.loans.services import (
    loan_apply,
    loan_approve,
    loan_disburse,
)
from sokoguru.tenants.members.services import member_register
from sokoguru.tenants.savings.services import pokok_pay, sukarela_deposit

JOINED = date(2024, 1, 2)
_serial = itertools.count(1)


@pytest.fixture
def officers(in_coop_a, make_user):
    """kasir (enters), bendahara (approves), ketua (approves too), pengawas (looks only)."""
    return {
        "kasir": make_user(roles={in_coop_a: "kasir"}),
        "bendahara": make_user(roles={in_coop_a: "bendahara"}),
        "ketua": make_user(roles={in_coop_a: "ketua"}),
        "pengawas": make_user(roles={in_coop_a: "pengawas"}),
    }


@pytest.fixture
def make_member(in_coop_a):
    """An active member (pokok paid) with ``sukarela`` in simpanan sukarela."""

    def make(*, name: str = "Siti Aminah", sukarela: Decimal = Decimal("500000"), phone=""):
        n = next(_serial)
        member = member_register(
            full_name=f"{name} {n}",
            nik=f"327503150585{n:04d}",
            joined_on=JOINED,
            phone=phone,
        )
        pokok_pay(member_id=member.pk, date=JOINED)
        if sukarela:
            sukarela_deposit(
                member_id=member.pk,
                amount=sukarela,
                date=JOINED,
                idempotency_key=f"test:sukarela:{member.pk}",
            )
        member.refresh_from_db()
        return member

    return make


@pytest.fixture
def fund(in_coop_a):
    """Put money in the cooperative's cash (a grant), e.g. ``fund(Decimal("5000000"))``."""
    counter = itertools.count(1)

    def add(amount: Decimal, *, on: date = date(2024, 12, 1), account: str = chart.CASH):
        return transaction_post(
            date=on,
            description="Hibah modal usaha",
            legs=[Leg(account=account, debit=amount), Leg(account=chart.HIBAH, credit=amount)],
            idempotency_key=f"test:fund:{next(counter)}:{amount}:{on}",
        )

    return add


@pytest.fixture
def product(in_coop_a):
    """Flat 10 % per term, 1–12 months, per-instalment penalty Rp 5.000 after 3 days."""
    p = LoanProduct(
        code="UJI",
        name="Pinjaman uji",
        method="flat",
        rate_percent=Decimal("10"),
        rate_basis="per_term",
        min_tenor=1,
        max_tenor=12,
        penalty_method="per_instalment",
        penalty_flat=Decimal("5000"),
        penalty_grace_days=3,
    )
    p.full_clean()
    p.save()
    return p


@pytest.fixture
def active_loan(officers, make_member, fund, product):
    """A disbursed loan: Rp 1.000.000, 10 months, disbursed 2025-01-10 (first due 2025-02-10).
    The cooperative gets Rp 20.000.000 in cash first."""
    fund(Decimal("20000000"))

    def make(
        *,
        amount=Decimal("1000000"),
        tenor=10,
        member=None,
        disbursed_on=date(2025, 1, 10),
        first_due_date=None,
        loan_product=None,
    ):
        member = member or make_member()
        loan = loan_apply(
            member_id=member.pk,
            product_id=(loan_product or product).pk,
            amount=amount,
            tenor=tenor,
            purpose="Modal hidroponik",
            entered_by_id=officers["kasir"].pk,
            applied_on=disbursed_on,
        )
        loan_approve(loan_id=loan.pk, approved_by_id=officers["bendahara"].pk)
        return loan_disburse(
            loan_id=loan.pk,
            disbursed_by_id=officers["kasir"].pk,
            disbursed_on=disbursed_on,
            first_due_date=first_due_date,
        )

    return make
