from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from sokoguru.platform.accounts.permissions import SYSTEM
from sokoguru.tenants.bylaws.services import bylaws_version_create
from sokoguru.tenants.ledger import chart
from sokoguru.tenants.ledger.models import JournalTransaction
from sokoguru.tenants.ledger.selectors import account_balance
from sokoguru.tenants.savings.models import JasaRun, SavingsMovement
from sokoguru.tenants.savings.services import (
    sukarela_deposit,
    sukarela_jasa_post,
    sukarela_withdraw,
)


def sukarela(member):
    return account_balance(account=chart.SIMPANAN_SUKARELA, member_id=member.pk)


def test_deposit_and_withdraw(in_coop_a, register_member):
    # given
    member = register_member(pokok_on=date(2026, 1, 5))
    # when
    deposit = sukarela_deposit(
        member_id=member.pk,
        amount=Decimal("150000.00"),
        date=date(2026, 2, 1),
        idempotency_key="dep-1",
        created_by_id=SYSTEM,
    )
    sukarela_withdraw(
        member_id=member.pk,
        amount=Decimal("40000.00"),
        date=date(2026, 2, 10),
        idempotency_key="wd-1",
        created_by_id=SYSTEM,
    )
    # then
    assert sukarela(member) == Decimal("110000.00")
    assert account_balance(account=chart.CASH) == Decimal("210000.00")
    txn = JournalTransaction.objects.get(pk=deposit.journal_transaction_id)
    assert txn.idempotency_key == "savings:dep-1"
    assert [(leg.account_id, leg.debit, leg.credit, leg.member_id) for leg in txn.legs.all()] == [
        (chart.CASH, Decimal("150000.00"), Decimal("0.00"), None),
        (chart.SIMPANAN_SUKARELA, Decimal("0.00"), Decimal("150000.00"), member.pk),
    ]


def test_withdrawal_beyond_balance_is_refused(in_coop_a, register_member):
    # given
    member = register_member(pokok_on=date(2026, 1, 5))
    sukarela_deposit(
        member_id=member.pk,
        amount="50000",
        date=date(2026, 2, 1),
        idempotency_key="dep",
        created_by_id=SYSTEM,
    )
    # when
    with pytest.raises(ValidationError) as excinfo:
        sukarela_withdraw(
            member_id=member.pk,
            amount="50000.01",
            date=date(2026, 2, 2),
            idempotency_key="wd",
            created_by_id=SYSTEM,
        )
    # then
    assert "amount" in excinfo.value.message_dict
    assert excinfo.value.message_dict["amount"] == [
        "Saldo simpanan sukarela tidak cukup: saldo Rp 50.000, diminta Rp 50.000,01. / "
        "Insufficient sukarela balance."
    ]
    assert sukarela(member) == Decimal("50000.00")
    assert SavingsMovement.objects.filter(type="withdrawal").count() == 0


def test_withdraw_exact_balance_leaves_zero(in_coop_a, register_member):
    member = register_member(pokok_on=date(2026, 1, 5))
    sukarela_deposit(
        member_id=member.pk,
        amount="50000",
        date=date(2026, 2, 1),
        idempotency_key="dep",
        created_by_id=SYSTEM,
    )
    sukarela_withdraw(
        member_id=member.pk,
        amount="50000",
        date=date(2026, 2, 2),
        idempotency_key="wd",
        created_by_id=SYSTEM,
    )
    assert sukarela(member) == Decimal("0.00")


def test_jasa_simpanan_posted_monthly_when_rate_positive(in_coop_a, register_member):
    # given a rate of 0.5 % per month from March and two savers
    bylaws_version_create(
        effective_from=date(2026, 3, 1), sukarela_monthly_rate=Decimal("0.5"), created_by_id=SYSTEM
    )
    a = register_member(full_name="A", pokok_on=date(2026, 1, 5))
    b = register_member(full_name="B", pokok_on=date(2026, 1, 5))
    sukarela_deposit(
        member_id=a.pk,
        amount="1000000",
        date=date(2026, 2, 2),
        idempotency_key="a",
        created_by_id=SYSTEM,
    )
    sukarela_deposit(
        member_id=b.pk,
        amount="333333",
        date=date(2026, 2, 2),
        idempotency_key="b",
        created_by_id=SYSTEM,
    )
    # when March's jasa is posted twice
    run = sukarela_jasa_post(period="2026-03", created_by_id=SYSTEM)
    again = sukarela_jasa_post(period="2026-03", created_by_id=SYSTEM)
    # then 0.5 % of each balance held all month, rounded to whole rupiah, once
    assert again.pk == run.pk
    assert (run.member_count, run.total) == (2, Decimal("6667.00"))
    assert sukarela(a) == Decimal("1005000.00")
    assert sukarela(b) == Decimal("335000.00")  # 333,333 × 0.5 % = 1,666.665 → 1,667
    assert account_balance(account=chart.SAVINGS_SERVICE_EXPENSE) == Decimal("6667.00")
    assert JasaRun.objects.count() == 1


def test_no_jasa_when_rate_is_zero(in_coop_a, register_member):
    member = register_member(pokok_on=date(2026, 1, 5))
    sukarela_deposit(
        member_id=member.pk,
        amount="100000",
        date=date(2026, 2, 1),
        idempotency_key="a",
        created_by_id=SYSTEM,
    )
    assert sukarela_jasa_post(period="2026-02", created_by_id=SYSTEM) is None
    assert sukarela(member) == Decimal("100000.00")


def test_jasa_for_a_month_not_yet_ended_is_refused(in_coop_a):
    from sokoguru.tenants.bylaws.calendar import cooperative_today

    with pytest.raises(ValidationError) as excinfo:
        sukarela_jasa_post(period=cooperative_today(), created_by_id=SYSTEM)
    assert "period" in excinfo.value.message_dict
