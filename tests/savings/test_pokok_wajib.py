from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from sokoguru.platform.accounts.permissions import SYSTEM
from sokoguru.platform.core.errors import Conflict
from sokoguru.tenants.ledger import chart
from sokoguru.tenants.ledger.models import JournalTransaction
from sokoguru.tenants.ledger.selectors import account_balance
from sokoguru.tenants.members.models import Member, MemberStatusChange
from sokoguru.tenants.savings.models import SavingsMovement, WajibBill
from sokoguru.tenants.savings.selectors import member_savings_total, member_wajib_arrears
from sokoguru.tenants.savings.services import pokok_pay, wajib_pay


def bills(member):
    return list(
        WajibBill.objects.filter(member=member)
        .order_by("period")
        .values_list("period", "amount", "paid_amount")
    )


def test_pokok_payment_activates_member_and_posts(in_coop_a, register_member):
    # given
    member = register_member(full_name="Siti Aminah")
    # when
    movement = pokok_pay(member_id=member.pk, date=date(2026, 1, 5), created_by_id=SYSTEM)
    # then
    member.refresh_from_db()
    assert member.status == Member.Status.ACTIVE
    assert movement.amount == Decimal("100000.00")
    assert account_balance(account=chart.SIMPANAN_POKOK, member_id=member.pk) == Decimal(
        "100000.00"
    )
    assert account_balance(account=chart.CASH) == Decimal("100000.00")
    assert bills(member) == [(date(2026, 1, 1), Decimal("20000.00"), Decimal("0.00"))]
    txn = JournalTransaction.objects.get(pk=movement.journal_transaction_id)
    assert txn.source_kind == "savings.pokok_deposit"
    assert txn.source_id == str(movement.pk)
    assert list(
        MemberStatusChange.objects.filter(member=member).values_list("to_status", flat=True)
    ) == ["inactive", "active"]


def test_pokok_twice_conflicts_and_writes_nothing(in_coop_a, register_member):
    # given
    member = register_member(pokok_on=date(2026, 1, 5))
    # when
    with pytest.raises(Conflict):
        pokok_pay(
            member_id=member.pk,
            date=date(2026, 1, 6),
            idempotency_key="pokok-lagi",
            created_by_id=SYSTEM,
        )
    # then
    assert SavingsMovement.objects.count() == 1
    assert member_savings_total(member_id=member.pk) == Decimal("100000.00")


def test_pokok_retry_with_same_key_returns_first(in_coop_a, register_member):
    member = register_member()
    first = pokok_pay(
        member_id=member.pk, date=date(2026, 1, 5), idempotency_key="k-1", created_by_id=SYSTEM
    )
    again = pokok_pay(
        member_id=member.pk, date=date(2026, 1, 5), idempotency_key="k-1", created_by_id=SYSTEM
    )
    assert again.pk == first.pk
    assert JournalTransaction.objects.count() == 1


def test_pokok_amount_must_match_bylaws(in_coop_a, register_member):
    member = register_member()
    with pytest.raises(ValidationError) as excinfo:
        pokok_pay(
            member_id=member.pk,
            date=date(2026, 1, 5),
            amount=Decimal("50000"),
            created_by_id=SYSTEM,
        )
    assert "amount" in excinfo.value.message_dict
    assert JournalTransaction.objects.count() == 0
    member.refresh_from_db()
    assert member.status == Member.Status.INACTIVE


def test_wajib_payment_fills_oldest_months_first(in_coop_a, register_member):
    # given bills for January–April (20,000 each), nothing paid
    member = register_member(pokok_on=date(2026, 1, 5))
    for month in (2, 3, 4):
        WajibBill.objects.create(member=member, period=date(2026, month, 1), amount="20000.00")
    # when 50,000 is paid
    wajib_pay(
        member_id=member.pk,
        amount=Decimal("50000.00"),
        date=date(2026, 4, 10),
        idempotency_key="w-1",
        created_by_id=SYSTEM,
    )
    # then January and February are paid, March half
    assert bills(member) == [
        (date(2026, 1, 1), Decimal("20000.00"), Decimal("20000.00")),
        (date(2026, 2, 1), Decimal("20000.00"), Decimal("20000.00")),
        (date(2026, 3, 1), Decimal("20000.00"), Decimal("10000.00")),
        (date(2026, 4, 1), Decimal("20000.00"), Decimal("0.00")),
    ]
    assert member_wajib_arrears(member_id=member.pk, as_of=date(2026, 4, 10)) == {
        "months": 1,
        "amount": Decimal("10000.00"),
    }
    assert account_balance(account=chart.SIMPANAN_WAJIB, member_id=member.pk) == Decimal("50000.00")


def test_wajib_paid_ahead_creates_future_bills(in_coop_a, register_member):
    # given January billed
    member = register_member(pokok_on=date(2026, 1, 5))
    # when three months are paid at once
    wajib_pay(
        member_id=member.pk,
        amount=Decimal("60000.00"),
        date=date(2026, 1, 10),
        idempotency_key="w-ahead",
        created_by_id=SYSTEM,
    )
    # then
    assert bills(member) == [
        (date(2026, 1, 1), Decimal("20000.00"), Decimal("20000.00")),
        (date(2026, 2, 1), Decimal("20000.00"), Decimal("20000.00")),
        (date(2026, 3, 1), Decimal("20000.00"), Decimal("20000.00")),
    ]


