"""Withdrawals: cash only when the cash holds it; members may move waste savings into sukarela
or wajib through the savings services; a non-member's withdrawal never touches member
savings."""

from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from sokoguru.platform.core.errors import PermissionDenied
from sokoguru.tenants.ledger import chart
from sokoguru.tenants.ledger.models import JournalLeg
from sokoguru.tenants.ledger.selectors import account_balance
from sokoguru.tenants.savings.models import SavingsMovement, WajibBill
from sokoguru.tenants.wastebank.models import WasteWithdrawal
from sokoguru.tenants.wastebank.selectors import book_total, customer_balance
from sokoguru.tenants.wastebank.services import deposit_record, withdrawal_record

D = Decimal
DAY = date(2025, 3, 10)
MEMBER_ACCOUNTS = (chart.SIMPANAN_SUKARELA, chart.SIMPANAN_WAJIB, chart.SIMPANAN_POKOK)


def _deposit(customer, items, kasir, key, kg="20"):
    return deposit_record(
        customer_id=customer.pk,
        date=DAY,
        lines=[{"item_id": items["kardus"].pk, "weight": kg}],  # 1.500 per kg
        idempotency_key=key(),
        created_by_id=kasir.pk,
    )


def test_cash_withdrawal_needs_cash_and_balance(items, household, kasir, fund, key):
    # given a book of 30.000 and only 10.000 in cash
    _deposit(household, items, kasir, key)
    fund("10000")
    # when 20.000 is asked in cash / then refused for lack of cash, nothing written
    with pytest.raises(ValidationError) as info:
        withdrawal_record(
            customer_id=household.pk,
            kind="cash",
            amount="20000",
            date=DAY,
            idempotency_key=key(),
            created_by_id=kasir.pk,
        )
    assert "Saldo Kas (1101) tidak cukup" in info.value.message_dict["amount"][0]
    # when more than the book holds / then refused
    fund("100000")
    with pytest.raises(ValidationError) as info:
        withdrawal_record(
            customer_id=household.pk,
            kind="cash",
            amount="30001",
            date=DAY,
            idempotency_key=key(),
            created_by_id=kasir.pk,
        )
    assert "tabungan sampah tidak cukup" in info.value.message_dict["amount"][0]
    assert WasteWithdrawal.objects.count() == 0
    # when 20.000 is withdrawn / then book and ledger agree
    withdrawal_record(
        customer_id=household.pk,
        kind="cash",
        amount="20000",
        date=DAY,
        idempotency_key=key(),
        created_by_id=kasir.pk,
    )
    assert customer_balance(customer_id=household.pk) == D("10000.00")
    assert account_balance(account=chart.WASTE_BANK_SAVINGS) == D("10000.00") == book_total()
    assert account_balance(account=chart.CASH) == D("90000.00")


def test_non_member_withdrawal_never_touches_member_savings(
    items, household, member_customer, kasir, fund, key
):
    # given a household and a member both with waste savings
    _deposit(household, items, kasir, key)
    _deposit(member_customer, items, kasir, key)
    fund("100000")
    before = {a: account_balance(account=a) for a in MEMBER_ACCOUNTS}
    movements = SavingsMovement.objects.count()
    # when the household asks for a transfer into sukarela / wajib / then refused
    for kind in ("sukarela", "wajib"):
        with pytest.raises(ValidationError) as info:
            withdrawal_record(
                customer_id=household.pk,
                kind=kind,
                amount="5000",
                date=DAY,
                idempotency_key=key(),
                created_by_id=kasir.pk,
            )
        assert "kind" in info.value.message_dict
    # when the household withdraws cash
    withdrawal_record(
        customer_id=household.pk,
        kind="cash",
        amount="30000",
        date=DAY,
        idempotency_key=key(),
        created_by_id=kasir.pk,
    )
    # then no member savings moved and no leg carries a member
    assert {a: account_balance(account=a) for a in MEMBER_ACCOUNTS} == before
    assert SavingsMovement.objects.count() == movements
    legs = JournalLeg.objects.filter(transaction__source_kind="wastebank.withdrawal_cash")
    assert legs.count() == 2 and all(leg.member_id is None for leg in legs)
    assert customer_balance(customer_id=member_customer.pk) == D("30000.00")


def test_member_pays_sukarela_and_wajib_with_waste(items, member_customer, kasir, key):
    # given a member with 30.000 of waste savings and no cash in the till
    _deposit(member_customer, items, kasir, key)
    member_id = member_customer.member_id
    cash_before = account_balance(account=chart.CASH)
    # when 10.000 goes to sukarela and 10.000 pays wajib
    withdrawal_record(
        customer_id=member_customer.pk,
        kind="sukarela",
        amount="10000",
        date=DAY,
        idempotency_key=key(),
        created_by_id=kasir.pk,
    )
    wajib = withdrawal_record(
        customer_id=member_customer.pk,
        kind="wajib",
        amount="10000",
        date=DAY,
        idempotency_key=key(),
        created_by_id=kasir.pk,
    )
    # then the savings services posted them on the member's sub-ledgers; cash did not move
    assert account_balance(account=chart.SIMPANAN_SUKARELA, member_id=member_id) == D("10000.00")
    assert account_balance(account=chart.SIMPANAN_WAJIB, member_id=member_id) == D("10000.00")
    assert account_balance(account=chart.CASH) == cash_before
    assert account_balance(account=chart.WASTE_BANK_SAVINGS, member_id=member_id) == D("10000.00")
    assert customer_balance(customer_id=member_customer.pk) == D("10000.00")
    movement = SavingsMovement.objects.get(pk=wajib.savings_movement_id)
    assert movement.kind == "wajib"
    assert WajibBill.objects.filter(member_id=member_id).exists()


def test_withdrawal_role_refused_writes_nothing(items, household, officers, kasir, fund, key):
    # given a book and cash
    _deposit(household, items, kasir, key)
    fund("100000")
    # when the sekretaris (desk only) pays out / then refused, nothing written
    with pytest.raises(PermissionDenied):
        withdrawal_record(
            customer_id=household.pk,
            kind="cash",
            amount="1000",
            date=DAY,
            idempotency_key=key(),
            created_by_id=officers["sekretaris"].pk,
        )
    assert WasteWithdrawal.objects.count() == 0
    assert customer_balance(customer_id=household.pk) == D("30000.00")
