"""Oversight reports from the snapshots: the kelurahan monthly report as PDF (read back with
pdftotext, drawn with pdftoppm) and XLSX (openpyxl), the dinas regional report by sub-region,
the ministry (ODS) export, the cache per period and data version, the permission of the body's
officials, and the monthly email."""

from __future__ import annotations

import io
import re
import shutil
import subprocess
from datetime import date
from decimal import Decimal

import pytest
from django.core import mail
from django.utils import timezone
from openpyxl import load_workbook

from sokoguru.federation.oversight.models import BodyRole
from sokoguru.federation.oversight.services import body_role_grant
from sokoguru.federation.reports import services
from sokoguru.federation.reports.models import ReportJob, ReportSubscription
from sokoguru.federation.reports.selectors import month_end, previous_month
from sokoguru.platform.core.errors import NotFound
from tests.federation.conftest import BEFORE, PERIOD, TODAY, registry_cooperatives

pytestmark = pytest.mark.skipif(shutil.which("pdftotext") is None, reason="poppler missing")


def _pdf_text(content: bytes, tmp_path) -> str:
    path = tmp_path / "report.pdf"
    path.write_bytes(content)
    out = subprocess.run(
        ["pdftotext", "-layout", str(path), "-"], capture_output=True, check=True, text=True
    )
    return out.stdout


def _read(job: ReportJob) -> bytes:
    with job.file.open("rb") as fh:
        return fh.read()


def test_kelurahan_pdf_figures_are_the_snapshot_sums(lurah, kelurahan_hj, hj, tmp_path):
    # when: the lurah asks for October's report (a small region renders in the request)
    job = services.report_request(
        user=lurah, body=kelurahan_hj, kind="kelurahan", format="pdf", period=PERIOD, today=TODAY
    )
    # then: it is done and the text carries the kelurahan, the period and the exact totals
    assert job.status == ReportJob.Status.DONE and job.progress_done == job.progress_total == 3
    content = _read(job)
    assert content.startswith(b"%PDF")
    text = _pdf_text(content, tmp_path)
    assert "Kelurahan Harapan Jaya" in text
    assert "Oktober 2026" in text
    for coop in hj:
        assert coop.name in text
    # savings: 19.600.000,50 + 8.500.000 + 1.200.000 = 29.300.000,50; September 21.300.000
    assert "Rp 29.300.000,50" in text
    assert "+Rp 8.000.000,50" in text
    # loans 30.000.000; NPL (1.000.000 + 3.430.000) / 30.000.000 = 14,77%; September 0,00%
    assert "Rp 30.000.000" in text
    assert "14,77%" in text and "+14,77 poin" in text
    # members 77 this month, 73 the month before
    assert "+4" in text
    # health band per cooperative from its snapshot; the total counts the bands
    assert "Sehat" in text and "Dalam Pengawasan" in text
    # A4 landscape (842 × 595 pt), rendered to an image with the charts drawn in their colours
    png = tmp_path / "page"
    subprocess.run(
        [
            "pdftoppm",
            "-png",
            "-r",
            "50",
            "-f",
            "1",
            "-l",
            "1",
            str(tmp_path / "report.pdf"),
            str(png),
        ],
        check=True,
    )
    from PIL import Image

    image = Image.open(next(tmp_path.glob("page*.png"))).convert("RGB")
    assert abs(image.width / image.height - 842 / 595) < 0.01
    colours = image.getcolors(maxcolors=1_000_000)
    near_green = sum(n for n, (r, g, b) in colours if r < 60 and 90 < g < 130 and b < 90)
    near_red = sum(n for n, (r, g, b) in colours if r > 170 and g < 80 and b < 80)
    assert near_green > 50, "the savings line (green) was not drawn"
    assert near_red > 50, "the loans line (red) was not drawn"


