"""Penalties (denda) and aging as of a date: the daily charge, taking back what the close of
business charged after a back-dated payment's date, and waivers (maker-checker).

A payment is dated when the member paid, which may be days before the cashier enters it. The
close of business of the days in between charged penalties and aged the loan as if nothing had
been paid; a payment dated before the loan's last close of business therefore takes back the
penalties charged after its date (``PenaltyCharge`` rows), is applied as of its date, and the
closed days after it are replayed for what is still unpaid — the loan's class, days past due
and allowance end up as if the payment had been entered on time."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Sum

from sokoguru.platform.accounts.permissions import require_other_officer, require_role
from sokoguru.platform.core.errors import Conflict, NotFound
from sokoguru.platform.core.money import format_rupiah
from sokoguru.platform.core.schema import require_tenant_schema
from sokoguru.tenants.ledger import chart
from sokoguru.tenants.ledger.fiscal import refuse_future
from sokoguru.tenants.ledger.services import Leg
from sokoguru.tenants.loans import aging, schedule
from sokoguru.tenants.loans.models import (
    CobRun,
    Instalment,
    Loan,
    LoanDayClose,
    LoanProduct,
    LoanSettings,
    PenaltyCharge,
    PenaltyWaiver,
)
from sokoguru.tenants.loans.permissions import APPROVER_ROLES, CASHIER_ROLES
from sokoguru.tenants.loans.selectors import cooperative_today
from sokoguru.tenants.loans.services._common import ZERO, _loan_locked, _money, _post

# --- the daily charge ---------------------------------------------------------------------


def _refresh_aging(
    loan: Loan,
    instalments: list[Instalment],
    on: date,
    thresholds: aging.BucketThresholds | None = None,
) -> None:
    """Days past due and collectibility class on ``on`` (class thresholds from the loan
    settings)."""
    if thresholds is None:
        thresholds = LoanSettings.objects.get_or_create(singleton=True)[0].thresholds
    oldest = min((i.due_date for i in instalments if i.unpaid > 0), default=None)
    loan.days_past_due = aging.days_past_due(as_of=on, oldest_unpaid_due_date=oldest)
    loan.bucket = aging.bucket_for(loan.days_past_due, thresholds)


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


def _charge_day(
    loan: Loan, instalments: list[Instalment], as_of: date
) -> tuple[Decimal, list[Instalment], list[PenaltyCharge]]:
    """Charge the penalties of ``as_of`` on the loan's overdue instalments (in memory):
    returns the total, the instalments changed and the charge rows to save."""
    product = loan.product
    changed, charges = [], []
    total = ZERO
    for inst in instalments:
        if inst.due_date >= as_of or inst.unpaid <= 0:
            continue
        charge = _penalty_for(inst, product, as_of)
        if charge > 0:
            inst.penalty_charged += charge
            total += charge
            charges.append(PenaltyCharge(instalment=inst, date=as_of, amount=charge))
        if product.penalty_method != LoanProduct.PenaltyMethod.NONE:
            start = inst.due_date + timedelta(days=product.penalty_grace_days)
            if as_of > start:
                inst.penalty_through = as_of
                changed.append(inst)
    return total, changed, charges


# --- back-dated payments ------------------------------------------------------------------


def last_close_after(loan: Loan, on: date) -> date | None:
    """The loan's latest close of business after ``on`` (None when none ran since)."""
    return (
        LoanDayClose.objects.filter(loan=loan, date__gt=on)
        .order_by("-date")
        .values_list("date", flat=True)
        .first()
    )


