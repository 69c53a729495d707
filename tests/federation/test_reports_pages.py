"""The reports page of the dashboard: request a report ("buat laporan"), see its progress while
Celery makes it (the page reloads itself, no JavaScript), download it; officials of the body only;
at 390 px in headless Chromium."""

from __future__ import annotations

import io

import pytest
from django.test import Client
from openpyxl import load_workbook

from sokoguru.federation.reports.models import ReportJob
from tests.fixtures.graphql import PASSWORD, login

HOST = {"HTTP_HOST": "localhost"}
URL = "/dasbor/badan/kel-harapan-jaya/laporan/"


def test_request_list_and_download(lurah, hj):
    client = Client()
    login(client, lurah)
    body = client.get("/dasbor/badan/kel-harapan-jaya/", **HOST).content.decode()
    assert f'href="{URL}"' in body
    page = client.get(URL, **HOST).content.decode()
    assert 'data-testid="report-form"' in page and "Belum ada laporan." in page
    # when: the lurah asks for October's XLSX
    response = client.post(
        URL, {"kind": "kelurahan", "format": "xlsx", "period": "2026-10"}, follow=True, **HOST
    )
    # then: it is listed as done with a download link that returns the workbook
    html = response.content.decode()
    job = ReportJob.objects.get()
    assert "Laporan siap diunduh." in html
    assert f'data-job="{job.pk}" data-status="done"' in html
    assert 'http-equiv="refresh"' not in html
    download = client.get(f"{URL}{job.pk}/unduh/", **HOST)
    assert download["Content-Disposition"] == (
        'attachment; filename="laporan-kelurahan-kel-harapan-jaya-2026-10.xlsx"'
    )
    rows = list(load_workbook(io.BytesIO(download.content))["Koperasi"].iter_rows(values_only=True))
    assert rows[-1][0] == "Jumlah" and rows[-1][3] == 77


def test_bad_month_is_refused_at_the_field(lurah, hj):
    client = Client()
    login(client, lurah)
    html = client.post(
        URL, {"kind": "kelurahan", "format": "pdf", "period": "Oktober"}, follow=True, **HOST
    ).content.decode()
    assert "period: Pilih bulan laporan (tahun-bulan)." in html
    assert not ReportJob.objects.exists()


def test_running_job_shows_progress_and_reloads(lurah, kelurahan_hj, hj):
    from datetime import date

    ReportJob.objects.create(
        body=kelurahan_hj,
        kind="kelurahan",
        format="pdf",
        period=date(2026, 10, 1),
        status=ReportJob.Status.RUNNING,
        progress_done=200,
        progress_total=1000,
    )
    client = Client()
    login(client, lurah)
    html = client.get(URL, **HOST).content.decode()
    assert '<meta http-equiv="refresh" content="3">' in html
    assert '<progress max="1000" value="200">' in html
    assert "200 dari 1.000 koperasi" in html
    assert "/unduh/" not in html


def test_other_bodies_and_viewers_get_not_found(dinas_official, lurah, kelurahan_hj, hj):
    from datetime import date

    from sokoguru.federation.reports.services import report_request

    job = report_request(
        user=lurah, body=kelurahan_hj, kind="kelurahan", format="pdf", period=date(2026, 10, 1)
    )
    client = Client()
    login(client, dinas_official)
    assert client.get(URL, **HOST).status_code == 404
    assert client.get(f"{URL}{job.pk}/unduh/", **HOST).status_code == 404
    assert (
        client.post(
            URL, {"kind": "kelurahan", "format": "pdf", "period": "2026-10"}, **HOST
        ).status_code
        == 404
    )
    assert ReportJob.objects.count() == 1
    # a job of another body through this body's URL: not found either
    other = client.get(f"/dasbor/badan/dinas-sumut/laporan/{job.pk}/unduh/", **HOST)
    assert other.status_code == 404


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_lurah_downloads_the_report_in_one_click_on_a_phone(live_server, lurah, hj):
    from playwright.sync_api import sync_playwright

    from tests.federation.test_dashboard_browser import ARGS, CHROMIUM

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS, headless=True)
        try:
            context = browser.new_context(
                viewport={"width": 390, "height": 844}, locale="id-ID", accept_downloads=True
            )
            page = context.new_page()
            page.goto(f"{live_server.url}/login/")
            page.fill("#id_username", lurah.email)
            page.fill("#id_password", PASSWORD)
            page.click("button[type=submit]")
            page.wait_for_selector("[data-testid=body-name]")
            page.click("[data-testid=reports-link]")
            page.select_option("select[name=kind]", "kelurahan")
            page.select_option("select[name=format]", "pdf")
            page.fill("input[name=period]", "2026-10")
            page.click("[data-testid=report-form] button[type=submit]")
            page.wait_for_selector("[data-testid=download]")
            width = page.evaluate("[document.documentElement.scrollWidth, innerWidth]")
            with page.expect_download() as info:
                page.click("[data-testid=download]")
            download = info.value
            content = open(download.path(), "rb").read()
            name = download.suggested_filename
        finally:
            browser.close()
    assert width[0] <= width[1], f"reports page {width[0]} px on a 390 px phone"
    assert name == "laporan-kelurahan-kel-harapan-jaya-2026-10.pdf"
    assert content.startswith(b"%PDF")