def test_kelurahan_xlsx_lines_and_totals(lurah, kelurahan_hj, hj):
    job = services.report_request(
        user=lurah, body=kelurahan_hj, kind="kelurahan", format="xlsx", period=PERIOD, today=TODAY
    )
    book = load_workbook(io.BytesIO(_read(job)))
    sheet = book["Koperasi"]
    rows = list(sheet.iter_rows(values_only=True))
    header, lines, total = rows[0], rows[1:-1], rows[-1]
    col = {name: i for i, name in enumerate(header)}
    assert [r[0] for r in lines] == sorted(c.name for c in hj)
    savings = col["Total simpanan"]
    assert sum(Decimal(str(r[savings])) for r in lines) == Decimal("29300000.5")
    assert Decimal(str(total[savings])) == Decimal("29300000.5")
    assert total[col["Perubahan simpanan dari bulan lalu"]] == pytest.approx(8000000.5)
    assert total[col["Anggota aktif"]] == 77
    assert total[col["Sampah disetor (kg)"]] == pytest.approx(125.5)
    by_name = {r[0]: r for r in lines}
    assert by_name["Koperasi RW 02 Uji"][col["NPL (%)"]] == pytest.approx(34.30)
    assert by_name["Koperasi RW 01 Uji"][col["Status RAT"]] == "Sudah RAT, laporan belum dikirim"
    assert by_name["Koperasi RW 01 Uji"][col["Tingkat kesehatan"]] == "Sehat"
    assert by_name["Koperasi RW 02 Uji"][col["Tingkat kesehatan"]] == "Dalam Pengawasan"
    assert by_name["Koperasi RW 03 Uji"][col["Tingkat kesehatan"]] == "–"
    assert total[col["Tingkat kesehatan"]] == "Sehat 1, Dalam Pengawasan 1"
    alerts = list(book["Peringatan"].iter_rows(values_only=True))[1:]
    assert any(a[0] == "Koperasi RW 02 Uji" and a[2] == "NPL tinggi" for a in alerts)


def test_same_period_and_data_reuse_the_file_new_data_renders_again(
    lurah, kelurahan_hj, hj, put_snapshot, django_assert_max_num_queries
):
    first = services.report_request(
        user=lurah, body=kelurahan_hj, kind="kelurahan", format="xlsx", period=PERIOD, today=TODAY
    )
    # the same request: the stored file, in a fixed number of queries
    with django_assert_max_num_queries(4):
        again = services.report_request(
            user=lurah,
            body=kelurahan_hj,
            kind="kelurahan",
            format="xlsx",
            period=PERIOD,
            today=TODAY,
        )
    assert again.pk == first.pk
    # a snapshot of the period is written again: a new file with the new figure
    put_snapshot(
        hj[2],
        month_end(PERIOD),
        at=timezone.now(),
        members_active=12,
        savings_pokok=Decimal("1300000.00"),
    )
    fresh = services.report_request(
        user=lurah, body=kelurahan_hj, kind="kelurahan", format="xlsx", period=PERIOD, today=TODAY
    )
    assert fresh.pk != first.pk and fresh.data_version != first.data_version
    rows = list(load_workbook(io.BytesIO(_read(fresh)))["Koperasi"].iter_rows(values_only=True))
    assert rows[-1][4] == pytest.approx(29400000.5)


def test_only_officials_of_the_body(make_user, kelurahan_hj, dinas_official, hj):
    viewer = make_user(email="pemantau@uji.id")
    body_role_grant(user=viewer, body=kelurahan_hj, role=BodyRole.Role.VIEWER)
    for user in (dinas_official, viewer):
        with pytest.raises(NotFound):
            services.report_request(
                user=user,
                body=kelurahan_hj,
                kind="kelurahan",
                format="pdf",
                period=PERIOD,
                today=TODAY,
            )
    assert not ReportJob.objects.exists()


