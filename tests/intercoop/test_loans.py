"""A loan from the sekunder to a member cooperative: approved by the sekunder, accepted by the
member cooperative, paid out and repaid on both books, aged, and reconciled per pair."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from django.core.management import call_command

from sokoguru.platform.accounts.permissions import SYSTEM
from sokoguru.platform.core.errors import PermissionDenied
from sokoguru.platform.tenancy.context import cooperative_schema
from sokoguru.tenants.intercoop import selectors, services
from sokoguru.tenants.intercoop.models import Loan, Repayment
from sokoguru.tenants.ledger import chart
from sokoguru.tenants.ledger.models import JournalTransaction
from sokoguru.tenants.ledger.services import Leg, transaction_post
from tests.intercoop.conftest import balance, rows_in


def _disbursed_loan(sekunder, primary, make_user):
    with cooperative_schema(sekunder):
        product = services.loan_product_create(
            name="Modal kerja perumahan",
            rate_percent=Decimal("1"),
            max_amount=Decimal("100000000"),
            created_by_id=SYSTEM,
        )
    maker = make_user(roles={sekunder: "sekretaris"})
    checker = make_user(roles={sekunder: "ketua"})
    primary_ketua = make_user(roles={primary: "ketua"})
    loan = services.loan_offer(
        sekunder=sekunder,
        primary=primary,
        product_id=product.pk,
        amount=Decimal("12000000"),
        tenor=12,
        first_due_date=date(2026, 3, 10),
        created_by_id=maker.pk,
    )
    with pytest.raises(PermissionDenied):  # maker-checker
        services.loan_approve(sekunder=sekunder, reference=loan.reference, approved_by_id=maker.pk)
    services.loan_approve(sekunder=sekunder, reference=loan.reference, approved_by_id=checker.pk)
    services.loan_accept(primary=primary, reference=loan.reference, accepted_by_id=primary_ketua.pk)
    services.loan_disburse(
        sekunder=sekunder,
        reference=loan.reference,
        date=date(2026, 2, 10),
        created_by_id=checker.pk,
    )
    return loan, primary_ketua


def test_disbursement_and_repayments_post_both_books_and_reconcile(pair, make_user):
    sekunder, primary = pair
    loan, primary_ketua = _disbursed_loan(sekunder, primary, make_user)
    # then: Rp 12.000.000 receivable in the sekunder, payable in the primary
    assert balance(sekunder, chart.INTER_COOP_LOANS_RECEIVABLE) == Decimal("12000000.00")
    assert balance(primary, chart.LOAN_FROM_SEKUNDER) == Decimal("12000000.00")
    assert balance(primary, chart.BANK) == Decimal("62000000.00")
    # when: two instalments (Rp 1.000.000 principal + Rp 120.000 jasa each, 1 % flat a month)
    for n in (1, 2):
        mine, theirs = services.loan_repay(
            primary=primary,
            reference=loan.reference,
            amount=Decimal("1120000"),
            date=date(2026, 2 + n, 10),
            idempotency_key=f"angsuran-{n}",
            created_by_id=primary_ketua.pk,
        )
        assert (mine.principal, mine.jasa) == (theirs.principal, theirs.jasa)
        assert (mine.principal, mine.jasa) == (Decimal("1000000.00"), Decimal("120000.00"))
    # then: both sides show Rp 10.000.000 left, jasa as income and expense
    assert balance(sekunder, chart.INTER_COOP_LOANS_RECEIVABLE) == Decimal("10000000.00")
    assert balance(primary, chart.LOAN_FROM_SEKUNDER) == Decimal("10000000.00")
    assert balance(sekunder, chart.INTER_COOP_SERVICE_INCOME) == Decimal("240000.00")
    assert balance(primary, chart.INTER_COOP_SERVICE_EXPENSE) == Decimal("240000.00")
    [row] = selectors.intercoop_reconciliation(sekunder=sekunder)
    assert (row.loan_receivable, row.loan_payable, row.reconciled) == (
        Decimal("10000000.00"),
        Decimal("10000000.00"),
        True,
    )
    # and the aging (the loans app's five classes): on 20 May the May instalment is 10 days late,
    # dalam perhatian khusus (1-90 days by default), not yet non-performing
    with cooperative_schema(sekunder):
        standing = selectors.loan_standing(
            loan=selectors.loan_get(reference=loan.reference), as_of=date(2026, 5, 20)
        )
    assert (standing.days_past_due, standing.bucket) == (10, "dalam_perhatian_khusus")
    assert standing.outstanding_principal == Decimal("10000000.00")


def test_reconciliation_reports_a_difference(pair, make_user, capsys):
    sekunder, primary = pair
    loan, _ = _disbursed_loan(sekunder, primary, make_user)
    # given: the sekunder books Rp 250.000 received on the loan that the primary never paid
    with cooperative_schema(sekunder):
        from sokoguru.tenants.members.models import Member

        member = Member.objects.get(cooperative_id=primary.pk)
        transaction_post(
            date=date(2026, 3, 1),
            description="Penerimaan salah catat",
            legs=[
                Leg(account=chart.CASH, debit=Decimal("250000")),
                Leg(
                    account=chart.INTER_COOP_LOANS_RECEIVABLE,
                    credit=Decimal("250000"),
                    member_id=member.pk,
                ),
            ],
            idempotency_key="test:one-sided",
        )
    [row] = selectors.intercoop_reconciliation(sekunder=sekunder)
    assert (row.loan_receivable, row.loan_payable) == (
        Decimal("11750000.00"),
        Decimal("12000000.00"),
    )
    assert (row.loan_difference, row.reconciled) == (Decimal("-250000.00"), False)
    # and the command says so and fails
    with pytest.raises(SystemExit) as exited:
        call_command("intercoop_reconcile", sekunder=sekunder.slug)
    assert exited.value.code == 1
    out = capsys.readouterr().out
    assert "Koperasi Pegawai Uji" in out and "selisih -Rp 250.000" in out


def test_repayment_failure_on_the_sekunder_side_writes_neither(pair, make_user, monkeypatch):
    sekunder, primary = pair
    loan, primary_ketua = _disbursed_loan(sekunder, primary, make_user)
    before = (rows_in(primary, JournalTransaction), rows_in(sekunder, JournalTransaction))

    def broken(**kwargs):
        raise RuntimeError("sekunder side down")

    monkeypatch.setattr(services, "_loan_receive", broken)
    with pytest.raises(RuntimeError):
        services.loan_repay(
            primary=primary,
            reference=loan.reference,
            amount=Decimal("1120000"),
            date=date(2026, 3, 10),
            idempotency_key="angsuran-1",
            created_by_id=primary_ketua.pk,
        )
    assert (rows_in(primary, JournalTransaction), rows_in(sekunder, JournalTransaction)) == before
    assert rows_in(primary, Repayment) == rows_in(sekunder, Repayment) == 0
    assert balance(primary, chart.LOAN_FROM_SEKUNDER) == Decimal("12000000.00")


def test_role_refusals_on_loans_write_nothing(pair, make_user):
    sekunder, primary = pair
    with cooperative_schema(sekunder):
        product = services.loan_product_create(
            name="Modal kerja",
            rate_percent=Decimal("1"),
            max_amount=Decimal("1000000"),
            created_by_id=SYSTEM,
        )
    # a primary officer cannot offer the sekunder's money
    with pytest.raises(PermissionDenied):
        services.loan_offer(
            sekunder=sekunder,
            primary=primary,
            product_id=product.pk,
            amount=Decimal("500000"),
            tenor=5,
            first_due_date=date(2026, 3, 1),
            created_by_id=make_user(roles={primary: "ketua"}).pk,
        )
    assert rows_in(sekunder, Loan) == rows_in(primary, Loan) == 0
    loan = services.loan_offer(
        sekunder=sekunder,
        primary=primary,
        product_id=product.pk,
        amount=Decimal("500000"),
        tenor=5,
        first_due_date=date(2026, 3, 1),
        created_by_id=make_user(roles={sekunder: "bendahara"}).pk,
    )
    # the sekunder's kasir may not approve
    with pytest.raises(PermissionDenied):
        services.loan_approve(
            sekunder=sekunder,
            reference=loan.reference,
            approved_by_id=make_user(roles={sekunder: "kasir"}).pk,
        )
    assert rows_in(primary, Loan) == 0
    with cooperative_schema(sekunder):
        assert Loan.objects.get().status == "offered"
