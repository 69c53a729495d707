import io
from datetime import date
from decimal import Decimal

import pytest
from openpyxl import Workbook

from sokoguru.platform.accounts.permissions import SYSTEM
from sokoguru.tenants.ledger import chart
from sokoguru.tenants.ledger.models import JournalTransaction
from sokoguru.tenants.ledger.selectors import account_balance
from sokoguru.tenants.loans.models import Loan, Repayment
from sokoguru.tenants.loans.selectors import loan_ledger_differences
from sokoguru.tenants.loans.services import loan_product_create, loans_close_of_business
from sokoguru.tenants.savings.models import PayrollBatch, PayrollRow, SavingsMovement, WajibBill
from sokoguru.tenants.savings.payroll import PayrollImportError, parse_amount
from sokoguru.tenants.workflows.payroll import payroll_batch_import
from tests.fixtures.loans import cooperative_fund, loan_disbursed, loan_officers

NIP_A = "198504122010011001"
NIP_B = "199001012015022002"


@pytest.fixture
def employees(in_coop_b, register_member):
    """Two civil servants of an OPD cooperative, pokok paid in January (wajib 100,000)."""
    a = register_member(full_name="Rudi Hartono", nip=NIP_A, pokok_on=date(2026, 1, 5))
    b = register_member(full_name="Sri Wahyuni", nip=NIP_B, pokok_on=date(2026, 1, 5))
    return a, b


def csv_bytes(*lines: str) -> bytes:
    return ("\n".join(lines) + "\n").encode()


def test_csv_batch_posts_wajib_and_other_once(employees, settings):
    # given
    a, b = employees
    content = csv_bytes(
        "nip;nama;wajib;angsuran;lainnya",
        f"{NIP_A};Rudi Hartono;100.000;0;25.000",
        f"{b.number};Sri Wahyuni;200000;;",
    )
    # when
    result = payroll_batch_import(
        period="2026-01",
        filename="potongan-jan.csv",
        content=content,
        received_on=date(2026, 1, 28),
        created_by_id=SYSTEM,
    )
    again = payroll_batch_import(
        period="2026-01",
        filename="potongan-jan.csv",
        content=content,
        received_on=date(2026, 1, 28),
        created_by_id=SYSTEM,
    )
    # then
    batch = result.batch
    assert result.created is True
    assert (again.created, again.batch.pk) == (False, batch.pk)
    assert (batch.row_count, batch.wajib_total, batch.loan_total, batch.other_total) == (
        2,
        Decimal("300000.00"),
        Decimal("0.00"),
        Decimal("25000.00"),
    )
    assert account_balance(account=chart.BANK) == Decimal("325000.00")
    assert account_balance(account=chart.SIMPANAN_WAJIB, member_id=a.pk) == Decimal("100000.00")
    assert account_balance(account=chart.SIMPANAN_SUKARELA, member_id=a.pk) == Decimal("25000.00")
    assert account_balance(account=chart.SIMPANAN_WAJIB, member_id=b.pk) == Decimal("200000.00")
    # Sri paid January and February
    assert list(
        WajibBill.objects.filter(member=b).order_by("period").values_list("period", "paid_amount")
    ) == [(date(2026, 1, 1), Decimal("100000.00")), (date(2026, 2, 1), Decimal("100000.00"))]
    assert PayrollBatch.objects.count() == 1
    assert SavingsMovement.objects.filter(payroll_batch=batch).count() == 3
    assert JournalTransaction.objects.filter(source_kind="savings.payroll_batch").count() == 1


def test_same_file_other_month_is_a_new_batch(employees):
    content = csv_bytes("nip,wajib", f"{NIP_A},100000")
    payroll_batch_import(
        period="2026-01",
        filename="p.csv",
        content=content,
        received_on=date(2026, 1, 28),
        created_by_id=SYSTEM,
    )
    second = payroll_batch_import(
        period="2026-02",
        filename="p.csv",
        content=content,
        received_on=date(2026, 2, 27),
        created_by_id=SYSTEM,
    )
    assert second.created is True
    assert PayrollBatch.objects.count() == 2


