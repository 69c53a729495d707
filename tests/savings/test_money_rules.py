"""The savings money rules, each reproduced as an officer would hit it: exact rupiah, and
nothing else written when a rule refuses."""

from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from sokoguru.platform.accounts.permissions import SYSTEM
from sokoguru.tenants.ledger import chart
from sokoguru.tenants.ledger.models import JournalTransaction
from sokoguru.tenants.ledger.selectors import account_balance
from sokoguru.tenants.savings.models import (
    ExitSettlement,
    PayrollBatch,
    PayrollRow,
    SavingsMovement,
    WajibBill,
)
from sokoguru.tenants.savings.payroll import PayrollImportError
from sokoguru.tenants.savings.services import (
    CollectionItem,
    savings_collection_post,
    sukarela_deposit,
    sukarela_withdraw,
    wajib_bills_generate,
)
from sokoguru.tenants.workflows.member_exit import member_exit
from sokoguru.tenants.workflows.payroll import payroll_batch_import

NIP = "198504122010011001"


def _written() -> tuple[int, int, int, int]:
    return (
        JournalTransaction.objects.count(),
        SavingsMovement.objects.count(),
        PayrollBatch.objects.count(),
        ExitSettlement.objects.count(),
    )


def _into_bank(member, *, sukarela: Decimal, day=date(2026, 1, 10)):
    """The member's sukarela paid by transfer into the bank: Kas stays at Rp 0."""
    savings_collection_post(
        date=day,
        items=[CollectionItem(member.pk, "sukarela", sukarela)],
        counter_account=chart.BANK,
        idempotency_key=f"bank-{member.pk}",
        description="Transfer simpanan",
        created_by_id=SYSTEM,
    )


# --- One deposit rule on every path ----------------------------------------------------------


def test_collection_refuses_a_negative_pokok(in_coop_a, register_member):
    # given a new member; the collector types the pokok as −100.000
    member = register_member()
    before = _written()
    # when
    with pytest.raises(ValidationError) as excinfo:
        savings_collection_post(
            date=date(2026, 1, 10),
            items=[CollectionItem(member.pk, "pokok", Decimal("-100000"))],
            idempotency_key="neg-pokok",
            description="Setoran kolektif",
            created_by_id=SYSTEM,
        )
    # then: refused (today it was posted as +100.000 and the member became active)
    assert excinfo.value.message_dict["items"] == [
        f"Baris 1 ({member.number}): Hanya simpanan sukarela yang dapat ditarik. / Only "
        "sukarela is withdrawn."
    ]
    assert _written() == before
    assert account_balance(account=chart.SIMPANAN_POKOK, member_id=member.pk) == Decimal("0.00")


def test_payroll_refuses_a_deposit_dated_before_the_member_joined(in_coop_b, register_member):
    # given a civil servant who joined on 20 January; the January file arrived on 15 January
    register_member(
        nip=NIP, joined_on=date(2026, 1, 20), pokok_on=date(2026, 1, 20), full_name="Rudi"
    )
    before = _written()
    content = f"nip,wajib,lainnya\n{NIP},0,50000\n".encode()
    # when
    with pytest.raises(PayrollImportError) as excinfo:
        payroll_batch_import(
            period="2026-01",
            filename="p.csv",
            content=content,
            received_on=date(2026, 1, 15),
            created_by_id=SYSTEM,
        )
    # then: the row is refused (today Rp 50.000 was posted five days before joining)
    assert [(e.row, e.column) for e in excinfo.value.row_errors] == [(2, "lainnya")]
    assert "sebelum anggota masuk" in excinfo.value.row_errors[0].message
    assert _written() == before
    assert account_balance(account=chart.BANK) == Decimal("0.00")


def test_counter_sukarela_deposit_refuses_a_date_before_joining(in_coop_a, register_member):
    member = register_member(joined_on=date(2026, 1, 20), pokok_on=date(2026, 1, 20))
    before = _written()
    with pytest.raises(ValidationError) as excinfo:
        sukarela_deposit(
            member_id=member.pk,
            amount="50000",
            date=date(2026, 1, 19),
            idempotency_key="early",
            created_by_id=SYSTEM,
        )
    assert "date" in excinfo.value.message_dict
    assert _written() == before


