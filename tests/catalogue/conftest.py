"""Fixtures for the public catalogue: products in cooperatives A (Harapan Jaya) and B (Medan),
published into the public projection the way the refresher does."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from django.db import connection

from sokoguru.federation.catalogue.services import catalogue_opt_in_set, catalogue_publish
from sokoguru.platform.accounts.permissions import SYSTEM
from sokoguru.tenants.members.services import member_register
from sokoguru.tenants.production.services import business_create, product_create, stock_in
from tests.fixtures.members import make_nik


def seed_products(coop, user, products):
    """In ``coop``'s schema: one business and ``products`` [(name, published)], each with stock."""
    connection.set_tenant(coop)
    member = member_register(
        created_by_id=SYSTEM, full_name="Ibu Rahma", nik=make_nik(), joined_on=date(2025, 1, 6)
    )
    business = business_create(
        name=f"Kebun {coop.slug}",
        kind="hidroponik",
        owner_ids=[member.pk],
        started_on=date(2025, 1, 6),
        created_by_id=user.pk,
    )
    made = {}
    for name, published in products:
        product = product_create(
            business_id=business.pk,
            name=name,
            unit="ikat",
            price=Decimal("12000"),
            is_published=published,
            created_by_id=user.pk,
        )
        stock_in(product_id=product.pk, quantity=5, date=date(2025, 3, 1), created_by_id=user.pk)
        made[name] = product
    connection.set_schema_to_public()
    return made


@pytest.fixture
def ketua_ab(make_user, coop_a, coop_b):
    return make_user(roles={coop_a: ["ketua", "kasir"], coop_b: ["ketua", "kasir"]})


@pytest.fixture
def catalogue(coop_a, coop_b, ketua_ab):
    """A opted in (one published, one unpublished product); B not opted in (one published)."""
    a = seed_products(coop_a, ketua_ab, [("Selada hijau", True), ("Rahasia dapur", False)])
    b = seed_products(coop_b, ketua_ab, [("Kangkung pegawai", True)])
    catalogue_opt_in_set(cooperative=coop_a, enabled=True, user=ketua_ab)
    catalogue_publish(cooperative=coop_a)
    catalogue_publish(cooperative=coop_b)
    return {"a": a, "b": b}
