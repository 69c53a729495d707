"""A cooperative's schema as DDL, read from the PostgreSQL catalog.

``schema_dump(schema)`` renders everything a schema built by migrations holds — functions,
sequences (standalone, owned by a column, identity), tables with their columns, defaults,
generated columns and collations, primary/unique/check/exclusion constraints, indexes, foreign
keys (inside the schema and to public tables), views, triggers (plain and deferred constraint
triggers, with their enabled state), table and column comments, the rows migrations inserted and
the sequences' positions — as one SQL script in which the schema's name is the placeholder
``SCHEMA_PLACEHOLDER``. Replaying it with the placeholder replaced creates an identical schema in
one round trip. Objects it cannot reproduce faithfully (types, materialized views, policies,
inheritance, grants, ...) make it raise ``UnsupportedSchemaObject`` instead of dumping a schema
that differs.

``schema_catalog(schema)`` is an independent, normalised description of a schema's catalog used to
check that two schemas are identical (tests, ``sokoguru tenant check``).
"""

from __future__ import annotations

import json
import re
from collections.abc import Sequence
from typing import Any

from django.db import connection, transaction

from sokoguru.platform.tenancy.distributed import CITUS_OWN_TRIGGERS, local_ddl_prefix

# Citus adds its own TRUNCATE trigger to every distributed table: part of the cluster, not of the
# schema (neither dumped nor compared).
_NOT_CITUS_TRIGGER = " AND t.tgname NOT IN ({})".format(
    ", ".join(f"'{name}'" for name in sorted(CITUS_OWN_TRIGGERS))
)

SCHEMA_PLACEHOLDER = "__sokoguru_schema__"
DATA_QUOTE = "$sokoguru_rows$"
SIMPLE_NAME = re.compile(r"^[a-z_][a-z0-9_]{0,62}$")


class UnsupportedSchemaObject(Exception):
    """The schema holds an object the dumper cannot reproduce exactly."""


def check_name(schema: str) -> None:
    if not SIMPLE_NAME.match(schema) or schema.startswith("pg_") or schema == "public":
        raise ValueError(f"schema name must be a plain lower-case identifier: {schema!r}")


def _placeholder(schema: str, text: str | None) -> str | None:
    if text is None:
        return None
    return re.sub(rf"(?<![\w$]){re.escape(schema)}(?![\w$])", SCHEMA_PLACEHOLDER, text)


def _rows(sql: str, params: list | tuple | None = None) -> list[tuple]:
    """Run a catalog query on the raw connection (no search_path handling by Django)."""
    connection.ensure_connection()
    with connection.connection.cursor() as cur:
        cur.execute(sql, params)
        return cur.fetchall()


class _SearchPath:
    """Render catalog text with only ``schema`` on the search path, so its own objects come out
    unqualified and everything else (public tables, other schemas' types) qualified."""

    def __init__(self, schema: str):
        self.schema = schema

    def __enter__(self):
        connection.ensure_connection()
        self._raw = connection.connection.cursor()
        self._raw.execute("SHOW search_path")
        self._previous = self._raw.fetchone()[0]
        self._raw.execute(f"SET search_path TO {self.schema}")
        connection.search_path_set_schemas = [self.schema]
        return self

    def __exit__(self, exc_type, *exc):
        try:
            if exc_type is None:
                self._raw.execute(f"SET search_path TO {self._previous}")
        finally:
            self._raw.close()
            connection.search_path_set_schemas = None
        return False


def _namespace_oid(schema: str) -> int:
    rows = _rows("SELECT oid FROM pg_namespace WHERE nspname = %s", [schema])
    if not rows:
        raise ValueError(f"schema does not exist: {schema}")
    return rows[0][0]