# --- Case 1: payroll re-import doubles the money ------------------------------------------


def test_payroll_file_saved_again_with_other_bytes_is_refused_naming_the_rows(
    in_coop_b, register_member
):
    # given January's file imported once (wajib Rp 100.000)
    rudi = register_member(nip=NIP, pokok_on=date(2026, 1, 5), full_name="Rudi")
    unix = f"nip,wajib,angsuran,lainnya\n{NIP},100000,0,0\n".encode()
    payroll_batch_import(
        period="2026-01",
        filename="jan.csv",
        content=unix,
        received_on=date(2026, 1, 28),
        created_by_id=SYSTEM,
    )
    before = _written()
    # when: the same rows saved again with Windows line endings
    windows = unix.replace(b"\n", b"\r\n")
    with pytest.raises(PayrollImportError) as excinfo:
        payroll_batch_import(
            period="2026-01",
            filename="jan (1).csv",
            content=windows,
            received_on=date(2026, 1, 29),
            created_by_id=SYSTEM,
        )
    # then: refused, naming the row already imported (today: wajib Rp 200.000, bank 200.000)
    assert [(e.row, e.column) for e in excinfo.value.row_errors] == [(2, "wajib")]
    assert "sudah diimpor" in excinfo.value.row_errors[0].message
    assert "jan.csv, baris 2" in excinfo.value.row_errors[0].message
    assert _written() == before
    assert PayrollRow.objects.count() == 1
    assert account_balance(account=chart.SIMPANAN_WAJIB, member_id=rudi.pk) == Decimal("100000.00")
    assert account_balance(account=chart.BANK) == Decimal("100000.00")


# --- Case 2: cash can go negative ---------------------------------------------------------


def test_cash_withdrawal_with_nothing_in_kas_is_refused(in_coop_a, register_member):
    # given Rp 500.000 of sukarela, all of it in the bank; Kas holds the pokok Rp 100.000
    member = register_member(pokok_on=date(2026, 1, 5))
    _into_bank(member, sukarela=Decimal("500000"))
    assert account_balance(account=chart.CASH) == Decimal("100000.00")
    before = _written()
    # when
    with pytest.raises(ValidationError) as excinfo:
        sukarela_withdraw(
            member_id=member.pk,
            amount="500000",
            date=date(2026, 1, 12),
            idempotency_key="wd",
            created_by_id=SYSTEM,
        )
    # then: refused, naming the account and the shortfall (today Kas −Rp 400.000)
    message = excinfo.value.message_dict["amount"][0]
    assert message.startswith(
        "Saldo Kas (1101) tidak cukup: saldo Rp 100.000, dibutuhkan Rp 500.000, kurang Rp 400.000."
    )
    assert _written() == before
    assert account_balance(account=chart.CASH) == Decimal("100000.00")


def test_collection_paying_out_more_than_kas_holds_is_refused(in_coop_a, register_member):
    member = register_member(pokok_on=date(2026, 1, 5))
    _into_bank(member, sukarela=Decimal("500000"))
    before = _written()
    with pytest.raises(ValidationError) as excinfo:
        savings_collection_post(
            date=date(2026, 1, 12),
            items=[CollectionItem(member.pk, "sukarela", Decimal("-300000"))],
            idempotency_key="tarik",
            description="Penarikan",
            created_by_id=SYSTEM,
        )
    assert "kurang Rp 200.000" in excinfo.value.message_dict["items"][0]
    assert _written() == before


def test_member_exit_refund_beyond_the_paying_account_is_refused(in_coop_a, register_member):
    # given pokok Rp 100.000 in Kas and sukarela Rp 500.000 in the bank
    member = register_member(pokok_on=date(2026, 1, 5))
    _into_bank(member, sukarela=Decimal("500000"))
    before = _written()
    # when: the refund of Rp 600.000 is to be paid in cash
    with pytest.raises(ValidationError) as excinfo:
        member_exit(
            member_id=member.pk, date=date(2026, 2, 1), paid_from=chart.CASH, created_by_id=SYSTEM
        )
    # then (today: paid, Kas −Rp 500.000)
    assert "Saldo Kas (1101) tidak cukup" in excinfo.value.message_dict["paid_from"][0]
    assert "kurang Rp 500.000" in excinfo.value.message_dict["paid_from"][0]
    assert _written() == before
    assert account_balance(account=chart.CASH) == Decimal("100000.00")
    # and from the bank it is refused too (Rp 500.000 there, Rp 600.000 due)
    with pytest.raises(ValidationError) as excinfo:
        member_exit(
            member_id=member.pk, date=date(2026, 2, 1), paid_from=chart.BANK, created_by_id=SYSTEM
        )
    assert "kurang Rp 100.000" in excinfo.value.message_dict["paid_from"][0]
    assert _written() == before