def test_wajib_before_pokok_is_refused(in_coop_a, register_member):
    member = register_member()
    with pytest.raises(ValidationError) as excinfo:
        wajib_pay(
            member_id=member.pk,
            amount=Decimal("20000"),
            date=date(2026, 1, 10),
            idempotency_key="w-x",
            created_by_id=SYSTEM,
        )
    assert "member_id" in excinfo.value.message_dict
    assert JournalTransaction.objects.count() == 0


@pytest.mark.parametrize(
    ("amount", "field"),
    [("0", "amount"), ("-5", "amount"), ("10.005", "amount"), ("abc", "amount")],
)
def test_bad_wajib_amount(in_coop_a, register_member, amount, field):
    member = register_member(pokok_on=date(2026, 1, 5))
    with pytest.raises(ValidationError) as excinfo:
        wajib_pay(
            member_id=member.pk,
            amount=amount,
            date=date(2026, 1, 10),
            idempotency_key="k",
            created_by_id=SYSTEM,
        )
    assert field in excinfo.value.message_dict
    assert SavingsMovement.objects.filter(kind="wajib").count() == 0


def test_same_key_other_amount_conflicts(in_coop_a, register_member):
    member = register_member(pokok_on=date(2026, 1, 5))
    wajib_pay(
        member_id=member.pk,
        amount="20000",
        date=date(2026, 1, 10),
        idempotency_key="k",
        created_by_id=SYSTEM,
    )
    with pytest.raises(Conflict) as excinfo:
        wajib_pay(
            member_id=member.pk,
            amount="40000",
            date=date(2026, 1, 10),
            idempotency_key="k",
            created_by_id=SYSTEM,
        )
    assert excinfo.value.field == "idempotency_key"
    assert account_balance(account=chart.SIMPANAN_WAJIB, member_id=member.pk) == Decimal("20000.00")


def test_date_in_future_refused(in_coop_a, register_member):
    member = register_member(pokok_on=date(2026, 1, 5))
    with pytest.raises(ValidationError) as excinfo:
        wajib_pay(
            member_id=member.pk,
            amount="20000",
            date=date(2999, 1, 1),
            idempotency_key="k",
            created_by_id=SYSTEM,
        )
    assert "date" in excinfo.value.message_dict


def test_collection_posts_a_collectors_list_in_one_transaction(in_coop_a, register_member):
    from sokoguru.tenants.savings.services import CollectionItem, savings_collection_post

    # given a new member, a member in arrears and a saver
    new = register_member(full_name="Baru")
    late = register_member(full_name="Telat", pokok_on=date(2026, 1, 5))
    saver = register_member(full_name="Penabung", pokok_on=date(2026, 1, 5))
    items = [
        CollectionItem(new.pk, "pokok", Decimal("100000")),
        CollectionItem(new.pk, "wajib", Decimal("20000")),
        CollectionItem(late.pk, "wajib", Decimal("40000")),
        CollectionItem(saver.pk, "sukarela", Decimal("75000")),
        CollectionItem(saver.pk, "sukarela", Decimal("-25000")),
    ]
    # when
    movements = savings_collection_post(
        date=date(2026, 2, 10),
        items=items,
        idempotency_key="rt03-2026-02",
        description="Setoran kolektif RT 03 Februari 2026",
        created_by_id=SYSTEM,
    )
    again = savings_collection_post(
        date=date(2026, 2, 10),
        items=items,
        idempotency_key="rt03-2026-02",
        description="Setoran kolektif RT 03 Februari 2026",
        created_by_id=SYSTEM,
    )
    # then
    assert len({m.journal_transaction_id for m in movements}) == 1
    assert sorted(m.pk for m in again) == sorted(m.pk for m in movements)
    new.refresh_from_db()
    assert new.status == Member.Status.ACTIVE
    assert bills(late) == [
        (date(2026, 1, 1), Decimal("20000.00"), Decimal("20000.00")),
        (date(2026, 2, 1), Decimal("20000.00"), Decimal("20000.00")),
    ]
    assert account_balance(account=chart.CASH) == Decimal("410000.00")
    assert account_balance(account=chart.SIMPANAN_SUKARELA, member_id=saver.pk) == Decimal(
        "50000.00"
    )


def test_collection_with_a_bad_item_posts_nothing(in_coop_a, register_member):
    from sokoguru.tenants.savings.services import CollectionItem, savings_collection_post

    member = register_member(pokok_on=date(2026, 1, 5))
    other = register_member(full_name="Belum pokok")
    with pytest.raises(ValidationError) as excinfo:
        savings_collection_post(
            date=date(2026, 2, 10),
            items=[
                CollectionItem(member.pk, "wajib", Decimal("20000")),
                CollectionItem(other.pk, "wajib", Decimal("20000")),
                CollectionItem(member.pk, "sukarela", Decimal("-1")),
            ],
            idempotency_key="k",
            description="Setoran kolektif",
            created_by_id=SYSTEM,
        )
    assert excinfo.value.message_dict["items"] == [
        f"Baris 2 ({other.number}): Simpanan pokok belum dibayar. / Pay the simpanan pokok first.",
        f"Baris 3 ({member.number}): saldo simpanan sukarela Rp 0 tidak cukup untuk "
        "penarikan Rp 1.",
    ]
    assert SavingsMovement.objects.filter(kind="wajib").count() == 0