def unsupported_objects(schema: str) -> list[str]:
    """Objects in ``schema`` the dumper cannot reproduce (empty when it can dump the schema)."""
    ns = _namespace_oid(schema)
    found: list[str] = []
    checks = [
        (
            "relation %s of kind %s",
            """SELECT relname, relkind FROM pg_class WHERE relnamespace = %s
               AND relkind NOT IN ('r', 'i', 'S', 'v')""",
        ),
        (
            "row-level security on %s",
            """SELECT relname, '' FROM pg_class WHERE relnamespace = %s
               AND (relrowsecurity OR relforcerowsecurity)""",
        ),
        (
            "grants on %s (%s)",
            "SELECT relname, relacl::text FROM pg_class WHERE relnamespace = %s "
            "AND relacl IS NOT NULL",
        ),
        (
            "grants on function %s (%s)",
            "SELECT proname, proacl::text FROM pg_proc WHERE pronamespace = %s "
            "AND proacl IS NOT NULL",
        ),
        (
            "aggregate or window function %s (%s)",
            "SELECT proname, prokind FROM pg_proc WHERE pronamespace = %s "
            "AND prokind NOT IN ('f', 'p')",
        ),
        (
            "type %s (%s)",
            """SELECT t.typname, t.typtype FROM pg_type t WHERE t.typnamespace = %s
               AND NOT (t.typtype = 'c' AND EXISTS (SELECT 1 FROM pg_class c
                        WHERE c.oid = t.typrelid AND c.relkind <> 'c'))
               AND NOT (t.typcategory = 'A' AND EXISTS (SELECT 1 FROM pg_type e
                        JOIN pg_class c ON c.oid = e.typrelid
                        WHERE e.oid = t.typelem AND c.relkind <> 'c'))""",
        ),
        (
            "inheritance or partition %s (%s)",
            """SELECT c.relname, p.relname FROM pg_inherits i
               JOIN pg_class c ON c.oid = i.inhrelid JOIN pg_class p ON p.oid = i.inhparent
               WHERE c.relnamespace = %s OR p.relnamespace = %s""",
        ),
        (
            "policy %s on %s",
            """SELECT pol.polname, c.relname FROM pg_policy pol
               JOIN pg_class c ON c.oid = pol.polrelid WHERE c.relnamespace = %s""",
        ),
        (
            "rule %s on %s",
            """SELECT r.rulename, c.relname FROM pg_rewrite r JOIN pg_class c ON c.oid = r.ev_class
               WHERE c.relnamespace = %s AND r.rulename <> '_RETURN'""",
        ),
        (
            "extended statistics %s (%s)",
            "SELECT stxname, '' FROM pg_statistic_ext WHERE stxnamespace = %s",
        ),
        ("collation %s (%s)", "SELECT collname, '' FROM pg_collation WHERE collnamespace = %s"),
        ("operator %s (%s)", "SELECT oprname, '' FROM pg_operator WHERE oprnamespace = %s"),
        ("operator class %s (%s)", "SELECT opcname, '' FROM pg_opclass WHERE opcnamespace = %s"),
        (
            "text search configuration %s (%s)",
            "SELECT cfgname, '' FROM pg_ts_config WHERE cfgnamespace = %s",
        ),
        (
            "comment on %s (%s)",
            """SELECT d.classoid::regclass::text, d.objoid::text FROM pg_description d
               WHERE (d.classoid = 'pg_proc'::regclass
                      AND d.objoid IN (SELECT oid FROM pg_proc WHERE pronamespace = %s))
                  OR (d.classoid = 'pg_constraint'::regclass
                      AND d.objoid IN (SELECT oid FROM pg_constraint WHERE connamespace = %s))
                  OR (d.classoid = 'pg_trigger'::regclass AND d.objoid IN (
                      SELECT t.oid FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid
                      WHERE c.relnamespace = %s))
                  OR (d.classoid = 'pg_class'::regclass AND d.objoid IN (
                      SELECT oid FROM pg_class WHERE relnamespace = %s
                      AND relkind NOT IN ('r', 'v')))""",
        ),
        (
            "object %s owned by extension %s",
            """SELECT d.objid::text, e.extname FROM pg_depend d
               JOIN pg_extension e ON e.oid = d.refobjid
               WHERE d.refclassid = 'pg_extension'::regclass AND d.deptype = 'e'
               AND ((d.classid = 'pg_class'::regclass
                     AND d.objid IN (SELECT oid FROM pg_class WHERE relnamespace = %s))
                 OR (d.classid = 'pg_proc'::regclass
                     AND d.objid IN (SELECT oid FROM pg_proc WHERE pronamespace = %s)))""",
        ),
    ]
    for label, sql in checks:
        for row in _rows(sql, [ns] * sql.count("%s")):
            found.append(label % row)
    return found