# --- Case 10: wajib bills for every month of membership -------------------------------------


def test_wajib_is_billed_every_month_until_exit_whatever_the_status(in_coop_a, register_member):
    # given a member who paid the pokok in January 2025 and then nothing for a year
    member = register_member(joined_on=date(2025, 1, 5), pokok_on=date(2025, 1, 5))
    # when: the monthly billing runs February 2025 … January 2026 (the member is flagged, then
    # deactivated by the arrears rules along the way)
    for month in range(2, 14):
        year, m = 2025 + (month - 1) // 12, (month - 1) % 12 + 1
        wajib_bills_generate(period=date(year, m, 1), created_by_id=SYSTEM)
    # then: 13 unpaid months, 13 bills (today 7: billing stopped once inactive)
    bills = WajibBill.objects.filter(member=member, paid_amount=0)
    assert bills.count() == 13
    member.refresh_from_db()
    assert member.status == "inactive"


# --- Case 14: officer-entered dates are never in the future -------------------------------


def test_payroll_period_after_the_month_received_is_refused(in_coop_b, register_member):
    register_member(nip=NIP, pokok_on=date(2026, 1, 5), full_name="Rudi")
    with pytest.raises(ValidationError) as excinfo:
        payroll_batch_import(
            period="2026-03",
            filename="p.csv",
            content=f"nip,wajib\n{NIP},100000\n".encode(),
            received_on=date(2026, 2, 25),
            created_by_id=SYSTEM,
        )
    assert "period" in excinfo.value.message_dict
    assert PayrollBatch.objects.count() == 0


# --- Case 8: jasa simpanan on the balance held, not the month-end balance -----------------


@pytest.fixture
def jasa_half_percent(in_coop_a):
    from sokoguru.tenants.bylaws.services import bylaws_version_create

    def version(basis="lowest"):
        bylaws_version_create(
            effective_from=date(2026, 3, 1),
            sukarela_monthly_rate=Decimal("0.5"),
            sukarela_jasa_basis=basis,
            created_by_id=SYSTEM,
        )

    return version


def _march_savers(register_member):
    """A holds Rp 1.000.000 from February and withdraws Rp 400.000 on 11 March; B deposits
    Rp 10.000.000 on 31 March and withdraws it on 1 April (held one night, over the month
    end)."""
    a = register_member(full_name="A", pokok_on=date(2026, 1, 5))
    b = register_member(full_name="B", pokok_on=date(2026, 1, 5))
    sukarela_deposit(
        member_id=a.pk,
        amount="1000000",
        date=date(2026, 2, 2),
        idempotency_key="a1",
        created_by_id=SYSTEM,
    )
    sukarela_withdraw(
        member_id=a.pk,
        amount="400000",
        date=date(2026, 3, 11),
        idempotency_key="a2",
        created_by_id=SYSTEM,
    )
    sukarela_deposit(
        member_id=b.pk,
        amount="10000000",
        date=date(2026, 3, 31),
        idempotency_key="b1",
        created_by_id=SYSTEM,
    )
    sukarela_withdraw(
        member_id=b.pk,
        amount="10000000",
        date=date(2026, 4, 1),
        idempotency_key="b2",
        created_by_id=SYSTEM,
    )
    return a, b


def _jasa(member):
    return (
        SavingsMovement.objects.filter(member=member, type=SavingsMovement.Type.INTEREST)
        .values_list("amount", flat=True)
        .first()
    )


