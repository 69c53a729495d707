"""The production demo on an RW cooperative seeded with a year of members and savings: a year
of weekly output with gaps, products with generated photos, sales posted to the books, what
consignors were owed settled; the public catalogue publishes it; a second run adds nothing."""

from datetime import date

import pytest
from django.db import connection

from sokoguru.federation.catalogue import demo as catalogue_demo
from sokoguru.federation.catalogue.models import CatalogueItem
from sokoguru.platform.core.demo import DemoContext
from sokoguru.tenants.bylaws import demo as bylaws_demo
from sokoguru.tenants.ledger import chart
from sokoguru.tenants.ledger import demo as ledger_demo
from sokoguru.tenants.ledger.selectors import account_balance
from sokoguru.tenants.members import demo as members_demo
from sokoguru.tenants.production import demo, selectors
from sokoguru.tenants.production.models import Business, OutputRecord, Product, Sale
from sokoguru.tenants.savings import demo as savings_demo

TODAY = date(2026, 10, 15)


@pytest.fixture
def demo_officers(make_user, coop_a):
    for role in ("ketua", "bendahara", "kasir"):
        make_user(roles={coop_a: role}, email=f"{role}.{coop_a.slug}@sokoguru.id")


def test_demo_seeds_a_year_of_output_products_and_sales(demo_officers, coop_a, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    ctx = DemoContext(today=TODAY, cooperatives=[coop_a], log=lambda _: None)
    for step in (ledger_demo.seed, bylaws_demo.seed, members_demo.seed, savings_demo.seed):
        step(ctx=ctx)
    # when
    demo.seed(ctx=ctx)
    catalogue_demo.seed(ctx=ctx)
    connection.set_tenant(coop_a)
    counts = (Business.objects.count(), OutputRecord.objects.count(), Sale.objects.count())
    # then
    assert counts[0] >= 3
    weeks = OutputRecord.objects.values("period_start").distinct().count()
    assert 40 <= weeks <= 52
    businesses = list(Business.objects.all())
    gaps = selectors.businesses_missing_weeks(
        start=date(2025, 10, 13), end=TODAY, businesses=businesses
    )
    assert sum(len(v) for v in gaps.values()) > 0  # some weeks not recorded
    assert all(p.photo and p.thumbnail for p in Product.objects.all())
    assert counts[2] > 0
    sold = sum(s.amount for s in Sale.objects.all())
    pokok = account_balance(account=chart.SIMPANAN_POKOK)
    assert account_balance(account=chart.CONSIGNMENT_PAYABLE) >= 0
    assert account_balance(account=chart.CASH) != pokok or sold == 0
    published = Product.objects.filter(is_published=True).count()
    connection.set_schema_to_public()
    assert CatalogueItem.objects.filter(cooperative=coop_a).count() == published
    # a second run adds nothing
    demo.seed(ctx=ctx)
    connection.set_tenant(coop_a)
    assert (Business.objects.count(), OutputRecord.objects.count(), Sale.objects.count()) == counts