def _rewind_penalties(loan: Loan, instalments: list[Instalment], on: date) -> Decimal:
    """Take back the penalties charged after ``on`` (never below what was already paid or
    waived) and set each instalment's penalty clock back to ``on``. Returns what was taken
    back."""
    by_pk = {i.pk: i for i in instalments}
    later = PenaltyCharge.objects.filter(instalment__loan=loan, date__gt=on)
    taken = dict(
        later.values("instalment_id").annotate(s=Sum("amount")).values_list("instalment_id", "s")
    )
    total = ZERO
    for pk, amount in taken.items():
        inst = by_pk[pk]
        back = min(amount, inst.penalty_due)
        inst.penalty_charged -= back
        total += back
    later.delete()
    grace = loan.product.penalty_grace_days
    for inst in instalments:
        if inst.penalty_through is not None and inst.penalty_through > on:
            start = inst.due_date + timedelta(days=grace)
            inst.penalty_through = on if on > start else None
    return total


def _replay_closed_days(loan: Loan, instalments: list[Instalment], after: date) -> None:
    """Run the penalty and aging part of the close of business again for the loan's closed
    days after ``after`` (what is still unpaid after a back-dated payment), correcting each
    day's record and run total."""
    thresholds = LoanSettings.objects.get_or_create(singleton=True)[0].thresholds
    days = list(LoanDayClose.objects.filter(loan=loan, date__gt=after).order_by("date"))
    charges: list[PenaltyCharge] = []
    for record in days:
        total, _changed, new = _charge_day(loan, instalments, record.date)
        charges.extend(new)
        _refresh_aging(loan, instalments, record.date, thresholds)
        difference = total - record.penalty_charged
        record.penalty_charged = total
        record.days_past_due = loan.days_past_due
        record.bucket = loan.bucket
        if difference:
            run = CobRun.objects.filter(date=record.date).first()
            if run is not None:
                CobRun.objects.filter(pk=run.pk).update(
                    penalties=max(run.penalties + difference, ZERO)
                )
    if days:
        LoanDayClose.objects.bulk_update(days, ["penalty_charged", "days_past_due", "bucket"])
    PenaltyCharge.objects.bulk_create(charges)


def loan_allowance_refresh(*, loan: Loan, as_of: date, idempotency_key: str) -> Decimal:
    """Bring one loan's allowance to what its class requires now and post the difference
    (LOAN_LOSS_EXPENSE ↔ LOAN_LOSS_ALLOWANCE), so the allowance account stays the sum of the
    loans' allowances. Returns the adjustment."""
    from sokoguru.tenants.loans.services.close_of_business import allowance_by_loan

    loan_settings = LoanSettings.objects.get_or_create(singleton=True)[0]
    required = allowance_by_loan(
        loan_settings=loan_settings, as_of=as_of, member_id=loan.member_id
    ).get(loan.pk, ZERO)
    diff = required - loan.allowance
    if diff == 0:
        return ZERO
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
        description=f"Penyesuaian cadangan kerugian piutang {loan.number}",
        legs=legs,
        idempotency_key=idempotency_key,
        source_kind="loans.allowance",
        source_id=str(loan.pk),
        created_by_id=None,
    )
    loan.allowance = required
    return diff


# --- waivers (maker-checker) --------------------------------------------------------------


def loan_penalty_due(loan: Loan) -> Decimal:
    total = ZERO
    for inst in loan.instalments.all():
        total += inst.penalty_due
    return total


@transaction.atomic
def penalty_waiver_request(
    *,
    loan_id: int,
    amount: Decimal,
    reason: str,
    requested_by_id: int | None,
    on: date | None = None,
) -> PenaltyWaiver:
    """An officer asks to waive ``amount`` of the penalties still due on a loan; a second
    officer approves (``penalty_waiver_approve``)."""
    require_tenant_schema()
    require_role(requested_by_id, CASHIER_ROLES | APPROVER_ROLES, field="requested_by_id")
    refuse_future(on, field="on")
    amount = _money(amount, field="amount", whole=False)
    if not (reason or "").strip():
        raise ValidationError({"reason": "Alasan pembebasan denda wajib diisi."})
    loan = _loan_locked(loan_id)
    if loan.status != Loan.Status.ACTIVE:
        raise Conflict("Denda hanya dapat dibebaskan pada pinjaman berjalan.", field="loan_id")
    due = loan_penalty_due(loan)
    if amount > due:
        raise ValidationError(
            {"amount": f"Melebihi denda yang belum dibayar ({format_rupiah(due)})."}
        )
    if PenaltyWaiver.objects.filter(loan=loan, status=PenaltyWaiver.Status.REQUESTED).exists():
        raise Conflict("Masih ada pengajuan pembebasan denda untuk pinjaman ini.", field="loan_id")
    waiver = PenaltyWaiver(
        loan=loan,
        amount=amount,
        reason=reason.strip()[:255],
        requested_on=on or cooperative_today(),
        requested_by_id=requested_by_id,
    )
    waiver.full_clean()
    waiver.save()
    return waiver


