"""Every index of a cooperative schema is needed: none duplicates the leading column of a
composite one, and the ``varchar_pattern_ops`` indexes are only those a prefix query uses."""

from __future__ import annotations

from django.db import connection

from sokoguru.platform.tenancy import template

# Prefix queries (``startswith``): account sub-trees and collection batches.
PATTERN_OPS = {
    "ledger_account_code_e0a3af95_like",
    "savings_savingsmovement_idempotency_key_bea431da_like",
}
# The auto-created table of a many-to-many field: Django keeps both of its indexes.
COVERED_KEPT = {"production_business_owners_business_id_74d612fd"}


def _rows(sql: str) -> list[tuple]:
    with connection.cursor() as cur:
        cur.execute(sql, [template.TEMPLATE_SCHEMA])
        return cur.fetchall()


def test_no_index_is_covered_by_a_composite_one(db):
    template.tenant_ddl()
    covered = _rows(
        """WITH idx AS (
             SELECT x.indrelid, i.relname, x.indkey::int2[] AS keys, x.indisunique, x.indpred,
                    pg_get_indexdef(x.indexrelid) AS def
               FROM pg_index x JOIN pg_class i ON i.oid = x.indexrelid
              WHERE i.relnamespace = %s::regnamespace)
           SELECT DISTINCT a.relname FROM idx a JOIN idx b
               ON b.indrelid = a.indrelid AND b.relname <> a.relname
              AND array_length(b.keys, 1) > 1 AND b.keys[0] = a.keys[0] AND b.indpred IS NULL
            WHERE array_length(a.keys, 1) = 1 AND NOT a.indisunique AND a.indpred IS NULL
              AND a.def NOT LIKE '%%pattern_ops%%'"""
    )
    assert {name for (name,) in covered} == COVERED_KEPT


def test_pattern_ops_indexes_are_the_ones_prefix_queries_use(db):
    template.tenant_ddl()
    like = _rows(
        """SELECT i.relname FROM pg_index x JOIN pg_class i ON i.oid = x.indexrelid
            WHERE i.relnamespace = %s::regnamespace
              AND pg_get_indexdef(x.indexrelid) LIKE '%%pattern_ops%%'"""
    )
    assert {name for (name,) in like} == PATTERN_OPS


def test_the_nik_lookup_uses_the_partial_unique_index(db):
    template.tenant_ddl()
    with connection.cursor() as cur:
        cur.execute(f"SET LOCAL search_path = {template.TEMPLATE_SCHEMA}, public")
        cur.execute("SET LOCAL enable_seqscan = off")
        cur.execute("EXPLAIN SELECT id FROM members_member WHERE nik = '3275031234567890'")
        plan = "\n".join(row[0] for row in cur.fetchall())
    assert "member_nik_unique" in plan