def schema_dump(
    schema: str, *, source_sql: Sequence[str] = (), verify: bool = True
) -> tuple[str, int]:
    """The DDL script recreating ``schema`` (placeholder for its name) and its statement count.

    With ``verify`` the script is replayed into a scratch schema (rolled back) and both catalogs
    are compared. PostgreSQL's deparser does not always round-trip an expression to the same
    tree (``x IN ('a', 'b')`` on a varchar comes back as a different ``= ANY (ARRAY[...])``);
    such check constraints and indexes are then taken verbatim from ``source_sql`` (the SQL the
    migrations executed). A difference that remains raises ``UnsupportedSchemaObject``.
    """
    check_name(schema)
    problems = unsupported_objects(schema)
    if problems:
        raise UnsupportedSchemaObject(
            f"schema {schema} holds objects the schema template cannot reproduce: "
            + "; ".join(problems)
            + " (extend sokoguru.platform.tenancy.ddl or avoid them in tenant migrations)"
        )
    ns = _namespace_oid(schema)
    patches: dict[tuple, str] = {}
    for attempt in range(2):
        with _SearchPath(schema):
            statements = _dump(ns, schema, patches)
        script = _placeholder(schema, "\n".join(statements))
        if not verify:
            return script, len(statements)
        differing, diffs = _verify(schema, script)
        if not diffs:
            return script, len(statements)
        if attempt == 0:
            patches = _patches_from_source(differing, source_sql)
            if len(patches) < len(differing):
                break
    raise UnsupportedSchemaObject(
        f"replaying schema {schema} gives a different catalog: " + "; ".join(diffs[:10])
    )


def _verify(schema: str, script: str) -> tuple[list[tuple], list[str]]:
    """Replay ``script`` into a scratch schema (rolled back); return the check constraints and
    indexes that differ, and every difference as text."""
    scratch = f"{schema}_verify"[:63]
    with transaction.atomic():
        schema_replay(schema=scratch, ddl=script)
        left, right = schema_catalog(schema), schema_catalog(scratch)
        transaction.set_rollback(True)
    connection.search_path_set_schemas = None
    diffs = catalog_differences(left, right)
    differing: list[tuple] = []
    for item in left["constraints"]:
        if item not in right["constraints"]:
            differing.append(("constraint", item[0], item[1], item[2]))
    for item in left["indexes"]:
        if item not in right["indexes"]:
            differing.append(("index", item[0]))
    return differing, diffs


def _statement_end(text: str, start: int) -> int:
    """Index just past the statement (or parenthesised group, when ``text[start] == '('``) that
    begins at ``start``, skipping quoted strings and identifiers."""
    depth = 0
    i = start
    group = text[start] == "("
    while i < len(text):
        ch = text[i]
        if ch in "'\"":
            close = text.find(ch, i + 1)
            while close != -1 and close + 1 < len(text) and text[close + 1] == ch:
                close = text.find(ch, close + 2)
            i = len(text) if close == -1 else close + 1
            continue
        if ch == "(":
            depth += 1
        elif ch == ")":
            depth -= 1
            if group and depth == 0:
                return i + 1
        elif ch == ";" and depth == 0 and not group:
            return i
        i += 1
    return len(text)


