"""A koperasi sekunder (cooperative A, turned secondary for the test) with cooperative B as its
member cooperative, and money in B's and A's bank accounts."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from sokoguru.platform.accounts.permissions import SYSTEM
from sokoguru.platform.tenancy.context import cooperative_schema
from sokoguru.platform.tenancy.hosts import host_cache
from sokoguru.platform.tenancy.models import Cooperative
from tests.fixtures.members import register_member  # noqa: F401

JOINED = date(2026, 1, 2)


def fund(cooperative, amount: str, *, key: str) -> None:
    """Opening money in the cooperative's bank (a grant), so payouts pass the funds check."""
    from sokoguru.tenants.ledger import chart
    from sokoguru.tenants.ledger.services import Leg, transaction_post

    with cooperative_schema(cooperative):
        transaction_post(
            date=JOINED,
            description="Hibah pembukaan",
            legs=[
                Leg(account=chart.BANK, debit=Decimal(amount)),
                Leg(account=chart.HIBAH, credit=Decimal(amount)),
            ],
            idempotency_key=key,
        )


@pytest.fixture
def pair(coop_a, coop_b):
    """(sekunder, primary): A is the sekunder, B its member cooperative (in A's member book)."""
    from sokoguru.tenants.members.services import member_register_cooperative

    Cooperative.objects.filter(pk=coop_a.pk).update(kind=Cooperative.Kind.SECONDARY)
    host_cache.clear()
    sekunder = Cooperative.objects.get(pk=coop_a.pk)
    primary = Cooperative.objects.get(pk=coop_b.pk)
    with cooperative_schema(sekunder):
        member_register_cooperative(
            cooperative_id=primary.pk, joined_on=JOINED, created_by_id=SYSTEM
        )
    fund(primary, "50000000", key="test:fund:primary")
    fund(sekunder, "500000000", key="test:fund:sekunder")
    return sekunder, primary


def rows_in(cooperative, model) -> int:
    with cooperative_schema(cooperative):
        return model.objects.count()


def balance(cooperative, account: str, **kwargs) -> Decimal:
    from sokoguru.tenants.ledger.selectors import account_balance

    with cooperative_schema(cooperative):
        return account_balance(account=account, **kwargs)
