"""The pengawas reads the audit log on a phone (390 px, headless Chromium): a posting shows
with its amount, accounts, who and from where, read back from the audit table; the page fits
the screen and the CSV download carries the same posting."""

from __future__ import annotations

import os
import uuid
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection

from sokoguru.platform.audit.context import Actor, current_actor
from sokoguru.platform.audit.models import AuditEvent
from sokoguru.tenants.ledger import chart
from sokoguru.tenants.ledger.services import Leg, transaction_post
from tests.fixtures.graphql import PASSWORD
from tests.workspace.test_workspace_browser import ARGS, CHROMIUM, PHONE, Shots


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_the_pengawas_reads_the_audit_log_on_a_phone(live_server, coop_a, make_user, monkeypatch):
    from playwright.sync_api import sync_playwright

    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    # given: a posting by the bendahara from 10.20.30.40
    bendahara = make_user(roles={coop_a: "bendahara"}, email="bendahara@audit-uji.id")
    pengawas = make_user(roles={coop_a: "pengawas"}, email="pengawas@audit-uji.id")
    key = f"audit-browser:{uuid.uuid4().hex}"  # committed books outlive the test
    connection.set_tenant(coop_a)
    token = current_actor.set(
        Actor(user_id=bendahara.pk, email=bendahara.email, address="10.20.30.40")
    )
    try:
        txn = transaction_post(
            date=date(2026, 11, 2),
            description="Setoran sukarela dilihat pengawas",
            legs=[
                Leg(account=chart.CASH, debit=Decimal("250000.00")),
                Leg(account=chart.SIMPANAN_SUKARELA, credit=Decimal("250000.00"), member_id=4),
            ],
            idempotency_key=key,
            created_by_id=bendahara.pk,
        )
    finally:
        current_actor.reset(token)
        connection.set_schema_to_public()
    event = AuditEvent.objects.get(
        schema_name=coop_a.schema_name, model="ledger.journaltransaction", object_pk=str(txn.pk)
    )
    base = live_server.url.replace("localhost", f"{coop_a.slug}.localhost")
    shots = Shots(Path(os.environ.get("SOKOGURU_SCREENSHOTS", settings.HOME / "screenshots")))

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS, headless=True)
        try:
            context = browser.new_context(viewport=PHONE, device_scale_factor=2, is_mobile=True)
            page = context.new_page()
            page.goto(f"{base}/masuk/")
            page.fill("#id_username", pengawas.email)
            page.fill("#id_password", PASSWORD)
            page.click("main button[type=submit]")
            page.wait_for_selector("nav.main")
            # when: Laporan → Log audit, filtered to postings
            page.click("nav.main >> text=Laporan")
            page.click("text=Buka")
            page.select_option("#jenis", "ledger.journaltransaction")
            page.click("main form button.btn:not(.secondary)")
            page.wait_for_selector("[data-testid=audit]")
            shots(page, "log-audit", "390")
            # then: the entry the trigger wrote, as the audit table holds it
            listed = page.inner_text("[data-testid=audit]")
            assert f"#{event.object_pk}" in listed
            assert "Rp 250000.00 · 1101, 2101" in listed
            assert "bendahara@audit-uji.id · 10.20.30.40" in listed
            with page.expect_download() as info:
                page.click("button[value=csv]")
            content = Path(info.value.path()).read_text()
            assert key in content and "10.20.30.40" in content
        finally:
            browser.close()