def test_bad_rows_are_all_reported_and_nothing_is_posted(employees):
    # given
    content = csv_bytes(
        "nip,wajib,angsuran,lainnya",
        f"{NIP_A},100000,0,0",  # row 2 fine
        "999999999999999999,100000,0,0",  # row 3 unknown NIP
        f"{NIP_B},abc,0,0",  # row 4 bad amount
        f"{NIP_A},100000,0,0",  # row 5 same member again
        ",100000,0,0",  # row 6 no identifier
        f"{NIP_B},0,150000,0",  # row 7 Sri twice
    )
    # when
    with pytest.raises(PayrollImportError) as excinfo:
        payroll_batch_import(
            period="2026-01",
            filename="p.csv",
            content=content,
            received_on=date(2026, 1, 28),
            created_by_id=SYSTEM,
        )
    # then
    assert [(e.row, e.column) for e in excinfo.value.row_errors] == [
        (3, "nip"),
        (4, "wajib"),
        (5, "nip"),
        (6, "nip"),
        (7, "nip"),
    ]
    assert str(excinfo.value.row_errors[0]) == (
        "Baris 3, kolom nip: NIP/nomor anggota 999999999999999999 tidak dikenal."
    )
    assert PayrollBatch.objects.count() == 0
    assert PayrollRow.objects.count() == 0
    assert JournalTransaction.objects.filter(source_kind="savings.payroll_batch").count() == 0
    assert account_balance(account=chart.BANK) == Decimal("0.00")


@pytest.fixture
def payroll_loan(in_coop_b, make_user, employees):
    """Rudi's payroll-deduction loan through the loans app: a product made by the bendahara
    (flat 1 % a month, per-instalment penalty Rp 5.000 after 3 days), Rp 600.000 over 6 months
    entered by the kasir, approved by the bendahara and disbursed in cash on 12 January 2026
    (first instalment due 12 February: 100,000 principal + 6,000 jasa). The cooperative has
    Rp 20.000.000 of grant money in cash."""
    rudi, _sri = employees
    officers = loan_officers(make_user, in_coop_b)
    cooperative_fund(Decimal("20000000"), on=date(2026, 1, 2))
    product = loan_product_create(
        created_by_id=officers["bendahara"].pk,
        code="PGU",
        name="Pinjaman potong gaji uji",
        method="flat",
        rate_percent=Decimal("1"),
        rate_basis="per_month",
        min_tenor=1,
        max_tenor=24,
        penalty_method="per_instalment",
        penalty_flat=Decimal("5000"),
        penalty_grace_days=3,
    )
    return loan_disbursed(
        member=rudi,
        product=product,
        officers=officers,
        amount=Decimal("600000"),
        tenor=6,
        disbursed_on=date(2026, 1, 12),
        payroll_deduction=True,
    )


