"""Payroll-deduction batches (the savings half)."""

from __future__ import annotations

import hashlib
import logging
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from typing import NamedTuple

from django.core.exceptions import ValidationError
from django.db import connection, transaction

from sokoguru.platform.accounts.permissions import SystemActor, require_actor
from sokoguru.platform.core.errors import NotFound, SokoguruError, error_list
from sokoguru.platform.core.money import format_rupiah
from sokoguru.platform.core.schema import require_tenant_schema
from sokoguru.tenants.bylaws.calendar import (
    cooperative_today,
    month_label,
    month_start,
    parse_period,
)
from sokoguru.tenants.ledger import chart
from sokoguru.tenants.members.models import Member
from sokoguru.tenants.savings.models import (
    PayrollBatch,
    PayrollRow,
    SavingsAccount,
    SavingsKind,
    SavingsMovement,
)
from sokoguru.tenants.savings.payroll import PayrollImportError, RowError, parse_payroll_file
from sokoguru.tenants.savings.permissions import SAVINGS_POST_ROLES
from sokoguru.tenants.savings.services.arrears import (
    arrears_rules_apply,
)
from sokoguru.tenants.savings.services.posting import (
    FINAL,
    ZERO,
    _check_date,
    _Entry,
    _insert,
    _post_entries,
    deposit_check,
)
from sokoguru.tenants.savings.services.wajib import (
    _allocate_wajib_many,
)

logger = logging.getLogger("sokoguru.savings")


@dataclass
class PayrollImportResult:
    batch: PayrollBatch
    created: bool


class _MemberRef(NamedTuple):
    pk: int
    number: str
    nip: str
    status: str
    joined_on: date
    pokok_paid_on: date | None


@dataclass
class PayrollPlan:
    """A checked payroll file, ready to record (``payroll_batch_record``): its rows resolved to
    members, every row error, and the batch of the same bytes already imported (a retry)."""

    period: date
    filename: str
    received_on: date
    digest: str
    resolved: list[tuple] = field(default_factory=list)  # (ParsedRow, _MemberRef)
    errors: list[RowError] = field(default_factory=list)
    existing: PayrollBatch | None = None


def _resolve_members(identifiers: list[str]) -> dict[str, _MemberRef]:
    """identifier (NIP or member number) → member, in one query (no model instances)."""
    nips = [i for i in identifiers if i.isdigit()]
    numbers = [i.upper() for i in identifiers]
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT m.id, m.number, m.nip, m.status, m.joined_on, a.pokok_paid_on "  # noqa: S608
            f"FROM {Member._meta.db_table} m "
            f"LEFT JOIN {SavingsAccount._meta.db_table} a ON a.member_id = m.id "
            "WHERE m.nip = ANY(%s) OR m.number = ANY(%s)",
            [nips, numbers],
        )
        refs = [_MemberRef(*row) for row in cursor.fetchall()]
    found: dict[str, _MemberRef] = {ref.nip: ref for ref in refs if ref.nip in nips}
    for ref in refs:
        found.setdefault(ref.number, ref)
    return found


# (column of the file, PayrollRow field, what it is)
PAYROLL_KINDS = [
    ("wajib", "wajib", "simpanan wajib"),
    ("angsuran", "loan_instalment", "angsuran pinjaman"),
    ("lainnya", "other", "lainnya (simpanan sukarela)"),
]


def _already_imported(period: date, resolved: list[tuple]) -> list[RowError]:
    """Rows whose (period, member, kind) an earlier batch of the same month already holds,
    whatever the bytes of the file were: each names the batch and row that imported it."""
    member_ids = [member.pk for _row, member in resolved]
    earlier: dict[int, list[PayrollRow]] = defaultdict(list)
    for prior in PayrollRow.objects.filter(
        batch__period=period, member_id__in=member_ids
    ).select_related("batch"):
        earlier[prior.member_id].append(prior)
    errors = []
    label = month_label(period)
    for row, member in resolved:
        for column, name, what in PAYROLL_KINDS:
            if getattr(row, name) <= 0:
                continue
            for prior in earlier.get(member.pk, []):
                if getattr(prior, name) > 0:
                    errors.append(
                        RowError(
                            row.number,
                            column,
                            f"{member.number}: {what} bulan {label} sudah diimpor "
                            f"(berkas {prior.batch.filename}, baris {prior.row_number}, "
                            f"{format_rupiah(getattr(prior, name), cents=None)}). / Already "
                            "imported for this month.",
                        )
                    )
    return errors


