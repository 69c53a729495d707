"""Writes to the books: the chart of accounts, postings, reversals and period closes.

Every money movement of every app goes through ``transaction_post``. It validates in Python (so
bad input gets a clear error naming the field and nothing is written) and PostgreSQL checks again
(balance at commit, immutability, closed periods) — see migrations/0002_integrity.py.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date as Date
from datetime import datetime
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction
from django.utils import timezone

from sokoguru.platform.accounts.permissions import require_other_officer, require_role
from sokoguru.platform.core.errors import Conflict, NotFound
from sokoguru.platform.core.schema import require_tenant_schema
from sokoguru.platform.tenancy.services import cooperative_books_changed_mark
from sokoguru.tenants.ledger import chart, posting_audit
from sokoguru.tenants.ledger.fiscal import is_fiscal_year_end, refuse_future
from sokoguru.tenants.ledger.models import Account, FiscalPeriod, JournalLeg, JournalTransaction
from sokoguru.tenants.ledger.permissions import (
    PERIOD_CLOSE_CONFIRM_ROLES,
    PERIOD_CLOSE_REQUEST_ROLES,
)
from sokoguru.tenants.ledger.signals import year_end_closing

ZERO = Decimal("0")
CENT = Decimal("0.01")
MAX_AMOUNT = Decimal("9999999999999999.99")

SOURCE_MANUAL = "ledger.manual"
SOURCE_REVERSAL = "ledger.reversal"
SOURCE_CLOSING = "ledger.closing"


@dataclass(frozen=True)
class Leg:
    """One side of a posting: exactly one of ``debit``/``credit`` is positive. ``member_id`` puts
    it on a member's sub-ledger (``members.Member`` id)."""

    account: str
    debit: Decimal = ZERO
    credit: Decimal = ZERO
    member_id: int | None = None


# --- Chart of accounts --------------------------------------------------------------------


def chart_install(*, cooperative=None) -> int:
    """Provisioning hook: install the standard chart (idempotent). Returns accounts created."""
    require_tenant_schema()
    existing = set(Account.objects.values_list("code", flat=True))
    accounts = [
        Account(
            code=code,
            name=name,
            type=type_,
            normal_balance=normal,
            is_standard=True,
        )
        for code, name, type_, normal in chart.STANDARD_CHART
        if code not in existing
    ]
    for account in accounts:
        account.full_clean(validate_unique=False, validate_constraints=False)
    Account.objects.bulk_create(accounts, ignore_conflicts=True)
    return len(accounts)


@transaction.atomic
def account_create(*, parent: str, code: str, name: str, description: str = "") -> Account:
    """Add a sub-account below ``parent`` (code ``<parent>.<nn>``); it inherits the parent's
    type and normal balance."""
    require_tenant_schema()
    parent_account = Account.objects.filter(code=parent).first()
    if parent_account is None:
        raise ValidationError({"parent": f"Akun induk tidak dikenal: {parent!r}."})
    code = (code or "").strip()
    if not code.startswith(parent + "."):
        raise ValidationError(
            {"code": f"Kode sub-akun harus diawali {parent}. (mis. {parent}.01)."}
        )
    account = Account(
        code=code,
        name=(name or "").strip(),
        type=parent_account.type,
        normal_balance=parent_account.normal_balance,
        parent=parent_account,
        description=description,
    )
    account.full_clean()
    account.save()
    return account


@transaction.atomic
def account_update(
    *,
    code: str,
    name: str | None = None,
    is_active: bool | None = None,
    description: str | None = None,
) -> Account:
    require_tenant_schema()
    account = Account.objects.select_for_update().filter(code=code).first()
    if account is None:
        raise NotFound(f"Akun tidak dikenal: {code!r}.", field="code")
    if name is not None:
        account.name = name.strip()
    if description is not None:
        account.description = description
    if is_active is not None:
        if account.is_standard and not is_active:
            raise ValidationError({"is_active": "Akun standar tidak dapat dinonaktifkan."})
        account.is_active = is_active
    account.full_clean()
    account.save()
    return account


# --- Validation ---------------------------------------------------------------------------


