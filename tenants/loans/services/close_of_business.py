"""The daily close of business: penalties, aging, reminders and the loss allowance."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

from django.db import transaction
from django.db.models import Sum
from django.utils import timezone

from sokoguru.platform.core.money import format_rupiah
from sokoguru.platform.core.schema import require_tenant_schema
from sokoguru.tenants.ledger import chart
from sokoguru.tenants.ledger.selectors import account_balance
from sokoguru.tenants.ledger.services import Leg
from sokoguru.tenants.loans import schedule
from sokoguru.tenants.loans.models import (
    CobRun,
    Instalment,
    Loan,
    LoanDayClose,
    LoanProduct,
    LoanSettings,
)
from sokoguru.tenants.loans.services._common import (
    ZERO,
    _post,
)
from sokoguru.tenants.loans.services.notifications import notify
from sokoguru.tenants.loans.services.queue import _member_recipient, loan_queue_serve
from sokoguru.tenants.loans.services.repayments import _refresh_aging

# --- daily close of business --------------------------------------------------------------


def _penalty_for(inst: Instalment, product: LoanProduct, as_of: date) -> Decimal:
    """Penalty to charge on one overdue instalment for the days since it was last charged."""
    if product.penalty_method == LoanProduct.PenaltyMethod.NONE or inst.unpaid <= 0:
        return ZERO
    start = inst.due_date + timedelta(days=product.penalty_grace_days)
    if as_of <= start:
        return ZERO
    cap = (
        schedule.floor_rupiah(inst.total * product.penalty_cap_percent / 100)
        if product.penalty_cap_percent > 0
        else None
    )
    one = schedule.floor_rupiah(inst.unpaid * product.penalty_percent / 100) + product.penalty_flat
    if product.penalty_method == LoanProduct.PenaltyMethod.PER_INSTALMENT:
        charge = one if inst.penalty_through is None else ZERO
    else:
        since = max(start, inst.penalty_through) if inst.penalty_through else start
        days = (as_of - since).days
        charge = one * days if days > 0 else ZERO
    if cap is not None:
        charge = max(min(charge, cap - inst.penalty_charged), ZERO)
    return schedule.money(charge)


def _close_loan_day(loan: Loan, as_of: date, reminder_days: int) -> tuple[LoanDayClose, list]:
    instalments = list(loan.instalments.all())
    product = loan.product
    changed = []
    penalty_total = ZERO
    for inst in instalments:
        if inst.due_date >= as_of or inst.unpaid <= 0:
            continue
        charge = _penalty_for(inst, product, as_of)
        if charge > 0:
            inst.penalty_charged += charge
            penalty_total += charge
        if product.penalty_method != LoanProduct.PenaltyMethod.NONE:
            start = inst.due_date + timedelta(days=product.penalty_grace_days)
            if as_of > start:
                inst.penalty_through = as_of
                changed.append(inst)
    _refresh_aging(loan, instalments, as_of)
    reminders = 0
    horizon = as_of + timedelta(days=reminder_days)
    for inst in instalments:
        if as_of < inst.due_date <= horizon and inst.unpaid > 0:
            reminders += notify(
                kind="reminder",
                dedupe_key=f"reminder:{loan.pk}:{inst.number}",
                recipient=_member_recipient(loan.member),
                subject=f"Pengingat angsuran pinjaman {loan.number}",
                body=(
                    f"Yth. {loan.member.full_name}, angsuran ke-{inst.number} pinjaman "
                    f"{loan.number} sebesar {format_rupiah(inst.unpaid + inst.penalty_due)} "
                    f"jatuh tempo pada {inst.due_date:%d-%m-%Y}. Terima kasih."
                ),
                loan=loan,
            )
    record = LoanDayClose(
        loan=loan,
        date=as_of,
        days_past_due=loan.days_past_due,
        bucket=loan.bucket,
        penalty_charged=penalty_total,
        reminders=min(reminders, 32767),
    )
    return record, changed


def allowance_required(*, rates: dict[str, Decimal]) -> Decimal:
    rows = (
        Loan.objects.filter(status=Loan.Status.ACTIVE)
        .values("bucket")
        .annotate(s=Sum("outstanding_principal"))
    )
    total = ZERO
    for row in rows:
        total += schedule.round_rupiah((row["s"] or ZERO) * rates[row["bucket"]])
    return schedule.money(total)


def loan_allowance_adjust(*, as_of: date, run: CobRun | None = None) -> Decimal:
    """Post the difference so LOAN_LOSS_ALLOWANCE equals the allowance the buckets require.
    Returns the adjustment posted (0 when the books already agree)."""
    require_tenant_schema()
    loan_settings = LoanSettings.objects.get_or_create(singleton=True)[0]
    required = allowance_required(rates=loan_settings.allowance_rates())
    current = account_balance(account=chart.LOAN_LOSS_ALLOWANCE, as_of=as_of)
    diff = required - current
    if run is not None:
        run.allowance_required = required
    if diff == 0:
        return ZERO
    sequence = (run.allowance_postings + 1) if run is not None else 1
    if diff > 0:
        legs = [
            Leg(account=chart.LOAN_LOSS_EXPENSE, debit=diff),
            Leg(account=chart.LOAN_LOSS_ALLOWANCE, credit=diff),
        ]
    else:
        legs = [
            Leg(account=chart.LOAN_LOSS_ALLOWANCE, debit=-diff),
            Leg(account=chart.LOAN_LOSS_EXPENSE, credit=-diff),
        ]
    _post(
        date=as_of,
        description=f"Penyesuaian cadangan kerugian piutang {as_of:%d-%m-%Y}",
        legs=legs,
        idempotency_key=f"loans:allowance:{as_of.isoformat()}:{sequence}",
        source_kind="loans.allowance",
        source_id=as_of.isoformat(),
        created_by_id=None,
    )
    if run is not None:
        run.allowance_postings = sequence
    return diff


@transaction.atomic
def loans_close_of_business(*, as_of: date) -> CobRun:
    """The daily close of business of ``as_of``: penalties on overdue instalments, days past
    due and bucket of every active loan, reminders for instalments due within the settings'
    number of days, the loss allowance, and (in automatic mode) the funding queue.

    Idempotent per day and loan: a loan with a close record for ``as_of`` is skipped, so a
    second run on the same day changes nothing."""
    require_tenant_schema()
    CobRun.objects.get_or_create(date=as_of)
    run = CobRun.objects.select_for_update().get(date=as_of)
    loan_settings = LoanSettings.objects.get_or_create(singleton=True)[0]
    done = LoanDayClose.objects.filter(date=as_of).values_list("loan_id", flat=True)
    loans = list(
        Loan.objects.select_for_update(of=("self",))
        .select_related("product", "member")
        .prefetch_related("instalments")
        .filter(status=Loan.Status.ACTIVE, disbursed_on__lte=as_of)
        .exclude(pk__in=done)
        .order_by("id")
    )
    records, changed = [], []
    for loan in loans:
        record, touched = _close_loan_day(loan, as_of, loan_settings.reminder_days_before)
        records.append(record)
        changed.extend(touched)
    if changed:
        Instalment.objects.bulk_update(changed, ["penalty_charged", "penalty_through"])
    if loans:
        Loan.objects.bulk_update(loans, ["days_past_due", "bucket"])
        LoanDayClose.objects.bulk_create(records)
    before = (run.allowance_postings, run.allowance_required)
    loan_allowance_adjust(as_of=as_of, run=run)
    if loans or before != (run.allowance_postings, run.allowance_required):
        run.loans_closed += len(loans)
        run.penalties += sum((r.penalty_charged for r in records), ZERO)
        run.reminders += sum(r.reminders for r in records)
        run.finished_at = timezone.now()
        run.save()
    if loan_settings.queue_serving == LoanSettings.QueueServing.AUTO:
        loan_queue_serve()
    return run
