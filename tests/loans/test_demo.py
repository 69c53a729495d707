"""The loans demo on one RW and one OPD cooperative seeded with a year of members and savings:
loans to the cooperatives' own members within their limits, the books equal to the loans, a
funding queue, payroll loans, and a second run adds nothing. The arrears plans are checked over
a whole kelurahan of thirty RW cooperatives."""

from datetime import date
from decimal import Decimal
from types import SimpleNamespace

import pytest
from django.db import connection
from django.db.models import F

from sokoguru.platform.core.demo import DemoContext
from sokoguru.tenants.bylaws import demo as bylaws_demo
from sokoguru.tenants.ledger import demo as ledger_demo
from sokoguru.tenants.ledger.models import JournalTransaction
from sokoguru.tenants.loans import aging, demo, schedule
from sokoguru.tenants.loans.models import Loan, Repayment
from sokoguru.tenants.loans.selectors import (
    available_funds,
    funding_queue,
    loan_ledger_differences,
    loan_portfolio_summary,
)
from sokoguru.tenants.members import demo as members_demo
from sokoguru.tenants.savings import demo as savings_demo

TODAY = date(2026, 10, 15)


@pytest.fixture
def demo_officers(make_user, coop_a, coop_b):
    for coop in (coop_a, coop_b):
        for role in ("ketua", "bendahara", "kasir"):
            make_user(roles={coop: role}, email=f"{role}.{coop.slug}@sokoguru.id")


def _counts(coop):
    connection.set_tenant(coop)
    try:
        return Loan.objects.count(), Repayment.objects.count(), JournalTransaction.objects.count()
    finally:
        connection.set_schema_to_public()


def test_demo_lends_to_members_within_limits_with_a_queue_and_payroll_loans(
    demo_officers, coop_a, coop_b, monkeypatch
):
    # given: a year of books, members and savings in both cooperatives
    monkeypatch.setattr(demo, "QUEUE_SLUG", "coop-a")
    ctx = DemoContext(today=TODAY, cooperatives=[coop_a, coop_b], log=lambda _: None)
    for step in (ledger_demo.seed, bylaws_demo.seed, members_demo.seed, savings_demo.seed):
        step(ctx=ctx)
    # when: seeded twice
    demo.seed(ctx=ctx)
    first = (_counts(coop_a), _counts(coop_b))
    demo.seed(ctx=ctx)
    # then: the second run adds nothing
    assert (_counts(coop_a), _counts(coop_b)) == first
    for coop in (coop_a, coop_b):
        connection.set_tenant(coop)
        loans = Loan.objects.exclude(status__in=["queued", "approved"])
        # borrowers are the cooperative's own members, one open loan each, joined before applying
        assert loans.count() >= 2
        current = Loan.objects.filter(status__in=["active", "submitted", "approved", "queued"])
        assert current.values("member_id").distinct().count() == current.count()
        assert not loans.filter(member__joined_on__gt=F("applied_on")).exists()
        assert not loans.filter(disbursed_on__lt=date(2025, 10, 15)).exists()
        # the books equal the loans, member by member
        assert loan_ledger_differences() == {}
        connection.set_schema_to_public()
    # the RW cooperative: micro-business loans, whole Rp 100.000, Rp 500.000–3.000.000
    connection.set_tenant(coop_a)
    for amount in Loan.objects.values_list("amount", flat=True):
        assert Decimal("500000") <= amount <= Decimal("3000000")
        assert amount % 100000 == 0
    assert funding_queue().count() == 2
    assert available_funds() < funding_queue().first().amount
    # the OPD cooperative: payroll-deducted loans, all current
    connection.set_tenant(coop_b)
    assert set(Loan.objects.values_list("payroll_deduction", flat=True)) == {True}
    assert Repayment.objects.filter(kind="payroll").exists()
    assert set(Loan.objects.filter(status="active").values_list("bucket", flat=True)) == {"lancar"}
    assert loan_portfolio_summary(as_of=TODAY)["npl_ratio"] == Decimal("0.0000")


def _bucket(plan, today):
    if plan.paid is None:
        return aging.LANCAR
    oldest_unpaid = schedule.add_months(plan.disbursed, plan.paid + 1)
    return aging.bucket_for(aging.days_past_due(as_of=today, oldest_unpaid_due_date=oldest_unpaid))


@pytest.mark.parametrize("today", [date(2026, 10, 15), date(2026, 11, 23), date(2027, 3, 1)])
def test_rw_plans_over_a_kelurahan_have_few_loans_in_arrears(today):
    # given: thirty RW cooperatives of 20–200 members and Rp 10–60 million available
    ctx = DemoContext(today=today)
    buckets = {b: 0 for b in aging.BUCKETS}
    ratios = []
    for rw in range(1, 31):
        slug = f"hj-rw{rw:02d}"
        size = ctx.rng("test", slug)
        members = size.randint(20, 200)
        funds = Decimal(size.randrange(10_000_000, 60_000_000, 100_000))
        # when
        plans = demo._rw_plans(
            SimpleNamespace(slug=slug), ctx, ctx.rng("loans", slug), members=members, funds=funds
        )
        # then: each plan fits the limits and starts within the past year
        for plan in plans:
            assert Decimal("500000") <= plan.amount <= Decimal("3000000")
            assert plan.amount % 100000 == 0
            assert schedule.add_months(today, -12) <= plan.disbursed < today
        assert sum(p.amount for p in plans) <= funds * Decimal("0.6")
        book = late = Decimal(0)
        for plan in plans:
            bucket = _bucket(plan, today)
            buckets[bucket] += 1
            outstanding = demo._outstanding_on(plan, today)
            book += outstanding
            late += outstanding if bucket != aging.LANCAR else 0
        ratios.append(late / book if book else Decimal(0))
    # then: a few loans in each arrears bucket, NPL 0–15 %, most cooperatives under 5 %
    assert all(1 <= buckets[b] <= 12 for b in ("dalam_perhatian_khusus", "diragukan", "macet"))
    assert buckets["lancar"] > 5 * (len(ratios))
    assert max(ratios) <= Decimal("0.15")
    assert sum(1 for r in ratios if r < Decimal("0.05")) >= 20
