"""Deposits: value per line rounded down to whole rupiah, the remainder booked as a gain, the
customer's book credited and equal to the ledger, idempotency, reversal and role refusal."""

from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from sokoguru.platform.core.errors import Conflict, PermissionDenied
from sokoguru.tenants.ledger import chart
from sokoguru.tenants.ledger.models import JournalTransaction
from sokoguru.tenants.ledger.selectors import account_balance
from sokoguru.tenants.wastebank.models import BookEntry, WasteDeposit, WasteStock
from sokoguru.tenants.wastebank.selectors import (
    book_total,
    customer_balance,
    deposit_receipt_text,
)
from sokoguru.tenants.wastebank.services import (
    deposit_record,
    deposit_reverse,
    item_create,
    price_set,
)
from sokoguru.tenants.wastebank.services._common import line_cost, line_value

D = Decimal
DAY = date(2025, 3, 10)


@pytest.mark.parametrize(
    "weight, price, value, cost",
    [
        ("1.234", "1500", "1851.00", "1851.00"),
        ("0.333", "3500", "1165.00", "1165.50"),
        ("0.001", "1200", "1.00", "1.20"),
        ("2.999", "300", "899.00", "899.70"),
        ("1.999", "4000", "7996.00", "7996.00"),
        ("2.345", "1234.56", "2895.00", "2895.04"),
        ("0.007", "10000", "70.00", "70.00"),
        ("12.347", "333", "4111.00", "4111.55"),
        ("0.999", "999.99", "998.00", "998.99"),
    ],
)
def test_line_value_rounds_down_to_whole_rupiah(weight, price, value, cost):
    # given a weight and a price / when valued / then exact rupiah, cost to the cent
    assert line_value(D(weight), D(price)) == D(value)
    assert line_cost(D(weight), D(price)) == D(cost)
    assert D(cost) - D(value) >= 0


def test_deposit_credits_book_and_ledger_with_rounding_gain(items, member_customer, kasir, key):
    # given prices PET 3.500, kardus 1.500, minyak jelantah 4.000 per litre
    # when a member deposits three lines
    deposit = deposit_record(
        customer_id=member_customer.pk,
        date=DAY,
        lines=[
            {"item_id": items["plastik-pet"].pk, "weight": "0.333"},
            {"item_id": items["kardus"].pk, "weight": "1.234"},
            {"item_id": items["minyak-jelantah"].pk, "weight": "2.125"},
        ],
        idempotency_key=key(),
        created_by_id=kasir.pk,
    )
    # then 1.165 + 1.851 + 8.500 credited, 0,50 rounding gain, stock at exact cost
    assert deposit.total == D("11516.00")
    assert deposit.cost == D("11516.50")
    assert deposit.rounding == D("0.50")
    assert [line.value for line in deposit.lines.order_by("id")] == [
        D("1165.00"),
        D("1851.00"),
        D("8500.00"),
    ]
    member_id = member_customer.member_id
    assert customer_balance(customer_id=member_customer.pk) == D("11516.00")
    assert account_balance(account=chart.WASTE_BANK_SAVINGS, member_id=member_id) == D("11516.00")
    assert account_balance(account=chart.WASTE_BANK_SAVINGS) == book_total()
    assert account_balance(account=chart.WASTE_ROUNDING_GAIN) == D("0.50")
    assert account_balance(account=chart.WASTE_STOCK) == D("11516.50")
    stock = WasteStock.objects.get(item=items["plastik-pet"])
    assert (stock.quantity, stock.value) == (D("0.333"), D("1165.50"))
    text = deposit_receipt_text(deposit=deposit)
    assert "Total ditabung: Rp 11.516" in text
    assert "Plastik PET (botol bening): 0,333 kg × Rp 3.500 = Rp 1.165" in text


def test_household_deposit_has_no_member_subledger(items, household, kasir, key):
    # when a non-member deposits
    deposit_record(
        customer_id=household.pk,
        date=DAY,
        lines=[{"item_id": items["kardus"].pk, "weight": "10"}],
        idempotency_key=key(),
        created_by_id=kasir.pk,
    )
    # then the liability is in the ledger (no member sub-ledger) and equals the book
    assert customer_balance(customer_id=household.pk) == D("15000.00")
    assert account_balance(account=chart.WASTE_BANK_SAVINGS) == D("15000.00") == book_total()
    txn = JournalTransaction.objects.get(source_kind="wastebank.deposit")
    assert all(leg.member_id is None for leg in txn.legs.all())


def test_same_key_returns_first_deposit_other_content_conflicts(items, household, kasir, key):
    # given a deposit under a key
    k = key()
    lines = [{"item_id": items["kardus"].pk, "weight": "2.5"}]
    first = deposit_record(
        customer_id=household.pk, date=DAY, lines=lines, idempotency_key=k, created_by_id=kasir.pk
    )
    # when retried / then the same deposit, nothing more written
    again = deposit_record(
        customer_id=household.pk, date=DAY, lines=lines, idempotency_key=k, created_by_id=kasir.pk
    )
    assert again.pk == first.pk
    assert BookEntry.objects.count() == 1
    # when the key is reused for other content / then refused
    with pytest.raises(Conflict):
        deposit_record(
            customer_id=household.pk,
            date=DAY,
            lines=[{"item_id": items["kardus"].pk, "weight": "3"}],
            idempotency_key=k,
            created_by_id=kasir.pk,
        )
    assert WasteDeposit.objects.count() == 1


