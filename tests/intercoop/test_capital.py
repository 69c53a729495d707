"""A member cooperative's simpanan pokok and wajib paid into its sekunder: one call posts both
books exactly, or neither."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from sokoguru.platform.core.errors import PermissionDenied
from sokoguru.platform.tenancy.context import cooperative_schema
from sokoguru.tenants.intercoop import services
from sokoguru.tenants.intercoop.models import CapitalEntry
from sokoguru.tenants.ledger import chart
from sokoguru.tenants.ledger.models import JournalTransaction
from tests.intercoop.conftest import balance, rows_in

PAY_DAY = date(2026, 2, 3)


def _member_row(sekunder, primary):
    from sokoguru.tenants.members.models import Member

    with cooperative_schema(sekunder):
        return Member.objects.get(cooperative_id=primary.pk)


def test_pokok_and_wajib_post_both_books_exactly(pair, make_user):
    sekunder, primary = pair
    bendahara = make_user(roles={primary: "bendahara"})
    # when: B pays its simpanan pokok (the sekunder's by-laws: Rp 100.000) and Rp 50.000 wajib
    mine, theirs = services.capital_pay(
        sekunder=sekunder,
        primary=primary,
        kind="pokok",
        amount=Decimal("100000"),
        date=PAY_DAY,
        idempotency_key="pokok-1",
        created_by_id=bendahara.pk,
    )
    services.capital_pay(
        sekunder=sekunder,
        primary=primary,
        kind="wajib",
        amount=Decimal("50000"),
        date=PAY_DAY,
        idempotency_key="wajib-feb",
        created_by_id=bendahara.pk,
    )
    # then: the primary holds Rp 150.000 of penyertaan, paid from its bank
    assert balance(primary, chart.PENYERTAAN_SEKUNDER) == Decimal("150000.00")
    assert balance(primary, chart.BANK) == Decimal("49850000.00")
    # and the sekunder holds the same as equity of that member cooperative, in cash
    member = _member_row(sekunder, primary)
    assert balance(sekunder, chart.SIMPANAN_POKOK, member_id=member.pk) == Decimal("100000.00")
    assert balance(sekunder, chart.SIMPANAN_WAJIB, member_id=member.pk) == Decimal("50000.00")
    assert balance(sekunder, chart.CASH) == Decimal("150000.00")
    assert member.status == "active"
    assert (mine.side, mine.counterparty_id, theirs.side, theirs.counterparty_id) == (
        "primary",
        sekunder.pk,
        "sekunder",
        primary.pk,
    )
    assert mine.reference == theirs.reference
    # when: the same call is retried (a lost answer): nothing more is posted on either side
    again = services.capital_pay(
        sekunder=sekunder,
        primary=primary,
        kind="pokok",
        amount=Decimal("100000"),
        date=PAY_DAY,
        idempotency_key="pokok-1",
        created_by_id=bendahara.pk,
    )
    assert (again[0].pk, again[1].pk) == (mine.pk, theirs.pk)
    assert balance(primary, chart.PENYERTAAN_SEKUNDER) == Decimal("150000.00")
    assert rows_in(sekunder, CapitalEntry) == 2


def test_a_failure_in_the_second_posting_writes_neither(pair, make_user, monkeypatch):
    sekunder, primary = pair
    bendahara = make_user(roles={primary: "bendahara"})
    before = (rows_in(primary, JournalTransaction), rows_in(sekunder, JournalTransaction))

    def broken(**kwargs):
        raise RuntimeError("the sekunder's side fails")

    monkeypatch.setattr("sokoguru.tenants.savings.services.pokok_pay", broken)
    with pytest.raises(RuntimeError):
        services.capital_pay(
            sekunder=sekunder,
            primary=primary,
            kind="pokok",
            amount=Decimal("100000"),
            date=PAY_DAY,
            idempotency_key="pokok-1",
            created_by_id=bendahara.pk,
        )
    # then: no row in either schema — the primary's posting was rolled back with it
    assert (rows_in(primary, JournalTransaction), rows_in(sekunder, JournalTransaction)) == before
    assert rows_in(primary, CapitalEntry) == 0
    assert rows_in(sekunder, CapitalEntry) == 0
    assert balance(primary, chart.PENYERTAAN_SEKUNDER) == Decimal("0.00")


def test_a_refusal_by_the_sekunders_rules_writes_neither(pair, make_user):
    sekunder, primary = pair
    bendahara = make_user(roles={primary: "bendahara"})
    # when: the amount is not the pokok of the sekunder's by-laws (the sekunder's side refuses)
    with pytest.raises(Exception) as caught:
        services.capital_pay(
            sekunder=sekunder,
            primary=primary,
            kind="pokok",
            amount=Decimal("99000"),
            date=PAY_DAY,
            idempotency_key="pokok-bad",
            created_by_id=bendahara.pk,
        )
    assert "amount" in str(caught.value)
    assert rows_in(primary, CapitalEntry) == 0
    assert balance(primary, chart.PENYERTAAN_SEKUNDER) == Decimal("0.00")


def test_role_refusals_write_nothing(pair, make_user):
    sekunder, primary = pair
    before = (rows_in(primary, JournalTransaction), rows_in(sekunder, JournalTransaction))
    # a kasir of the primary, and the sekunder's own ketua, may not pay the primary's money
    for user in (make_user(roles={primary: "kasir"}), make_user(roles={sekunder: "ketua"})):
        with pytest.raises(PermissionDenied):
            services.capital_pay(
                sekunder=sekunder,
                primary=primary,
                kind="pokok",
                amount=Decimal("100000"),
                date=PAY_DAY,
                idempotency_key=f"pokok-{user.pk}",
                created_by_id=user.pk,
            )
    assert (rows_in(primary, JournalTransaction), rows_in(sekunder, JournalTransaction)) == before
    assert rows_in(primary, CapitalEntry) == rows_in(sekunder, CapitalEntry) == 0
