"""Fixtures for the loans tests: officers, active members with savings, cooperative funds and
a flat 10 % product, all in cooperative A (rolled back after each test)."""

from __future__ import annotations

import itertools
from datetime import date
from decimal import Decimal

import pytest

from sokoguru.platform.accounts.permissions import SYSTEM
from sokoguru.tenants.members.services import member_register
from sokoguru.tenants.savings.services import pokok_pay, sukarela_deposit
from tests.fixtures.loans import cooperative_fund, flat_product, loan_disbursed, loan_officers

JOINED = date(2024, 1, 2)
_serial = itertools.count(1)


@pytest.fixture
def officers(in_coop_a, make_user):
    """kasir (enters), bendahara (approves), ketua (approves too), pengawas (looks only)."""
    return loan_officers(make_user, in_coop_a)


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
            created_by_id=SYSTEM,
        )
        pokok_pay(member_id=member.pk, date=JOINED, created_by_id=SYSTEM)
        if sukarela:
            sukarela_deposit(
                member_id=member.pk,
                amount=sukarela,
                date=JOINED,
                idempotency_key=f"test:sukarela:{member.pk}",
                created_by_id=SYSTEM,
            )
        member.refresh_from_db()
        return member

    return make


@pytest.fixture
def fund(in_coop_a):
    """Put money in the cooperative's cash (a grant), e.g. ``fund(Decimal("5000000"))``."""
    return cooperative_fund


@pytest.fixture
def product(in_coop_a):
    """Flat 10 % per term, 1–12 months, per-instalment penalty Rp 5.000 after 3 days."""
    return flat_product()


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
        return loan_disbursed(
            member=member or make_member(),
            product=loan_product or product,
            officers=officers,
            amount=amount,
            tenor=tenor,
            disbursed_on=disbursed_on,
            first_due_date=first_due_date,
        )

    return make
