"""Case 4 of "books that hold up": a payment dated before the last close of business (paid on
time, entered days later) is applied as of its date — the penalties the close of business
charged since are taken back, the closed days are replayed for what is still unpaid, and the
class and allowance follow; penalties are waived only with a second officer's approval."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import connection

from sokoguru.platform.core.errors import PermissionDenied
from sokoguru.tenants.ledger import chart
from sokoguru.tenants.ledger.models import JournalTransaction
from sokoguru.tenants.ledger.selectors import account_balance
from sokoguru.tenants.loans.models import (
    Instalment,
    Loan,
    LoanDayClose,
    LoanProduct,
    PenaltyCharge,
    PenaltyWaiver,
    Repayment,
)
from sokoguru.tenants.loans.selectors import loan_ledger_differences
from sokoguru.tenants.loans.services import (
    loan_repay,
    loans_close_of_business,
    penalty_waiver_approve,
    penalty_waiver_request,
)
from tests.fixtures.graphql import host_of, login, to_global_id

DUE = date(2025, 2, 10)  # instalment 1 of Rp 110.000 (100.000 principal + 10.000 jasa)


@pytest.fixture
def per_day(product):
    """0,1 % of the unpaid instalment per day late, no grace: Rp 110 a day on Rp 110.000."""
    product.penalty_method = LoanProduct.PenaltyMethod.PER_DAY
    product.penalty_percent = Decimal("0.1")
    product.penalty_flat = Decimal("0")
    product.penalty_grace_days = 0
    product.save()
    return product


def _close(through: date, start: date = DUE):
    day = start
    while day <= through:
        loans_close_of_business(as_of=day)
        day += timedelta(days=1)


def test_a_payment_on_the_due_date_entered_five_days_later_pays_no_penalty(active_loan, per_day):
    # given: the close of business ran 10–15 February; 5 days of Rp 110 were charged and the
    # loan is 5 days late (dalam perhatian khusus, 5 % allowance = Rp 50.000)
    loan = active_loan()
    _close(DUE + timedelta(days=5))
    first = Instalment.objects.get(loan=loan, number=1)
    assert first.penalty_charged == Decimal("550.00")
    loan.refresh_from_db()
    assert (loan.bucket, loan.allowance) == ("dalam_perhatian_khusus", Decimal("50000.00"))
    # when: the instalment, paid on 10 February, is entered on the 15th
    rep = loan_repay(
        loan_id=loan.pk,
        amount=Decimal("110000"),
        date=DUE,
        idempotency_key="kwitansi-10-feb",
        received_by_id=loan.disbursed_by_id,
    )
    # then: no penalty (before: Rp 550 penalty, Rp 99.450 principal, instalment 1 short)
    assert (rep.penalty, rep.jasa, rep.principal) == (
        Decimal("0.00"),
        Decimal("10000.00"),
        Decimal("100000.00"),
    )
    first.refresh_from_db()
    assert (first.penalty_charged, first.penalty_paid, first.paid_on) == (
        Decimal("0.00"),
        Decimal("0.00"),
        DUE,
    )
    assert not PenaltyCharge.objects.filter(instalment__loan=loan).exists()
    assert account_balance(account=chart.PENALTY_INCOME) == Decimal("0.00")
    # and the loan is lancar with its 0,5 % allowance on Rp 900.000, as of the last close
    loan.refresh_from_db()
    assert (loan.bucket, loan.days_past_due, loan.allowance) == ("lancar", 0, Decimal("4500.00"))
    assert account_balance(account=chart.LOAN_LOSS_ALLOWANCE) == Decimal("4500.00")
    assert account_balance(account=chart.LOAN_LOSS_EXPENSE) == Decimal("4500.00")
    # and each closed day reads as if the payment had been entered on time
    assert set(
        LoanDayClose.objects.filter(loan=loan, date__gt=DUE).values_list(
            "bucket", "days_past_due", "penalty_charged"
        )
    ) == {("lancar", 0, Decimal("0.00"))}
    # when: the next close of business (before: kurang lancar, 10 % = Rp 90.055 allowance)
    loans_close_of_business(as_of=DUE + timedelta(days=6))
    # then
    loan.refresh_from_db()
    assert (loan.bucket, loan.allowance) == ("lancar", Decimal("4500.00"))
    assert account_balance(account=chart.LOAN_LOSS_ALLOWANCE) == Decimal("4500.00")
    assert loan_ledger_differences() == {}


def test_a_partial_back_dated_payment_leaves_penalties_on_what_is_still_unpaid(
    active_loan, per_day
):
    # given
    loan = active_loan()
    _close(DUE + timedelta(days=5))
    # when: Rp 60.000 paid on the due date (jasa 10.000 + principal 50.000), entered later
    loan_repay(
        loan_id=loan.pk,
        amount=Decimal("60000"),
        date=DUE,
        idempotency_key="sebagian",
        received_by_id=loan.disbursed_by_id,
    )
    # then: 5 days × 0,1 % × Rp 50.000 = Rp 250 (not 5 × 110 on the whole instalment)
    first = Instalment.objects.get(loan=loan, number=1)
    assert (first.penalty_charged, first.principal_paid, first.jasa_paid) == (
        Decimal("250.00"),
        Decimal("50000.00"),
        Decimal("10000.00"),
    )
    assert PenaltyCharge.objects.filter(instalment=first).count() == 5
    loan.refresh_from_db()
    assert (loan.bucket, loan.days_past_due) == ("dalam_perhatian_khusus", 5)
    # 5 % of Rp 950.000
    assert loan.allowance == Decimal("47500.00")
    assert account_balance(account=chart.LOAN_LOSS_ALLOWANCE) == Decimal("47500.00")
    assert loan_ledger_differences() == {}


def test_a_back_dated_payment_before_a_later_one_is_refused_and_writes_nothing(
    active_loan, per_day
):
    # given: a payment on the 14th was entered; the close of business ran through the 15th
    loan = active_loan()
    _close(DUE + timedelta(days=5))
    loan_repay(
        loan_id=loan.pk,
        amount=Decimal("50000"),
        date=DUE + timedelta(days=4),
        idempotency_key="tanggal-14",
        received_by_id=loan.disbursed_by_id,
    )
    journals = JournalTransaction.objects.count()
    charges = PenaltyCharge.objects.count()
    # when / then
    with pytest.raises(ValidationError) as exc:
        loan_repay(
            loan_id=loan.pk,
            amount=Decimal("60000"),
            date=DUE,
            idempotency_key="tanggal-10",
            received_by_id=loan.disbursed_by_id,
        )
    assert "date" in exc.value.message_dict
    assert JournalTransaction.objects.count() == journals
    assert PenaltyCharge.objects.count() == charges
    assert not Repayment.objects.filter(idempotency_key="tanggal-10").exists()


# --- waivers --------------------------------------------------------------------------------


def _late_loan(active_loan):
    loan = active_loan()
    _close(DUE + timedelta(days=5))
    return loan


def test_a_penalty_waiver_needs_a_second_officer(active_loan, per_day, officers):
    # given: Rp 550 of penalties due
    loan = _late_loan(active_loan)
    waiver = penalty_waiver_request(
        loan_id=loan.pk,
        amount=Decimal("550"),
        reason="Bencana banjir",
        requested_by_id=officers["bendahara"].pk,
    )
    # when / then: the one who asked may not approve
    with pytest.raises(PermissionDenied):
        penalty_waiver_approve(waiver_id=waiver.pk, approved_by_id=officers["bendahara"].pk)
    assert Instalment.objects.get(loan=loan, number=1).penalty_waived == Decimal("0.00")
    # when
    penalty_waiver_approve(waiver_id=waiver.pk, approved_by_id=officers["ketua"].pk)
    # then: the instalment is paid with 110.000, no penalty income
    first = Instalment.objects.get(loan=loan, number=1)
    assert (first.penalty_charged, first.penalty_waived, first.penalty_due) == (
        Decimal("550.00"),
        Decimal("550.00"),
        Decimal("0.00"),
    )
    rep = loan_repay(
        loan_id=loan.pk,
        amount=Decimal("110000"),
        date=DUE + timedelta(days=5),
        idempotency_key="setelah-bebas-denda",
        received_by_id=loan.disbursed_by_id,
    )
    assert (rep.penalty, rep.principal) == (Decimal("0.00"), Decimal("100000.00"))
    assert PenaltyWaiver.objects.get(pk=waiver.pk).status == PenaltyWaiver.Status.APPROVED


def test_a_waiver_above_the_penalties_due_is_refused_and_writes_nothing(
    active_loan, per_day, officers
):
    loan = _late_loan(active_loan)
    with pytest.raises(ValidationError) as exc:
        penalty_waiver_request(
            loan_id=loan.pk,
            amount=Decimal("551"),
            reason="Salah hitung",
            requested_by_id=officers["kasir"].pk,
        )
    assert "amount" in exc.value.message_dict
    assert PenaltyWaiver.objects.count() == 0


REQUEST = """
mutation ($loan: ID!, $amount: Money!) {
  loanPenaltyWaiverRequest(loanId: $loan, amount: $amount, reason: "Sakit") {
    errors { code field }
    waiver { id amount status }
  }
}"""
APPROVE = """
mutation ($id: ID!) {
  loanPenaltyWaiverApprove(waiverId: $id) {
    errors { code field }
    waiver { status }
    loan { schedule { number penaltyCharged penaltyWaived amountDue } }
  }
}"""


def test_waiver_request_and_approval_through_the_api(
    active_loan, per_day, officers, graphql_client, coop_a
):
    # given
    loan = _late_loan(active_loan)
    kasir = graphql_client(officers["kasir"], coop_a)
    bendahara = graphql_client(officers["bendahara"], coop_a)
    # when
    asked = kasir.execute(
        REQUEST,
        {"loan": to_global_id("Loan", loan.pk, coop_a.schema_name), "amount": "300"},
    )["loanPenaltyWaiverRequest"]
    # then
    assert asked["errors"] == []
    assert (asked["waiver"]["amount"], asked["waiver"]["status"]) == ("300.00", "REQUESTED")
    # when: the kasir may not approve; the bendahara may
    refused = kasir.execute(APPROVE, {"id": asked["waiver"]["id"]})["loanPenaltyWaiverApprove"]
    assert refused["errors"][0]["code"] == "permission_denied"
    approved = bendahara.execute(APPROVE, {"id": asked["waiver"]["id"]})["loanPenaltyWaiverApprove"]
    # then
    assert approved["errors"] == []
    assert approved["waiver"]["status"] == "APPROVED"
    assert approved["loan"]["schedule"][0] == {
        "number": 1,
        "penaltyCharged": "550.00",
        "penaltyWaived": "300.00",
        "amountDue": "110250.00",
    }


def test_waiver_request_and_approval_in_the_admin(active_loan, per_day, officers, coop_a):
    # given
    from django.test import Client

    loan = _late_loan(active_loan)

    def client_for(user):
        client = Client()
        login(client, user, coop_a)
        client.defaults["HTTP_HOST"] = host_of(coop_a)
        return client

    schema = connection.schema_name
    connection.set_schema_to_public()
    kasir, ketua = client_for(officers["kasir"]), client_for(officers["ketua"])
    # when: the kasir asks
    added = kasir.post(
        "/admin/loans/penaltywaiver/add/",
        {"loan": loan.pk, "amount": "200", "reason": "Keringanan"},
    )
    assert added.status_code == 302, added.content.decode()[:2000]
    # and the ketua approves with the list action
    connection.set_schema(schema)
    waiver = PenaltyWaiver.objects.get(loan=loan)
    connection.set_schema_to_public()
    ketua.post(
        "/admin/loans/penaltywaiver/",
        {"action": "approve_selected", "_selected_action": [waiver.pk]},
    )
    # then
    connection.set_schema(schema)
    waiver.refresh_from_db()
    assert waiver.status == PenaltyWaiver.Status.APPROVED
    assert waiver.requested_by_id == officers["kasir"].pk
    assert Instalment.objects.get(loan=loan, number=1).penalty_waived == Decimal("200.00")
    assert Loan.objects.get(pk=loan.pk).status == Loan.Status.ACTIVE