def _amount(value, *, index: int) -> Decimal:
    if value is None:
        return ZERO
    if isinstance(value, float):
        raise ValidationError({"amount": f"Baris {index + 1}: jumlah harus Decimal, bukan float."})
    try:
        amount = value if isinstance(value, Decimal) else Decimal(str(value))
    except (InvalidOperation, ValueError, TypeError):
        raise ValidationError({"amount": f"Baris {index + 1}: jumlah tidak valid: {value!r}."})
    if not amount.is_finite():
        raise ValidationError({"amount": f"Baris {index + 1}: jumlah tidak valid: {value!r}."})
    if amount != amount.quantize(CENT):
        raise ValidationError(
            {"amount": f"Baris {index + 1}: jumlah paling banyak 2 angka desimal ({amount})."}
        )
    if amount > MAX_AMOUNT:
        raise ValidationError({"amount": f"Baris {index + 1}: jumlah terlalu besar ({amount})."})
    return amount.quantize(CENT)


def _normalise_legs(legs: Sequence[Leg]) -> list[tuple[str, int | None, Decimal, Decimal]]:
    if not isinstance(legs, list | tuple) or len(legs) < 2:
        raise ValidationError(
            {"legs": "Jurnal memerlukan sedikitnya dua baris (debit dan kredit)."}
        )
    out = []
    for i, leg in enumerate(legs):
        if not isinstance(leg, Leg):
            raise ValidationError({"legs": f"Baris {i + 1}: harus berupa Leg."})
        account = (leg.account or "").strip() if isinstance(leg.account, str) else ""
        if not account:
            raise ValidationError({"account": f"Baris {i + 1}: akun wajib diisi."})
        debit = _amount(leg.debit, index=i)
        credit = _amount(leg.credit, index=i)
        if debit < 0 or credit < 0:
            raise ValidationError({"amount": f"Baris {i + 1}: jumlah tidak boleh negatif."})
        if (debit > 0) == (credit > 0):
            raise ValidationError(
                {"amount": f"Baris {i + 1}: isi tepat satu dari debit atau kredit, lebih dari nol."}
            )
        member_id = leg.member_id
        if member_id is not None and (
            isinstance(member_id, bool) or not isinstance(member_id, int) or member_id <= 0
        ):
            raise ValidationError({"member_id": f"Baris {i + 1}: id anggota tidak valid."})
        out.append((account, member_id, debit, credit))
    total_debit = sum((d for _, _, d, _ in out), ZERO)
    total_credit = sum((c for _, _, _, c in out), ZERO)
    if total_debit != total_credit:
        raise ValidationError(
            {
                "legs": f"Jurnal tidak seimbang: debit {total_debit} ≠ kredit {total_credit}. / "
                "Unbalanced legs."
            }
        )
    if total_debit > MAX_AMOUNT:
        raise ValidationError({"amount": "Jumlah transaksi terlalu besar."})
    return out


def _text(value, *, field: str, max_length: int, required: bool) -> str:
    text = (value or "").strip() if isinstance(value, str) or value is None else None
    if text is None:
        raise ValidationError({field: "Harus berupa teks."})
    if required and not text:
        raise ValidationError({field: "Wajib diisi."})
    if len(text) > max_length:
        raise ValidationError({field: f"Paling banyak {max_length} karakter."})
    return text


def _fingerprint(
    *,
    date: Date,
    description: str,
    source_kind: str,
    source_id: str,
    reversal_of_id: int | None,
    legs: Iterable[tuple[str, int | None, Decimal, Decimal]],
) -> str:
    content = {
        "date": date.isoformat(),
        "description": description,
        "source": [source_kind, source_id],
        "reversal_of": reversal_of_id,
        "legs": sorted([a, -1 if m is None else m, str(d), str(c)] for a, m, d, c in legs),
    }
    return hashlib.sha256(
        json.dumps(content, separators=(",", ":"), ensure_ascii=True).encode()
    ).hexdigest()


# --- Registry mark (federation refresher) -------------------------------------------------


# --- Posting ------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Prepared:
    """A validated posting, ready to insert."""

    date: Date
    description: str
    source_kind: str
    source_id: str
    idempotency_key: str
    created_by_id: int | None
    reversal_of_id: int | None
    rows: list[tuple[str, int | None, Decimal, Decimal]]
    fingerprint: str
    amount: Decimal


