"""Log audit in the workspace: the pengawas reads the cooperative's postings with who and from
where, filters them and downloads CSV/XLSX; a kasir is refused; another cooperative's entries
never show."""

from __future__ import annotations

import io
from datetime import date
from decimal import Decimal

import openpyxl

from sokoguru.platform.audit.context import Actor, current_actor
from sokoguru.tenants.ledger import chart
from sokoguru.tenants.ledger.services import Leg, transaction_post


def _posting(key: str, amount: str, *, user) -> None:
    token = current_actor.set(Actor(user_id=user.pk, email=user.email, address="10.9.8.7"))
    try:
        transaction_post(
            date=date(2026, 11, 2),
            description="Setoran audit halaman",
            legs=[
                Leg(account=chart.CASH, debit=Decimal(amount)),
                Leg(account=chart.SIMPANAN_SUKARELA, credit=Decimal(amount), member_id=3),
            ],
            idempotency_key=key,
            created_by_id=user.pk,
        )
    finally:
        current_actor.reset(token)


def test_the_pengawas_reads_filters_and_downloads_the_log(pages, officers, in_coop_a):
    # given
    _posting("audit-page:1", "123456.00", user=officers["bendahara"])
    pengawas = pages("pengawas")
    # when
    page = pengawas.get("/laporan/audit/", {"jenis": "ledger.journaltransaction"})
    csv = pengawas.get("/laporan/audit/", {"jenis": "ledger.journaltransaction", "unduh": "csv"})
    xlsx = pengawas.get("/laporan/audit/", {"unduh": "xlsx"})
    # then
    assert page.status_code == 200
    text = page.content.decode()
    assert "Setoran audit halaman · Rp 123456.00 · 1101, 2101" in text
    assert "bendahara@uji-ruang.id · 10.9.8.7" in text
    assert csv.status_code == 200 and csv["Content-Type"] == "text/csv"
    lines = csv.content.decode().splitlines()
    assert lines[0].startswith("at,schema,actor,address,action,model")
    assert any("audit-page:1" in line and "10.9.8.7" in line for line in lines[1:])
    sheet = openpyxl.load_workbook(io.BytesIO(xlsx.content)).active
    assert any(row[5] == "ledger.journaltransaction" for row in sheet.iter_rows(values_only=True))


def test_a_kasir_is_refused_and_the_report_index_hides_the_link(pages, in_coop_a):
    kasir = pages("kasir")
    assert kasir.get("/laporan/audit/").status_code == 403
    assert "/laporan/audit/" not in kasir.get("/laporan/").content.decode()
    assert "/laporan/audit/" in pages("pengawas").get("/laporan/").content.decode()


def test_another_cooperatives_postings_never_show(pages, officers, coop_b, make_user):
    # given: a posting in cooperative B
    from django.db import connection

    connection.set_tenant(coop_b)
    _posting("audit-page:b", "777.00", user=make_user(roles={coop_b: "bendahara"}))
    # when
    response = pages("pengawas").get("/laporan/audit/", {"unduh": "csv"})
    # then
    assert "audit-page:b" not in response.content.decode()
