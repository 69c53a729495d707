"""Payroll-deduction import across savings and loans: the savings rows (wajib, "lainnya" to
sukarela) and each row's loan instalment, all or nothing in one database transaction."""

from __future__ import annotations

from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction

from sokoguru.platform.accounts.permissions import SystemActor, require_actor
from sokoguru.platform.core.errors import SokoguruError, error_list
from sokoguru.tenants.loans.services import loan_repay_from_payroll
from sokoguru.tenants.savings.payroll import PayrollImportError, RowError
from sokoguru.tenants.savings.permissions import SAVINGS_POST_ROLES
from sokoguru.tenants.savings.services import (
    PayrollImportResult,
    PayrollPlan,
    payroll_batch_plan,
    payroll_batch_record,
)


def payroll_batch_import(
    *,
    period: date | str,
    filename: str,
    content: bytes,
    received_on: date | None = None,
    created_by_id: int | SystemActor,
) -> PayrollImportResult:
    """Import an office treasurer's payroll-deduction file (CSV or XLSX; columns: NIP or
    nomor anggota, wajib, angsuran pinjaman, lainnya). Every row is checked first and all
    errors are reported with their row numbers (``PayrollImportError``), the loans app's
    instalment errors included; if any row is bad nothing is posted. The same bytes for the
    same month again return the first batch (``created=False``); other bytes holding a
    (month, member, kind) already imported are refused, naming the rows.

    Postings: wajib and "lainnya" in one BANK-debit transaction (savings), then each loan
    instalment through ``loan_repay_from_payroll`` (loans)."""
    actor = created_by_id
    created_by_id = require_actor(created_by_id, SAVINGS_POST_ROLES, field="created_by_id")
    with transaction.atomic():
        plan = payroll_batch_plan(
            period=period, filename=filename, content=content, received_on=received_on
        )
        if plan.existing is not None:
            return PayrollImportResult(batch=plan.existing, created=False)
        if plan.errors:
            # The file is refused anyway: let the loans app check the good rows' instalments
            # too (its postings roll back with the refusal), so every error is reported at once.
            raise PayrollImportError(
                plan.errors
                + _loan_instalments(
                    plan=plan,
                    key_prefix=f"savings:payroll:check:{plan.digest}",
                    created_by_id=created_by_id,
                )
            )
        batch = payroll_batch_record(plan=plan, created_by_id=actor)
        loan_errors = _loan_instalments(
            plan=plan, key_prefix=f"savings:payroll:{batch.pk}", created_by_id=created_by_id
        )
        if loan_errors:
            raise PayrollImportError(loan_errors)
        return PayrollImportResult(batch=batch, created=True)


def _loan_instalments(
    *, plan: PayrollPlan, key_prefix: str, created_by_id: int | None
) -> list[RowError]:
    """Each row's loan instalment through the loans app's repayment; the errors, by row. The
    caller refuses the whole file (rolling these postings back) when any row is bad."""
    errors: list[RowError] = []
    for row, member in plan.resolved:
        if row.loan_instalment <= 0:
            continue
        try:
            with transaction.atomic():
                loan_repay_from_payroll(
                    member_id=member.pk,
                    amount=row.loan_instalment,
                    date=plan.received_on,
                    idempotency_key=f"{key_prefix}:{row.number}:loan",
                    created_by_id=created_by_id,
                )
        except (ValidationError, SokoguruError) as exc:
            errors.extend(
                RowError(row.number, "angsuran", err["message"]) for err in error_list(exc)
            )
    return errors