def _prepare(
    *,
    date: Date,
    description: str,
    legs: Sequence[Leg],
    idempotency_key: str,
    source_kind: str = "",
    source_id: str = "",
    created_by_id: int | None = None,
    reversal_of_id: int | None = None,
) -> _Prepared:
    """Validate every field of a posting in Python (no database round trip): what
    ``full_clean`` would check, plus balance and amounts; accounts, closed periods and
    idempotency are settled by the insert."""
    if not isinstance(date, Date) or isinstance(date, datetime):
        raise ValidationError({"date": "Tanggal wajib berupa tanggal (date)."})
    description = _text(description, field="description", max_length=255, required=True)
    idempotency_key = _text(idempotency_key, field="idempotency_key", max_length=200, required=True)
    source_kind = _text(source_kind, field="source_kind", max_length=50, required=False)
    source_id = _text(
        str(source_id) if isinstance(source_id, int) else source_id,
        field="source_id",
        max_length=64,
        required=False,
    )
    if created_by_id is not None and (
        isinstance(created_by_id, bool) or not isinstance(created_by_id, int)
    ):
        raise ValidationError({"created_by_id": "Id pengguna tidak valid."})
    rows = _normalise_legs(legs)
    fingerprint = _fingerprint(
        date=date,
        description=description,
        source_kind=source_kind,
        source_id=source_id,
        reversal_of_id=reversal_of_id,
        legs=rows,
    )
    return _Prepared(
        date=date,
        description=description,
        source_kind=source_kind,
        source_id=source_id,
        idempotency_key=idempotency_key,
        created_by_id=created_by_id,
        reversal_of_id=reversal_of_id,
        rows=rows,
        fingerprint=fingerprint,
        amount=sum((d for _, _, d, _ in rows), ZERO),
    )


def _conflict() -> Conflict:
    return Conflict(
        "Kunci idempotensi ini sudah dipakai untuk transaksi dengan isi berbeda. / "
        "Idempotency key already used with different content.",
        field="idempotency_key",
    )


# The common case is one statement for the transactions and their legs, prepared once per
# database connection (PostgreSQL re-plans it when the search path moves to another
# cooperative): insert the transactions when every account is usable and no date is in a
# closed period (a key posted before is left alone: ON CONFLICT — the idempotency probe is the
# insert itself), and the legs of the rows inserted, joined on the idempotency key. The legs'
# triggers see the transaction rows (same command); the balance is checked at commit. Rows
# arrive as arrays (unnest), so the text is the same for any number of postings and legs, and
# the closed-period test is an uncorrelated array of ranges: the statement also runs unchanged
# in a Citus distributed schema, which refuses correlated subqueries over VALUES. Anything not
# inserted is then explained by _DIAGNOSE_SQL.
_POST_STATEMENT = "ledger_post_v1"
_POST_SQL = """
WITH v AS (
    SELECT * FROM unnest($1::date[], $2::text[], $3::text[], $4::text[], $5::text[],
                         $6::text[], $7::numeric[], $8::bigint[], $9::bigint[])
        AS v(date, description, source_kind, source_id, idempotency_key, fingerprint, amount,
             reversal_of_id, created_by_id)
), t AS (
    INSERT INTO ledger_journaltransaction (date, description, source_kind, source_id,
        idempotency_key, fingerprint, amount, reversal_of_id, reversed_by_id, created_by_id,
        created_at)
    SELECT v.date, v.description, v.source_kind, v.source_id, v.idempotency_key,
           v.fingerprint, v.amount, v.reversal_of_id, NULL, v.created_by_id, $10::timestamptz
      FROM v
     WHERE (SELECT count(*) FROM ledger_account a
             WHERE a.code = ANY($11::text[]) AND a.is_active) = cardinality($11::text[])
       AND NOT v.date <@ ANY (ARRAY(SELECT daterange(p.start_date, p.end_date, '[]')
                                     FROM ledger_fiscalperiod p WHERE p.status = 'closed'))
    ON CONFLICT (idempotency_key) DO NOTHING
    RETURNING id, idempotency_key, date
), legs AS (
    INSERT INTO ledger_journalleg (transaction_id, account_code, member_id, date, debit, credit)
    SELECT t.id, x.account_code, x.member_id, t.date, x.debit, x.credit
      FROM unnest($12::text[], $13::text[], $14::bigint[], $15::numeric[], $16::numeric[])
           WITH ORDINALITY AS x(idempotency_key, account_code, member_id, debit, credit, ord)
      JOIN t ON t.idempotency_key = x.idempotency_key
     ORDER BY x.ord
)
SELECT id, idempotency_key FROM t
"""
_POST_TYPES = (
    "date[], text[], text[], text[], text[], text[], numeric[], bigint[], bigint[], "
    "timestamptz, text[], text[], text[], bigint[], numeric[], numeric[]"
)
_POST_EXECUTE = (
    f"EXECUTE {_POST_STATEMENT} (%s::date[], %s::text[], %s::text[], %s::text[], %s::text[], "
    "%s::text[], %s::numeric[], %s::bigint[], %s::bigint[], %s::timestamptz, %s::text[], "
    "%s::text[], %s::text[], %s::bigint[], %s::numeric[], %s::numeric[])"
)
_POST_PREPARE = f"PREPARE {_POST_STATEMENT} ({_POST_TYPES}) AS {_POST_SQL}"

