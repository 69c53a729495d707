"""Fixtures for the production tests: officers, a member-owned business and its products in
cooperative A (rolled back after each test)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from sokoguru.tenants.production.services import business_create, product_create, stock_in
from tests.fixtures.members import register_member  # noqa: F401


@pytest.fixture
def kasir(in_coop_a, make_user):
    return make_user(roles={in_coop_a: "kasir"})


@pytest.fixture
def bendahara(in_coop_a, make_user):
    return make_user(roles={in_coop_a: "bendahara"})


@pytest.fixture
def owner(register_member):  # noqa: F811
    return register_member(
        full_name="Siti Hidroponik", joined_on=date(2024, 6, 3), pokok_on=date(2024, 6, 3)
    )


@pytest.fixture
def business(kasir, owner):
    return business_create(
        name="Hidroponik Melati",
        kind="hidroponik",
        owner_ids=[owner.pk],
        started_on=date(2025, 1, 6),
        created_by_id=kasir.pk,
    )


@pytest.fixture
def consigned(kasir, business):
    """A consignment product (Rp 15.000 per ikat, by-laws commission) with 10 ikat in stock."""
    product = product_create(
        business_id=business.pk,
        name="Selada keriting",
        unit="ikat",
        price=Decimal("15000"),
        created_by_id=kasir.pk,
        is_published=True,
        effective_from=date(2025, 1, 6),
    )
    stock_in(product_id=product.pk, quantity=10, date=date(2025, 3, 1), created_by_id=kasir.pk)
    product.refresh_from_db()
    return product
