"""The workspace through Django's test client: a month's work of a treasurer, the figures on
each page equal to the ledger, errors as Indonesian sentences at the field, nothing written on
a refusal."""

from __future__ import annotations

import re
from decimal import Decimal

import pytest

from sokoguru.tenants.ledger import chart
from sokoguru.tenants.ledger.selectors import account_balance
from sokoguru.tenants.ledger.statements import balance_sheet
from sokoguru.tenants.loans.models import Loan
from sokoguru.tenants.members.models import Member
from sokoguru.tenants.savings.models import SavingsMovement
from sokoguru.tenants.savings.selectors import member_savings_balances
from tests.fixtures.members import make_nik

pytestmark = pytest.mark.django_db


def value_of(html: str, figure: str) -> Decimal:
    match = re.search(rf'data-figure="{figure}" data-value="([^"]+)"', html)
    assert match, f"no figure {figure}"
    return Decimal(match.group(1))


def register(page, name="Siti Aminah"):
    response = page.post(
        "/anggota/baru/",
        {"full_name": name, "nik": make_nik(), "phone": "081234567890", "joined_on": "2026-01-05"},
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    return Member.objects.get(full_name=name)


def counter(page, member, **fields):
    """Review then post a counter visit; returns the receipt response."""
    data = {"account": "cash", "key": f"k-{member.pk}-{sorted(fields.items())}"[:60], **fields}
    review = page.post(f"/kasir/{member.pk}/", {**data, "step": "review"})
    assert review.status_code == 200
    posted = page.post(f"/kasir/{member.pk}/", {**data, "step": "post"})
    return review, posted


def test_treasurer_runs_the_counter_and_a_loan_figures_equal_the_ledger(pages, funded):
    # given
    bendahara, ketua = pages("bendahara"), pages("ketua")

    # when: a member is registered and goes straight on to the counter for pokok
    member = register(bendahara)
    start = bendahara.get(f"/kasir/{member.pk}/?pokok=1")
    assert 'name="pokok"' in start.content.decode()
    review, posted = counter(
        bendahara, member, pokok="on", wajib_months="1", sukarela_deposit="50.000"
    )

    # then: the confirm step shows each amount as Rp 50.000; the receipt the same as the books
    text = review.content.decode()
    assert "Rp 50.000" in text and "Rp 100.000" in text
    assert posted.status_code == 302
    receipt = bendahara.get(posted["Location"])
    balances = member_savings_balances(member_id=member.pk)
    assert balances["sukarela"] == Decimal("50000.00")
    assert value_of(receipt.content.decode(), "total") == (
        balances["pokok"] + balances["wajib"] + balances["sukarela"]
    )
    assert "wa.me/6281234567890?text=" in receipt.content.decode()

    # when: the same confirm is sent again (double tap) nothing more is posted
    counter(bendahara, member, pokok="on", wajib_months="1", sukarela_deposit="50.000")
    assert SavingsMovement.objects.filter(member=member).count() == 3

    # when: the treasurer applies for a loan, the ketua approves, the treasurer disburses
    detail = bendahara.get(f"/anggota/{member.pk}/")
    assert value_of(detail.content.decode(), "savings_sukarela") == Decimal("50000.00")
    form = bendahara.get(f"/pinjaman/ajukan/{member.pk}/")
    product_id = re.search(r'<option value="(\d+)"', form.content.decode()).group(1)
    applied = bendahara.post(
        f"/pinjaman/ajukan/{member.pk}/",
        {"product": product_id, "amount": "500.000", "tenor": "5", "purpose": "Modal warung"},
    )
    assert applied.status_code == 302, applied.content.decode()[:3000]
    loan = Loan.objects.get(member=member)
    own = bendahara.get(f"/pinjaman/{loan.pk}/")
    assert 'data-testid="approve"' not in own.content.decode()  # maker-checker
    assert ketua.post(f"/pinjaman/{loan.pk}/setujui/", {"note": ""}).status_code == 302
    assert bendahara.post(f"/pinjaman/{loan.pk}/cairkan/", {"paid_from": "cash"}).status_code == 302
    repaid = bendahara.post(
        f"/pinjaman/{loan.pk}/angsur/", {"amount": "110.000", "account": "cash", "key": "r1"}
    )
    assert repaid.status_code == 302

    # then: the loan page, the passbook and the neraca show the ledger's figures
    loan.refresh_from_db()
    page = bendahara.get(f"/pinjaman/{loan.pk}/").content.decode()
    assert value_of(page, "outstanding") == loan.outstanding_principal
    assert account_balance(account=chart.LOANS_RECEIVABLE, member_id=member.pk) == (
        loan.outstanding_principal
    )
    book = bendahara.get(f"/anggota/{member.pk}/buku/sukarela/").content.decode()
    assert (
        value_of(book, "closing_balance")
        == (member_savings_balances(member_id=member.pk)["sukarela"])
    )
    neraca = bendahara.get("/laporan/neraca/").content.decode()
    sheet = balance_sheet(as_of=loan.disbursed_on)
    assert f'data-value="{sheet["assets"]}"' in neraca
    home = bendahara.get("/").content.decode()
    assert value_of(home, "cash") == account_balance(account=chart.CASH)


def test_an_ambiguous_amount_is_refused_at_the_field_and_nothing_is_posted(pages, funded):
    # given
    bendahara = pages("bendahara")
    member = register(bendahara)

    # when
    response = bendahara.post(
        f"/kasir/{member.pk}/",
        {
            "pokok": "on",
            "sukarela_deposit": "50,000",
            "account": "cash",
            "key": "x",
            "step": "post",
        },
    )

    # then
    text = response.content.decode()
    assert response.status_code == 200
    assert "Setoran sukarela: «50,000»" in text
    assert "sukarela_deposit" not in re.sub(r"<[^>]*>", "", text)
    assert not SavingsMovement.objects.filter(member=member).exists()


def test_a_service_refusal_is_an_indonesian_sentence_without_field_names(pages, funded):
    # given: a withdrawal larger than the balance
    bendahara = pages("bendahara")
    member = register(bendahara)

    # when
    _review, posted = counter(bendahara, member, pokok="on", sukarela_withdraw="75.000")

    # then
    text = posted.content.decode()
    assert posted.status_code == 200
    alert = re.search(r'<div class="errors" role="alert">(.*?)</div>\s*</div>', text, re.S)
    message = re.sub(r"<[^>]+>", "", alert.group(1))
    assert "tidak cukup" in message
    assert "items" not in message and " / " not in message
    assert not SavingsMovement.objects.filter(member=member).exists()


def test_a_cooperative_host_speaks_indonesian_whatever_the_browser_asks(pages, coop_a):
    # given
    kasir = pages("kasir")

    # when
    default = kasir.get("/", HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9")
    kasir.client.cookies["django_language"] = "en"
    chosen = kasir.get("/", HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9")

    # then
    assert default["Content-Language"] == "id"
    assert "Beranda" in default.content.decode()
    assert chosen["Content-Language"] == "en"


def test_a_page_beyond_the_role_is_refused_in_words(pages, coop_a):
    # given
    pengawas = pages("pengawas")

    # when
    response = pengawas.get("/anggota/baru/")

    # then
    assert response.status_code == 403
    assert "bukan untuk peran Anda" in response.content.decode()


def test_reports_download_as_pdf_and_xlsx(pages, funded):
    # given
    bendahara = pages("bendahara")

    # when
    pdf = bendahara.get("/laporan/neraca/", {"format": "pdf"})
    xlsx = bendahara.get("/laporan/phu/", {"format": "xlsx"})

    # then
    assert pdf["Content-Type"] == "application/pdf" and pdf.content[:4] == b"%PDF"
    assert xlsx.content[:2] == b"PK"


def test_the_journal_shows_sources_in_words(pages, funded):
    # given
    bendahara = pages("bendahara")
    member = register(bendahara)
    counter(bendahara, member, pokok="on")

    # when
    text = bendahara.get("/laporan/jurnal/").content.decode()

    # then
    assert "Setoran simpanan (beberapa anggota / jenis)" in text
    assert "savings.collection" not in text


def test_search_as_you_type_finds_by_phone_and_answers_with_the_results_only(pages, funded):
    # given
    bendahara = pages("bendahara")
    member = register(bendahara, name="Rahmawati")

    # when: the search box asks (htmx) for "0812 3456" — the phone is stored as +62812…
    partial = bendahara.get("/anggota/", {"q": "08123456"}, HTTP_HX_REQUEST="true")
    whole = bendahara.get("/anggota/", {"q": member.number})

    # then
    text = partial.content.decode()
    assert "Rahmawati" in text and "<html" not in text
    assert 'data-testid="member-results"' in text
    assert "<html" in whole.content.decode() and "Rahmawati" in whole.content.decode()


def test_the_server_error_page_is_indonesian(rf):
    # given
    from sokoguru.platform.core.views import server_error

    # when
    response = server_error(rf.get("/"))

    # then
    text = response.content.decode()
    assert response.status_code == 500
    assert "Maaf, terjadi kesalahan di server." in text
    assert "Traceback" not in text


def test_period_close_needs_a_second_officer(pages, funded):
    # given
    bendahara, ketua = pages("bendahara"), pages("ketua")
    from sokoguru.tenants.ledger.models import FiscalPeriod

    # when
    bendahara.post("/periode/ajukan/", {"start_date": "2025-01-01", "end_date": "2025-12-31"})
    period = FiscalPeriod.objects.get(start_date="2025-01-01")
    own = bendahara.post(f"/periode/{period.pk}/", {"action": "confirm"})
    other = ketua.post(f"/periode/{period.pk}/", {"action": "confirm"})

    # then
    assert own.status_code == 400
    assert "errors" in own.content.decode()
    assert other.status_code == 302
    period.refresh_from_db()
    assert period.status == FiscalPeriod.Status.CLOSED


def _active_loan(bendahara, ketua, member, amount="500.000"):
    form = bendahara.get(f"/pinjaman/ajukan/{member.pk}/")
    product_id = re.search(r'<option value="(\d+)"', form.content.decode()).group(1)
    bendahara.post(
        f"/pinjaman/ajukan/{member.pk}/",
        {"product": product_id, "amount": amount, "tenor": "5", "purpose": "Modal warung"},
    )
    loan = Loan.objects.get(member=member)
    ketua.post(f"/pinjaman/{loan.pk}/setujui/", {"note": ""})
    bendahara.post(f"/pinjaman/{loan.pk}/cairkan/", {"paid_from": "cash"})
    loan.refresh_from_db()
    return loan


def test_reject_pay_off_and_write_off_through_the_loan_page(pages, funded):
    # given: three members with savings enough for a loan each
    bendahara, ketua = pages("bendahara"), pages("ketua")
    members = [register(bendahara, name=f"Peminjam {i}") for i in range(3)]
    for member in members:
        counter(bendahara, member, pokok="on", wajib_months="1", sukarela_deposit="50.000")

    # when: one application is rejected (a reason is required), one loan paid off
    form = bendahara.get(f"/pinjaman/ajukan/{members[0].pk}/")
    product_id = re.search(r'<option value="(\d+)"', form.content.decode()).group(1)
    bendahara.post(
        f"/pinjaman/ajukan/{members[0].pk}/",
        {"product": product_id, "amount": "200.000", "tenor": "2", "purpose": "Modal"},
    )
    rejected = Loan.objects.get(member=members[0])
    no_reason = ketua.post(f"/pinjaman/{rejected.pk}/tolak/", {"reason": ""})
    ketua.post(f"/pinjaman/{rejected.pk}/tolak/", {"reason": "Usaha belum berjalan"})
    paid = _active_loan(bendahara, ketua, members[1])
    quote = re.search(
        r'name="amount" value="([^"]+)"',
        bendahara.get(f"/pinjaman/{paid.pk}/").content.decode().split("Pelunasan")[1],
    ).group(1)
    bendahara.post(
        f"/pinjaman/{paid.pk}/lunasi/", {"amount": quote, "account": "cash", "key": "payoff-1"}
    )

    # when: a write-off is requested by the bendahara and approved by the ketua
    bad = _active_loan(bendahara, ketua, members[2])
    bendahara.post(f"/pinjaman/{bad.pk}/hapus-buku/", {"reason": "Usaha tutup"})
    own = bendahara.post(f"/pinjaman/{bad.pk}/hapus-buku/setujui/")
    ketua.post(f"/pinjaman/{bad.pk}/hapus-buku/setujui/")

    # then
    assert no_reason.status_code == 400
    rejected.refresh_from_db()
    paid.refresh_from_db()
    bad.refresh_from_db()
    assert rejected.status == Loan.Status.REJECTED
    assert paid.status == Loan.Status.PAID_OFF
    assert account_balance(account=chart.LOANS_RECEIVABLE, member_id=members[1].pk) == 0
    assert own.status_code == 400  # maker-checker: not by the one who asked
    assert bad.status == Loan.Status.WRITTEN_OFF
    assert account_balance(account=chart.LOANS_RECEIVABLE, member_id=members[2].pk) == 0