# Sent in the same round trip, before the posting statement: who posts and from which address,
# for this database transaction, read by the legs' audit trigger (migrations/0005).
_AUDIT_ACTOR_SQL = "SELECT set_config('sokoguru.audit_actor', %s, true);\n"


_DIAGNOSE_SQL = """
SELECT
    (SELECT coalesce(array_agg(a.code), '{}') FROM ledger_account a
      WHERE a.code = ANY(%s) AND a.is_active),
    (SELECT coalesce(array_agg(ARRAY[p.start_date, p.end_date]), '{}') FROM ledger_fiscalperiod p
      WHERE p.status = 'closed' AND p.start_date <= %s AND p.end_date >= %s),
    (SELECT coalesce(array_agg(ARRAY[t.idempotency_key, t.fingerprint]), '{}')
       FROM ledger_journaltransaction t WHERE t.idempotency_key = ANY(%s))
"""


def _codes(items: Sequence[_Prepared]) -> list[str]:
    return sorted({row[0] for item in items for row in item.rows})


def _ensure_post_statement(cur) -> None:
    """Prepare the posting statement on this database connection unless it already is (once
    per connection; a prepared statement survives a rollback)."""
    raw = connection.connection
    if getattr(connection, "_ledger_post_prepared", None) is not raw:
        cur.execute(_POST_PREPARE)
        connection._ledger_post_prepared = raw


def post_statement_prepare() -> None:
    """Open the database connection and prepare the posting statement on it now, so that the
    first posting of a new connection is one round trip like every other (a worker's or the
    benchmark's connection warm-up)."""
    require_tenant_schema()
    with connection.cursor() as cur:
        _ensure_post_statement(cur)


def _insert(items: Sequence[_Prepared], now) -> dict[str, int]:
    """Insert what may be inserted, transactions and legs in one prepared statement; returns
    {idempotency_key: id} of the transactions inserted."""
    codes = _codes(items)
    legs = [(item.idempotency_key, *row) for item in items for row in item.rows]
    params = [
        [item.date for item in items],
        [item.description for item in items],
        [item.source_kind for item in items],
        [item.source_id for item in items],
        [item.idempotency_key for item in items],
        [item.fingerprint for item in items],
        [item.amount for item in items],
        [item.reversal_of_id for item in items],
        [item.created_by_id for item in items],
        now,
        codes,
        [leg[0] for leg in legs],
        [leg[1] for leg in legs],
        [leg[2] for leg in legs],
        [leg[3] for leg in legs],
        [leg[4] for leg in legs],
    ]
    with connection.cursor() as cur:
        _ensure_post_statement(cur)
        cur.execute(_AUDIT_ACTOR_SQL + _POST_EXECUTE, [posting_audit.actor_json(), *params])
        return {key: pk for pk, key in cur.fetchall()}


def _diagnose(items: Sequence[_Prepared]) -> tuple[set[str], list, dict[str, str]]:
    """(active account codes, closed date ranges, {key: fingerprint} posted before)."""
    dates = [item.date for item in items]
    with connection.cursor() as cur:
        cur.execute(
            _DIAGNOSE_SQL,
            [_codes(items), max(dates), min(dates), [item.idempotency_key for item in items]],
        )
        active, closed_ranges, prior = cur.fetchone()
    return set(active), closed_ranges, dict(prior)


