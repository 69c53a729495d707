"""Two collectors buy the last kilogram at the same moment: one sale wins, the other is refused,
and the stock never goes below zero. The threads use their own connections, so the test commits
for real in a throwaway cooperative whose schema is dropped afterwards."""

import threading
from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import connection, connections

from sokoguru.platform.accounts.models import User
from sokoguru.platform.accounts.services import cooperative_role_grant
from sokoguru.platform.tenancy.models import Cooperative, Domain
from sokoguru.platform.tenancy.services import cooperative_provision
from sokoguru.tenants.ledger import chart
from sokoguru.tenants.ledger.selectors import account_balance
from sokoguru.tenants.wastebank.models import WasteItem, WasteSale, WasteStock
from sokoguru.tenants.wastebank.services import (
    collector_create,
    customer_register,
    deposit_record,
    sale_record,
)
from tests.fixtures.tenancy import HARAPAN_JAYA, ensure_session_cooperatives


@pytest.fixture
def throwaway_cooperative(transactional_db):
    ensure_session_cooperatives()
    cooperative = cooperative_provision(
        name="Koperasi Uji Sampah Serentak",
        slug="coop-sampah-serentak",
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
def test_two_sales_of_the_last_kilogram_one_wins(throwaway_cooperative):
    # given 1 kg of aluminium in stock, committed
    coop = throwaway_cooperative
    kasir = User.objects.create_user(email="kasir.serentak@uji.id", password="x-uji-123456")
    cooperative_role_grant(user=kasir, cooperative=coop, role="kasir")
    connection.set_tenant(coop)
    item = WasteItem.objects.get(code="aluminium")
    customer = customer_register(name="Ibu Sri", created_by_id=kasir.pk)
    deposit_record(
        customer_id=customer.pk,
        date=date(2025, 5, 2),
        lines=[{"item_id": item.pk, "weight": "1"}],
        idempotency_key="seed",
        created_by_id=kasir.pk,
    )
    collectors = [collector_create(name=f"Pengepul {i}", created_by_id=kasir.pk) for i in range(2)]
    results: list[str] = []
    lock = threading.Lock()
    start = threading.Barrier(2)

    def sell(i: int) -> None:
        outcome = "error"
        try:
            connection.set_tenant(coop)
            start.wait()
            sale_record(
                collector_id=collectors[i].pk,
                date=date(2025, 5, 3),
                lines=[{"item_id": item.pk, "weight": "1", "price": "13000"}],
                idempotency_key=f"sale-{i}",
                created_by_id=kasir.pk,
            )
            outcome = "ok"
        except ValidationError:
            outcome = "refused"
        finally:
            connection.close()
            with lock:
                results.append(outcome)

    # when both sell at once
    threads = [threading.Thread(target=sell, args=(i,)) for i in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    # then exactly one wins; the stock is empty, not negative, in the book and the ledger
    connection.set_tenant(coop)
    assert sorted(results) == ["ok", "refused"]
    assert WasteSale.objects.count() == 1
    stock = WasteStock.objects.get(item=item)
    assert (stock.quantity, stock.value) == (Decimal("0.000"), Decimal("0.00"))
    assert account_balance(account=chart.WASTE_STOCK) == Decimal("0.00")
    assert account_balance(account=chart.WASTE_SALES) == Decimal("13000.00")