def payroll_batch_plan(
    *, period: date | str, filename: str, content: bytes, received_on: date | None = None
) -> PayrollPlan:
    """Check a payroll-deduction file (CSV or XLSX; columns: NIP or nomor anggota, wajib,
    angsuran pinjaman, lainnya) inside the caller's ``transaction.atomic``: every row through
    the savings deposit rules, every error with its row number; rows of members the month
    already holds an import for are refused. Imports of the same month wait for each other."""
    require_tenant_schema()
    period = parse_period(period)
    if not content:
        raise ValidationError({"file": "Berkas kosong. / The file is empty."})
    received_on = received_on or cooperative_today()
    _check_date(received_on, field="received_on")
    if period > month_start(received_on):
        raise ValidationError(
            {"period": "Bulan gaji setelah bulan diterima. / The payroll month is in the future."}
        )
    digest = hashlib.sha256(period.isoformat().encode() + b"\n" + content).hexdigest()
    with connection.cursor() as cursor:
        # Two imports of the same month wait for each other (the second sees the first's rows).
        cursor.execute("SELECT pg_advisory_xact_lock(hashtext(%s))", [f"payroll:{period}"])
    plan = PayrollPlan(
        period=period,
        filename=(filename or "potongan-gaji")[:200],
        received_on=received_on,
        digest=digest,
    )
    plan.existing = PayrollBatch.objects.filter(content_hash=digest).first()
    if plan.existing is not None:
        return plan
    rows = parse_payroll_file(filename=filename, content=content)
    members = _resolve_members([r.identifier for r in rows if r.identifier])
    seen: dict[int, int] = {}
    for row in rows:
        row_errors = list(row.errors)
        member = members.get(row.identifier) or members.get(row.identifier.upper())
        if row.identifier and member is None:
            row_errors.append(
                RowError(row.number, "nip", f"NIP/nomor anggota {row.identifier} tidak dikenal.")
            )
        if member is not None:
            if member.status in FINAL:
                row_errors.append(
                    RowError(row.number, "nip", f"{member.number} sudah keluar dari koperasi.")
                )
            elif member.pk in seen:
                row_errors.append(
                    RowError(
                        row.number,
                        "nip",
                        f"{member.number} sudah ada di baris {seen[member.pk]}.",
                    )
                )
            else:
                seen[member.pk] = row.number
            if member.status not in FINAL:
                for column, kind, amount in (
                    ("wajib", SavingsKind.WAJIB, row.wajib),
                    ("lainnya", SavingsKind.SUKARELA, row.other),
                ):
                    if amount <= 0:
                        continue
                    try:
                        deposit_check(
                            member=member,
                            kind=kind,
                            amount=amount,
                            day=received_on,
                            pokok_paid=member.pokok_paid_on is not None,
                            date_field="received_on",
                        )
                    except (ValidationError, SokoguruError) as exc:
                        row_errors.extend(
                            RowError(row.number, column, err["message"]) for err in error_list(exc)
                        )
        plan.errors.extend(row_errors)
        if not row_errors and member is not None:
            plan.resolved.append((row, member))
    if not rows:
        plan.errors.append(RowError(1, "file", "Berkas tidak berisi baris potongan."))
    plan.errors.extend(_already_imported(period, plan.resolved))
    bad_rows = {error.row for error in plan.errors}
    plan.resolved = [(row, member) for row, member in plan.resolved if row.number not in bad_rows]
    return plan


