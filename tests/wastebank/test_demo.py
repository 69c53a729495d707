"""The waste bank demo on an RW cooperative: a year of weekly weighing days, monthly sales, a
price change mid-year; the books agree; a second run adds nothing."""

import time

from django.db import connection
from django.utils import timezone

from sokoguru.platform.core.demo import DemoContext
from sokoguru.tenants.bylaws import demo as bylaws_demo
from sokoguru.tenants.ledger import chart
from sokoguru.tenants.ledger.selectors import account_balance
from sokoguru.tenants.members import demo as members_demo
from sokoguru.tenants.savings import demo as savings_demo
from sokoguru.tenants.wastebank import demo as wastebank_demo
from sokoguru.tenants.wastebank.models import WasteDeposit, WastePrice, WasteSale, WasteStock
from sokoguru.tenants.wastebank.selectors import book_total


def test_demo_year_of_weighing_days(coop_a, make_user, capsys):
    # given members and officers (the demo's logins) of an RW cooperative
    for role in ("kasir", "bendahara"):
        make_user(email=f"{role}.{coop_a.slug}@sokoguru.id", roles={coop_a: role})
    ctx = DemoContext(today=timezone.localdate(), cooperatives=[coop_a], log=lambda m: None)
    bylaws_demo.seed(ctx=ctx)
    members_demo.seed(ctx=ctx)
    savings_demo.seed(ctx=ctx)
    members_demo.seed_officers(ctx=ctx)
    # when the waste bank demo runs (twice)
    started = time.perf_counter()
    wastebank_demo.seed(ctx=ctx)
    seconds = time.perf_counter() - started
    connection.set_tenant(coop_a)
    first = (WasteDeposit.objects.count(), WasteSale.objects.count())
    connection.set_schema_to_public()
    wastebank_demo.seed(ctx=ctx)
    connection.set_tenant(coop_a)
    # then weekly weighing days over a year, a sale each month, the price change mid-year
    assert (WasteDeposit.objects.count(), WasteSale.objects.count()) == first
    days = WasteDeposit.objects.values("date").distinct().count()
    assert 50 <= days <= 53
    assert {d.weekday() for d in WasteDeposit.objects.values_list("date", flat=True)} == {5}
    assert 12 <= first[1] <= 13
    assert WastePrice.objects.filter(item__code="plastik-pet").count() == 2
    # and the books agree: customers' books with 2102, stock rows with 1152
    assert account_balance(account=chart.WASTE_BANK_SAVINGS) == book_total()
    stock_value = sum(s.value for s in WasteStock.objects.all())
    assert account_balance(account=chart.WASTE_STOCK) == stock_value
    connection.set_schema_to_public()
    with capsys.disabled():
        print(f"\nwastebank demo seed, one RW cooperative: {seconds:.2f} s, {first[0]} deposits")
