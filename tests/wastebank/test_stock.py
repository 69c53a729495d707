"""Stock and sales: average cost, margin as income, stock never negative, stock counts."""

from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from sokoguru.platform.core.errors import PermissionDenied
from sokoguru.tenants.ledger import chart
from sokoguru.tenants.ledger.selectors import account_balance
from sokoguru.tenants.wastebank.models import StockCount, WasteSale, WasteStock
from sokoguru.tenants.wastebank.services import (
    collector_create,
    deposit_record,
    price_set,
    sale_record,
    stock_count_record,
)

D = Decimal


def _stock(item):
    s = WasteStock.objects.get(item=item)
    return s.quantity, s.value


def _stock_value_total():
    return sum((s.value for s in WasteStock.objects.all()), D("0.00"))


@pytest.fixture
def two_prices(items, household, officers, kasir, key):
    """PET 10 kg at 3.500 on 3 March and 10 kg at 4.000 on 20 March (a new price from 15th)."""
    pet = items["plastik-pet"]
    deposit_record(
        customer_id=household.pk,
        date=date(2025, 3, 3),
        lines=[{"item_id": pet.pk, "weight": "10"}],
        idempotency_key=key(),
        created_by_id=kasir.pk,
    )
    price_set(
        item_id=pet.pk,
        effective_from=date(2025, 3, 15),
        buy_price="4000",
        sell_price="5000",
        created_by_id=officers["bendahara"].pk,
    )
    deposit_record(
        customer_id=household.pk,
        date=date(2025, 3, 20),
        lines=[{"item_id": pet.pk, "weight": "10"}],
        idempotency_key=key(),
        created_by_id=kasir.pk,
    )
    return pet


def test_sale_at_average_cost_posts_revenue_and_cost(two_prices, kasir, key):
    # given 20 kg PET worth 75.000 at cost (average 3.750)
    pet = two_prices
    collector = collector_create(name="Pak Darto", contact="0812", created_by_id=kasir.pk)
    # when 7,5 kg sold at 5.100 and then the remaining 12,5 kg at 5.000
    first = sale_record(
        collector_id=collector.pk,
        date=date(2025, 3, 25),
        lines=[{"item_id": pet.pk, "weight": "7.5", "price": "5100"}],
        idempotency_key=key(),
        created_by_id=kasir.pk,
    )
    # then revenue 38.250, cost 28.125, margin 10.125
    assert (first.total, first.cost, first.margin) == (D("38250.00"), D("28125.00"), D("10125"))
    assert _stock(pet) == (D("12.500"), D("46875.00"))
    second = sale_record(
        collector_id=collector.pk,
        date=date(2025, 3, 26),
        lines=[{"item_id": pet.pk, "weight": "12.5", "price": "5000"}],
        idempotency_key=key(),
        created_by_id=kasir.pk,
    )
    assert second.cost == D("46875.00")
    assert _stock(pet) == (D("0.000"), D("0.00"))
    assert account_balance(account=chart.WASTE_SALES) == D("100750.00")
    assert account_balance(account=chart.WASTE_COST_OF_SALES) == D("75000.00")
    assert account_balance(account=chart.WASTE_STOCK) == D("0.00")


def test_sale_beyond_stock_refused_writes_nothing(two_prices, kasir, key):
    # given 20 kg PET
    collector = collector_create(name="Pak Darto", created_by_id=kasir.pk)
    # when 20,001 kg are sold / then refused naming the line, nothing written
    with pytest.raises(ValidationError) as info:
        sale_record(
            collector_id=collector.pk,
            date=date(2025, 3, 25),
            lines=[
                {"item_id": two_prices.pk, "weight": "10", "price": "5000"},
                {"item_id": two_prices.pk, "weight": "10.001", "price": "5000"},
            ],
            idempotency_key=key(),
            created_by_id=kasir.pk,
        )
    assert "lines[1].weight" in info.value.message_dict
    assert WasteSale.objects.count() == 0
    assert _stock(two_prices) == (D("20.000"), D("75000.00"))


def test_stock_count_posts_the_difference_with_reason(two_prices, officers, kasir, key):
    # given 20 kg PET worth 75.000; the count finds 18 kg
    # when the kasir tries / then refused (manager only)
    with pytest.raises(PermissionDenied):
        stock_count_record(
            date=date(2025, 3, 31),
            lines=[{"item_id": two_prices.pk, "counted_quantity": "18"}],
            reason="Susut kering",
            idempotency_key=key(),
            created_by_id=kasir.pk,
        )
    with pytest.raises(ValidationError) as info:
        stock_count_record(
            date=date(2025, 3, 31),
            lines=[{"item_id": two_prices.pk, "counted_quantity": "18"}],
            reason=" ",
            idempotency_key=key(),
            created_by_id=officers["bendahara"].pk,
        )
    assert "reason" in info.value.message_dict
    assert StockCount.objects.count() == 0
    count = stock_count_record(
        date=date(2025, 3, 31),
        lines=[{"item_id": two_prices.pk, "counted_quantity": "18"}],
        reason="Susut kering",
        idempotency_key=key(),
        created_by_id=officers["bendahara"].pk,
    )
    # then 2 kg at 3.750 written off to the stock difference, book equals ledger
    assert count.value_change == D("-7500.00")
    assert _stock(two_prices) == (D("18.000"), D("67500.00"))
    assert account_balance(account=chart.WASTE_STOCK_DIFFERENCE) == D("7500.00")
    assert account_balance(account=chart.WASTE_STOCK) == _stock_value_total()


def test_reversal_after_partial_sale_keeps_stock_book_equal_to_ledger(
    two_prices, items, household, officers, kasir, fund, key
):
    # given 20 kg PET (10 at 3.500, 10 at 4.000), 15 kg sold at average cost
    collector = collector_create(name="Pak Darto", created_by_id=kasir.pk)
    sale_record(
        collector_id=collector.pk,
        date=date(2025, 3, 25),
        lines=[{"item_id": two_prices.pk, "weight": "15", "price": "5000"}],
        idempotency_key=key(),
        created_by_id=kasir.pk,
    )
    # when a third deposit of 5 kg is reversed after the remaining 5 kg were counted
    from sokoguru.tenants.wastebank.services import deposit_reverse

    third = deposit_record(
        customer_id=household.pk,
        date=date(2025, 3, 26),
        lines=[{"item_id": two_prices.pk, "weight": "5"}],
        idempotency_key=key(),
        created_by_id=kasir.pk,
    )
    sale_record(
        collector_id=collector.pk,
        date=date(2025, 3, 27),
        lines=[{"item_id": two_prices.pk, "weight": "5", "price": "5000"}],
        idempotency_key=key(),
        created_by_id=kasir.pk,
    )
    deposit_reverse(
        deposit_id=third.pk,
        date=date(2025, 3, 28),
        reason="Salah nasabah",
        reversed_by_id=officers["bendahara"].pk,
    )
    # then the stock is empty and holds no value, in the book and the ledger
    assert _stock(two_prices) == (D("0.000"), D("0.00"))
    assert account_balance(account=chart.WASTE_STOCK) == D("0.00")