def test_jasa_on_the_lowest_balance_of_the_month_by_default(jasa_half_percent, register_member):
    from sokoguru.tenants.savings.services import sukarela_jasa_post

    # given
    jasa_half_percent()
    a, b = _march_savers(register_member)
    # when
    run = sukarela_jasa_post(period="2026-03", created_by_id=SYSTEM)
    # then: A earns on the Rp 600.000 held all month; B's one night earns nothing (on the
    # month-end balance it earned Rp 50.000)
    assert _jasa(a) == Decimal("3000.00")
    assert _jasa(b) is None
    assert (run.member_count, run.total) == (1, Decimal("3000.00"))
    assert account_balance(account=chart.SAVINGS_SERVICE_EXPENSE) == Decimal("3000.00")


def test_jasa_on_the_daily_average_when_the_bylaws_say_so(jasa_half_percent, register_member):
    from sokoguru.tenants.savings.services import sukarela_jasa_post

    # given
    jasa_half_percent("daily_average")
    a, b = _march_savers(register_member)
    # when
    run = sukarela_jasa_post(period="2026-03", created_by_id=SYSTEM)
    # then A: (10 × 1.000.000 + 21 × 600.000) / 31 = 729.032,26 × 0,5 % = 3.645,16 → 3.645;
    # B: 10.000.000 / 31 = 322.580,65 × 0,5 % = 1.612,90 → 1.613; total = sum of the parts
    assert _jasa(a) == Decimal("3645.00")
    assert _jasa(b) == Decimal("1613.00")
    assert run.total == Decimal("5258.00")
    assert account_balance(account=chart.SAVINGS_SERVICE_EXPENSE) == Decimal("5258.00")


def test_jasa_of_a_closed_month_is_posted_in_the_next_open_period(
    jasa_half_percent, register_member, make_user, in_coop_a
):
    from sokoguru.tenants.ledger.services import period_close_confirm, period_close_request
    from sokoguru.tenants.savings.services import sukarela_jasa_post

    # given March's books are closed before its jasa was posted
    jasa_half_percent()
    a, _b = _march_savers(register_member)
    maker = make_user(roles={in_coop_a: "bendahara"})
    checker = make_user(roles={in_coop_a: "ketua"})
    period = period_close_request(
        start_date=date(2026, 3, 1), end_date=date(2026, 3, 31), requested_by_id=maker.pk
    )
    period_close_confirm(period_id=period.pk, confirmed_by_id=checker.pk)
    # when
    run = sukarela_jasa_post(period="2026-03", created_by_id=SYSTEM)
    # then: posted on 1 April with a note, not lost
    movement = SavingsMovement.objects.get(member=a, type=SavingsMovement.Type.INTEREST)
    assert (movement.date, movement.amount) == (date(2026, 4, 1), Decimal("3000.00"))
    assert "sudah ditutup" in movement.description
    txn = JournalTransaction.objects.get(pk=run.journal_transaction_id)
    assert txn.date == date(2026, 4, 1)
    assert "sudah ditutup" in txn.description


def test_officer_dates_in_the_future_are_refused_naming_the_field(in_coop_a, register_member):
    from sokoguru.tenants.bylaws.calendar import cooperative_today
    from sokoguru.tenants.members.models import Officer
    from sokoguru.tenants.members.services import officer_assign, officer_end

    # given
    member = register_member(pokok_on=date(2026, 1, 5))
    tomorrow = date.fromordinal(cooperative_today().toordinal() + 1)
    # when / then: an appointment starting tomorrow is refused
    with pytest.raises(ValidationError) as excinfo:
        officer_assign(
            member_id=member.pk,
            role="ketua",
            term_start=tomorrow,
            term_end=date(2031, 1, 1),
            created_by_id=SYSTEM,
        )
    assert "term_start" in excinfo.value.message_dict
    assert Officer.objects.count() == 0
    # and a term ended tomorrow is refused
    officer = officer_assign(
        member_id=member.pk,
        role="ketua",
        term_start=date(2026, 2, 1),
        term_end=date(2029, 1, 31),
        created_by_id=SYSTEM,
    )
    with pytest.raises(ValidationError) as excinfo:
        officer_end(officer_id=officer.pk, ended_on=tomorrow, created_by_id=SYSTEM)
    assert "ended_on" in excinfo.value.message_dict
    officer.refresh_from_db()
    assert officer.ended_on is None
