"""Cooperatives as Citus distributed schemas: provisioning, posting, the ledger's database checks
(their refusals as on one PostgreSQL server), period close, a migration, ``tenant check`` and a
snapshot — on a real cluster (``CITUS_DATABASE_URL``, see conftest)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.db import IntegrityError, connection, transaction

from sokoguru.platform.core.errors import Conflict
from sokoguru.platform.tenancy.context import switch_to_cooperative
from sokoguru.tenants.ledger import chart
from sokoguru.tenants.ledger.selectors import account_balance
from sokoguru.tenants.ledger.services import (
    Leg,
    period_close_confirm,
    period_close_request,
    transaction_post,
)
from tests.citus.conftest import PREFIX, provision
from tests.ledger.support import INSERT_LEG, INSERT_TXN, raw

pytestmark = pytest.mark.slow

DAY = date(2026, 3, 10)


def sale(amount: str, key: str, *, day: date = DAY):
    return transaction_post(
        date=day,
        description="Penjualan kios",
        legs=[
            Leg(account=chart.CASH, debit=Decimal(amount)),
            Leg(account=chart.SALES, credit=Decimal(amount)),
        ],
        idempotency_key=key,
        source_kind="production.sale",
    )


def officers(cooperative):
    from sokoguru.platform.accounts.models import User
    from sokoguru.platform.accounts.services import cooperative_role_grant

    connection.set_schema_to_public()
    users = []
    for role in ("bendahara", "ketua"):
        email = f"{role}.{cooperative.slug}@uji.id"
        user = User.objects.filter(email=email).first() or User.objects.create_user(
            email=email, password="rahasia-uji-123"
        )
        cooperative_role_grant(user=user, cooperative=cooperative, role=role)
        users.append(user)
    return users


def test_a_cooperative_is_a_distributed_schema_with_no_rows_on_the_coordinator(
    on_cluster, citus_coop
):
    schema = citus_coop.schema_name
    # the schema is distributed; every table of it is a Citus table of that schema
    assert raw("SELECT count(*) FROM pg_dist_schema WHERE schemaid = %s::regnamespace", [schema])
    tables = raw(
        "SELECT count(*) FROM pg_class WHERE relnamespace = %s::regnamespace AND relkind = 'r'",
        [schema],
    )[0][0]
    assert tables > 40
    assert raw(
        "SELECT count(*) FROM citus_tables WHERE table_name::text LIKE %s "
        "AND citus_table_type = 'schema'",
        [schema + ".%"],
    ) == [(tables,)]
    # the public schema stays on the coordinator
    assert raw("SELECT count(*) FROM citus_tables WHERE table_name::text LIKE 'tenancy\\_%%'") == [
        (0,)
    ]
    # the seed rows are on the worker, none on the coordinator's disk
    switch_to_cooperative(citus_coop)
    assert raw("SELECT count(*) FROM ledger_account")[0][0] >= 40
    assert raw(
        "SELECT coalesce(sum(pg_relation_size(oid)), 0) FROM pg_class "
        "WHERE relnamespace = %s::regnamespace AND relkind = 'r'",
        [schema],
    ) == [(0,)]


def test_posting_is_idempotent_and_exact_on_a_worker(on_cluster, citus_coop):
    switch_to_cooperative(citus_coop)
    # on its own (autocommit) and inside a caller's transaction
    first = sale("10000.00", "citus:post:1")
    with transaction.atomic():
        second = sale("25000.50", "citus:post:2")
    # a retry with the same content returns the first transaction; other content conflicts
    assert sale("10000.00", "citus:post:1").pk == first.pk
    with pytest.raises(Conflict):
        sale("99000.00", "citus:post:1")
    assert account_balance(account=chart.CASH) == Decimal("35000.50")
    # ids of one table come from one place (the worker's range), in posting order
    assert first.pk < second.pk
    assert raw(
        "SELECT count(*) FROM ledger_journalleg WHERE transaction_id IN (%s, %s)",
        [first.pk, second.pk],
    ) == [(4,)]


def test_an_unbalanced_transaction_is_refused_at_commit_as_an_integrity_error(
    on_cluster, citus_coop
):
    switch_to_cooperative(citus_coop)
    before = raw("SELECT count(*) FROM ledger_journaltransaction")
    # inside a transaction: the worker refuses at COMMIT
    with pytest.raises(IntegrityError, match="tidak seimbang"):
        with transaction.atomic():
            (txn_id,) = raw(INSERT_TXN, [DAY, "citus:unbalanced:1", Decimal("100.00")])[0]
            raw(INSERT_LEG, [txn_id, chart.CASH, DAY, Decimal("100.00"), Decimal("0")])
    # on its own: the statement is refused
    with pytest.raises(IntegrityError, match="tidak seimbang"):
        raw(
            "WITH t AS (" + INSERT_TXN + ") INSERT INTO ledger_journalleg "
            "(transaction_id, account_code, date, debit, credit) "
            "SELECT id, %s, %s, 100, 0 FROM t",
            [DAY, "citus:unbalanced:2", Decimal("100.00"), chart.CASH, DAY],
        )
    assert raw("SELECT count(*) FROM ledger_journaltransaction") == before
    # posted rows stay permanent
    txn = sale("5000.00", "citus:unbalanced:ok")
    with pytest.raises(IntegrityError, match="tidak dapat diubah"):
        with transaction.atomic():
            raw("UPDATE ledger_journalleg SET debit = 1 WHERE transaction_id = %s", [txn.pk])


def test_period_close_refuses_later_postings_and_keeps_same_transaction_ones(on_cluster):
    coop = provision("periode")
    bendahara, ketua = officers(coop)
    switch_to_cooperative(coop)
    sale("10000.00", "citus:period:before", day=date(2026, 1, 15))
    with transaction.atomic():
        # posted in the same transaction as the close: checked while the period is open
        sale("2000.00", "citus:period:same", day=date(2026, 1, 20))
        period = period_close_request(
            start_date=date(2026, 1, 1), end_date=date(2026, 1, 31), requested_by_id=bendahara.pk
        )
        period_close_confirm(period_id=period.pk, confirmed_by_id=ketua.pk)
    assert account_balance(account=chart.CASH) == Decimal("12000.00")
    # the service refuses a date in the closed period, naming the field
    with pytest.raises(ValidationError) as refused:
        sale("3000.00", "citus:period:after", day=date(2026, 1, 25))
    assert "date" in refused.value.message_dict
    # and so does the database for raw SQL
    with pytest.raises(IntegrityError, match="sudah ditutup"):
        with transaction.atomic():
            raw(INSERT_TXN, [date(2026, 1, 25), "citus:period:raw", Decimal("1.00")])
    assert account_balance(account=chart.CASH) == Decimal("12000.00")


def test_a_migration_runs_on_distributed_schemas(on_cluster, citus_coop):
    from sokoguru.platform.tenancy.tenant_migrations import tenant_migrate

    schema = citus_coop.schema_name

    def workers_have_function() -> bool:
        rows = raw(
            "SELECT result FROM run_command_on_placements("
            "%s, $$SELECT count(*) FROM pg_proc WHERE proname = 'ledger_deferred_checks_now' "
            "AND pronamespace = '" + schema + "'::regnamespace$$)",
            [schema + ".ledger_fiscalperiod"],
        )
        return rows == [("1",)]

    assert workers_have_function()
    # backwards and forwards again, on the distributed schema
    tenant_migrate(schema, options={"app_label": "ledger", "migration_name": "0003"})
    assert not workers_have_function()
    tenant_migrate(
        schema, options={"app_label": "ledger", "migration_name": "0004_deferred_checks_here"}
    )
    assert workers_have_function()
    connection.set_schema_to_public()
    tenant_migrate(schema)


def test_tenant_check_passes_on_distributed_schemas(on_cluster, citus_coop, capsys):
    call_command("tenant", "check", citus_coop.slug)
    out = capsys.readouterr().out
    assert "1 koperasi diperiksa, 0 berbeda dari templat." in out


def test_a_snapshot_reads_the_books_on_the_worker(on_cluster):
    from sokoguru.federation.snapshots.services import snapshot_refresh

    coop = provision("snapshot")
    switch_to_cooperative(coop)
    sale("75000.00", "citus:snapshot:1")
    connection.set_schema_to_public()
    snapshot = snapshot_refresh(cooperative=coop, as_of=date(2026, 12, 1))
    assert snapshot.cash_and_bank == Decimal("75000.00")
    assert snapshot.cooperative_id == coop.pk
    assert coop.slug.startswith(PREFIX)


def _last_audit_id() -> int:
    # audit rows are append-only: those of earlier runs (same schema names, same ids) stay
    return raw("SELECT coalesce(max(id), 0) FROM public.audit_auditevent")[0][0]


def _audit_rows(schema: str, object_pk, *, since: int):
    from sokoguru.platform.audit.models import AuditEvent

    connection.set_schema_to_public()
    return list(
        AuditEvent.objects.filter(
            id__gt=since,
            schema_name=schema,
            model="ledger.journaltransaction",
            object_pk=str(object_pk),
        )
    )


def test_a_posting_writes_its_audit_row_from_the_coordinator(on_cluster, citus_coop):
    from sokoguru.platform.audit.context import Actor, current_actor

    switch_to_cooperative(citus_coop)
    # the legs' trigger is not on the worker: the row comes from the posting service
    assert raw(
        "SELECT count(*) FROM pg_trigger WHERE tgname = 'ledger_leg_audit' "
        "AND tgrelid = 'ledger_journalleg'::regclass"
    ) == [(0,)]
    since = _last_audit_id()
    token = current_actor.set(Actor(user_id=None, email="kasir@uji.id", address="10.1.2.3"))
    try:
        txn = transaction_post(  # on its own (autocommit)
            date=DAY,
            description="Setoran sukarela uji",
            legs=[
                Leg(account=chart.CASH, debit=Decimal("75000.00")),
                Leg(account=chart.SIMPANAN_SUKARELA, credit=Decimal("75000.00"), member_id=12),
            ],
            idempotency_key="citus:audit:1",
            source_kind="savings.sukarela",
            source_id="12",
        )
    finally:
        current_actor.reset(token)
    with transaction.atomic():  # inside a caller's transaction
        second = sale("5000.00", "citus:audit:2")
    switch_to_cooperative(citus_coop)
    sale("5000.00", "citus:audit:2")  # a retry writes no second row
    # the same row the trigger writes on one server (tests/ledger/test_posting_audit.py)
    (event,) = _audit_rows(citus_coop.schema_name, txn.pk, since=since)
    assert (event.action, event.actor_email, event.address) == (
        "create",
        "kasir@uji.id",
        "10.1.2.3",
    )
    assert event.before is None
    assert event.at == txn.created_at
    assert {k: v for k, v in event.after.items() if k not in ("created_at", "legs")} == {
        "id": txn.pk,
        "date": DAY.isoformat(),
        "description": "Setoran sukarela uji",
        "source_kind": "savings.sukarela",
        "source_id": "12",
        "idempotency_key": "citus:audit:1",
        "amount": "75000.00",
        "reversal_of_id": None,
        "created_by_id": None,
    }
    assert event.after["legs"] == [
        {"account": chart.CASH, "member_id": None, "debit": "75000.00", "credit": "0.00"},
        {
            "account": chart.SIMPANAN_SUKARELA,
            "member_id": 12,
            "debit": "0.00",
            "credit": "75000.00",
        },
    ]
    assert len(_audit_rows(citus_coop.schema_name, second.pk, since=since)) == 1


def test_a_refused_posting_leaves_neither_posting_nor_audit_row(on_cluster, citus_coop):
    from sokoguru.platform.audit.models import AuditEvent

    def counts():
        connection.set_schema_to_public()
        events = AuditEvent.objects.filter(schema_name=citus_coop.schema_name).count()
        switch_to_cooperative(citus_coop)
        return events, raw("SELECT count(*) FROM ledger_journaltransaction")[0][0]

    before = counts()
    since = _last_audit_id()
    # refused by the service: unbalanced legs
    with pytest.raises(ValidationError):
        transaction_post(
            date=DAY,
            description="Tidak seimbang",
            legs=[
                Leg(account=chart.CASH, debit=Decimal("100.00")),
                Leg(account=chart.SALES, credit=Decimal("90.00")),
            ],
            idempotency_key="citus:audit:refused:1",
        )
    # refused by the worker at COMMIT: a posting (audit row written on the coordinator) made
    # unbalanced by a further leg in the same transaction
    with pytest.raises(IntegrityError, match="tidak seimbang"):
        with transaction.atomic():
            txn = sale("100.00", "citus:audit:refused:2")
            assert len(_audit_rows(citus_coop.schema_name, txn.pk, since=since)) == 1
            switch_to_cooperative(citus_coop)
            raw(INSERT_LEG, [txn.pk, chart.CASH, DAY, Decimal("1.00"), Decimal("0")])
    assert counts() == before
    assert _audit_rows(citus_coop.schema_name, txn.pk, since=since) == []
