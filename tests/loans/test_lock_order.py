"""Lock order between savings and loans (``sokoguru.tenants.loans.services._common``): a member
leaving (savings account locked, then the loans) while a cashier takes a payment on the
member's loan whose excess goes to simpanan sukarela (before: the loan locked, then the savings
account) must not deadlock. Two threads on their own connections commit for real in a
throwaway cooperative; each is held at the point where the old order crossed until the other
got there (or 3 seconds passed), so without the one lock order PostgreSQL finds a deadlock."""

from __future__ import annotations

import threading
from datetime import date
from decimal import Decimal

import pytest
from django.db import connection, connections

from sokoguru.platform.accounts.permissions import SYSTEM
from sokoguru.platform.core.errors import SokoguruError
from sokoguru.platform.tenancy.models import Cooperative, Domain
from sokoguru.platform.tenancy.services import cooperative_provision
from sokoguru.tenants.loans.models import Loan
from sokoguru.tenants.loans.selectors import loan_ledger_differences
from sokoguru.tenants.loans.services import repayments
from sokoguru.tenants.members.services import member_register
from sokoguru.tenants.savings.services import pokok_pay, sukarela_deposit
from sokoguru.tenants.workflows import member_exit as exit_workflow
from tests.fixtures.loans import cooperative_fund, flat_product, loan_disbursed, loan_officers
from tests.fixtures.members import make_nik
from tests.fixtures.tenancy import HARAPAN_JAYA, ensure_session_cooperatives


@pytest.fixture
def throwaway_cooperative(transactional_db):
    ensure_session_cooperatives()
    cooperative = cooperative_provision(
        name="Koperasi Uji Kunci",
        slug="coop-kunci",
        kind="primary_rw",
        domicile_code=HARAPAN_JAYA,
    )
    yield cooperative
    connections.close_all()
    connection.set_schema_to_public()
    with connection.cursor() as cur:
        cur.execute(f'DROP SCHEMA IF EXISTS "{cooperative.schema_name}" CASCADE')
    Domain.objects.filter(tenant_id=cooperative.pk).delete()
    Cooperative.objects.filter(pk=cooperative.pk).delete()


@pytest.mark.django_db(transaction=True)
def test_member_exit_and_a_counter_payment_do_not_deadlock(
    throwaway_cooperative, make_user, monkeypatch
):
    # given: a member with Rp 2.000.000 sukarela and an active loan of Rp 1.000.000, committed
    coop = throwaway_cooperative
    connection.set_tenant(coop)
    officers = loan_officers(make_user, coop)
    cooperative_fund(Decimal("5000000"))
    member = member_register(
        full_name="Siti", nik=make_nik(), joined_on=date(2024, 1, 2), created_by_id=SYSTEM
    )
    pokok_pay(member_id=member.pk, date=date(2024, 1, 2), created_by_id=SYSTEM)
    sukarela_deposit(
        member_id=member.pk,
        amount="2000000",
        date=date(2024, 1, 2),
        idempotency_key="seed",
        created_by_id=SYSTEM,
    )
    loan = loan_disbursed(member=member, product=flat_product(), officers=officers)
    # Each thread waits at the point where the two orders cross until the other is there.
    crossing = threading.Barrier(2, timeout=3)

    def hold():
        try:
            crossing.wait()
        except threading.BrokenBarrierError:
            pass

    settle, deposit = exit_workflow.loans_member_exit_settle, repayments.sukarela_deposit

    def settle_after_crossing(**kwargs):  # the exit holds the savings account here
        hold()
        return settle(**kwargs)

    def deposit_after_crossing(**kwargs):  # the payment holds the loan (and now the savings)
        hold()
        return deposit(**kwargs)

    monkeypatch.setattr(exit_workflow, "loans_member_exit_settle", settle_after_crossing)
    monkeypatch.setattr(repayments, "sukarela_deposit", deposit_after_crossing)
    outcomes: dict[str, str] = {}

    def run(name, fn):
        try:
            connection.set_tenant(coop)
            fn()
            outcomes[name] = "ok"
        except SokoguruError as exc:
            outcomes[name] = f"refused:{exc.code}"
        except Exception as exc:  # the deadlock shows here
            outcomes[name] = f"{type(exc).__name__}: {exc}"
        finally:
            connection.close()

    def leave():
        exit_workflow.member_exit(member_id=member.pk, date=date(2025, 2, 10), created_by_id=SYSTEM)

    def pay():
        repayments.loan_repay(
            loan_id=loan.pk,
            amount=Decimal("200000"),  # Rp 110.000 due on 10 February: Rp 90.000 excess
            date=date(2025, 2, 10),
            idempotency_key="loket-1",
            received_by_id=officers["kasir"].pk,
        )

    # when
    threads = [
        threading.Thread(target=run, args=("exit", leave)),
        threading.Thread(target=run, args=("payment", pay)),
    ]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    # then: no deadlock; one of them wins, the other finds the loan settled or paid
    assert not any("eadlock" in o for o in outcomes.values()), outcomes
    assert outcomes["exit"] == "ok" or outcomes["payment"] == "ok", outcomes
    connection.set_tenant(coop)
    assert loan_ledger_differences() == {}
    assert Loan.objects.get(pk=loan.pk).status in {Loan.Status.PAID_OFF, Loan.Status.ACTIVE}
