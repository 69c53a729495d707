"""50 concurrent withdrawals of 10,000 against a sukarela balance of 100,000: exactly 10
succeed and the balance never goes negative. The threads use their own database connections,
so the test commits for real (``transaction=True``) in a throwaway cooperative whose schema is
dropped afterwards (posted ledger rows cannot be deleted, by design)."""

import threading
from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import connection, connections

from sokoguru.platform.accounts.permissions import SYSTEM
from sokoguru.platform.tenancy.models import Cooperative, Domain
from sokoguru.platform.tenancy.services import cooperative_provision
from sokoguru.tenants.ledger import chart
from sokoguru.tenants.ledger.models import JournalLeg
from sokoguru.tenants.ledger.selectors import account_balance
from sokoguru.tenants.members.services import member_register
from sokoguru.tenants.savings.models import SavingsMovement
from sokoguru.tenants.savings.services import pokok_pay, sukarela_deposit, sukarela_withdraw
from tests.fixtures.members import make_nik
from tests.fixtures.tenancy import HARAPAN_JAYA, ensure_session_cooperatives

THREADS = 50


@pytest.fixture
def throwaway_cooperative(transactional_db):
    # An earlier transactional test may have flushed the registry (regions included).
    ensure_session_cooperatives()
    cooperative = cooperative_provision(
        name="Koperasi Uji Serentak",
        slug="coop-serentak",
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
def test_concurrent_withdrawals_never_overdraw(throwaway_cooperative):
    # given a member with 100,000 sukarela, committed
    coop = throwaway_cooperative
    connection.set_tenant(coop)
    member = member_register(
        full_name="Siti", nik=make_nik(), joined_on=date(2026, 1, 5), created_by_id=SYSTEM
    )
    pokok_pay(member_id=member.pk, date=date(2026, 1, 5), created_by_id=SYSTEM)
    sukarela_deposit(
        member_id=member.pk,
        amount="100000",
        date=date(2026, 2, 1),
        idempotency_key="seed",
        created_by_id=SYSTEM,
    )
    results: list[str] = []
    lock = threading.Lock()
    start = threading.Barrier(THREADS)

    def withdraw(i: int) -> None:
        outcome = "error"
        try:
            connection.set_tenant(coop)
            start.wait()
            sukarela_withdraw(
                member_id=member.pk,
                amount=Decimal("10000.00"),
                date=date(2026, 2, 2),
                idempotency_key=f"wd-{i}",
                created_by_id=SYSTEM,
            )
            outcome = "ok"
        except ValidationError:
            outcome = "refused"
        finally:
            connection.close()
            with lock:
                results.append(outcome)

    # when
    threads = [threading.Thread(target=withdraw, args=(i,)) for i in range(THREADS)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    # then
    connection.set_tenant(coop)
    assert results.count("ok") == 10
    assert results.count("refused") == 40
    assert account_balance(account=chart.SIMPANAN_SUKARELA, member_id=member.pk) == Decimal("0.00")
    assert account_balance(account=chart.CASH) == Decimal("100000.00")  # pokok stays in cash
    assert SavingsMovement.objects.filter(type="withdrawal").count() == 10
    running = Decimal("0.00")
    for leg in JournalLeg.objects.filter(
        account_id=chart.SIMPANAN_SUKARELA, member_id=member.pk
    ).order_by("transaction_id"):
        running += leg.credit - leg.debit
        assert running >= 0