def test_bad_input_writes_nothing(lurah, kelurahan_hj, hj):
    from django.core.exceptions import ValidationError

    cases = [
        {"kind": "regional", "format": "pdf", "period": PERIOD},  # a dinas report for a lurah
        {"kind": "ods", "format": "pdf", "period": PERIOD},  # ODS is XLSX only
        {"kind": "kelurahan", "format": "pdf", "period": date(2026, 12, 1)},  # future
    ]
    for case in cases:
        with pytest.raises(ValidationError) as caught:
            services.report_request(user=lurah, body=kelurahan_hj, today=TODAY, **case)
        assert set(caught.value.error_dict) <= {"kind", "format", "period"}
    assert not ReportJob.objects.exists()


def test_dinas_regional_report_by_city(
    dinas_official, dinas_sumut, coop_b, put_snapshot, tmp_path, monkeypatch
):
    # given: coop_b in Kota Medan and two cooperatives in another city of the province
    others = registry_cooperatives(
        "12.71.14.1001", ["Koperasi Medan Dua"], "md"
    ) + registry_cooperatives("12.12.01.2001", ["Koperasi Toba Satu", "Koperasi Toba Dua"], "tb")
    from sokoguru.platform.tenancy.models import Region

    Region.objects.get_or_create(
        code="12.12", defaults={"name": "KAB. TOBA", "level": 2, "parent_id": "12"}
    )
    Region.objects.get_or_create(
        code="12.12.01", defaults={"name": "BALIGE", "level": 3, "parent_id": "12.12"}
    )
    Region.objects.get_or_create(
        code="12.12.01.2001", defaults={"name": "NAPITUPULU", "level": 4, "parent_id": "12.12.01"}
    )
    savings = {
        coop_b.pk: "5000000.00",
        others[0].pk: "2000000.00",
        others[1].pk: "1500000.25",
        others[2].pk: "700000.00",
    }
    for coop in [coop_b, *others]:
        coop.refresh_from_db()
        put_snapshot(coop, month_end(BEFORE), savings_pokok=Decimal("1000000.00"), members_active=5)
        put_snapshot(
            coop, month_end(PERIOD), savings_pokok=Decimal(savings[coop.pk]), members_active=10
        )
    job = services.report_request(
        user=dinas_official,
        body=dinas_sumut,
        kind="regional",
        format="xlsx",
        period=PERIOD,
        today=TODAY,
    )
    rows = list(load_workbook(io.BytesIO(_read(job)))["Wilayah"].iter_rows(values_only=True))
    lines = {r[1]: r for r in rows[1:-1]}
    assert set(lines) == {"12.71", "12.12"}
    assert lines["12.71"][2] == 2 and lines["12.12"][2] == 2
    assert Decimal(str(lines["12.71"][4])) == Decimal("7000000")
    assert Decimal(str(lines["12.12"][4])) == Decimal("2200000.25")
    assert Decimal(str(rows[-1][4])) == Decimal("9200000.25")
    assert rows[-1][5] == pytest.approx(9200000.25 - 4000000)
    monkeypatch.setattr("sokoguru.federation.reports.render.PDF_ALERT_LIMIT", 2)
    pdf = services.report_request(
        user=dinas_official,
        body=dinas_sumut,
        kind="regional",
        format="pdf",
        period=PERIOD,
        today=TODAY,
    )
    text = _pdf_text(_read(pdf), tmp_path)
    assert "Laporan wilayah dinas" in text
    assert Region.objects.get(code="12.12").name in text
    assert "Rp 9.200.000,25" in text
    # four RAT alerts: counted by kind, two listed, the rest pointed to the XLSX
    assert re.search(r"Lewat batas RAT\s+0\s+4\s+0", text)
    assert "… dan 2 peringatan lainnya (semua ada di berkas XLSX laporan ini)." in text