def _refuse(items: Sequence[_Prepared], active: set[str], closed_ranges: list) -> None:
    unknown = sorted(set(_codes(items)) - active)
    if unknown:
        raise ValidationError(
            {"account": f"Akun tidak dikenal atau tidak aktif: {', '.join(unknown)}."}
        )
    for item in items:
        for start, end in closed_ranges:
            if start <= item.date <= end:
                raise ValidationError(
                    {
                        "date": f"Tanggal {item.date.isoformat()} berada dalam periode buku "
                        "yang sudah ditutup."
                    }
                )


def _post_prepared(prepared: Sequence[_Prepared]) -> list[tuple[JournalTransaction, bool]]:
    """Insert validated postings (the caller holds the atomic block). Returns, in order,
    (transaction, created) — an earlier posting with the same key and content is returned
    instead of inserting; with other content it is a Conflict. When any posting is refused an
    error is raised and the caller's atomic block leaves nothing written."""
    by_key: dict[str, _Prepared] = {}
    for item in prepared:
        seen = by_key.get(item.idempotency_key)
        if seen is not None and seen.fingerprint != item.fingerprint:
            raise _conflict()
        by_key[item.idempotency_key] = item
    now = timezone.now()
    items = list(by_key.values())
    inserted = _insert(items, now)
    missing = [item for item in items if item.idempotency_key not in inserted]
    if missing:
        active, closed_ranges, prior = _diagnose(missing)
        for key, fingerprint in prior.items():
            if by_key[key].fingerprint != fingerprint:
                raise _conflict()
        remaining = [item for item in missing if item.idempotency_key not in prior]
        if remaining:
            _refuse(remaining, active, closed_ranges)
            # Held back only by an earlier posting's account (now inactive): insert the rest.
            inserted.update(_insert(remaining, now))
    created: dict[str, JournalTransaction] = {}
    for item in items:
        pk = inserted.get(item.idempotency_key)
        if pk is None:
            continue  # posted before, or by a concurrent posting that committed first
        txn = JournalTransaction(
            pk=pk,
            date=item.date,
            description=item.description,
            source_kind=item.source_kind,
            source_id=item.source_id,
            idempotency_key=item.idempotency_key,
            fingerprint=item.fingerprint,
            amount=item.amount,
            reversal_of_id=item.reversal_of_id,
            created_by_id=item.created_by_id,
            created_at=now,
        )
        txn._state.adding = False
        txn._state.db = connection.alias
        created[item.idempotency_key] = txn
    if created:
        if not posting_audit.by_trigger():  # Citus: the audit rows from the coordinator
            posting_audit.write([txn.pk for txn in created.values()])
        cooperative_books_changed_mark()
    others = [key for key in by_key if key not in created]
    found = (
        {
            t.idempotency_key: t
            for t in JournalTransaction.objects.filter(idempotency_key__in=others)
        }
        if others
        else {}
    )
    for key, txn in found.items():
        if txn.fingerprint != by_key[key].fingerprint:
            raise _conflict()
    return [
        (created[item.idempotency_key], True)
        if item.idempotency_key in created
        else (found[item.idempotency_key], False)
        for item in prepared
    ]


def _post(**kwargs) -> tuple[JournalTransaction, bool]:
    return _post_prepared([_prepare(**kwargs)])[0]


def transaction_post(
    *,
    date: Date,
    description: str,
    legs: Sequence[Leg],
    idempotency_key: str,
    source_kind: str = "",
    source_id: str = "",
    created_by_id: int | None = None,
) -> JournalTransaction:
    """Post a balanced journal transaction; joins the caller's ``transaction.atomic`` if any.

    The same ``idempotency_key`` with the same content returns the first transaction; with other
    content raises ``Conflict`` (field ``idempotency_key``). Bad input raises ``ValidationError``
    naming the field (``date``, ``description``, ``legs``, ``account``, ``amount``,
    ``member_id``, ``idempotency_key``); nothing is written then.
    """
    require_tenant_schema()
    if source_kind == SOURCE_MANUAL:  # a journal entered by an officer
        refuse_future(date, field="date")
    prepared = _prepare(
        date=date,
        description=description,
        legs=legs,
        idempotency_key=idempotency_key,
        source_kind=source_kind,
        source_id=source_id,
        created_by_id=created_by_id,
    )
    try:
        if not connection.in_atomic_block and posting_audit.by_trigger():
            # On its own, a posting is one statement in its own database transaction (autocommit:
            # no BEGIN/COMMIT round trips; the balance triggers run at the end of the statement).
            # Nothing is written when it is refused, so no savepoint is needed. (On Citus the
            # audit row is a second statement: the posting takes a transaction.)
            return _post_prepared([prepared])[0][0]
        with transaction.atomic():
            return _post_prepared([prepared])[0][0]
    except IntegrityError as exc:
        raise _integrity_to_validation(exc) from exc


