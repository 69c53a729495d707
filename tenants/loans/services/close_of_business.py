"""The daily close of business: penalties, aging, reminders and the loss allowance."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
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
    LoanSettings,
    PenaltyCharge,
)
from sokoguru.tenants.loans.services._common import (
    ZERO,
    _post,
)
from sokoguru.tenants.loans.services.accrual import loan_jasa_accrue, month_end
from sokoguru.tenants.loans.services.notifications import notify
from sokoguru.tenants.loans.services.penalties import _charge_day, _refresh_aging
from sokoguru.tenants.loans.services.queue import _member_recipient, loan_queue_serve
from sokoguru.tenants.savings.selectors import savings_balances_by_member

# --- daily close of business --------------------------------------------------------------


def _close_loan_day(
    loan: Loan, as_of: date, reminder_days: int, thresholds=None
) -> tuple[LoanDayClose, list, list]:
    instalments = list(loan.instalments.all())
    penalty_total, changed, charges = _charge_day(loan, instalments, as_of)
    _refresh_aging(loan, instalments, as_of, thresholds)
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
    return record, changed, charges


def allowance_by_loan(
    *, loan_settings: LoanSettings, as_of: date | None = None, member_id: int | None = None
) -> dict[int, Decimal]:
    """The allowance (cadangan kerugian piutang) each active loan requires: its outstanding
    principal, less the borrower's savings held where the settings say so (oldest loan first),
    times the rate of its collectibility class, rounded to the rupiah per loan."""
    rates = loan_settings.allowance_rates()
    active = Loan.objects.filter(status=Loan.Status.ACTIVE)
    if member_id is not None:
        active = active.filter(member_id=member_id)
    loans = list(
        active.order_by("member_id", "disbursed_on", "id").values_list(
            "pk", "member_id", "bucket", "outstanding_principal"
        )
    )
    held: dict[int, Decimal] = {}
    if loan_settings.allowance_deducts_savings and loans:
        held = {
            member: row["total"] for member, row in savings_balances_by_member(as_of=as_of).items()
        }
    out: dict[int, Decimal] = {}
    for pk, member, bucket, outstanding in loans:
        cover = min(max(held.get(member, ZERO), ZERO), outstanding)
        if cover:
            held[member] -= cover
        out[pk] = schedule.money(schedule.round_rupiah((outstanding - cover) * rates[bucket]))
    return out


def allowance_required(*, rates: dict[str, Decimal] | None = None) -> Decimal:
    """The total allowance the active loans require (the sum of ``allowance_by_loan``);
    ``rates`` overrides the settings' rates per class."""
    loan_settings = LoanSettings.objects.get_or_create(singleton=True)[0]
    if rates is not None:
        loan_settings.allowance_rates = lambda: rates
    return schedule.money(sum(allowance_by_loan(loan_settings=loan_settings).values(), ZERO))


def loan_allowance_adjust(*, as_of: date, run: CobRun | None = None) -> Decimal:
    """Set each active loan's allowance to what its class requires and post the difference, so
    LOAN_LOSS_ALLOWANCE equals the sum of the loans' allowances. Returns the adjustment posted
    (0 when the books already agree)."""
    require_tenant_schema()
    loan_settings = LoanSettings.objects.get_or_create(singleton=True)[0]
    per_loan = allowance_by_loan(loan_settings=loan_settings, as_of=as_of)
    changed = _changed_allowances(per_loan)
    if changed:
        Loan.objects.bulk_update(changed, ["allowance"])
    required = schedule.money(sum(per_loan.values(), ZERO))
    current = account_balance(account=chart.LOAN_LOSS_ALLOWANCE, as_of=as_of)
    diff = required - current
    if run is not None:
        run.allowance_required = required
    if diff == 0:
        return ZERO
    if run is None:
        run = CobRun.objects.get_or_create(date=as_of)[0]
        run = CobRun.objects.select_for_update().get(pk=run.pk)
        save_run = True
    else:
        save_run = False
    sequence = run.allowance_postings + 1
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
    run.allowance_postings = sequence
    if save_run:
        run.allowance_required = required
        run.save(update_fields=["allowance_postings", "allowance_required"])
    return diff


def _changed_allowances(per_loan: dict[int, Decimal]) -> list[Loan]:
    """Active loans whose stored allowance differs from ``per_loan`` (plus loans no longer
    active that still carry one, set back to 0)."""
    stored = dict(
        Loan.objects.filter(Q(pk__in=per_loan) | ~Q(allowance=0)).values_list("pk", "allowance")
    )
    out = [
        Loan(pk=pk, allowance=amount) for pk, amount in per_loan.items() if stored.get(pk) != amount
    ]
    out += [Loan(pk=pk, allowance=ZERO) for pk in stored if pk not in per_loan and stored[pk]]
    return out


def year_end_allowance(sender, *, period, **kwargs) -> None:
    """The fiscal year end is closed only with a fresh loss allowance (receiver of the
    ledger's ``year_end_closing``): when the close of business ran in the year, the one of the
    year's last day must have run
    (the loans aged as of that day); when it is the latest close of business the allowance is
    recomputed now (payments entered back-dated since are in it) and the difference posted on
    that day, before the closing entry. Refused with nothing written otherwise."""
    end = period.end_date
    if not Loan.objects.filter(disbursed_on__lte=end).exists():
        return
    if not CobRun.objects.filter(date__gte=period.start_date, date__lte=end).exists():
        # The cooperative did not run the daily close of business in this year (books kept
        # without it, or loans entered afterwards): nothing of the loans app to bring up to
        # date.
        return
    run = CobRun.objects.select_for_update().filter(date=end).first()
    if run is None:
        raise ValidationError(
            {
                "period_id": f"Tutup buku harian pinjaman tanggal {end:%d-%m-%Y} belum "
                "dijalankan: cadangan kerugian piutang akhir tahun buku belum dihitung. "
                "/ Run the loans close of business for the fiscal year end first."
            }
        )
    if not CobRun.objects.filter(date__gt=end).exists():
        before = (run.allowance_postings, run.allowance_required)
        loan_allowance_adjust(as_of=end, run=run)
        if before != (run.allowance_postings, run.allowance_required):
            run.save(update_fields=["allowance_postings", "allowance_required"])


@transaction.atomic
def loans_close_of_business(*, as_of: date) -> CobRun:
    """The daily close of business of ``as_of``: penalties on overdue instalments, days past
    due and bucket of every active loan, reminders for instalments due within the settings'
    number of days, on a month end the accrual of the jasa due (``loan_jasa_accrue``), the loss
    allowance, and (in automatic mode) the funding queue.

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
    records, changed, charges, accrued = [], [], [], []
    for loan in loans:
        record, touched, new_charges = _close_loan_day(
            loan, as_of, loan_settings.reminder_days_before, loan_settings.thresholds
        )
        records.append(record)
        changed.extend(touched)
        charges.extend(new_charges)
        if as_of == month_end(as_of):
            accrued.extend(loan_jasa_accrue(loan, list(loan.instalments.all()), as_of))
    if changed:
        Instalment.objects.bulk_update(changed, ["penalty_charged", "penalty_through"])
    if accrued:
        Instalment.objects.bulk_update(accrued, ["jasa_accrued"])
    if loans:
        Loan.objects.bulk_update(loans, ["days_past_due", "bucket"])
        LoanDayClose.objects.bulk_create(records)
        PenaltyCharge.objects.bulk_create(charges)
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