def test_ods_export_dimensions(lurah, kelurahan_hj, hj):
    job = services.report_request(
        user=lurah, body=kelurahan_hj, kind="ods", format="xlsx", period=PERIOD, today=TODAY
    )
    rows = list(load_workbook(io.BytesIO(_read(job)))["ODS"].iter_rows(values_only=True))
    header = rows[0]
    col = {name: i for i, name in enumerate(header)}
    for dimension in (
        "Status (aktif/tidak aktif)",
        "RAT dilaksanakan",
        "NIK koperasi",
        "Jumlah anggota",
        "Jumlah pengurus",
        "Jumlah karyawan",
        "Modal sendiri",
        "Modal luar",
        "Volume usaha (tahun berjalan)",
        "SHU tahun berjalan",
        "Jenis koperasi",
    ):
        assert dimension in col
    by_name = {r[col["Nama koperasi"]]: r for r in rows[1:]}
    rw01 = by_name["Koperasi RW 01 Uji"]
    assert rw01[col["Status (aktif/tidak aktif)"]] == "Aktif"
    assert rw01[col["RAT dilaksanakan"]] == "Ya"
    assert rw01[col["Jumlah pengurus"]] == 3 and rw01[col["Jumlah karyawan"]] == 2
    assert rw01[col["Modal sendiri"]] == 18000000 and rw01[col["Modal luar"]] == 13000000
    assert rw01[col["Volume usaha (tahun berjalan)"]] == 4200000
    rw02 = by_name["Koperasi RW 02 Uji"]
    assert rw02[col["Status (aktif/tidak aktif)"]] == "Tidak aktif"  # no RAT on record
    assert rw02[col["NIK koperasi"]] == "327500000000"


def test_monthly_email_to_subscribed_officials(lurah, make_user, kelurahan_hj, hj, settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    other = make_user(email="sekretaris.lurah@uji.id")
    body_role_grant(user=other, body=kelurahan_hj, role=BodyRole.Role.OFFICIAL)
    services.report_subscription_set(user=lurah, body=kelurahan_hj, subscribed=True)
    # when: the beat runs on 2 November for October
    sent = services.report_monthly_email(today=date(2026, 11, 2))
    # then: only the subscribed official got it, with the PDF attached; a second run sends none
    assert sent == 1 and [m.to for m in mail.outbox] == [[lurah.email]]
    name, content, mimetype = mail.outbox[0].attachments[0]
    assert name == "laporan-kelurahan-kel-harapan-jaya-2026-10.pdf" and content.startswith(b"%PDF")
    assert "Oktober 2026" in mail.outbox[0].subject
    assert services.report_monthly_email(today=date(2026, 11, 2)) == 0
    assert ReportSubscription.objects.get(user=lurah).last_sent_period == previous_month(
        date(2026, 11, 2)
    )


def test_subscription_needs_an_official(dinas_official, kelurahan_hj):
    with pytest.raises(NotFound):
        services.report_subscription_set(user=dinas_official, body=kelurahan_hj, subscribed=True)
    assert not ReportSubscription.objects.exists()


def test_a_job_lost_in_progress_is_made_again(lurah, kelurahan_hj, hj):
    from datetime import timedelta

    from sokoguru.federation.reports.selectors import data_version

    version = data_version(body=kelurahan_hj, kind="kelurahan", period=PERIOD, today=TODAY)
    lost = ReportJob.objects.create(
        body=kelurahan_hj,
        kind="kelurahan",
        format="xlsx",
        period=PERIOD,
        data_version=version,
        status=ReportJob.Status.RUNNING,
    )
    # still within the hour: the running job is the answer
    again = services.report_request(
        user=lurah, body=kelurahan_hj, kind="kelurahan", format="xlsx", period=PERIOD, today=TODAY
    )
    assert again.pk == lost.pk
    # two hours later it is taken as lost: a new job makes the file
    ReportJob.objects.filter(pk=lost.pk).update(created_at=timezone.now() - timedelta(hours=2))
    fresh = services.report_request(
        user=lurah, body=kelurahan_hj, kind="kelurahan", format="xlsx", period=PERIOD, today=TODAY
    )
    assert fresh.pk != lost.pk and fresh.status == ReportJob.Status.DONE