def transaction_post_many(*, postings: Sequence[dict]) -> list[JournalTransaction]:
    """Post many transactions at once — a payroll-deduction batch, a month's billing, an
    import — with the semantics of ``transaction_post`` for each (keyword dicts of its
    arguments), all or nothing, in a handful of round trips. Returns them in order."""
    require_tenant_schema()
    if not postings:
        return []
    prepared = []
    for i, posting in enumerate(postings):
        unknown = set(posting) - {
            "date",
            "description",
            "legs",
            "idempotency_key",
            "source_kind",
            "source_id",
            "created_by_id",
        }
        if unknown:
            raise ValidationError({"postings": f"Posting {i + 1}: kolom tidak dikenal {unknown}."})
        prepared.append(_prepare(**posting))
    try:
        with transaction.atomic():
            return [txn for txn, _ in _post_prepared(prepared)]
    except IntegrityError as exc:
        raise _integrity_to_validation(exc) from exc


# The messages of the database checks (migrations/0002_integrity.py) by constraint name.
_REFUSALS = {
    "ledger_period_closed": "periode buku yang sudah ditutup",
    "ledger_txn_balanced": "tidak seimbang",
}


def _integrity_to_validation(exc: IntegrityError) -> Exception:
    """Turn a refusal by the database's ledger checks into a field error."""
    constraint = getattr(getattr(exc.__cause__, "diag", None), "constraint_name", None)
    if constraint is None:  # a Citus worker's refusal carries its message, not the name
        text = str(exc)
        constraint = next((name for name, words in _REFUSALS.items() if words in text), None)
    if constraint == "ledger_period_closed":
        return ValidationError({"date": "Tanggal berada dalam periode buku yang sudah ditutup."})
    if constraint == "ledger_txn_balanced":
        return ValidationError({"legs": "Jurnal tidak seimbang."})
    return exc


# Journals without a module of their own: manual entries and reversals of them, and postings
# with no source (tests, imports of opening balances).
_GENERAL_SOURCES = frozenset({"", SOURCE_MANUAL, SOURCE_REVERSAL})


def module_of(source_kind: str) -> str | None:
    """The module that owns a journal (``loans`` for ``loans.repayment``, ``ledger`` for the
    closing entry), or None for a general journal anyone with the role may reverse."""
    if source_kind in _GENERAL_SOURCES:
        return None
    return source_kind.split(".", 1)[0]