def payroll_batch_record(*, plan: PayrollPlan, created_by_id: int | SystemActor) -> PayrollBatch:
    """Record a checked file (no errors) as a batch: its rows, the wajib allocated oldest month
    first, one BANK-debit posting of the wajib and "lainnya" (to simpanan sukarela), then the
    arrears rules. Loan instalments are not posted here (``tenants.workflows.payroll``)."""
    created_by_id = require_actor(created_by_id, SAVINGS_POST_ROLES, field="created_by_id")
    if plan.errors or plan.existing is not None:
        raise ValueError("payroll_batch_record takes a new plan without errors")
    period, filename, received_on, digest = (
        plan.period,
        plan.filename,
        plan.received_on,
        plan.digest,
    )
    resolved = plan.resolved
    wajib_total = sum((r.wajib for r, _m in resolved), ZERO)
    loan_total = sum((r.loan_instalment for r, _m in resolved), ZERO)
    other_total = sum((r.other for r, _m in resolved), ZERO)
    batch = PayrollBatch.objects.create(
        period=period,
        received_on=received_on,
        filename=filename,
        content_hash=digest,
        row_count=len(resolved),
        wajib_total=wajib_total,
        loan_total=loan_total,
        other_total=other_total,
        created_by_id=created_by_id,
    )
    _insert(
        PayrollRow,
        ["batch_id", "row_number", "identifier", "member_id", "wajib", "loan_instalment", "other"],
        [
            (batch.pk, r.number, r.identifier, m.pk, r.wajib, r.loan_instalment, r.other)
            for r, m in resolved
        ],
    )
    label = month_label(period)
    # Lock the members' accounts in id order (no deadlock with single postings).
    member_ids = sorted(m.pk for _r, m in resolved)
    SavingsAccount.objects.bulk_create(
        [SavingsAccount(member_id=pk) for pk in member_ids], ignore_conflicts=True
    )
    list(
        SavingsAccount.objects.select_for_update()
        .filter(member_id__in=member_ids)
        .order_by("member_id")
        .values_list("member_id", flat=True)
    )
    _allocate_wajib_many(
        payments=[(member.pk, row.wajib) for row, member in resolved if row.wajib > 0],
        day=received_on,
    )
    entries: list[_Entry] = []
    for row, member in resolved:
        if row.wajib > 0:
            entries.append(
                _Entry(
                    member.pk,
                    SavingsKind.WAJIB,
                    SavingsMovement.Type.DEPOSIT,
                    row.wajib,
                    f"Potongan gaji {label}: simpanan wajib",
                    f"payroll:{batch.pk}:{row.number}:wajib",
                )
            )
        if row.other > 0:
            entries.append(
                _Entry(
                    member.pk,
                    SavingsKind.SUKARELA,
                    SavingsMovement.Type.DEPOSIT,
                    row.other,
                    f"Potongan gaji {label}: lainnya (simpanan sukarela)",
                    f"payroll:{batch.pk}:{row.number}:other",
                )
            )
    if entries:
        txn, _ = _post_entries(
            entries=entries,
            day=received_on,
            description=f"Potongan gaji {label} — {batch.filename}",
            idempotency_key=f"savings:payroll:{digest}",
            source_kind="savings.payroll_batch",
            source_id=str(batch.pk),
            counter_account=chart.BANK,
            created_by_id=created_by_id,
            payroll_batch=batch,
        )
        batch.journal_transaction_id = txn.pk
        batch.save(update_fields=["journal_transaction_id"])
    arrears_rules_apply(as_of=received_on, member_ids=member_ids, created_by_id=created_by_id)
    return batch


def payroll_batch_import(
    *,
    period: date | str,
    filename: str,
    content: bytes,
    received_on: date | None = None,
    created_by_id: int | SystemActor,
) -> PayrollImportResult:
    """Import a payroll file of savings only (no loan instalments: a file with instalments goes
    through ``tenants.workflows.payroll.payroll_batch_import``). All-or-nothing; the same bytes
    for the same month again return the first batch (``created=False``)."""
    actor = created_by_id
    created_by_id = require_actor(created_by_id, SAVINGS_POST_ROLES, field="created_by_id")
    with transaction.atomic():
        plan = payroll_batch_plan(
            period=period, filename=filename, content=content, received_on=received_on
        )
        if plan.existing is not None:
            return PayrollImportResult(batch=plan.existing, created=False)
        errors = plan.errors + [
            RowError(
                row.number,
                "angsuran",
                "Angsuran pinjaman diimpor lewat impor potongan gaji koperasi (dengan pinjaman). "
                "/ Loan instalments are imported with the loans.",
            )
            for row, _member in plan.resolved
            if row.loan_instalment > 0
        ]
        if errors:
            raise PayrollImportError(errors)
        return PayrollImportResult(
            batch=payroll_batch_record(plan=plan, created_by_id=actor), created=True
        )


def payroll_batch_get(*, batch_id: int) -> PayrollBatch:
    require_tenant_schema()
    batch = PayrollBatch.objects.filter(pk=batch_id).first()
    if batch is None:
        raise NotFound("Potongan gaji tidak ditemukan. / Batch not found.", field="batch_id")
    return batch
