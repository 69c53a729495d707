"""The public catalogue in headless Chromium at a phone's width (390 px), no login: products of
opted-in cooperatives only, search, a product page with Open Graph tags and WhatsApp links."""

from __future__ import annotations

import os
from decimal import Decimal
from pathlib import Path

import pytest
from django.conf import settings
from django.utils import timezone

from sokoguru.federation.catalogue.models import CatalogueItem, CatalogueOptIn, CatalogueState
from tests.federation.test_dashboard_browser import ARGS, CHROMIUM
from tests.fixtures.tenancy import HARAPAN_JAYA


def _item(coop, name, price, **extra):
    return CatalogueItem.objects.create(
        cooperative=coop,
        region_code=HARAPAN_JAYA,
        product_id=CatalogueItem.objects.count() + 1,
        name=name,
        description=extra.pop("description", ""),
        business_name=extra.pop("business_name", "Kebun Melati"),
        kind=extra.pop("kind", "hidroponik"),
        unit="ikat",
        price=Decimal(price),
        search_text=name.lower(),
        updated_at=timezone.now(),
        **extra,
    )


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_visitor_browses_the_kelurahan_catalogue_on_a_phone(live_server, coop_a, coop_b, make_user):
    from playwright.sync_api import sync_playwright

    # given A opted in with two products; B (not opted in) has a stale row in the same region
    ketua = make_user(roles={coop_a: "ketua"})
    CatalogueOptIn.objects.create(cooperative=coop_a, is_opted_in=True, updated_by=ketua)
    CatalogueState.objects.create(
        cooperative=coop_a, published_at=timezone.now(), contact_phone="0812-1111-2222"
    )
    _item(coop_a, "Selada keriting", "15000", description="Dipetik pagi hari")
    _item(coop_a, "Jahe merah", "8000", kind="toga", business_name="Toga Sehat")
    _item(coop_b, "Kangkung rahasia", "5000")
    shots = Path(os.environ.get("SOKOGURU_SCREENSHOTS", settings.HOME / "screenshots"))
    shots.mkdir(parents=True, exist_ok=True)
    url = f"{live_server.url}/katalog/kelurahan/{HARAPAN_JAYA}/"

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS, headless=True)
        try:
            page = browser.new_page(viewport={"width": 390, "height": 844}, is_mobile=True)
            page.goto(url)
            names = page.locator("ul.grid .name").all_inner_texts()
            # then only A's products, fitting the phone's width
            assert sorted(names) == ["Jahe merah", "Selada keriting"]
            assert page.evaluate("document.documentElement.scrollWidth") <= 390
            page.screenshot(path=str(shots / "katalog-kelurahan-390.png"), full_page=True)

            # when the visitor searches
            page.fill("input[name=q]", "selada")
            page.click("form.search button")
            assert page.locator("ul.grid .name").all_inner_texts() == ["Selada keriting"]

            # and opens the product
            page.click("ul.grid a")
            assert page.locator("h2").inner_text() == "Selada keriting"
            assert "Rp 15.000 / ikat" in page.locator(".price").inner_text()
            og = page.locator('meta[property="og:title"]').get_attribute("content")
            assert og == "Selada keriting — Rp 15.000"
            order = page.locator("a.wa").get_attribute("href")
            assert order.startswith("https://wa.me/6281211112222?text=")
            assert page.locator("a.share").get_attribute("href").startswith("https://wa.me/?text=")
            assert page.evaluate("document.documentElement.scrollWidth") <= 390
            page.screenshot(path=str(shots / "katalog-produk-390.png"), full_page=True)
        finally:
            browser.close()
