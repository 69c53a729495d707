"""The sekunder chair's overview in headless Chromium at phone width: capital from the member
cooperatives, loans to them and the housing programme, as the snapshots and the programme hold
them."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.utils import timezone

from sokoguru.federation.housing import services as housing
from sokoguru.federation.sekunder.services import sekunder_member_add
from sokoguru.platform.accounts.permissions import SYSTEM
from sokoguru.platform.tenancy.hosts import host_cache
from sokoguru.platform.tenancy.models import Cooperative
from tests.federation.conftest import figures
from tests.federation.test_dashboard_browser import ARGS, CHROMIUM
from tests.fixtures.graphql import PASSWORD


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_sekunder_chair_sees_capital_loans_and_housing_at_390px(
    live_server, coop_a, coop_b, make_user
):
    from playwright.sync_api import sync_playwright

    from sokoguru.federation.snapshots.services import snapshot_write

    Cooperative.objects.filter(pk=coop_a.pk).update(kind=Cooperative.Kind.SECONDARY)
    host_cache.clear()
    sekunder = Cooperative.objects.get(pk=coop_a.pk)
    sekunder_member_add(sekunder=sekunder, member=coop_b, joined_on=timezone.localdate())
    today = timezone.localdate()
    now = timezone.now()
    snapshot_write(
        cooperative=sekunder,
        as_of=today,
        computed_at=now,
        figures=figures(
            savings_pokok=Decimal("5000000.00"),
            savings_wajib=Decimal("12000000.00"),
            total_assets=Decimal("517000000.00"),
            intercoop_balances={
                str(coop_b.pk): {
                    "capital_held": "17000000.00",
                    "capital_pokok": "5000000.00",
                    "capital_wajib": "12000000.00",
                    "loan_receivable": "30000000.00",
                }
            },
        ),
    )
    snapshot_write(
        cooperative=coop_b,
        as_of=today,
        computed_at=now,
        figures=figures(
            total_assets=Decimal("80000000.00"),
            total_liabilities=Decimal("30000000.00"),
            intercoop_balances={
                str(sekunder.pk): {
                    "capital_invested": "17000000.00",
                    "loan_payable": "30000000.00",
                }
            },
        ),
    )
    housing.housing_project_create(
        sekunder=sekunder,
        name="Griya ASN Deli",
        location="Deli Serdang",
        developer="PT Griya Mitra",
        unit_types=[("Tipe 36", Decimal("180000000"), 40)],
        created_by_id=SYSTEM,
    )
    ketua = make_user(email="ketua.sekunder@uji.id", roles={sekunder: "ketua"})
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS, headless=True)
        try:
            page = browser.new_page(viewport={"width": 390, "height": 844})
            page.goto(f"{live_server.url}/")
            page.fill("#id_username", ketua.email)
            page.fill("#id_password", PASSWORD)
            page.click("button[type=submit]")
            page.wait_for_selector("[data-testid=body-name]")
            page.goto(f"{live_server.url}/dasbor/sekunder/{sekunder.slug}/ikhtisar/")
            shown = {
                name: page.get_attribute(f"[data-figure={name}]", "data-value")
                for name in ("capital_total", "loans_total", "net_total_assets")
            }
            capital_row = page.inner_text("[data-testid=capital-table] tbody tr")
            project = page.inner_text("[data-testid=housing-project] h3")
            width = page.evaluate("[document.documentElement.scrollWidth, innerWidth]")
        finally:
            browser.close()
    assert shown == {
        "capital_total": "17000000.00",
        "loans_total": "30000000.00",
        # 517 jt + 80 jt of assets less 17 jt penyertaan and 30 jt receivable
        "net_total_assets": "550000000.00",
    }
    assert "Koperasi Pegawai Uji" in capital_row and "Rp 12.000.000" in capital_row
    assert project == "Griya ASN Deli"
    assert width[0] <= width[1]
