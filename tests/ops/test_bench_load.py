"""``sokoguru bench load`` at a tiny size: a real gunicorn server, Locust counters and officials
over HTTP, then the books checked — 0 errors and the ledger, passbooks and snapshots agree."""

from __future__ import annotations

import uuid
from decimal import Decimal

import pytest
from django.db import connection

from sokoguru.federation.snapshots.load_bench import books_agree, run
from sokoguru.platform.bench.provision import cooperative_remove

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def prefix():
    """A slug prefix of this test's cooperatives; they are removed (schemas dropped) after."""
    value = f"lt{uuid.uuid4().hex[:4]}"
    yield value
    connection.set_schema_to_public()
    for n in range(1, 4):
        cooperative_remove(f"{value}-rw{n:02d}")


def test_bench_load_tiny_has_no_errors_and_the_books_agree(prefix):
    # when: three cooperatives' counters and one official for five seconds
    result = run(
        tenants=3,
        seconds=5,
        members=4,
        loans=2,
        officials=1,
        rounds=2,
        workers=2,
        think=0.5,
        prefix=prefix,
        log=lambda line: None,
    )
    # then: requests of every kind were made, none failed, the books agree
    results = result["results"]
    assert results["errors"] == 0
    assert result["exceptions"] == []
    assert result["problems"] == []
    assert results["deposit p50 s"] > 0
    assert results["dashboard p50 s"] > 0
    assert results["federation API p50 s"] > 0
    assert results["requests"] >= 6
    assert result["info"]["books"].startswith("sepakat")
    assert set(result["ratio"]) >= {"deposit p50 s", "dashboard p50 s"}


def _books(**changes) -> dict:
    row = {
        "passbook_sukarela": Decimal("100000.00"),
        "ledger_sukarela": Decimal("100000.00"),
        "ledger_cash": Decimal("500000.00"),
        "repayments": Decimal("0.00"),
        "counter_deposits": Decimal("0.00"),
        "repayment_excess": Decimal("0.00"),
    }
    row.update({k: Decimal(v) for k, v in changes.items()})
    return row


def test_books_check_names_every_disagreement():
    before = {"rw01": _books()}
    # a deposit of Rp 25.000 and a repayment of Rp 30.000 (Rp 2.500 beyond the instalment)
    agree = {
        "rw01": _books(
            passbook_sukarela="127500",
            ledger_sukarela="127500",
            ledger_cash="555000",
            repayments="30000",
            counter_deposits="25000",
            repayment_excess="2500",
        )
    }
    accepted = {"rw01": {"deposits": 25000, "repayments": 30000}}
    assert books_agree(before, agree, accepted) == []
    # the ledger moved Rp 1.000 less than the passbooks
    ledger_short = {"rw01": {**agree["rw01"], "ledger_sukarela": Decimal("126500")}}
    assert [p for p in books_agree(before, ledger_short, accepted) if "ledger 2101" in p]
    # a deposit the counter was told failed, yet posted
    told_less = {"rw01": {"deposits": 20000, "repayments": 30000}}
    assert len(books_agree(before, agree, told_less)) == 4
