from datetime import date
from decimal import Decimal

from django.db.models import Sum

from sokoguru.platform.accounts.permissions import SYSTEM
from sokoguru.tenants.ledger import chart
from sokoguru.tenants.ledger.selectors import member_balances
from sokoguru.tenants.members.models import Member
from sokoguru.tenants.savings.models import KIND_ACCOUNTS, SavingsMovement
from sokoguru.tenants.savings.selectors import (
    member_savings_balances,
    member_savings_total,
    passbook,
    savings_balances_by_member,
    savings_balances_for_members,
)
from sokoguru.tenants.savings.services import (
    sukarela_deposit,
    sukarela_withdraw,
    wajib_pay,
)
from sokoguru.tenants.workflows.member_exit import member_exit


def test_passbook_running_balance_for_a_period(in_coop_a, register_member):
    # given
    member = register_member(pokok_on=date(2026, 1, 5))
    sukarela_deposit(
        member_id=member.pk,
        amount="100000",
        date=date(2026, 1, 20),
        idempotency_key="d1",
        created_by_id=SYSTEM,
    )
    sukarela_deposit(
        member_id=member.pk,
        amount="50000",
        date=date(2026, 2, 3),
        idempotency_key="d2",
        created_by_id=SYSTEM,
    )
    sukarela_withdraw(
        member_id=member.pk,
        amount="30000",
        date=date(2026, 2, 14),
        idempotency_key="w1",
        created_by_id=SYSTEM,
    )
    sukarela_deposit(
        member_id=member.pk,
        amount="5000",
        date=date(2026, 3, 1),
        idempotency_key="d3",
        created_by_id=SYSTEM,
    )
    # when February is asked for
    book = passbook(
        member_id=member.pk, kind="sukarela", start=date(2026, 2, 1), end=date(2026, 2, 28)
    )
    # then
    assert book.opening_balance == Decimal("100000.00")
    assert [(line.date, line.credit, line.debit, line.balance) for line in book.lines] == [
        (date(2026, 2, 3), Decimal("50000.00"), Decimal("0.00"), Decimal("150000.00")),
        (date(2026, 2, 14), Decimal("0.00"), Decimal("30000.00"), Decimal("120000.00")),
    ]
    assert book.closing_balance == Decimal("120000.00")
    assert (book.total_credit, book.total_debit) == (Decimal("50000.00"), Decimal("30000.00"))
    assert book.lines[1].description == "Penarikan simpanan sukarela — Siti Aminah"


def test_ledger_sub_ledgers_equal_savings_shown_for_every_member(in_coop_a, register_member):
    # given a small cooperative with every kind of movement
    members = [
        register_member(full_name=f"Anggota {i}", pokok_on=date(2026, 1, 5)) for i in range(5)
    ]
    register_member(full_name="Belum bayar pokok")
    for i, member in enumerate(members):
        wajib_pay(
            member_id=member.pk,
            amount=Decimal(20000 * (i + 1)),
            date=date(2026, 2, 1),
            idempotency_key=f"w{i}",
            created_by_id=SYSTEM,
        )
        sukarela_deposit(
            member_id=member.pk,
            amount=Decimal(11111 * (i + 1)),
            date=date(2026, 2, 2),
            idempotency_key=f"s{i}",
            created_by_id=SYSTEM,
        )
    sukarela_withdraw(
        member_id=members[2].pk,
        amount="5000",
        date=date(2026, 2, 3),
        idempotency_key="x",
        created_by_id=SYSTEM,
    )
    member_exit(member_id=members[4].pk, date=date(2026, 3, 1), created_by_id=SYSTEM)
    # then, for every member and kind: ledger sub-ledger == detail == list == passbook == movements
    by_member = savings_balances_by_member()
    page = savings_balances_for_members(
        member_ids=list(Member.objects.values_list("pk", flat=True))
    )
    for member in Member.objects.all():
        detail = member_savings_balances(member_id=member.pk)
        assert page[member.pk] == detail
        total = Decimal("0.00")
        for kind, account in KIND_ACCOUNTS.items():
            ledger = member_balances(account=account).get(member.pk, Decimal("0.00"))
            book = passbook(
                member_id=member.pk, kind=kind, start=date(2026, 1, 1), end=date(2026, 12, 31)
            )
            moved = SavingsMovement.objects.filter(member=member, kind=kind).aggregate(
                s=Sum("amount")
            )["s"] or Decimal("0.00")
            listed = by_member.get(member.pk, {}).get(str(kind), Decimal("0.00"))
            assert detail[str(kind)] == ledger == book.closing_balance == moved == listed
            total += ledger
        assert member_savings_total(member_id=member.pk) == total == detail["total"]
    # and the exact figures of one member
    assert member_savings_balances(member_id=members[2].pk) == {
        "pokok": Decimal("100000.00"),
        "wajib": Decimal("60000.00"),
        "sukarela": Decimal("28333.00"),
        "total": Decimal("188333.00"),
        "loans_outstanding": Decimal("0.00"),
    }
    assert member_savings_total(member_id=members[4].pk) == Decimal("0.00")
    assert member_balances(account=chart.SIMPANAN_POKOK) == {
        **{m.pk: Decimal("100000.00") for m in members[:4]},
        members[4].pk: Decimal("0.00"),
    }
