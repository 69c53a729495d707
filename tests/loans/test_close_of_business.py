from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.core import mail

from sokoguru.tenants.ledger import chart
from sokoguru.tenants.ledger.models import JournalLeg, JournalTransaction
from sokoguru.tenants.ledger.selectors import account_balance
from sokoguru.tenants.loans.models import (
    CobRun,
    Instalment,
    Loan,
    LoanDayClose,
    LoanProduct,
    Notification,
)
from sokoguru.tenants.loans.selectors import loan_ledger_differences, loan_portfolio_summary
from sokoguru.tenants.loans.services import (
    allowance_required,
    loan_recover,
    loan_repay,
    loan_write_off_approve,
    loan_write_off_request,
    loans_close_of_business,
)
from sokoguru.tenants.loans.tasks import loans_close_of_business_task
from tests.loans import whatsapp

FIRST_DUE = date(2025, 2, 10)


@pytest.mark.parametrize(
    ("days", "bucket"),
    [
        (0, "lancar"),
        (1, "dalam_perhatian_khusus"),
        (90, "dalam_perhatian_khusus"),
        (91, "kurang_lancar"),
        (120, "kurang_lancar"),
        (121, "diragukan"),
        (180, "diragukan"),
        (181, "macet"),
    ],
)
def test_aging_at_bucket_boundaries(active_loan, days, bucket):
    # given: nothing paid since disbursement; instalment 1 due 10 February 2025
    loan = active_loan()
    as_of = FIRST_DUE + timedelta(days=days)
    # when
    loans_close_of_business(as_of=as_of)
    # then
    loan.refresh_from_db()
    assert loan.days_past_due == days
    assert loan.bucket == bucket
    record = LoanDayClose.objects.get(loan=loan, date=as_of)
    assert (record.days_past_due, record.bucket) == (days, bucket)


def _snapshot():
    return {
        "loans": list(Loan.objects.order_by("pk").values()),
        "instalments": list(Instalment.objects.order_by("pk").values()),
        "day_closes": list(LoanDayClose.objects.order_by("pk").values()),
        "runs": list(CobRun.objects.order_by("pk").values()),
        "notifications": list(Notification.objects.order_by("pk").values("pk", "status")),
        "transactions": JournalTransaction.objects.count(),
        "legs": JournalLeg.objects.count(),
    }


def test_second_run_on_the_same_day_changes_nothing(active_loan, make_member, product):
    # given: per-day penalties, three loans in different states
    product.penalty_method = LoanProduct.PenaltyMethod.PER_DAY
    product.penalty_percent = Decimal("0.1")
    product.penalty_flat = Decimal("0")
    product.penalty_grace_days = 0
    product.save()
    late = active_loan(disbursed_on=date(2025, 1, 10))
    active_loan(disbursed_on=date(2025, 3, 1))
    active_loan(disbursed_on=date(2025, 4, 25))  # instalment due in 2 days → reminder
    as_of = date(2025, 5, 23)
    loans_close_of_business(as_of=as_of)
    before = _snapshot()
    # when
    loans_close_of_business(as_of=as_of)
    # then
    assert _snapshot() == before
    late.refresh_from_db()
    assert late.bucket == "kurang_lancar"  # 102 days past due
    assert Notification.objects.filter(kind="reminder").exists()


def test_per_day_penalty_with_cap(active_loan, product):
    # given: 1 % of the overdue instalment per day, capped at 5 % of the instalment
    product.penalty_method = LoanProduct.PenaltyMethod.PER_DAY
    product.penalty_percent = Decimal("1")
    product.penalty_flat = Decimal("0")
    product.penalty_cap_percent = Decimal("5")
    product.penalty_grace_days = 0
    product.save()
    loan = active_loan()
    # when: 3 days late, then 10 days late
    loans_close_of_business(as_of=FIRST_DUE + timedelta(days=3))
    first = Instalment.objects.get(loan=loan, number=1)
    loans_close_of_business(as_of=FIRST_DUE + timedelta(days=10))
    # then
    assert first.penalty_charged == Decimal("3300.00")  # 3 × 1 % × 110.000
    first.refresh_from_db()
    assert first.penalty_charged == Decimal("5500.00")  # capped at 5 % × 110.000


def test_allowance_equals_the_required_allowance(active_loan):
    # given: one loan lancar, one dalam perhatian khusus (30 days late), one macet
    active_loan(disbursed_on=date(2025, 6, 1))  # first due 1 July: not late on 1 July
    active_loan(disbursed_on=date(2025, 5, 1))  # first due 1 June: 30 days late
    active_loan(disbursed_on=date(2024, 12, 1))  # first due 1 January: 181 days late
    as_of = date(2025, 7, 1)
    # when
    loans_close_of_business(as_of=as_of)
    # then: 0,5 % × 1.000.000 + 5 % × 1.000.000 + 100 % × 1.000.000 (30 days late is
    # dalam perhatian khusus, not yet non-performing; before the five classes it was kurang
    # lancar at 10 %: Rp 1.105.000 and an NPL of 0,6667)
    assert account_balance(account=chart.LOAN_LOSS_ALLOWANCE) == Decimal("1055000.00")
    assert account_balance(account=chart.LOAN_LOSS_EXPENSE) == Decimal("1055000.00")
    summary = loan_portfolio_summary(as_of=as_of)
    assert summary["buckets"]["macet"] == {"count": 1, "outstanding": Decimal("1000000.00")}
    assert summary["buckets"]["dalam_perhatian_khusus"] == {
        "count": 1,
        "outstanding": Decimal("1000000.00"),
    }
    assert summary["npl_ratio"] == Decimal("0.3333")
    assert summary["allowance"] == Decimal("1055000.00")
    assert sorted(Loan.objects.values_list("allowance", flat=True)) == [
        Decimal("5000.00"),
        Decimal("50000.00"),
        Decimal("1000000.00"),
    ]

    # when: the macet loan is paid down, the next day's run releases allowance
    loan = Loan.objects.get(bucket="macet")
    loan_repay(
        loan_id=loan.pk,
        received_by_id=loan.disbursed_by_id,
        amount=Decimal("660000"),
        date=as_of,
        idempotency_key="r",
    )
    loans_close_of_business(as_of=as_of + timedelta(days=1))
    # then
    required = allowance_required(
        rates={
            "lancar": Decimal("0.005"),
            "dalam_perhatian_khusus": Decimal("0.05"),
            "kurang_lancar": Decimal("0.15"),
            "diragukan": Decimal("0.5"),
            "macet": Decimal("1"),
        }
    )
    assert account_balance(account=chart.LOAN_LOSS_ALLOWANCE) == required
    assert loan_ledger_differences() == {}