def test_loan_instalment_lands_on_the_loan_penalty_jasa_principal(employees, payroll_loan):
    # given instalment 1 overdue since 12 February with its Rp 5.000 penalty charged
    a, b = employees
    loans_close_of_business(as_of=date(2026, 2, 25))
    content = csv_bytes("nip,wajib,angsuran", f"{NIP_A},100000,106000", f"{NIP_B},100000,0")
    # when
    result = payroll_batch_import(
        period="2026-02",
        filename="p.csv",
        content=content,
        received_on=date(2026, 2, 25),
        created_by_id=SYSTEM,
    )
    # then the 106,000 pays the penalty, the jasa, then 95,000 of the principal
    assert (result.batch.wajib_total, result.batch.loan_total) == (
        Decimal("200000.00"),
        Decimal("106000.00"),
    )
    repayment = Repayment.objects.get(loan=payroll_loan)
    assert (repayment.kind, repayment.account, repayment.date) == (
        Repayment.Kind.PAYROLL,
        "bank",
        date(2026, 2, 25),
    )
    assert (repayment.penalty, repayment.jasa, repayment.principal, repayment.to_savings) == (
        Decimal("5000.00"),
        Decimal("6000.00"),
        Decimal("95000.00"),
        Decimal("0.00"),
    )
    first = payroll_loan.instalments.get(number=1)
    assert (first.penalty_paid, first.jasa_paid, first.principal_paid, first.unpaid) == (
        Decimal("5000.00"),
        Decimal("6000.00"),
        Decimal("95000.00"),
        Decimal("5000.00"),
    )
    assert first.paid_on is None
    assert (
        list(
            payroll_loan.instalments.filter(number__gt=1).values_list("jasa_paid", "principal_paid")
        )
        == [(Decimal("0.00"), Decimal("0.00"))] * 5
    )
    payroll_loan.refresh_from_db()
    assert (payroll_loan.status, payroll_loan.outstanding_principal) == (
        Loan.Status.ACTIVE,
        Decimal("505000.00"),
    )
    assert account_balance(account=chart.LOANS_RECEIVABLE, member_id=a.pk) == Decimal("505000.00")
    assert account_balance(account=chart.LOANS_RECEIVABLE, member_id=b.pk) == Decimal("0.00")
    assert account_balance(account=chart.PENALTY_INCOME) == Decimal("5000.00")
    assert account_balance(account=chart.LOAN_SERVICE_INCOME) == Decimal("6000.00")
    assert account_balance(account=chart.SIMPANAN_WAJIB, member_id=a.pk) == Decimal("100000.00")
    # the treasurer's transfer: 200,000 wajib + 106,000 instalment into the bank
    assert account_balance(account=chart.BANK) == Decimal("306000.00")
    assert loan_ledger_differences() == {}


def test_reimporting_the_file_posts_no_second_instalment(employees, payroll_loan):
    # given
    a, _b = employees
    content = csv_bytes("nip,wajib,angsuran", f"{NIP_A},100000,106000")
    first = payroll_batch_import(
        period="2026-02",
        filename="p.csv",
        content=content,
        received_on=date(2026, 2, 12),
        created_by_id=SYSTEM,
    )
    transactions = JournalTransaction.objects.count()
    # when
    again = payroll_batch_import(
        period="2026-02",
        filename="p-lagi.csv",
        content=content,
        received_on=date(2026, 2, 13),
        created_by_id=SYSTEM,
    )
    # then
    assert (again.created, again.batch.pk) == (False, first.batch.pk)
    assert JournalTransaction.objects.count() == transactions
    assert Repayment.objects.count() == 1
    payroll_loan.refresh_from_db()
    assert payroll_loan.outstanding_principal == Decimal("500000.00")
    assert list(
        payroll_loan.instalments.order_by("number")[:2].values_list("paid_on", flat=True)
    ) == [date(2026, 2, 12), None]
    assert account_balance(account=chart.LOANS_RECEIVABLE, member_id=a.pk) == Decimal("500000.00")
    assert account_balance(account=chart.BANK) == Decimal("206000.00")


def test_instalment_of_a_member_without_a_loan_rolls_back_the_whole_batch(employees, payroll_loan):
    # given Rudi's instalment is fine, Sri has no loan
    a, _b = employees
    transactions = JournalTransaction.objects.count()
    movements = SavingsMovement.objects.count()
    content = csv_bytes("nip,wajib,angsuran", f"{NIP_A},100000,106000", f"{NIP_B},100000,50000")
    # when
    with pytest.raises(PayrollImportError) as excinfo:
        payroll_batch_import(
            period="2026-02",
            filename="p.csv",
            content=content,
            received_on=date(2026, 2, 12),
            created_by_id=SYSTEM,
        )
    # then
    assert [(e.row, e.column) for e in excinfo.value.row_errors] == [(3, "angsuran")]
    assert str(excinfo.value.row_errors[0]).startswith(
        "Baris 3, kolom angsuran: Anggota ini tidak memiliki pinjaman berjalan"
    )
    # nothing posted, Rudi's instalment included
    assert PayrollBatch.objects.count() == 0
    assert PayrollRow.objects.count() == 0
    assert Repayment.objects.count() == 0
    assert SavingsMovement.objects.count() == movements
    assert JournalTransaction.objects.count() == transactions
    assert account_balance(account=chart.BANK) == Decimal("0.00")
    payroll_loan.refresh_from_db()
    assert payroll_loan.outstanding_principal == Decimal("600000.00")
    assert payroll_loan.instalments.get(number=1).jasa_paid == Decimal("0.00")
    assert account_balance(account=chart.LOANS_RECEIVABLE, member_id=a.pk) == Decimal("600000.00")