def _patches_from_source(differing: list[tuple], source_sql: Sequence[str]) -> dict[tuple, str]:
    patches: dict[tuple, str] = {}
    for item in differing:
        if item[0] == "constraint" and item[3] == "c":
            _, table, name, _ = item
            pattern = re.compile(rf'CONSTRAINT\s+"?{re.escape(name)}"?\s+CHECK\s*\(', re.I)
            found = None
            for sql in source_sql:
                for match in pattern.finditer(sql):
                    paren = match.end() - 1
                    found = sql[paren : _statement_end(sql, paren)]
            if found:
                patches[("constraint", table, name)] = f"CHECK {found}"
        elif item[0] == "index":
            name = item[1]
            pattern = re.compile(
                r"CREATE\s+(UNIQUE\s+)?INDEX\s+(CONCURRENTLY\s+)?(IF\s+NOT\s+EXISTS\s+)?"
                rf'"?{re.escape(name)}"?\s+ON\b',
                re.I,
            )
            found = None
            for sql in source_sql:
                for match in pattern.finditer(sql):
                    found = sql[match.start() : _statement_end(sql, match.start())]
                    if match.group(2):
                        found = found.replace(match.group(2), "", 1)
            if found:
                patches[("index", name)] = found.strip() + ";"
    return patches


