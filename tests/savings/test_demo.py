"""The demo steps of by-laws, members and savings on one RW and one OPD cooperative: a
consistent year of history, and a second run adds nothing."""

from django.db import connection
from django.db.models import Sum
from django.utils import timezone

from sokoguru.platform.core.demo import DemoContext
from sokoguru.tenants.bylaws import demo as bylaws_demo
from sokoguru.tenants.ledger.models import JournalTransaction
from sokoguru.tenants.ledger.selectors import member_balances
from sokoguru.tenants.members import demo as members_demo
from sokoguru.tenants.members.models import Member, Officer
from sokoguru.tenants.savings import demo as savings_demo
from sokoguru.tenants.savings.models import KIND_ACCOUNTS, PayrollBatch, SavingsMovement


def run_demo(ctx):
    bylaws_demo.seed(ctx=ctx)
    members_demo.seed(ctx=ctx)
    savings_demo.seed(ctx=ctx)
    members_demo.seed_officers(ctx=ctx)


def snapshot(coop):
    connection.set_tenant(coop)
    try:
        return (
            Member.objects.count(),
            SavingsMovement.objects.count(),
            JournalTransaction.objects.count(),
            PayrollBatch.objects.count(),
            Officer.objects.count(),
        )
    finally:
        connection.set_schema_to_public()


def test_demo_year_is_consistent_and_idempotent(coop_a, coop_b):
    # given
    ctx = DemoContext(today=timezone.localdate(), cooperatives=[coop_a, coop_b], log=lambda m: None)
    # when
    run_demo(ctx)
    first = (snapshot(coop_a), snapshot(coop_b))
    run_demo(ctx)
    # then: the second run adds nothing
    assert (snapshot(coop_a), snapshot(coop_b)) == first
    rw_members, rw_movements, _txns, rw_batches, rw_officers = first[0]
    opd_members, _mv, _t, opd_batches, _o = first[1]
    assert 20 <= rw_members <= 200
    assert 100 <= opd_members <= 400
    assert (rw_batches, opd_batches, rw_officers) == (0, 12, 5)
    for coop in (coop_a, coop_b):
        connection.set_tenant(coop)
        # every member's ledger sub-ledgers equal the savings documents
        for kind, account in KIND_ACCOUNTS.items():
            moved = dict(
                SavingsMovement.objects.filter(kind=kind)
                .values("member_id")
                .annotate(s=Sum("amount"))
                .values_list("member_id", "s")
            )
            ledger = member_balances(account=account)
            assert ledger == moved
        assert Member.objects.filter(status="active").exists()
        connection.set_schema_to_public()