def transaction_reverse(
    *,
    transaction_id: int,
    date: Date,
    description: str = "",
    idempotency_key: str,
    created_by_id: int | None = None,
    module: str | None = None,
) -> JournalTransaction:
    """Post the mirror of a transaction (debits become credits, same member sub-ledgers), link
    both ways and return the reversing transaction. Idempotent like ``transaction_post``.

    A journal posted by a module (a loan repayment, a savings deposit, the year-end closing
    entry …) is refused: the module keeps its own book next to the ledger, so it is corrected
    through that module, which calls this with ``module`` naming itself."""
    require_tenant_schema()
    try:
        with transaction.atomic():
            original = (
                JournalTransaction.objects.select_for_update().filter(pk=transaction_id).first()
            )
            if original is None:
                raise NotFound(
                    f"Transaksi tidak ditemukan: {transaction_id}.", field="transaction_id"
                )
            refuse_future(date, field="date")
            owner = module_of(original.source_kind)
            if owner is not None and owner != module:
                raise ValidationError(
                    {
                        "transaction_id": f"Jurnal ini dibuat oleh modul {owner} "
                        f"({original.source_kind}); koreksi melalui modul {owner}, bukan "
                        f"pembalikan jurnal umum. / This journal belongs to the {owner} "
                        "module; correct it there."
                    }
                )
            legs = [
                Leg(
                    account=leg.account_id,
                    debit=leg.credit,
                    credit=leg.debit,
                    member_id=leg.member_id,
                )
                for leg in original.legs.order_by("id")
            ]
            description = (description or "").strip() or f"Pembalikan: {original.description}"[:255]
            if original.reversed_by_id is not None:
                # Only a retry of the reversal already posted (same key, same content) passes.
                reversal = JournalTransaction.objects.get(pk=original.reversed_by_id)
                if reversal.idempotency_key != idempotency_key:
                    raise Conflict(
                        "Transaksi ini sudah dibalik. / Already reversed.", field="transaction_id"
                    )
            if original.reversal_of_id is not None:
                raise ValidationError(
                    {"transaction_id": "Jurnal pembalik tidak dapat dibalik lagi."}
                )
            if isinstance(date, Date) and not isinstance(date, datetime) and date < original.date:
                raise ValidationError(
                    {"date": "Tanggal pembalikan tidak boleh sebelum tanggal transaksi asal."}
                )
            txn, created = _post(
                date=date,
                description=description,
                legs=legs,
                idempotency_key=idempotency_key,
                source_kind=SOURCE_REVERSAL,
                source_id=str(original.pk),
                created_by_id=created_by_id,
                reversal_of_id=original.pk,
            )
            if created:
                JournalTransaction.objects.filter(pk=original.pk, reversed_by__isnull=True).update(
                    reversed_by=txn
                )
    except IntegrityError as exc:
        raise _integrity_to_validation(exc) from exc
    return txn


# --- Fiscal periods -----------------------------------------------------------------------


@transaction.atomic
def period_close_request(
    *, start_date: Date, end_date: Date, requested_by_id: int, note: str = ""
) -> FiscalPeriod:
    """Maker: ask to close the books for [start_date, end_date]. A second officer confirms."""
    require_tenant_schema()
    if not isinstance(start_date, Date) or isinstance(start_date, datetime):
        raise ValidationError({"start_date": "Tanggal mulai wajib diisi."})
    if not isinstance(end_date, Date) or isinstance(end_date, datetime):
        raise ValidationError({"end_date": "Tanggal akhir wajib diisi."})
    if end_date < start_date:
        raise ValidationError({"end_date": "Tanggal akhir tidak boleh sebelum tanggal mulai."})
    if requested_by_id is None:
        raise ValidationError({"requested_by_id": "Pengaju wajib diisi."})
    require_role(requested_by_id, PERIOD_CLOSE_REQUEST_ROLES, field="requested_by_id")
    refuse_future(end_date, field="end_date")
    overlapping = (
        FiscalPeriod.objects.exclude(status=FiscalPeriod.Status.CANCELLED)
        .filter(start_date__lte=end_date, end_date__gte=start_date)
        .first()
    )
    if overlapping is not None:
        raise ValidationError(
            {
                "start_date": f"Bertumpang tindih dengan periode {overlapping.start_date} – "
                f"{overlapping.end_date} ({overlapping.get_status_display()})."
            }
        )
    period = FiscalPeriod(
        start_date=start_date,
        end_date=end_date,
        requested_by_id=requested_by_id,
        note=(note or "").strip(),
        status=FiscalPeriod.Status.REQUESTED,
    )
    period.full_clean(exclude=["requested_by"])
    period.save()
    return period


def _closing_legs(*, end_date: Date) -> list[Leg]:
    """Year-end closing: move every income and expense balance up to ``end_date`` into SHU
    belum dibagi."""
    from django.db.models import Sum

    totals = (
        JournalLeg.objects.filter(
            date__lte=end_date, account__type__in=[chart.INCOME, chart.EXPENSE]
        )
        .values("account_id")
        .annotate(debit=Sum("debit"), credit=Sum("credit"))
        .order_by("account_id")
    )
    legs: list[Leg] = []
    net = ZERO  # credit-positive surplus
    for row in totals:
        balance = (row["debit"] or ZERO) - (row["credit"] or ZERO)
        if balance > 0:
            legs.append(Leg(account=row["account_id"], credit=balance))
        elif balance < 0:
            legs.append(Leg(account=row["account_id"], debit=-balance))
        net -= balance
    if not legs:
        return []
    if net > 0:
        legs.append(Leg(account=chart.SHU_UNDISTRIBUTED, credit=net))
    elif net < 0:
        legs.append(Leg(account=chart.SHU_UNDISTRIBUTED, debit=-net))
    return legs