def test_write_off_with_approval_and_recovery(active_loan, officers):
    # given: a macet loan with its allowance built
    loan = active_loan(disbursed_on=date(2024, 6, 1))
    loans_close_of_business(as_of=date(2025, 3, 1))
    assert account_balance(account=chart.LOAN_LOSS_ALLOWANCE) == Decimal("1000000.00")
    loan_write_off_request(
        loan_id=loan.pk,
        requested_by_id=officers["bendahara"].pk,
        reason="Usaha tutup, anggota pindah",
        on=date(2025, 3, 2),
    )
    # when: the requester may not approve it herself
    from sokoguru.platform.core.errors import PermissionDenied

    with pytest.raises(PermissionDenied):
        loan_write_off_approve(
            loan_id=loan.pk, approved_by_id=officers["bendahara"].pk, on=date(2025, 3, 2)
        )
    loan_write_off_approve(
        loan_id=loan.pk, approved_by_id=officers["ketua"].pk, on=date(2025, 3, 2)
    )
    # then
    loan.refresh_from_db()
    assert loan.status == Loan.Status.WRITTEN_OFF
    assert loan.written_off_amount == Decimal("1000000.00")
    assert loan.written_off_jasa == Decimal("100000.00") + Decimal("5000.00") * 8
    assert account_balance(account=chart.LOAN_LOSS_ALLOWANCE) == Decimal("0.00")
    assert account_balance(account=chart.LOANS_RECEIVABLE, member_id=loan.member_id) == Decimal(
        "0.00"
    )
    # when: the member pays something back later
    loan_recover(
        loan_id=loan.pk,
        received_by_id=loan.disbursed_by_id,
        amount=Decimal("250000"),
        date=date(2025, 6, 1),
        idempotency_key="rec",
    )
    # then
    assert account_balance(account=chart.RECOVERY_INCOME) == Decimal("250000.00")
    loan.refresh_from_db()
    assert loan.recovered_amount == Decimal("250000.00")
    assert loan_ledger_differences() == {}


def test_reminders_go_out_once_through_every_channel(
    active_loan, make_member, settings, django_capture_on_commit_callbacks
):
    # given
    settings.LOANS_WHATSAPP_PROVIDER = "tests.loans.whatsapp.RecordingProvider"
    whatsapp.SENT.clear()
    member = make_member(phone="0812-3456-7890")
    loan = active_loan(member=member)
    # when: three days before instalment 1 is due, twice
    with django_capture_on_commit_callbacks(execute=True):
        loans_close_of_business(as_of=FIRST_DUE - timedelta(days=3))
    with django_capture_on_commit_callbacks(execute=True):
        loans_close_of_business(as_of=FIRST_DUE - timedelta(days=2))
    # then
    rows = Notification.objects.filter(loan=loan, kind="reminder")
    assert sorted(rows.values_list("channel", "status")) == [
        ("log", "sent"),
        ("whatsapp", "sent"),
    ]
    assert len(whatsapp.SENT) == 1
    phone, text = whatsapp.SENT[0]
    assert phone == "+6281234567890"
    assert "Rp 110.000" in text and "10-02-2025" in text


def test_officers_get_email(
    officers, make_member, fund, product, django_capture_on_commit_callbacks
):
    # given: a queued loan, then a deposit
    from sokoguru.tenants.loans.services import loan_apply, loan_approve, loan_queue_serve

    loan = loan_apply(
        member_id=make_member().pk,
        product_id=product.pk,
        amount=Decimal("1000000"),
        tenor=10,
        purpose="Modal toga",
        entered_by_id=officers["kasir"].pk,
        applied_on=date(2025, 1, 10),
    )
    loan = loan_approve(loan_id=loan.pk, approved_by_id=officers["ketua"].pk)
    assert loan.status == Loan.Status.QUEUED
    fund(Decimal("5000000"))
    mail.outbox.clear()
    # when
    with django_capture_on_commit_callbacks(execute=True):
        loan_queue_serve()
    # then: ketua and bendahara by email
    assert sorted(m.to[0] for m in mail.outbox) == sorted(
        [officers["ketua"].email, officers["bendahara"].email]
    )
    assert loan.number in mail.outbox[0].body


def test_task_runs_in_the_cooperative_schema(active_loan):
    # given
    loan = active_loan()
    # when
    result = loans_close_of_business_task.apply(
        kwargs={"schema_name": "k_coop_a", "as_of": "2025-02-11"}
    ).get()
    # then
    assert result["loans_closed"] == 1
    assert result["date"] == "2025-02-11"
    loan.refresh_from_db()
    assert loan.days_past_due == 1