def test_loan_errors_are_reported_with_the_other_row_errors(employees, payroll_loan):
    # given Sri has no loan (row 3) and row 4's NIP is unknown
    transactions = JournalTransaction.objects.count()
    content = csv_bytes(
        "nip,wajib,angsuran",
        f"{NIP_A},100000,106000",
        f"{NIP_B},100000,50000",
        "999999999999999999,100000,0",
    )
    # when
    with pytest.raises(PayrollImportError) as excinfo:
        payroll_batch_import(
            period="2026-02",
            filename="p.csv",
            content=content,
            received_on=date(2026, 2, 12),
            created_by_id=SYSTEM,
        )
    # then both are reported at once, and the loans app's check posted nothing
    assert [(e.row, e.column) for e in excinfo.value.row_errors] == [(3, "angsuran"), (4, "nip")]
    assert (PayrollBatch.objects.count(), Repayment.objects.count()) == (0, 0)
    assert JournalTransaction.objects.count() == transactions
    payroll_loan.refresh_from_db()
    assert payroll_loan.outstanding_principal == Decimal("600000.00")


def test_xlsx_file(employees):
    # given
    wb = Workbook()
    ws = wb.active
    ws.append(["No", "NIP", "Nama", "Simpanan Wajib", "Angsuran Pinjaman", "Lain-lain"])
    ws.append([1, NIP_A, "Rudi Hartono", 100000, None, 5000.5])
    ws.append([None, None, None, None, None, None])
    ws.append([2, NIP_B, "Sri Wahyuni", 100000, 0, 0])
    buffer = io.BytesIO()
    wb.save(buffer)
    # when
    result = payroll_batch_import(
        period="2026-01",
        filename="potongan.xlsx",
        content=buffer.getvalue(),
        received_on=date(2026, 1, 28),
        created_by_id=SYSTEM,
    )
    # then
    assert (result.batch.wajib_total, result.batch.other_total) == (
        Decimal("200000.00"),
        Decimal("5000.50"),
    )
    assert list(result.batch.rows.values_list("row_number", flat=True)) == [2, 4]


def test_missing_header_is_reported_on_row_one(employees):
    with pytest.raises(PayrollImportError) as excinfo:
        payroll_batch_import(
            period="2026-01",
            filename="p.csv",
            content=csv_bytes("nama,jumlah", "Rudi,100000"),
            created_by_id=SYSTEM,
        )
    assert [(e.row, e.column) for e in excinfo.value.row_errors] == [(1, "nip")]


@pytest.mark.parametrize(
    ("raw", "amount"),
    [
        ("50000", Decimal("50000.00")),
        ("50.000", Decimal("50000.00")),
        ("10.001", Decimal("10001.00")),  # Indonesian thousands separator
        ("1.250.000,50", Decimal("1250000.50")),
        ("1,250,000.50", Decimal("1250000.50")),
        ("Rp 75.000", Decimal("75000.00")),
        ("", Decimal("0.00")),
        (125000, Decimal("125000.00")),
        (99.5, Decimal("99.50")),
    ],
)
def test_amount_formats(raw, amount):
    assert parse_amount(raw) == amount


@pytest.mark.parametrize("raw", ["-5", "12,5,0", "abc", "1.5.000", "10.1234"])
def test_bad_amounts(raw):
    with pytest.raises(ValueError):
        parse_amount(raw)