def _dump(ns: int, schema: str, patches: dict[tuple, str]) -> list[str]:
    out: list[str] = [
        f"CREATE SCHEMA {SCHEMA_PLACEHOLDER};",
        f"SET LOCAL search_path TO {SCHEMA_PLACEHOLDER};",
        "SET LOCAL check_function_bodies TO off;",
    ]

    # Sequences: identity ones are created with their column, owned ones before their table.
    sequences = _rows(
        """SELECT c.oid, quote_ident(c.relname), format_type(s.seqtypid, NULL), s.seqstart,
                  s.seqincrement, s.seqmin, s.seqmax, s.seqcache, s.seqcycle, d.deptype,
                  quote_ident(t.relname), quote_ident(a.attname)
           FROM pg_class c JOIN pg_sequence s ON s.seqrelid = c.oid
           LEFT JOIN pg_depend d ON d.classid = 'pg_class'::regclass AND d.objid = c.oid
                AND d.refclassid = 'pg_class'::regclass AND d.deptype IN ('a', 'i')
           LEFT JOIN pg_class t ON t.oid = d.refobjid
           LEFT JOIN pg_attribute a ON a.attrelid = d.refobjid AND a.attnum = d.refobjsubid
           WHERE c.relnamespace = %s AND c.relkind = 'S' ORDER BY c.oid""",
        [ns],
    )
    identity: dict[tuple[str, str], tuple] = {}
    owned: list[str] = []
    for _oid, name, typ, start, inc, mn, mx, cache, cycle, deptype, table, column in sequences:
        options = (
            f"START WITH {start} INCREMENT BY {inc} MINVALUE {mn} MAXVALUE {mx} "
            f"CACHE {cache}{' CYCLE' if cycle else ' NO CYCLE'}"
        )
        if deptype == "i":
            identity[(table, column)] = (name, options)
            continue
        out.append(f"CREATE SEQUENCE {name} AS {typ} {options};")
        if deptype == "a":
            owned.append(f"ALTER SEQUENCE {name} OWNED BY {(table)}.{(column)};")

    # Functions whose signature names one of the schema's row types come after the tables.
    functions = _rows(
        """SELECT pg_get_functiondef(p.oid),
                  EXISTS (SELECT 1 FROM pg_type t WHERE t.typnamespace = %s AND t.oid = ANY(
                      array_append(coalesce(p.proallargtypes, p.proargtypes::oid[]),
                                   p.prorettype)))
           FROM pg_proc p WHERE p.pronamespace = %s ORDER BY p.oid""",
        [ns, ns],
    )
    late_functions = [f"{d.rstrip()};" for d, late in functions if late]
    out.extend(f"{d.rstrip()};" for d, late in functions if not late)

    tables = _rows(
        """SELECT c.oid, quote_ident(c.relname), c.relpersistence, c.reloptions,
                  obj_description(c.oid, 'pg_class')
           FROM pg_class c WHERE c.relnamespace = %s AND c.relkind = 'r' ORDER BY c.oid""",
        [ns],
    )
    columns = _rows(
        """SELECT a.attrelid, quote_ident(a.attname), format_type(a.atttypid, a.atttypmod),
                  a.attnotnull,
                  pg_get_expr(ad.adbin, ad.adrelid), a.attidentity, a.attgenerated,
                  CASE WHEN a.attcollation <> t.typcollation THEN
                       quote_ident(cn.nspname) || '.' || quote_ident(co.collname) END,
                  col_description(a.attrelid, a.attnum)
           FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid
           JOIN pg_type t ON t.oid = a.atttypid
           LEFT JOIN pg_attrdef ad ON ad.adrelid = a.attrelid AND ad.adnum = a.attnum
           LEFT JOIN pg_collation co ON co.oid = a.attcollation
           LEFT JOIN pg_namespace cn ON cn.oid = co.collnamespace
           WHERE c.relnamespace = %s AND c.relkind IN ('r', 'v') AND a.attnum > 0
             AND NOT a.attisdropped
           ORDER BY a.attrelid, a.attnum""",
        [ns],
    )
    by_table: dict[int, list[tuple]] = {}
    for row in columns:
        by_table.setdefault(row[0], []).append(row)
    # Constraints go inside CREATE TABLE as Django writes them (cheaper than ALTER TABLE);
    # a foreign key too when the table it references exists by then with a constraint-backed key.
    constraints = _rows(
        """SELECT con.conrelid, quote_ident(con.conname), con.contype,
                  pg_get_constraintdef(con.oid), c.relname, con.conname, con.confrelid,
                  EXISTS (SELECT 1 FROM pg_constraint k WHERE k.conrelid = con.confrelid
                          AND k.conindid = con.conindid AND k.contype IN ('p', 'u'))
           FROM pg_constraint con JOIN pg_class c ON c.oid = con.conrelid
           WHERE c.relnamespace = %s AND con.contype IN ('p', 'u', 'c', 'x', 'f')
           ORDER BY CASE con.contype WHEN 'p' THEN 0 WHEN 'u' THEN 1 WHEN 'c' THEN 2
                    WHEN 'x' THEN 3 ELSE 4 END, con.oid""",
        [ns],
    )
    by_table_constraints: dict[int, list[tuple]] = {}
    for row in constraints:
        by_table_constraints.setdefault(row[0], []).append(row)
    table_oids = {row[0] for row in tables}
    created: set[int] = set()
    foreign: list[str] = []
    comments: list[str] = []
    data_tables: list[tuple[int, str, list[str]]] = []
    for oid, name, persistence, reloptions, comment in tables:
        defs = []
        insertable = []
        for _, col, typ, notnull, default, ident, generated, collation, col_comment in by_table.get(
            oid, []
        ):
            parts = [(col), typ]
            if collation:
                parts.append(f"COLLATE {collation}")
            if generated == "s":
                parts.append(f"GENERATED ALWAYS AS ({default}) STORED")
            elif ident:
                seq_name, options = identity[(name, col)]
                kind = "ALWAYS" if ident == "a" else "BY DEFAULT"
                parts.append(f"GENERATED {kind} AS IDENTITY (SEQUENCE NAME {(seq_name)} {options})")
            elif default is not None:
                parts.append(f"DEFAULT {default}")
            if notnull:
                parts.append("NOT NULL")
            defs.append(" ".join(parts))
            if generated != "s":
                insertable.append(col)
            if col_comment is not None:
                comments.append(f"COMMENT ON COLUMN {name}.{(col)} IS {_literal(col_comment)};")
        created.add(oid)
        for (
            _,
            cname,
            contype,
            definition,
            raw_table,
            raw_name,
            target,
            keyed,
        ) in by_table_constraints.get(oid, []):
            definition = patches.get(("constraint", raw_table, raw_name), definition)
            if contype == "f" and not (keyed and (target not in table_oids or target in created)):
                foreign.append(f"ALTER TABLE ONLY {name} ADD CONSTRAINT {cname} {definition};")
            else:
                defs.append(f"CONSTRAINT {cname} {definition}")
        unlogged = "UNLOGGED " if persistence == "u" else ""
        with_ = f" WITH ({', '.join(reloptions)})" if reloptions else ""
        out.append(f"CREATE {unlogged}TABLE {name} ({', '.join(defs)}){with_};")
        if comment is not None:
            comments.append(f"COMMENT ON TABLE {name} IS {_literal(comment)};")
        data_tables.append((oid, name, insertable))
    out.extend(owned)

    indexes = _rows(
        """SELECT pg_get_indexdef(i.indexrelid), i.indisclustered, quote_ident(t.relname),
                  quote_ident(ic.relname), ic.relname
           FROM pg_index i JOIN pg_class t ON t.oid = i.indrelid
           JOIN pg_class ic ON ic.oid = i.indexrelid
           WHERE t.relnamespace = %s AND NOT EXISTS (
               SELECT 1 FROM pg_constraint con WHERE con.conindid = i.indexrelid
               AND con.conrelid = i.indrelid AND con.contype IN ('p', 'u', 'x'))
           ORDER BY i.indexrelid""",
        [ns],
    )
    for definition, clustered, table, index, raw_index in indexes:
        out.append(patches.get(("index", raw_index), f"{definition};"))
        if clustered:
            out.append(f"ALTER TABLE {(table)} CLUSTER ON {(index)};")
    for _oid, table, index in _rows(
        """SELECT i.indexrelid, quote_ident(t.relname), quote_ident(ic.relname) FROM pg_index i
           JOIN pg_class t ON t.oid = i.indrelid JOIN pg_class ic ON ic.oid = i.indexrelid
           WHERE t.relnamespace = %s AND i.indisclustered AND EXISTS (
               SELECT 1 FROM pg_constraint con WHERE con.conindid = i.indexrelid
               AND con.conrelid = i.indrelid AND con.contype IN ('p', 'u', 'x'))""",
        [ns],
    ):
        out.append(f"ALTER TABLE {(table)} CLUSTER ON {(index)};")
    out.extend(foreign)

    views = _rows(
        """SELECT c.oid, quote_ident(c.relname), pg_get_viewdef(c.oid), c.reloptions,
                  obj_description(c.oid, 'pg_class')
           FROM pg_class c WHERE c.relnamespace = %s AND c.relkind = 'v' ORDER BY c.oid""",
        [ns],
    )
    for oid, name, definition, reloptions, comment in views:
        with_ = f" WITH ({', '.join(reloptions)})" if reloptions else ""
        out.append(f"CREATE VIEW {name}{with_} AS {definition.strip().rstrip(';')};")
        for _, col, *_rest, col_comment in by_table.get(oid, []):
            if col_comment is not None:
                comments.append(f"COMMENT ON COLUMN {name}.{(col)} IS {_literal(col_comment)};")
        if comment is not None:
            comments.append(f"COMMENT ON VIEW {name} IS {_literal(comment)};")
    out.extend(late_functions)

    triggers = _rows(
        """SELECT pg_get_triggerdef(t.oid), t.tgenabled, quote_ident(c.relname),
                  quote_ident(t.tgname)
           FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid
           WHERE c.relnamespace = %s AND NOT t.tgisinternal"""
        + _NOT_CITUS_TRIGGER
        + " ORDER BY t.oid",
        [ns],
    )
    enable = {"D": "DISABLE", "R": "ENABLE REPLICA", "A": "ENABLE ALWAYS"}
    for definition, enabled, table, name in triggers:
        out.append(f"{definition};")
        if enabled in enable:
            out.append(f"ALTER TABLE {(table)} {enable[enabled]} TRIGGER {name};")
    out.extend(comments)

    # Rows that migrations inserted (django_migrations above all), then sequence positions.
    for _oid, name, insertable in data_tables:
        rows = _rows(f"SELECT json_agg(t) FROM {schema}.{name} t")[0][0]
        if not rows:
            continue
        payload = json.dumps(rows, ensure_ascii=False, separators=(",", ":"), sort_keys=True)
        if DATA_QUOTE in payload:
            raise UnsupportedSchemaObject(f"rows of {name} contain {DATA_QUOTE}")
        cols = ", ".join(insertable)
        out.append(
            f"INSERT INTO {name} ({cols}) OVERRIDING SYSTEM VALUE SELECT {cols} "
            f"FROM json_populate_recordset(NULL::{name}, {DATA_QUOTE}{payload}"
            f"{DATA_QUOTE}::json);"
        )
        if name == "django_migrations":
            out.append("UPDATE django_migrations SET applied = now();")
    for name, last_value in _rows(
        """SELECT quote_ident(sequencename), last_value FROM pg_sequences
           WHERE schemaname = %s AND last_value IS NOT NULL ORDER BY sequencename""",
        [schema],
    ):
        out.append(f"SELECT setval({_literal(name)}, {last_value}, true);")
    return out