def is_year_end(day: Date) -> bool:
    """The last day of the cooperative's fiscal year (by-laws; 31 December by default)."""
    return is_fiscal_year_end(day)


@transaction.atomic
def period_close_confirm(*, period_id: int, confirmed_by_id: int) -> FiscalPeriod:
    """Checker: a second officer (ketua or bendahara, not the one who asked) confirms the close.
    At the fiscal year end (by-laws; 31 December by default) the income and expense balances
    are closed into SHU belum dibagi first, dated on the last day."""
    require_tenant_schema()
    # FOR UPDATE waits for postings into this period that are committing (they share-lock it).
    period = FiscalPeriod.objects.select_for_update().filter(pk=period_id).first()
    if period is None:
        raise NotFound(f"Periode buku tidak ditemukan: {period_id}.", field="period_id")
    if period.status != FiscalPeriod.Status.REQUESTED:
        raise Conflict(
            f"Periode ini sudah {period.get_status_display().lower()}.", field="period_id"
        )
    if confirmed_by_id is None or confirmed_by_id == period.requested_by_id:
        raise ValidationError(
            {
                "confirmed_by_id": "Penutupan harus dikonfirmasi petugas lain, bukan pengajunya. / "
                "A second officer must confirm."
            }
        )
    require_role(confirmed_by_id, PERIOD_CLOSE_CONFIRM_ROLES, field="confirmed_by_id")
    require_other_officer(
        period.requested_by_id, confirmed_by_id, field="confirmed_by_id", what="Tutup buku"
    )
    earlier_open = FiscalPeriod.objects.filter(
        status=FiscalPeriod.Status.REQUESTED, end_date__lt=period.start_date
    ).exists()
    if earlier_open:
        raise ValidationError(
            {"period_id": "Tutup dulu periode sebelumnya yang masih menunggu konfirmasi."}
        )
    if is_year_end(period.end_date):
        # The apps' year-end figures (the loans' allowance) are brought up to date first.
        year_end_closing.send(sender=FiscalPeriod, period=period, confirmed_by_id=confirmed_by_id)
    # Postings made earlier in this same database transaction are checked now, while the
    # period is still open (they are part of what is being closed).
    # Called in a query on the period's own table so that it runs where the rows are (the
    # cooperative's worker on a Citus cluster; see migrations/0004_deferred_checks_here.py).
    with connection.cursor() as cur:
        cur.execute(
            "SELECT ledger_deferred_checks_now() FROM ledger_fiscalperiod WHERE id = %s",
            [period.pk],
        )
    if is_year_end(period.end_date):
        legs = _closing_legs(end_date=period.end_date)
        if legs:
            closing, _ = _post(
                date=period.end_date,
                description=f"Jurnal penutup tahun buku {period.end_date.year}",
                legs=legs,
                idempotency_key=f"ledger:closing:{period.pk}",
                source_kind=SOURCE_CLOSING,
                source_id=str(period.pk),
                created_by_id=confirmed_by_id,
            )
            period.closing_transaction = closing
    period.status = FiscalPeriod.Status.CLOSED
    period.confirmed_by_id = confirmed_by_id
    period.confirmed_at = timezone.now()
    period.full_clean(
        exclude=["requested_by", "confirmed_by", "closing_transaction"], validate_constraints=False
    )
    period.save()
    return period


@transaction.atomic
def period_close_cancel(*, period_id: int, cancelled_by_id: int) -> FiscalPeriod:
    """Withdraw a close request that has not been confirmed."""
    require_tenant_schema()
    require_role(
        cancelled_by_id,
        PERIOD_CLOSE_REQUEST_ROLES | PERIOD_CLOSE_CONFIRM_ROLES,
        field="cancelled_by_id",
    )
    period = FiscalPeriod.objects.select_for_update().filter(pk=period_id).first()
    if period is None:
        raise NotFound(f"Periode buku tidak ditemukan: {period_id}.", field="period_id")
    if period.status != FiscalPeriod.Status.REQUESTED:
        raise Conflict(
            f"Periode ini sudah {period.get_status_display().lower()}.", field="period_id"
        )
    period.status = FiscalPeriod.Status.CANCELLED
    period.save(update_fields=["status"])
    return period