@pytest.mark.parametrize("role", ["pengawas", "anggota"])
def test_role_refusal_writes_nothing(items, household, officers, key, role):
    # given an officer without a desk role
    before = JournalTransaction.objects.count()
    # when they try to record a deposit / then refused, nothing written
    with pytest.raises(PermissionDenied) as info:
        deposit_record(
            customer_id=household.pk,
            date=DAY,
            lines=[{"item_id": items["kardus"].pk, "weight": "1"}],
            idempotency_key=key(),
            created_by_id=officers[role].pk,
        )
    assert info.value.field == "created_by_id"
    assert WasteDeposit.objects.count() == 0
    assert BookEntry.objects.count() == 0
    assert JournalTransaction.objects.count() == before
    assert WasteStock.objects.filter(quantity__gt=0).count() == 0


def test_bad_weight_names_the_line_and_writes_nothing(items, household, kasir, key):
    # when a line has four decimals / then the field is named, nothing written
    with pytest.raises(ValidationError) as info:
        deposit_record(
            customer_id=household.pk,
            date=DAY,
            lines=[
                {"item_id": items["kardus"].pk, "weight": "1"},
                {"item_id": items["koran"].pk, "weight": "1.0001"},
            ],
            idempotency_key=key(),
            created_by_id=kasir.pk,
        )
    assert "lines[1].weight" in info.value.message_dict
    assert WasteDeposit.objects.count() == 0


def test_price_history_new_price_from_its_first_day_never_retroactive(
    items, household, officers, kasir, key
):
    # given PET at 3.500, a deposit on 10 March, and a new price of 4.000 from 15 March
    pet = items["plastik-pet"]
    before = deposit_record(
        customer_id=household.pk,
        date=date(2025, 3, 10),
        lines=[{"item_id": pet.pk, "weight": "2"}],
        idempotency_key=key(),
        created_by_id=kasir.pk,
    )
    price_set(
        item_id=pet.pk,
        effective_from=date(2025, 3, 15),
        buy_price="4000",
        sell_price="5200",
        created_by_id=officers["bendahara"].pk,
    )
    # when deposits are made the day before and the day the new price starts
    on_14 = deposit_record(
        customer_id=household.pk,
        date=date(2025, 3, 14),
        lines=[{"item_id": pet.pk, "weight": "2"}],
        idempotency_key=key(),
        created_by_id=kasir.pk,
    )
    on_15 = deposit_record(
        customer_id=household.pk,
        date=date(2025, 3, 15),
        lines=[{"item_id": pet.pk, "weight": "2"}],
        idempotency_key=key(),
        created_by_id=kasir.pk,
    )
    # then the 15th uses the new price; earlier deposits are unchanged
    assert on_14.total == D("7000.00")
    assert on_15.total == D("8000.00")
    before.refresh_from_db()
    assert before.total == D("7000.00")
    # and a price may not start on or before a day that has deposits (never retroactive)
    with pytest.raises(ValidationError) as info:
        price_set(
            item_id=pet.pk,
            effective_from=date(2025, 3, 12),
            buy_price="4500",
            sell_price="5200",
            created_by_id=officers["bendahara"].pk,
        )
    assert "tidak berlaku surut" in info.value.message_dict["effective_from"][0]
    # and the desk may not change prices
    with pytest.raises(PermissionDenied):
        price_set(
            item_id=pet.pk,
            effective_from=date(2025, 4, 1),
            buy_price="4500",
            sell_price="5200",
            created_by_id=kasir.pk,
        )


def test_new_item_without_price_that_day_is_refused(items, household, officers, kasir, key):
    # given an item whose first price starts on 1 April
    item = item_create(
        category_id=items["kardus"].category_id,
        code="duplex",
        name="Kertas duplex",
        unit="kg",
        buy_price="800",
        sell_price="1100",
        effective_from=date(2025, 4, 1),
        created_by_id=officers["bendahara"].pk,
    )
    # when deposited in March / then refused naming the line
    with pytest.raises(ValidationError) as info:
        deposit_record(
            customer_id=household.pk,
            date=date(2025, 3, 31),
            lines=[{"item_id": item.pk, "weight": "1"}],
            idempotency_key=key(),
            created_by_id=kasir.pk,
        )
    assert "lines[0].item_id" in info.value.message_dict


def test_reversal_takes_value_out_of_book_stock_and_ledger(
    items, member_customer, officers, kasir, key
):
    # given a deposit
    deposit = deposit_record(
        customer_id=member_customer.pk,
        date=DAY,
        lines=[{"item_id": items["plastik-pet"].pk, "weight": "0.333"}],
        idempotency_key=key(),
        created_by_id=kasir.pk,
    )
    # when reversed by the bendahara (the kasir may not)
    with pytest.raises(PermissionDenied):
        deposit_reverse(
            deposit_id=deposit.pk, date=DAY, reason="Salah timbang", reversed_by_id=kasir.pk
        )
    deposit_reverse(
        deposit_id=deposit.pk,
        date=DAY,
        reason="Salah timbang",
        reversed_by_id=officers["bendahara"].pk,
    )
    again = deposit_reverse(
        deposit_id=deposit.pk,
        date=DAY,
        reason="Salah timbang",
        reversed_by_id=officers["bendahara"].pk,
    )
    # then everything is back to zero, in the book, the stock and the ledger
    assert again.reversed_on == DAY
    assert customer_balance(customer_id=member_customer.pk) == D("0.00")
    for account in (chart.WASTE_BANK_SAVINGS, chart.WASTE_STOCK, chart.WASTE_ROUNDING_GAIN):
        assert account_balance(account=account) == D("0.00")
    stock = WasteStock.objects.get(item=items["plastik-pet"])
    assert (stock.quantity, stock.value) == (D("0.000"), D("0.00"))
    original = JournalTransaction.objects.get(pk=deposit.journal_transaction_id)
    assert original.reversed_by_id is not None
