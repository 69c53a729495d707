"""The meetings demo on one RW and one OPD cooperative seeded with a year of members and
savings: the RAT 2025 held (one at the second call) and reported; the snapshot reads it; a second
run adds nothing."""

from __future__ import annotations

from datetime import date

from django.db import connection

from sokoguru.federation.snapshots import alerts as rules
from sokoguru.federation.snapshots.compute import compute_figures
from sokoguru.platform.core.demo import DemoContext
from sokoguru.tenants.bylaws import demo as bylaws_demo
from sokoguru.tenants.ledger import demo as ledger_demo
from sokoguru.tenants.meetings import demo
from sokoguru.tenants.meetings.models import Meeting
from sokoguru.tenants.members import demo as members_demo
from sokoguru.tenants.savings import demo as savings_demo

TODAY = date(2026, 12, 2)


def test_demo_holds_and_reports_the_rat(make_user, coop_a, coop_b, monkeypatch):
    # given a year of members in both cooperatives, their ketua; RW "coop-a" misses quorum first
    for coop in (coop_a, coop_b):
        make_user(roles={coop: "ketua"}, email=f"ketua.{coop.slug}@sokoguru.id")
    monkeypatch.setattr(demo, "SECOND_CALL", "coop-a")
    ctx = DemoContext(today=TODAY, cooperatives=[coop_a, coop_b], log=lambda _: None)
    for step in (
        ledger_demo.seed,
        bylaws_demo.seed,
        members_demo.seed,
        savings_demo.seed,
        members_demo.seed_officers,
    ):
        step(ctx=ctx)
    # when seeded twice
    demo.seed(ctx=ctx)
    demo.seed(ctx=ctx)
    # then
    connection.set_tenant(coop_a)
    meetings = list(Meeting.objects.order_by("call_number").values_list("call_number", "status"))
    figures = compute_figures(as_of=TODAY, today=TODAY)
    connection.set_tenant(coop_b)
    other = list(Meeting.objects.values_list("call_number", "status"))
    connection.set_schema_to_public()
    assert meetings == [(1, "postponed"), (2, "held")]
    assert other == [(1, "held")]
    assert figures["rat_fiscal_year"] == 2025 and figures["rat_report_submitted_on"] is not None
    state = rules.rat_state(
        today=TODAY,
        last_rat_date=figures["last_rat_date"],
        rat_fiscal_year=figures["rat_fiscal_year"],
        report_submitted_on=figures["rat_report_submitted_on"],
        deadline_months=figures["rat_deadline_months"],
    )
    assert state.state == "reported"
