"""The cooperative's Django admin (Indonesian) writes through the same services."""

from datetime import date
from decimal import Decimal

from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test import Client

from sokoguru.tenants.ledger import chart
from sokoguru.tenants.ledger.selectors import account_balance
from sokoguru.tenants.members.models import Member
from sokoguru.tenants.savings.models import ExitSettlement, PayrollBatch, SavingsMovement
from tests.fixtures.graphql import host_of, login
from tests.fixtures.members import make_nik


def admin_client(user, cooperative) -> Client:
    client = Client()
    login(client, user, cooperative)
    client.defaults["HTTP_HOST"] = host_of(cooperative)
    return client


def test_admin_pages_render_in_indonesian(make_user, coop_a, register_member):
    # given
    connection.set_tenant(coop_a)
    member = register_member(pokok_on=date(2026, 1, 5))
    connection.set_schema_to_public()
    client = admin_client(make_user(roles={coop_a: "pengawas"}), coop_a)
    # when
    pages = {
        url: client.get(url)
        for url in [
            "/admin/",
            "/admin/members/member/",
            f"/admin/members/member/{member.pk}/change/",
            "/admin/savings/savingsmovement/",
            "/admin/savings/wajibbill/",
            "/admin/savings/payrollbatch/",
            "/admin/bylaws/bylawsversion/",
            "/admin/members/officer/",
            "/admin/savings/exitsettlement/",
        ]
    }
    # then
    assert {url: r.status_code for url, r in pages.items()} == dict.fromkeys(pages, 200)
    assert "Anggota" in pages["/admin/"].content.decode()
    assert "Riwayat status" in pages[f"/admin/members/member/{member.pk}/change/"].content.decode()


def test_pengawas_cannot_add(make_user, coop_a):
    client = admin_client(make_user(roles={coop_a: "pengawas"}), coop_a)
    assert client.get("/admin/members/member/add/").status_code == 403
    assert client.get("/admin/savings/savingsmovement/add/").status_code == 403


def test_register_member_in_admin(make_user, coop_a):
    # given
    client = admin_client(make_user(roles={coop_a: "sekretaris"}), coop_a)
    # when
    response = client.post(
        "/admin/members/member/add/",
        {
            "full_name": "Siti Aminah",
            "nik": "3275035204850001",
            "joined_on": "2026-01-05",
            "phone": "0812-3456-7890",
            "rt": "3",
            "rw": "1",
            "address": "Jl. Mawar 3",
            "nip": "",
        },
    )
    # then
    assert response.status_code == 302
    connection.set_tenant(coop_a)
    member = Member.objects.get()
    assert (member.number, member.phone, member.gender) == ("A-0001", "+6281234567890", "P")


def test_bad_nik_shows_on_the_form(make_user, coop_a):
    client = admin_client(make_user(roles={coop_a: "sekretaris"}), coop_a)
    response = client.post(
        "/admin/members/member/add/",
        {"full_name": "Siti", "nik": "3275033204850001", "joined_on": "2026-01-05"},
    )
    assert response.status_code == 200
    assert "Tanggal lahir dalam NIK tidak valid" in response.content.decode()
    connection.set_tenant(coop_a)
    assert Member.objects.count() == 0


def test_kasir_posts_deposit_and_refused_withdrawal_in_admin(make_user, coop_a, register_member):
    # given
    connection.set_tenant(coop_a)
    member = register_member(pokok_on=date(2026, 1, 5))
    connection.set_schema_to_public()
    client = admin_client(make_user(roles={coop_a: "kasir"}), coop_a)
    base = {"member": member.pk, "date": "2026-02-01", "description": ""}
    # when
    ok = client.post(
        "/admin/savings/savingsmovement/add/",
        {**base, "action": "sukarela_deposit", "amount": "50000", "idempotency_key": "adm-1"},
    )
    again = client.post(
        "/admin/savings/savingsmovement/add/",
        {**base, "action": "sukarela_deposit", "amount": "50000", "idempotency_key": "adm-1"},
    )
    refused = client.post(
        "/admin/savings/savingsmovement/add/",
        {**base, "action": "sukarela_withdraw", "amount": "80000", "idempotency_key": "adm-2"},
    )
    # then
    assert (ok.status_code, again.status_code, refused.status_code) == (302, 302, 200)
    assert "Saldo simpanan sukarela tidak cukup" in refused.content.decode()
    connection.set_tenant(coop_a)
    assert account_balance(account=chart.SIMPANAN_SUKARELA, member_id=member.pk) == Decimal(
        "50000.00"
    )
    assert SavingsMovement.objects.filter(kind="sukarela").count() == 1


def test_a_posted_movement_opens_in_admin_read_only(make_user, coop_a, register_member):
    # given a posted simpanan pokok
    connection.set_tenant(coop_a)
    member = register_member(pokok_on=date(2026, 1, 5))
    movement = SavingsMovement.objects.get(member=member, kind="pokok")
    connection.set_schema_to_public()
    client = admin_client(make_user(roles={coop_a: "bendahara"}), coop_a)
    # when its detail page is opened
    page = client.get(f"/admin/savings/savingsmovement/{movement.pk}/change/")
    # then it shows (no server error) and cannot be edited
    assert page.status_code == 200
    assert movement.idempotency_key in page.content.decode()
    assert 'name="_save"' not in page.content.decode()


def test_payroll_upload_in_admin(make_user, coop_b, register_member):
    # given
    connection.set_tenant(coop_b)
    member = register_member(nip="198504122010011001", pokok_on=date(2026, 1, 5))
    connection.set_schema_to_public()
    client = admin_client(make_user(roles={coop_b: "bendahara"}), coop_b)

    def upload(text):
        return client.post(
            "/admin/savings/payrollbatch/add/",
            {
                "period_month": "2026-01",
                "received": "2026-01-28",
                "file": SimpleUploadedFile("jan.csv", text.encode(), "text/csv"),
            },
        )

    # when
    bad = upload(f"nip,wajib\n{member.nip},100000\n123,5\n")
    good = upload(f"nip,wajib\n{member.nip},100000\n")
    # then
    assert bad.status_code == 200
    assert "Baris 3, kolom nip" in bad.content.decode()
    assert good.status_code == 302
    connection.set_tenant(coop_b)
    assert PayrollBatch.objects.count() == 1


def test_exit_in_admin_by_bendahara(make_user, coop_a, register_member):
    connection.set_tenant(coop_a)
    member = register_member(nik=make_nik(), pokok_on=date(2026, 1, 5))
    connection.set_schema_to_public()
    kasir = admin_client(make_user(roles={coop_a: "kasir"}), coop_a)
    bendahara = admin_client(make_user(roles={coop_a: "bendahara"}), coop_a)
    data = {
        "member": member.pk,
        "reason": "exited",
        "settled_on": "2026-06-30",
        "paid_from": chart.CASH,
        "note": "",
    }
    assert kasir.post("/admin/savings/exitsettlement/add/", data).status_code == 403
    assert bendahara.post("/admin/savings/exitsettlement/add/", data).status_code == 302
    connection.set_tenant(coop_a)
    assert ExitSettlement.objects.get().refund == Decimal("100000.00")