def _literal(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def schema_replay(*, schema: str, ddl: str) -> None:
    """Create ``schema`` from a dump, in the current transaction (one round trip)."""
    check_name(schema)
    if not connection.in_atomic_block:
        raise RuntimeError("schema_replay must run inside transaction.atomic()")
    sql = local_ddl_prefix() + ddl.replace(SCHEMA_PLACEHOLDER, schema)
    connection.ensure_connection()
    with connection.connection.cursor() as cur:
        cur.execute(sql)
    # The script set search_path for the rest of the transaction: make Django set it again.
    connection.search_path_set_schemas = None


# --- Catalog description (comparison) ---------------------------------------------------------


def schema_catalog(schema: str, *, data: bool = True) -> dict[str, Any]:
    """A normalised description of everything in ``schema`` (its own name replaced by a
    placeholder), so two schemas can be compared with ``==``."""
    check_name(schema)
    ns = _namespace_oid(schema)

    def q(sql: str, n: int = 1) -> list[tuple]:
        return [
            tuple(_placeholder(schema, v) if isinstance(v, str) else v for v in row)
            for row in _rows(sql, [ns] * n)
        ]

    with _SearchPath(schema):
        catalog: dict[str, Any] = {
            "relations": q(
                """SELECT relname, relkind, relpersistence, coalesce(reloptions::text, ''),
                          relrowsecurity, coalesce(obj_description(oid, 'pg_class'), '')
                   FROM pg_class WHERE relnamespace = %s AND relkind <> 'i' ORDER BY relname"""
            ),
            "columns": q(
                """SELECT c.relname,
                          row_number() OVER (PARTITION BY c.oid ORDER BY a.attnum), a.attname,
                          format_type(a.atttypid, a.atttypmod), a.attnotnull,
                          pg_get_expr(ad.adbin, ad.adrelid), a.attidentity, a.attgenerated,
                          a.attcollation::regcollation::text,
                          col_description(a.attrelid, a.attnum)
                   FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid
                   LEFT JOIN pg_attrdef ad ON ad.adrelid = a.attrelid AND ad.adnum = a.attnum
                   WHERE c.relnamespace = %s AND c.relkind IN ('r', 'v') AND a.attnum > 0
                     AND NOT a.attisdropped
                   ORDER BY c.relname, a.attnum"""
            ),
            "constraints": q(
                """SELECT c.relname, con.conname, con.contype, pg_get_constraintdef(con.oid),
                          con.condeferrable, con.condeferred, con.convalidated
                   FROM pg_constraint con JOIN pg_class c ON c.oid = con.conrelid
                   WHERE c.relnamespace = %s ORDER BY c.relname, con.conname"""
            ),
            "indexes": q(
                """SELECT ic.relname, pg_get_indexdef(i.indexrelid), i.indisunique,
                          i.indisprimary, i.indisclustered
                   FROM pg_index i JOIN pg_class ic ON ic.oid = i.indexrelid
                   WHERE ic.relnamespace = %s ORDER BY ic.relname"""
            ),
            "triggers": q(
                """SELECT c.relname, t.tgname, pg_get_triggerdef(t.oid), t.tgenabled,
                          t.tgdeferrable, t.tginitdeferred
                   FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid
                   WHERE c.relnamespace = %s AND NOT t.tgisinternal"""
                + _NOT_CITUS_TRIGGER
                + " ORDER BY c.relname, t.tgname"
            ),
            "internal_triggers": q(
                """SELECT c.relname, count(*) FROM pg_trigger t JOIN pg_class c
                   ON c.oid = t.tgrelid WHERE c.relnamespace = %s AND t.tgisinternal
                   GROUP BY c.relname ORDER BY c.relname"""
            ),
            "functions": q(
                """SELECT p.proname, pg_get_function_identity_arguments(p.oid),
                          pg_get_functiondef(p.oid), p.prokind
                   FROM pg_proc p WHERE p.pronamespace = %s ORDER BY 1, 2"""
            ),
            "sequences": q(
                """SELECT c.relname, format_type(s.seqtypid, NULL), s.seqstart, s.seqincrement,
                          s.seqmin, s.seqmax, s.seqcache, s.seqcycle,
                          (SELECT d.deptype::text || ':' || t.relname || '.' || a.attname
                           FROM pg_depend d JOIN pg_class t ON t.oid = d.refobjid
                           JOIN pg_attribute a ON a.attrelid = d.refobjid
                                AND a.attnum = d.refobjsubid
                           WHERE d.classid = 'pg_class'::regclass AND d.objid = c.oid
                             AND d.refclassid = 'pg_class'::regclass
                             AND d.deptype IN ('a', 'i'))
                   FROM pg_class c JOIN pg_sequence s ON s.seqrelid = c.oid
                   WHERE c.relnamespace = %s ORDER BY c.relname"""
            ),
            "views": q(
                """SELECT relname, pg_get_viewdef(oid) FROM pg_class
                   WHERE relnamespace = %s AND relkind = 'v' ORDER BY relname"""
            ),
        }
        has_migrations = any(
            r[0] == "django_migrations" and r[1] == "r" for r in catalog["relations"]
        )
        if has_migrations:
            catalog["migrations"] = _rows(
                f"SELECT app, name FROM {schema}.django_migrations ORDER BY app, name"
            )
        if data:
            contents = {}
            for (name,) in _rows(
                """SELECT quote_ident(relname) FROM pg_class WHERE relnamespace = %s
                   AND relkind = 'r' AND relname <> 'django_migrations' ORDER BY relname""",
                [ns],
            ):
                contents[name] = _rows(
                    f"SELECT count(*), coalesce(md5(string_agg(t::text, ',' ORDER BY t::text)), "
                    f"'') FROM {schema}.{name} t"
                )[0]
            catalog["data"] = contents
    return catalog


def catalog_differences(left: dict, right: dict) -> list[str]:
    """Human-readable differences between two ``schema_catalog`` results."""
    diffs = []
    for key in sorted(set(left) | set(right)):
        a, b = left.get(key), right.get(key)
        if a == b:
            continue
        if isinstance(a, list) and isinstance(b, list):
            for item in a:
                if item not in b:
                    diffs.append(f"{key}: only left: {item}")
            for item in b:
                if item not in a:
                    diffs.append(f"{key}: only right: {item}")
            if not any(d.startswith(key + ":") for d in diffs):
                diffs.append(f"{key}: same items, different order")
        else:
            diffs.append(f"{key}: {a!r} != {b!r}")
    return diffs
