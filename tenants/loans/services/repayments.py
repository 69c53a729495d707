"""Money received on a loan: instalments, payroll deductions, early payoff, member exit."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q

from sokoguru.platform.accounts.permissions import SYSTEM, require_role
from sokoguru.platform.core.errors import Conflict, NotFound
from sokoguru.platform.core.money import format_rupiah
from sokoguru.platform.core.schema import require_tenant_schema
from sokoguru.tenants.ledger import chart
from sokoguru.tenants.ledger.fiscal import refuse_future
from sokoguru.tenants.ledger.services import Leg, transaction_reverse
from sokoguru.tenants.loans import aging
from sokoguru.tenants.loans.allocation import Due, allocate
from sokoguru.tenants.loans.models import (
    Instalment,
    Loan,
    LoanProduct,
    LoanSettings,
    Repayment,
    RepaymentLine,
)
from sokoguru.tenants.loans.permissions import APPROVER_ROLES, CASHIER_ROLES
from sokoguru.tenants.loans.selectors import (
    payoff_split,
)
from sokoguru.tenants.loans.services._common import (
    ACCOUNTS,
    ZERO,
    _account,
    _loan_locked,
    _loan_locked_with_savings,
    _member_name,
    _money,
    _post,
    _require_status,
    _same_repayment,
)
from sokoguru.tenants.loans.services.accrual import jasa_legs, recognised_on_receipt
from sokoguru.tenants.loans.services.applications import _cancel
from sokoguru.tenants.loans.services.penalties import (
    _refresh_aging,
    _replay_closed_days,
    _rewind_penalties,
    last_close_after,
    loan_allowance_refresh,
)
from sokoguru.tenants.loans.services.queue import schedule_queue_serving
from sokoguru.tenants.loans.services.write_offs import _recover, open_claim
from sokoguru.tenants.savings.services import sukarela_deposit

# --- repayments ---------------------------------------------------------------------------


def _apply_parts(instalments_by_number, parts, lines, on):
    for part in parts:
        inst = instalments_by_number[part.number]
        inst.penalty_paid += part.penalty
        inst.jasa_paid += part.jasa
        inst.principal_paid += part.principal
        line = lines.setdefault(inst.number, RepaymentLine(instalment=inst))
        line.penalty += part.penalty
        line.jasa += part.jasa
        line.principal += part.principal


def loan_repay(
    *,
    loan_id: int,
    amount: Decimal,
    date: date,
    idempotency_key: str,
    received_by_id: int | None,
    account: str = "cash",
    kind: str = Repayment.Kind.COUNTER,
) -> Repayment:
    """Receive a payment on a loan (by a cashier: ``CASHIER_ROLES``); see ``_repay``."""
    require_tenant_schema()
    require_role(received_by_id, CASHIER_ROLES, field="received_by_id")
    refuse_future(date, field="date")
    return _repay(
        loan_id=loan_id,
        amount=amount,
        date=date,
        idempotency_key=idempotency_key,
        received_by_id=received_by_id,
        account=account,
        kind=kind,
    )


@transaction.atomic
def _repay(
    *,
    loan_id: int,
    amount: Decimal,
    date: date,
    idempotency_key: str,
    received_by_id: int | None,
    account: str = "cash",
    kind: str = Repayment.Kind.COUNTER,
    source_kind: str = "loans.repayment",
) -> Repayment:
    """Receive a payment on a loan. The caller checked who receives it (a cashier at the
    counter, the payroll import, the member-exit workflow).

    What is due by ``date`` is paid instalment by instalment, oldest first, penalty → jasa →
    principal. Anything beyond that closes the loan early when it covers the payoff amount
    (later instalments' jasa charged per the product's early-payoff rule), otherwise it goes
    per the product rule: to the member's simpanan sukarela, or ahead to the next instalments.
    What is left after an early payoff goes to simpanan sukarela."""
    require_tenant_schema()
    amount = _money(amount, field="amount", whole=False)
    if not (idempotency_key or "").strip():
        raise ValidationError({"idempotency_key": "Kunci idempotensi wajib diisi."})
    existing = Repayment.objects.filter(idempotency_key=idempotency_key).first()
    if existing is not None:
        return _same_repayment(existing, loan_id=loan_id, amount=amount, on=date, kind=kind)
    ledger_account = _account(account, field="account")
    loan = _loan_locked_with_savings(loan_id)
    _require_status(loan, Loan.Status.ACTIVE)
    if date < loan.disbursed_on:
        raise ValidationError({"date": "Tanggal pembayaran sebelum tanggal pencairan."})
    instalments = list(loan.instalments.select_for_update().order_by("number"))
    by_number = {i.number: i for i in instalments}
    before = {i.number: (i.jasa_accrued, i.jasa_paid) for i in instalments}
    lines: dict[int, RepaymentLine] = {}
    # Back-dated: the close of business already ran for days after the payment date. The
    # penalties it charged since are taken back and the payment is applied as of its date;
    # the closed days are replayed below for what is still unpaid.
    closed_through = last_close_after(loan, date)
    if closed_through is not None:
        if Repayment.objects.filter(loan=loan, reversed_on__isnull=True, date__gt=date).exists():
            raise ValidationError(
                {
                    "date": "Ada pembayaran bertanggal sesudah tanggal ini; batalkan yang "
                    "terakhir lebih dahulu. / A later-dated repayment exists."
                }
            )
        _rewind_penalties(loan, instalments, date)

    due = [
        Due(i.number, i.due_date, i.penalty_due, i.jasa_due, i.principal_due)
        for i in instalments
        if i.due_date <= date and (i.unpaid > 0 or i.penalty_due > 0)
    ]
    parts, left = allocate(amount, due)
    _apply_parts(by_number, parts, lines, date)

    waived = ZERO
    to_savings = ZERO
    if left > 0:
        split = payoff_split(
            instalments=instalments,
            rule=loan.product.early_payoff_jasa,
            on=date,
            disbursed_on=loan.disbursed_on,
        )
        if left >= split["total"]:
            # Early payoff: later instalments' principal, their jasa as the product charges it.
            rest = left - split["total"]
            charged_left = split["jasa_charged"]
            for inst in instalments:
                if inst.due_date <= date:
                    continue
                jasa = min(inst.jasa_due, charged_left)
                charged_left -= jasa
                waive = inst.jasa_due - jasa
                inst.jasa_waived += waive
                waived += waive
                _apply_parts(
                    by_number,
                    [_part(inst.number, jasa=jasa, principal=inst.principal_due)],
                    lines,
                    date,
                )
                lines[inst.number].jasa_waived += waive
            to_savings = rest
        elif loan.product.excess_to == LoanProduct.ExcessTo.PREPAY:
            future = [
                Due(i.number, i.due_date, ZERO, i.jasa_due, i.principal_due)
                for i in instalments
                if i.due_date > date and i.unpaid > 0
            ]
            parts, left = allocate(left, future)
            _apply_parts(by_number, parts, lines, date)
            to_savings = left
        else:
            to_savings = left

    # Accrual: the jasa received settles piutang jasa, is recognised now (due by the end of
    # this month, or the loan closes) or waits as received in advance (services/accrual.py).
    closes = all(i.unpaid == 0 and i.penalty_due == 0 for i in instalments)
    jasa_changes = []
    for inst in instalments:
        accrued = recognised_on_receipt(inst, on=date, closes=closes)
        if (accrued, inst.jasa_paid) != before[inst.number]:
            jasa_changes.append((*before[inst.number], accrued, inst.jasa_paid))
            line = lines.setdefault(inst.number, RepaymentLine(instalment=inst))
            line.jasa_accrued = accrued - inst.jasa_accrued
            inst.jasa_accrued = accrued
    penalty = sum((line.penalty for line in lines.values()), ZERO)
    jasa = sum((line.jasa for line in lines.values()), ZERO)
    principal = sum((line.principal for line in lines.values()), ZERO)
    repayment = Repayment(
        loan=loan,
        kind=kind,
        date=date,
        amount=amount,
        penalty=penalty,
        jasa=jasa,
        principal=principal,
        to_savings=to_savings,
        jasa_waived=waived,
        account=account,
        idempotency_key=idempotency_key,
        created_by_id=received_by_id,
    )
    repayment.full_clean()
    repayment.save()
    received = penalty + jasa + principal
    # The savings deposit of an excess books its cash side to CASH; money that came in through
    # the bank moves that part from the bank to the cash column in the same posting.
    moved = to_savings if ledger_account != chart.CASH else ZERO
    if received > 0 or moved > 0:
        txn = _post(
            date=date,
            description=f"Angsuran pinjaman {loan.number} — {_member_name(loan)}",
            legs=[
                Leg(account=ledger_account, debit=received + moved),
                Leg(account=chart.CASH, credit=moved),
                Leg(account=chart.PENALTY_INCOME, credit=penalty),
                *jasa_legs(jasa_changes),
                Leg(account=chart.LOANS_RECEIVABLE, credit=principal, member_id=loan.member_id),
            ],
            idempotency_key=f"loans:repayment:{idempotency_key}",
            source_kind=source_kind,
            source_id=str(repayment.pk),
            created_by_id=received_by_id,
        )
        repayment.transaction_id = txn.pk
        repayment.save(update_fields=["transaction_id"])
    if to_savings > 0:
        sukarela_deposit(
            member_id=loan.member_id,
            amount=to_savings,
            date=date,
            idempotency_key=f"loans:excess:{idempotency_key}",
            description=f"Kelebihan pembayaran pinjaman {loan.number}",
            # The officer who received it; the platform itself for background receipts
            # (payroll import, member exit run as SYSTEM).
            created_by_id=received_by_id if received_by_id is not None else SYSTEM,
        )
    for line in lines.values():
        line.repayment = repayment
    RepaymentLine.objects.bulk_create(lines.values())
    for inst in instalments:
        if inst.paid_on is None and inst.unpaid == 0 and inst.penalty_due == 0:
            inst.paid_on = date
    if closed_through is not None:
        _replay_closed_days(loan, instalments, date)
    Instalment.objects.bulk_update(
        instalments,
        [
            "principal_paid",
            "jasa_paid",
            "jasa_waived",
            "jasa_accrued",
            "penalty_paid",
            "paid_on",
            "penalty_charged",
            "penalty_through",
        ],
    )
    loan.outstanding_principal -= principal
    _refresh_aging(loan, instalments, closed_through or date)
    if all(i.unpaid == 0 and i.penalty_due == 0 for i in instalments):
        loan.status = Loan.Status.PAID_OFF
        loan.closed_on = date
        loan.days_past_due = 0
        loan.bucket = aging.LANCAR
    if closed_through is not None:
        # The class the replay gives, with the allowance it requires (as of the last close).
        loan.save(update_fields=["status", "outstanding_principal", "days_past_due", "bucket"])
        loan_allowance_refresh(
            loan=loan,
            as_of=closed_through,
            idempotency_key=f"loans:allowance:repayment:{idempotency_key}",
        )
    loan.full_clean()
    loan.save()
    schedule_queue_serving()
    return repayment


def _part(number, *, jasa=ZERO, principal=ZERO):
    from sokoguru.tenants.loans.allocation import Part

    return Part(number=number, penalty=ZERO, jasa=jasa, principal=principal)


def loan_repay_from_payroll(
    *,
    member_id: int,
    amount: Decimal,
    date: date,
    idempotency_key: str,
    created_by_id: int | None = None,
) -> Repayment:
    """A payroll-deducted instalment (from the savings payroll import): applied to the
    member's oldest active loan into the account named by the loan settings (bank by
    default)."""
    require_tenant_schema()
    existing = Repayment.objects.filter(idempotency_key=idempotency_key).first()
    if existing is not None:
        return _same_repayment(
            existing,
            loan_id=existing.loan_id,
            amount=_money(amount, field="amount", whole=False),
            on=date,
            kind=Repayment.Kind.PAYROLL,
        )
    loan = (
        Loan.objects.filter(member_id=member_id, status=Loan.Status.ACTIVE)
        .order_by("disbursed_on", "id")
        .first()
    )
    if loan is None:
        raise ValidationError(
            {
                "member_id": (
                    "Anggota ini tidak memiliki pinjaman berjalan untuk angsuran potong gaji. "
                    "/ The member has no active loan."
                )
            }
        )
    loan_settings = LoanSettings.objects.get_or_create(singleton=True)[0]
    return _repay(
        loan_id=loan.pk,
        amount=amount,
        date=date,
        idempotency_key=idempotency_key,
        received_by_id=created_by_id,
        account=loan_settings.payroll_account,
        kind=Repayment.Kind.PAYROLL,
    )


@transaction.atomic
def loans_member_exit_settle(
    *,
    member_id: int,
    date: date,
    limit: Decimal,
    paid_from: str,
    idempotency_key: str,
    created_by_id: int | None = None,
    details: bool = False,
) -> Decimal | ExitLoanSettlement:
    """A member leaves (called by the member-exit settlement): every active loan of the member
    is paid off on ``date`` at its payoff quote (what is due, the remaining principal and the
    jasa the product's early-payoff rule charges), received into ``paid_from`` (the ledger
    account the savings are refunded from, so the offset moves no money), and the member's open
    applications are cancelled. Refused, with nothing written, when the payoffs exceed
    ``limit`` (the member's savings).

    Written off is not forgiven (hapus buku ≠ hapus tagih): what is still claimable on the
    member's written-off loans is then recovered from the savings left (recovery income,
    received into ``paid_from`` like the payoffs).

    Returns the total taken from the savings (payoffs + recovery); with ``details`` the
    ``ExitLoanSettlement`` that shows both."""
    require_tenant_schema()
    account = {ledger: name for name, ledger in ACCOUNTS.items()}.get(paid_from)
    if account is None:
        raise ValidationError({"paid_from": "Dibayar dari kas atau bank. / Cash or bank."})
    loans = list(
        Loan.objects.select_for_update(of=("self",))
        .select_related("product")
        .filter(member_id=member_id, status=Loan.Status.ACTIVE)
        .order_by("disbursed_on", "id")
    )
    quotes = [
        (
            loan,
            payoff_split(
                instalments=list(loan.instalments.all()),
                rule=loan.product.early_payoff_jasa,
                on=date,
                disbursed_on=loan.disbursed_on,
            )["total"],
        )
        for loan in loans
    ]
    total = sum((quote for _loan, quote in quotes), ZERO)
    if total > limit:
        numbers = ", ".join(loan.number for loan, _quote in quotes)
        raise ValidationError(
            {
                "member_id": f"Pelunasan pinjaman {format_rupiah(total)} melebihi simpanan "
                f"{format_rupiah(limit)} ({numbers}); lunasi selisihnya dahulu. "
                "/ The loan payoff exceeds the savings."
            }
        )
    for loan, quote in quotes:
        if quote > 0:
            _repay(
                loan_id=loan.pk,
                amount=quote,
                date=date,
                idempotency_key=f"{idempotency_key}:{loan.pk}",
                received_by_id=created_by_id,
                account=account,
                kind=Repayment.Kind.PAYOFF,
                # Paid out of the savings: no money moves (left out of the cash flow).
                source_kind="loans.exit_offset",
            )
    available = limit - total
    recovered = ZERO
    lines = [(loan.number, "payoff", quote) for loan, quote in quotes if quote > 0]
    written_off = (
        Loan.objects.select_for_update(of=("self",))
        .filter(member_id=member_id, status=Loan.Status.WRITTEN_OFF)
        .order_by("closed_on", "id")
    )
    for loan in written_off:
        take = min(open_claim(loan), available)
        if take <= 0:
            continue
        _recover(
            loan=loan,
            amount=take,
            date=date,
            idempotency_key=f"{idempotency_key}:recovery:{loan.pk}",
            received_by_id=created_by_id,
            account=account,
            description=f"Pemulihan dari simpanan anggota keluar {loan.number}",
            source_kind="loans.exit_recovery_offset",
        )
        available -= take
        recovered += take
        lines.append((loan.number, "recovery", take))
    for loan in Loan.objects.select_for_update(of=("self",)).filter(
        member_id=member_id, status__in=Loan.APPLICATION_STATUSES
    ):
        _cancel(loan, reason="Anggota keluar dari koperasi.")
    if details:
        return ExitLoanSettlement(paid_off=total, recovered=recovered, lines=tuple(lines))
    return total + recovered


@dataclass(frozen=True)
class ExitLoanSettlement:
    """What a member's exit took from the savings for the loans: ``paid_off`` on active loans,
    ``recovered`` on written-off ones (recovery income); ``lines`` per loan as
    (number, "payoff" | "recovery", amount)."""

    paid_off: Decimal
    recovered: Decimal
    lines: tuple = ()

    @property
    def total(self) -> Decimal:
        return self.paid_off + self.recovered


@transaction.atomic
def loan_pay_off(
    *,
    loan_id: int,
    amount: Decimal,
    date: date,
    idempotency_key: str,
    received_by_id: int | None,
    account: str = "cash",
) -> Repayment:
    """Close a loan early. ``amount`` must cover the payoff quote (what is due, the remaining
    principal and the jasa the product's early-payoff rule charges); the rest goes to the
    member's simpanan sukarela."""
    require_tenant_schema()
    require_role(received_by_id, CASHIER_ROLES, field="received_by_id")
    refuse_future(date, field="date")
    amount = _money(amount, field="amount", whole=False)
    existing = Repayment.objects.filter(idempotency_key=idempotency_key).first()
    if existing is not None:
        return _same_repayment(
            existing, loan_id=loan_id, amount=amount, on=date, kind=Repayment.Kind.PAYOFF
        )
    loan = _loan_locked_with_savings(loan_id)
    _require_status(loan, Loan.Status.ACTIVE)
    quote = payoff_split(
        instalments=list(loan.instalments.all()),
        rule=loan.product.early_payoff_jasa,
        on=date,
        disbursed_on=loan.disbursed_on,
    )
    if amount < quote["total"]:
        raise ValidationError(
            {
                "amount": f"Pelunasan pada {date:%d-%m-%Y} membutuhkan "
                f"{format_rupiah(quote['total'])}."
            }
        )
    return _repay(
        loan_id=loan_id,
        amount=amount,
        date=date,
        idempotency_key=idempotency_key,
        received_by_id=received_by_id,
        account=account,
        kind=Repayment.Kind.PAYOFF,
    )


@transaction.atomic
def loan_repayment_reverse(
    *, repayment_id: int, reversed_by_id: int | None, date: date, reason: str
) -> Repayment:
    """Undo a repayment entered by mistake: the loan book (what each instalment had paid, the
    jasa an early payoff waived, the outstanding principal, the status) and the ledger (the
    mirror of the repayment journal) are restored together. Only the loan's latest repayment
    still standing can be reversed; an excess already paid into simpanan sukarela is corrected
    in savings first."""
    require_tenant_schema()
    require_role(reversed_by_id, APPROVER_ROLES, field="reversed_by_id")
    refuse_future(date, field="date")
    if not (reason or "").strip():
        raise ValidationError({"reason": "Alasan pembatalan pembayaran wajib diisi."})
    repayment = (
        Repayment.objects.select_for_update().filter(pk=repayment_id).select_related("loan").first()
    )
    if repayment is None:
        raise NotFound("Pembayaran tidak ditemukan.", field="repayment_id")
    if repayment.reversed_on is not None:
        raise Conflict("Pembayaran ini sudah dibatalkan.", field="repayment_id")
    if repayment.kind == Repayment.Kind.RECOVERY:
        raise ValidationError(
            {"repayment_id": "Pemulihan setelah hapus buku tidak dibatalkan di sini."}
        )
    if repayment.to_savings > 0:
        raise ValidationError(
            {
                "repayment_id": f"Kelebihan {format_rupiah(repayment.to_savings)} sudah masuk "
                "simpanan sukarela; koreksi simpanan lebih dahulu. / The excess went to savings."
            }
        )
    if date < repayment.date:
        raise ValidationError({"date": "Tanggal pembatalan sebelum tanggal pembayaran."})
    loan = _loan_locked(repayment.loan_id)
    later = (
        Repayment.objects.filter(loan_id=loan.pk, reversed_on__isnull=True)
        .exclude(pk=repayment.pk)
        .filter(Q(date__gt=repayment.date) | Q(date=repayment.date, pk__gt=repayment.pk))
        .exists()
    )
    if later:
        raise ValidationError(
            {
                "repayment_id": "Ada pembayaran sesudahnya; batalkan yang terakhir lebih dahulu. "
                "/ Reverse the latest repayment first."
            }
        )
    instalments = {i.pk: i for i in loan.instalments.select_for_update().order_by("number")}
    for line in repayment.lines.all():
        inst = instalments[line.instalment_id]
        inst.penalty_paid -= line.penalty
        inst.jasa_paid -= line.jasa
        inst.principal_paid -= line.principal
        inst.jasa_waived -= line.jasa_waived
        inst.jasa_accrued -= line.jasa_accrued
        if inst.unpaid > 0 or inst.penalty_due > 0:
            inst.paid_on = None
    Instalment.objects.bulk_update(
        instalments.values(),
        ["principal_paid", "jasa_paid", "jasa_waived", "jasa_accrued", "penalty_paid", "paid_on"],
    )
    if repayment.transaction_id is not None:
        txn = transaction_reverse(
            transaction_id=repayment.transaction_id,
            date=date,
            description=f"Pembatalan angsuran pinjaman {loan.number}: {reason.strip()}"[:255],
            idempotency_key=f"loans:repayment-reverse:{repayment.pk}",
            created_by_id=reversed_by_id,
            module="loans",
        )
        repayment.reversal_transaction_id = txn.pk
    repayment.reversed_on = date
    repayment.reversed_by_id = reversed_by_id
    repayment.reversal_reason = reason.strip()[:255]
    repayment.save(
        update_fields=[
            "reversed_on",
            "reversed_by_id",
            "reversal_reason",
            "reversal_transaction_id",
        ]
    )
    loan.outstanding_principal += repayment.principal
    if loan.status == Loan.Status.PAID_OFF:
        loan.status = Loan.Status.ACTIVE
        loan.closed_on = None
    _refresh_aging(loan, list(instalments.values()), date)
    loan.full_clean()
    loan.save()
    return repayment
