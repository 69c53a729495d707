from datetime import date

import pytest
from django.db import connection

from sokoguru.platform.core.demo import DemoContext
from sokoguru.tenants.loans import demo
from sokoguru.tenants.loans.models import Loan, Repayment
from sokoguru.tenants.loans.selectors import funding_queue, loan_ledger_differences


@pytest.fixture
def demo_officers(make_user, coop_a, coop_b):
    for coop in (coop_a, coop_b):
        for role in ("ketua", "bendahara", "kasir"):
            make_user(roles={coop: role}, email=f"{role}.{coop.slug}@sokoguru.id")


def test_demo_seeds_every_bucket_a_queue_and_payroll_loans(
    demo_officers, coop_a, coop_b, monkeypatch
):
    # given
    monkeypatch.setattr(demo, "QUEUE_SLUG", "coop-a")
    ctx = DemoContext(today=date(2026, 10, 15), cooperatives=[coop_a, coop_b], log=lambda _: None)
    # when: seeded twice (idempotent)
    demo.seed(ctx=ctx)
    demo.seed(ctx=ctx)
    # then: the RW cooperative has loans in every bucket and a funding queue
    connection.set_tenant(coop_a)
    buckets = set(Loan.objects.filter(status="active").values_list("bucket", flat=True))
    assert buckets == {"lancar", "kurang_lancar", "diragukan", "macet"}
    assert funding_queue().count() == 2
    assert loan_ledger_differences() == {}
    rw_loans = Loan.objects.count()
    # and the OPD cooperative's loans are repaid through payroll
    connection.set_tenant(coop_b)
    assert Loan.objects.filter(payroll_deduction=True, status="active").count() == 4
    assert Repayment.objects.filter(kind="payroll").exists()
    assert set(Loan.objects.values_list("bucket", flat=True)) == {"lancar"}
    assert loan_ledger_differences() == {}
    connection.set_tenant(coop_a)
    assert Loan.objects.count() == rw_loans