def _waiver_locked(waiver_id: int) -> PenaltyWaiver:
    waiver = PenaltyWaiver.objects.select_for_update().filter(pk=waiver_id).first()
    if waiver is None:
        raise NotFound("Pengajuan pembebasan denda tidak ditemukan.", field="waiver_id")
    if waiver.status != PenaltyWaiver.Status.REQUESTED:
        raise Conflict(
            f"Pengajuan ini sudah {waiver.get_status_display().lower()}.", field="waiver_id"
        )
    return waiver


@transaction.atomic
def penalty_waiver_approve(
    *, waiver_id: int, approved_by_id: int | None, on: date | None = None
) -> PenaltyWaiver:
    """A second officer (ketua or bendahara, not the one who asked) approves a waiver: the
    penalties still due are lowered by its amount, oldest instalment first. Penalties are
    income when received, so nothing is posted."""
    require_tenant_schema()
    require_role(approved_by_id, APPROVER_ROLES, field="approved_by_id")
    refuse_future(on, field="on")
    on = on or cooperative_today()
    # Lock order: the loan before the waiver (as every loan service locks the loan first).
    loan_id = PenaltyWaiver.objects.filter(pk=waiver_id).values_list("loan_id", flat=True).first()
    if loan_id is None:
        raise NotFound("Pengajuan pembebasan denda tidak ditemukan.", field="waiver_id")
    loan = _loan_locked(loan_id)
    waiver = _waiver_locked(waiver_id)
    require_other_officer(
        waiver.requested_by_id, approved_by_id, field="approved_by_id", what="Pembebasan denda"
    )
    if on < waiver.requested_on:
        raise ValidationError({"on": "Tanggal persetujuan sebelum tanggal pengajuan."})
    instalments = list(loan.instalments.select_for_update().order_by("number"))
    due = sum((i.penalty_due for i in instalments), ZERO)
    if waiver.amount > due:
        raise ValidationError(
            {"waiver_id": f"Denda yang belum dibayar tinggal {format_rupiah(due)}."}
        )
    left = waiver.amount
    for inst in instalments:
        take = min(inst.penalty_due, left)
        inst.penalty_waived += take
        left -= take
        if inst.paid_on is None and inst.unpaid == 0 and inst.penalty_due == 0:
            inst.paid_on = on
    Instalment.objects.bulk_update(instalments, ["penalty_waived", "paid_on"])
    if all(i.unpaid == 0 and i.penalty_due == 0 for i in instalments):
        loan.status = Loan.Status.PAID_OFF
        loan.closed_on = on
        loan.full_clean()
        loan.save()
    waiver.status = PenaltyWaiver.Status.APPROVED
    waiver.decided_by_id = approved_by_id
    waiver.decided_on = on
    waiver.save(update_fields=["status", "decided_by_id", "decided_on"])
    return waiver


@transaction.atomic
def penalty_waiver_reject(*, waiver_id: int, rejected_by_id: int | None) -> PenaltyWaiver:
    require_tenant_schema()
    require_role(rejected_by_id, APPROVER_ROLES, field="rejected_by_id")
    waiver = _waiver_locked(waiver_id)
    waiver.status = PenaltyWaiver.Status.REJECTED
    waiver.decided_by_id = rejected_by_id
    waiver.decided_on = cooperative_today()
    waiver.save(update_fields=["status", "decided_by_id", "decided_on"])
    return waiver
