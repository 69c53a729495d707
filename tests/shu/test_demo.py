"""The SHU demo on one RW and one OPD cooperative: last year closed, its SHU distributed and
paid into sukarela, SHU belum dibagi of that year back to 0, the balance sheet balanced; a
second run adds nothing."""

from __future__ import annotations

from datetime import date

from django.db import connection

from sokoguru.platform.core.demo import DemoContext
from sokoguru.tenants.bylaws import demo as bylaws_demo
from sokoguru.tenants.ledger import chart
from sokoguru.tenants.ledger import demo as ledger_demo
from sokoguru.tenants.ledger.models import JournalTransaction
from sokoguru.tenants.ledger.selectors import account_balance
from sokoguru.tenants.ledger.statements import balance_sheet
from sokoguru.tenants.loans import demo as loans_demo
from sokoguru.tenants.members import demo as members_demo
from sokoguru.tenants.savings import demo as savings_demo
from sokoguru.tenants.shu import demo
from sokoguru.tenants.shu.models import ShuProposal
from sokoguru.tenants.shu.selectors import shu_compute

TODAY = date(2026, 10, 15)


def test_demo_distributes_last_years_shu_once(make_user, coop_a, coop_b, settings, monkeypatch):
    # given a year of books, members, savings and loans in both cooperatives
    settings.PAYROLL_LOAN_REPAYMENT = None
    for coop in (coop_a, coop_b):
        for role in ("ketua", "bendahara", "kasir"):
            make_user(roles={coop: role}, email=f"{role}.{coop.slug}@sokoguru.id")
    monkeypatch.setattr(loans_demo, "QUEUE_SLUG", "coop-a")
    ctx = DemoContext(today=TODAY, cooperatives=[coop_a, coop_b], log=lambda _: None)
    for step in (
        ledger_demo.seed,
        bylaws_demo.seed,
        members_demo.seed,
        savings_demo.seed,
        loans_demo.seed,
    ):
        step(ctx=ctx)

    # when seeded twice
    demo.seed(ctx=ctx)
    connection.set_tenant(coop_a)
    postings = JournalTransaction.objects.count()
    connection.set_schema_to_public()
    demo.seed(ctx=ctx)

    # then
    for coop in (coop_a, coop_b):
        connection.set_tenant(coop)
        proposal = ShuProposal.objects.get(fiscal_year=2025)
        assert proposal.status == ShuProposal.Status.DISTRIBUTED, proposal.statement
        assert proposal.shu > 0
        assert sum(s.gross for s in proposal.shares.all()) == sum(
            p.amount for p in proposal.pools.filter(key__in=["jasa_modal", "jasa_usaha"])
        )
        # SHU belum dibagi holds only this year's running result (2025's is distributed)
        assert account_balance(account=chart.SHU_UNDISTRIBUTED, as_of=TODAY) == 0
        sheet = balance_sheet(as_of=TODAY)
        assert sheet["assets"] == sheet["liabilities_and_equity"]
        assert not shu_compute(fiscal_year=2026, as_of=TODAY).final
        connection.set_schema_to_public()
    connection.set_tenant(coop_a)
    assert JournalTransaction.objects.count() == postings
    connection.set_schema_to_public()
