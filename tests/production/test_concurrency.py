"""Two cashiers sell the last item at the same moment: one sale wins, the other is refused and
the stock never goes negative. The threads use their own connections, so the test commits for
real in a throwaway cooperative whose schema is dropped afterwards."""

import threading
from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import connection, connections

from sokoguru.platform.accounts.models import User
from sokoguru.platform.accounts.permissions import SYSTEM
from sokoguru.platform.accounts.services import cooperative_role_grant
from sokoguru.platform.tenancy.models import Cooperative, Domain
from sokoguru.platform.tenancy.services import cooperative_provision
from sokoguru.tenants.ledger import chart
from sokoguru.tenants.ledger.selectors import account_balance
from sokoguru.tenants.members.services import member_register
from sokoguru.tenants.production.models import Product, Sale
from sokoguru.tenants.production.services import business_create, product_create, stock_in
from tests.fixtures.members import make_nik
from tests.fixtures.tenancy import HARAPAN_JAYA, ensure_session_cooperatives


@pytest.fixture
def throwaway_cooperative(transactional_db):
    ensure_session_cooperatives()
    cooperative = cooperative_provision(
        name="Koperasi Uji Stok", slug="coop-stok", kind="primary_rw", domicile_code=HARAPAN_JAYA
    )
    yield cooperative
    connections.close_all()
    connection.set_schema_to_public()
    with connection.cursor() as cur:
        cur.execute(f'DROP SCHEMA IF EXISTS "{cooperative.schema_name}" CASCADE')
    Domain.objects.filter(tenant_id=cooperative.pk).delete()
    Cooperative.objects.filter(pk=cooperative.pk).delete()


@pytest.mark.django_db(transaction=True)
def test_concurrent_sales_of_the_last_item_one_wins(throwaway_cooperative):
    # given one jar of honey left, committed
    coop = throwaway_cooperative
    kasir = User.objects.create_user(email="kasir.stok@uji.id", password="rahasia-uji-123")
    cooperative_role_grant(user=kasir, cooperative=coop, role="kasir")
    connection.set_tenant(coop)
    member = member_register(
        created_by_id=SYSTEM, full_name="Bu Ani", nik=make_nik(), joined_on=date(2025, 1, 6)
    )
    business = business_create(
        name="Madu Ani",
        kind="olahan_pangan",
        owner_ids=[member.pk],
        started_on=date(2025, 1, 6),
        created_by_id=kasir.pk,
    )
    product = product_create(
        business_id=business.pk,
        name="Madu hutan",
        unit="botol",
        price=Decimal("85000"),
        created_by_id=kasir.pk,
    )
    stock_in(product_id=product.pk, quantity=1, date=date(2025, 3, 1), created_by_id=kasir.pk)
    results: list[str] = []
    lock = threading.Lock()
    start = threading.Barrier(2)

    def sell(i: int) -> None:
        from sokoguru.tenants.production.services import sale_record

        outcome = "error"
        try:
            connection.set_tenant(coop)
            start.wait()
            sale_record(
                product_id=product.pk,
                quantity=1,
                date=date(2025, 3, 2),
                idempotency_key=f"last-{i}",
                sold_by_id=kasir.pk,
            )
            outcome = "ok"
        except ValidationError as exc:
            outcome = "refused" if "quantity" in exc.error_dict else repr(exc)
        finally:
            connection.close()
            with lock:
                results.append(outcome)

    # when
    threads = [threading.Thread(target=sell, args=(i,)) for i in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()

    # then exactly one sale, stock 0, one posting of 85.000
    assert sorted(results) == ["ok", "refused"]
    connection.set_tenant(coop)
    assert Product.objects.get(pk=product.pk).stock == Decimal("0.000")
    assert Sale.objects.count() == 1
    assert account_balance(account=chart.CASH) == Decimal("85000.00")
