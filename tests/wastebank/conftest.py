"""Fixtures for the waste bank tests, in cooperative A (rolled back after each test): officers,
cash in the till, customers (a member and a non-member household) and the default items."""

from __future__ import annotations

import itertools
from datetime import date
from decimal import Decimal

import pytest

from sokoguru.platform.accounts.permissions import SYSTEM
from sokoguru.tenants.members.services import member_register
from sokoguru.tenants.savings.services import pokok_pay
from sokoguru.tenants.wastebank.models import WasteItem
from sokoguru.tenants.wastebank.services import customer_register
from tests.fixtures.loans import cooperative_fund
from tests.fixtures.members import make_nik

JOINED = date(2025, 1, 6)
_keys = itertools.count(1)


@pytest.fixture
def officers(in_coop_a, make_user):
    """kasir (desk and cash), bendahara (manager), sekretaris (desk only), pengawas (reads)."""
    return {
        role: make_user(roles={in_coop_a: role})
        for role in ("kasir", "bendahara", "sekretaris", "pengawas", "anggota")
    }


@pytest.fixture
def kasir(officers):
    return officers["kasir"]


@pytest.fixture
def items(in_coop_a) -> dict[str, WasteItem]:
    """The default items installed at provisioning, by code."""
    return {item.code: item for item in WasteItem.objects.all()}


@pytest.fixture
def fund(in_coop_a):
    return lambda amount, on=date(2025, 1, 2): cooperative_fund(Decimal(amount), on=on)


@pytest.fixture
def member(in_coop_a):
    m = member_register(
        created_by_id=SYSTEM, full_name="Siti Aminah", nik=make_nik(), joined_on=JOINED, rt="003"
    )
    pokok_pay(member_id=m.pk, date=JOINED, created_by_id=SYSTEM)
    m.refresh_from_db()
    return m


@pytest.fixture
def member_customer(member, kasir):
    return customer_register(member_id=member.pk, created_by_id=kasir.pk)


@pytest.fixture
def household(in_coop_a, kasir):
    return customer_register(
        name="Ibu Warsih", rt="005", phone="081234567890", created_by_id=kasir.pk
    )


@pytest.fixture
def key():
    return lambda prefix="k": f"test:{prefix}:{next(_keys)}"
