"""Writes of the loan book. Every money movement is a ledger posting made in the same
transaction as the loan rows it explains:

==========================  =====================================================================
disbursement                Dr LOANS_RECEIVABLE (member) / Cr CASH or BANK, Cr LOAN_ADMIN_FEE_INCOME
repayment                   Dr CASH or BANK / Cr PENALTY_INCOME, LOAN_SERVICE_INCOME,
                            LOANS_RECEIVABLE (member); an excess goes to simpanan sukarela
loss allowance (daily)      Dr LOAN_LOSS_EXPENSE / Cr LOAN_LOSS_ALLOWANCE (or back)
write-off                   Dr LOAN_LOSS_ALLOWANCE (+ LOAN_LOSS_EXPENSE for a shortfall) /
                            Cr LOANS_RECEIVABLE (member)
recovery after write-off    Dr CASH or BANK / Cr RECOVERY_INCOME
==========================  =====================================================================

Jasa and penalties are income when received (cash basis); the schedule and the penalties
charged by the daily close of business are kept on the instalments.
"""

from __future__ import annotations

import logging
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from functools import partial

from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.db.models import Sum
from django.utils import timezone

from sokoguru.platform.accounts.permissions import require_other_officer, require_role
from sokoguru.platform.core.errors import Conflict, NotFound
from sokoguru.platform.core.schema import require_tenant_schema
from sokoguru.tenants.bylaws.selectors import bylaws_current
from sokoguru.tenants.ledger import chart
from sokoguru.tenants.ledger.selectors import account_balance
from sokoguru.tenants.ledger.services import Leg, transaction_post
from sokoguru.tenants.loans import aging, schedule
from sokoguru.tenants.loans.allocation import Due, allocate
from sokoguru.tenants.loans.models import (
    CobRun,
    Instalment,
    Loan,
    LoanDayClose,
    LoanProduct,
    LoanSettings,
    Notification,
    Repayment,
    RepaymentLine,
)
from sokoguru.tenants.loans.notifiers import Message, Recipient, SkipDelivery, notifiers
from sokoguru.tenants.loans.selectors import (
    available_funds,
    cooperative_today,
    payoff_split,
)
from sokoguru.tenants.members.models import Member
from sokoguru.tenants.savings.selectors import member_savings_total
from sokoguru.tenants.savings.services import sukarela_deposit

logger = logging.getLogger("sokoguru.loans")

ZERO = Decimal("0.00")
CENTS = Decimal("0.01")

# Who may do what (roles in the cooperative).
ENTRY_ROLES = frozenset({"ketua", "sekretaris", "bendahara", "kasir"})
APPROVER_ROLES = frozenset({"ketua", "bendahara"})
DISBURSE_ROLES = frozenset({"ketua", "bendahara", "kasir"})
CASHIER_ROLES = frozenset({"bendahara", "kasir"})
POLICY_ROLES = frozenset({"ketua", "bendahara"})
OFFICER_ROLES_NOTIFIED = ("ketua", "bendahara")

ACCOUNTS = {"cash": chart.CASH, "bank": chart.BANK}


# --- helpers ------------------------------------------------------------------------------


def rupiah(value: Decimal) -> str:
    """Rp 1.100.000 (Indonesian thousands separator)."""
    whole = int(Decimal(value).quantize(Decimal("1"), rounding=ROUND_HALF_UP))
    return "Rp " + f"{whole:,}".replace(",", ".")


def _money(value, *, field: str, whole: bool = True, allow_zero: bool = False) -> Decimal:
    try:
        amount = Decimal(str(value))
    except (InvalidOperation, TypeError, ValueError):
        raise ValidationError({field: "Jumlah tidak valid. / Invalid amount."}) from None
    if not amount.is_finite() or amount < 0 or (amount == 0 and not allow_zero):
        raise ValidationError({field: "Jumlah harus lebih dari nol. / Amount must be positive."})
    if whole and amount != amount.to_integral_value():
        raise ValidationError({field: "Jumlah harus rupiah bulat. / Whole rupiah only."})
    if amount != amount.quantize(CENTS):
        raise ValidationError({field: "Paling banyak dua angka desimal. / At most two decimals."})
    return amount.quantize(CENTS)


def _account(name: str, *, field: str) -> str:
    if name not in ACCOUNTS:
        raise ValidationError({field: "Pilih 'cash' (kas) atau 'bank'."})
    return ACCOUNTS[name]


def _settings_locked() -> LoanSettings:
    """The cooperative's loan settings row, locked: serialises numbering and every funding
    decision (approval, queue, disbursement) inside one cooperative."""
    LoanSettings.objects.get_or_create(singleton=True)
    return LoanSettings.objects.select_for_update().get(singleton=True)


def _loan_locked(loan_id) -> Loan:
    loan = (
        Loan.objects.select_for_update(of=("self",))
        .select_related("product", "member")
        .filter(pk=loan_id)
        .first()
    )
    if loan is None:
        raise NotFound("Pinjaman tidak ditemukan. / Loan not found.", field="loan_id")
    return loan


def _require_status(loan: Loan, *statuses: str) -> None:
    if loan.status not in statuses:
        raise Conflict(
            f"Pinjaman {loan.number} berstatus '{loan.get_status_display()}'; tindakan ini "
            f"tidak dapat dilakukan. / Loan is {loan.status}.",
            field="loan_id",
            code="wrong_status",
        )


def _post(**kwargs):
    legs = [leg for leg in kwargs.pop("legs") if (leg.debit or leg.credit)]
    return transaction_post(legs=legs, **kwargs)


def _member_name(loan: Loan) -> str:
    return f"{loan.member.full_name} ({loan.member.number})"


# --- provisioning, settings and products ----------------------------------------------------

DEFAULT_PRODUCTS = {
    "primary_rw": [
        dict(
            code="PUM",
            name="Pinjaman usaha mikro",
            description=(
                "Modal usaha anggota (hidroponik, toga, bank sampah, warung): jasa flat 10% "
                "untuk seluruh jangka waktu, diangsur 10 bulan."
            ),
            method="flat",
            rate_percent=Decimal("10"),
            rate_basis="per_term",
            min_tenor=1,
            max_tenor=10,
            min_amount=Decimal("100000"),
            max_amount=Decimal("5000000"),
            max_savings_multiple=Decimal("5"),
            penalty_method="per_instalment",
            penalty_flat=Decimal("5000"),
            penalty_grace_days=3,
        ),
    ],
    "primary_opd": [
        dict(
            code="PPG",
            name="Pinjaman pegawai potong gaji",
            description="Pinjaman anggota pegawai, angsuran dipotong dari gaji setiap bulan.",
            method="flat",
            rate_percent=Decimal("1"),
            rate_basis="per_month",
            min_tenor=3,
            max_tenor=24,
            min_amount=Decimal("500000"),
            max_amount=Decimal("50000000"),
            max_savings_multiple=Decimal("10"),
            admin_fee_percent=Decimal("1"),
            penalty_method="per_day",
            penalty_percent=Decimal("0.1"),
            penalty_cap_percent=Decimal("10"),
        ),
    ],
}


def loans_install(*, cooperative) -> LoanSettings:
    """Provisioning hook: the loan settings row and the default product of the cooperative's
    kind (a flat 10 % micro-business loan for RW cooperatives, a payroll loan for OPD ones)."""
    require_tenant_schema()
    loan_settings, _ = LoanSettings.objects.get_or_create(singleton=True)
    for spec in DEFAULT_PRODUCTS.get(getattr(cooperative, "kind", ""), []):
        if not LoanProduct.objects.filter(code=spec["code"]).exists():
            product = LoanProduct(**spec)
            product.full_clean()
            product.save()
    return loan_settings


SETTINGS_FIELDS = (
    "queue_serving",
    "reminder_days_before",
    "allowance_lancar_percent",
    "allowance_kurang_lancar_percent",
    "allowance_diragukan_percent",
    "allowance_macet_percent",
    "payroll_account",
)


@transaction.atomic
def loan_settings_update(*, updated_by_id: int | None, **changes) -> LoanSettings:
    require_tenant_schema()
    require_role(updated_by_id, POLICY_ROLES, field="updated_by_id")
    unknown = set(changes) - set(SETTINGS_FIELDS)
    if unknown:
        raise ValidationError({name: "Kolom tidak dikenal." for name in sorted(unknown)})
    obj = _settings_locked()
    for name, value in changes.items():
        setattr(obj, name, value)
    obj.full_clean()
    obj.save()
    return obj


PRODUCT_FIELDS = tuple(
    f.name
    for f in LoanProduct._meta.get_fields()
    if getattr(f, "editable", False) and f.name not in {"id", "created_at"}
)


@transaction.atomic
def loan_product_create(*, created_by_id: int | None, **fields) -> LoanProduct:
    require_tenant_schema()
    require_role(created_by_id, POLICY_ROLES, field="created_by_id")
    unknown = set(fields) - set(PRODUCT_FIELDS)
    if unknown:
        raise ValidationError({name: "Kolom tidak dikenal." for name in sorted(unknown)})
    product = LoanProduct(**fields)
    product.full_clean()
    product.save()
    return product


@transaction.atomic
def loan_product_update(*, product_id: int, updated_by_id: int | None, **changes) -> LoanProduct:
    require_tenant_schema()
    require_role(updated_by_id, POLICY_ROLES, field="updated_by_id")
    unknown = set(changes) - set(PRODUCT_FIELDS)
    if unknown:
        raise ValidationError({name: "Kolom tidak dikenal." for name in sorted(unknown)})
    product = LoanProduct.objects.select_for_update().filter(pk=product_id).first()
    if product is None:
        raise NotFound("Produk pinjaman tidak ditemukan.", field="product_id")
    for name, value in changes.items():
        setattr(product, name, value)
    product.full_clean()
    product.save()
    return product


# --- application and approval -------------------------------------------------------------


def loan_limit(*, product: LoanProduct, member_id: int, as_of: date) -> Decimal | None:
    """The most this member may borrow under this product and the by-laws (None = no limit):
    the smaller of the absolute maxima and the savings multiples."""
    bylaws = bylaws_current(as_of=as_of)
    limits = []
    for absolute in (product.max_amount, getattr(bylaws, "loan_max_amount", ZERO) or ZERO):
        if absolute and absolute > 0:
            limits.append(Decimal(absolute))
    multiples = [
        Decimal(m)
        for m in (product.max_savings_multiple, getattr(bylaws, "loan_max_savings_multiple", 0))
        if m and Decimal(m) > 0
    ]
    if multiples:
        savings = member_savings_total(member_id=member_id, as_of=as_of)
        for multiple in multiples:
            limits.append(schedule.floor_rupiah(savings * multiple))
    return min(limits) if limits else None


@transaction.atomic
def loan_apply(
    *,
    member_id: int,
    product_id: int,
    amount: Decimal,
    tenor: int,
    purpose: str,
    entered_by_id: int | None,
    guarantor_id: int | None = None,
    applied_on: date | None = None,
    payroll_deduction: bool = False,
) -> Loan:
    """Enter a loan application (status ``submitted``). Checks the product's tenor and amount
    limits, the by-laws' limits, the savings multiple and the guarantor rule."""
    require_tenant_schema()
    require_role(entered_by_id, ENTRY_ROLES, field="entered_by_id")
    applied_on = applied_on or cooperative_today()
    amount = _money(amount, field="amount")
    product = LoanProduct.objects.filter(pk=product_id).first()
    if product is None:
        raise NotFound("Produk pinjaman tidak ditemukan.", field="product_id")
    if not product.is_active:
        raise ValidationError({"product_id": "Produk pinjaman ini tidak aktif lagi."})
    member = Member.objects.filter(pk=member_id).first()
    if member is None:
        raise NotFound("Anggota tidak ditemukan.", field="member_id")
    if member.status != "active":
        raise ValidationError(
            {"member_id": "Hanya anggota aktif yang dapat meminjam. / Active members only."}
        )
    errors: dict[str, str] = {}
    if applied_on < member.joined_on:
        errors["applied_on"] = "Tanggal pengajuan sebelum anggota masuk koperasi."
    bylaws = bylaws_current(as_of=applied_on)
    max_term = getattr(bylaws, "loan_max_term_months", 0) or 0
    if not isinstance(tenor, int) or not product.min_tenor <= tenor <= product.max_tenor:
        errors["tenor"] = (
            f"Tenor produk {product.code} {product.min_tenor}–{product.max_tenor} bulan."
        )
    elif max_term and tenor > max_term:
        errors["tenor"] = f"Anggaran dasar membatasi jangka pinjaman {max_term} bulan."
    max_active = getattr(bylaws, "loan_max_active_per_member", 0) or 0
    if max_active:
        open_loans = Loan.objects.filter(
            member_id=member.pk,
            status__in=[*Loan.APPLICATION_STATUSES, Loan.Status.ACTIVE],
        ).count()
        if open_loans >= max_active:
            errors["member_id"] = (
                f"Anggota ini sudah memiliki {open_loans} pinjaman/pengajuan berjalan; anggaran "
                f"dasar mengizinkan {max_active}. / Too many open loans for this member."
            )
    if product.min_amount and amount < product.min_amount:
        errors["amount"] = f"Pinjaman minimum produk ini {rupiah(product.min_amount)}."
    else:
        limit = loan_limit(product=product, member_id=member.pk, as_of=applied_on)
        if limit is not None and amount > limit:
            errors["amount"] = (
                f"Jumlah melebihi plafon anggota ini ({rupiah(limit)}: batas produk, "
                "anggaran dasar dan kelipatan simpanan). / Above the member's limit."
            )
    guarantor = None
    if guarantor_id is not None:
        guarantor = Member.objects.filter(pk=guarantor_id).first()
        if guarantor is None:
            errors["guarantor_id"] = "Penjamin tidak ditemukan."
        elif guarantor.pk == member.pk:
            errors["guarantor_id"] = "Penjamin harus anggota lain."
        elif guarantor.status != "active":
            errors["guarantor_id"] = "Penjamin harus anggota aktif."
    elif product.guarantor_required:
        errors["guarantor_id"] = "Produk ini mewajibkan penjamin dari anggota."
    if not (purpose or "").strip():
        errors["purpose"] = "Tujuan pinjaman wajib diisi."
    if errors:
        raise ValidationError(errors)
    loan_settings = _settings_locked()
    number = f"PJ-{applied_on.year}-{loan_settings.next_loan_number:05d}"
    loan_settings.next_loan_number += 1
    loan_settings.save(update_fields=["next_loan_number", "updated_at"])
    loan = Loan(
        number=number,
        member=member,
        product=product,
        guarantor=guarantor,
        amount=amount,
        tenor=tenor,
        purpose=purpose.strip(),
        payroll_deduction=payroll_deduction,
        method=product.method,
        rate_percent=product.rate_percent,
        rate_basis=product.rate_basis,
        admin_fee=product.admin_fee_for(amount),
        applied_on=applied_on,
        entered_by_id=entered_by_id,
    )
    loan.full_clean()
    loan.save()
    return loan


@transaction.atomic
def loan_approve(*, loan_id: int, approved_by_id: int | None, note: str = "") -> Loan:
    """Approve an application (maker-checker: not by the officer who entered it). Funds are
    reserved at once when the available funds cover the loan and nobody is queued before it;
    otherwise the loan joins the end of the funding queue."""
    require_tenant_schema()
    loan = _loan_locked(loan_id)
    _require_status(loan, Loan.Status.SUBMITTED)
    require_role(approved_by_id, APPROVER_ROLES, field="approved_by_id")
    require_other_officer(
        loan.entered_by_id, approved_by_id, field="approved_by_id", what="Pinjaman"
    )
    loan_settings = _settings_locked()
    now = timezone.now()
    loan.decided_by_id = approved_by_id
    loan.decided_at = now
    loan.decision_note = note
    queue_waiting = Loan.objects.filter(status=Loan.Status.QUEUED).exists()
    if not queue_waiting and available_funds() >= loan.amount:
        loan.status = Loan.Status.APPROVED
        loan.committed_at = now
    else:
        loan.status = Loan.Status.QUEUED
        loan.queue_number = loan_settings.next_queue_number
        loan.queued_at = now
        loan_settings.next_queue_number += 1
        loan_settings.save(update_fields=["next_queue_number", "updated_at"])
    loan.full_clean()
    loan.save()
    return loan


@transaction.atomic
def loan_reject(*, loan_id: int, rejected_by_id: int | None, reason: str) -> Loan:
    require_tenant_schema()
    loan = _loan_locked(loan_id)
    _require_status(loan, Loan.Status.SUBMITTED)
    require_role(rejected_by_id, APPROVER_ROLES, field="rejected_by_id")
    if not (reason or "").strip():
        raise ValidationError({"reason": "Alasan penolakan wajib diisi."})
    loan.status = Loan.Status.REJECTED
    loan.decided_by_id = rejected_by_id
    loan.decided_at = timezone.now()
    loan.decision_note = reason.strip()[:255]
    loan.full_clean()
    loan.save()
    return loan


@transaction.atomic
def loan_cancel(*, loan_id: int, cancelled_by_id: int | None, reason: str) -> Loan:
    """Withdraw an application or an approved loan not yet disbursed (frees its funds or its
    place in the queue)."""
    require_tenant_schema()
    loan = _loan_locked(loan_id)
    _require_status(loan, *Loan.APPLICATION_STATUSES)
    require_role(cancelled_by_id, ENTRY_ROLES, field="cancelled_by_id")
    if not (reason or "").strip():
        raise ValidationError({"reason": "Alasan pembatalan wajib diisi."})
    _cancel(loan, reason=reason)
    return loan


def _cancel(loan: Loan, *, reason: str) -> None:
    was_committed = loan.status == Loan.Status.APPROVED
    loan.status = Loan.Status.CANCELLED
    loan.decision_note = reason.strip()[:255]
    loan.committed_at = None
    loan.full_clean()
    loan.save()
    if was_committed:
        schedule_queue_serving()


# --- the funding queue ------------------------------------------------------------------


def _officer_recipients() -> list[Recipient]:
    from sokoguru.platform.accounts.models import CooperativeRole

    seen, out = set(), []
    rows = (
        CooperativeRole.objects.filter(
            cooperative_id=connection.tenant.pk, role__in=OFFICER_ROLES_NOTIFIED
        )
        .select_related("user")
        .order_by("user_id")
    )
    for row in rows:
        if row.user_id in seen or not row.user.is_active:
            continue
        seen.add(row.user_id)
        out.append(
            Recipient(
                name=row.user.full_name or row.user.email,
                email=row.user.email,
                phone=row.user.phone,
            )
        )
    return out


def _member_recipient(member: Member) -> Recipient:
    return Recipient(
        name=member.full_name,
        email=getattr(member, "email", "") or "",
        phone=getattr(member, "phone", "") or "",
    )


@transaction.atomic
def loan_queue_serve(*, served_by_id: int | None = None) -> list[Loan]:
    """Reserve funds for queued loans in queue order while the available funds cover the
    head of the queue (first come, first served: a later, smaller loan never jumps ahead).
    ``served_by_id`` None is the automatic task. Officers and borrowers are notified."""
    require_tenant_schema()
    if served_by_id is not None:
        require_role(served_by_id, POLICY_ROLES, field="served_by_id")
    _settings_locked()
    queued = list(
        Loan.objects.select_for_update(of=("self",))
        .select_related("member")
        .filter(status=Loan.Status.QUEUED)
        .order_by("queue_number")
    )
    if not queued:
        return []
    funds = available_funds()
    served: list[Loan] = []
    now = timezone.now()
    for loan in queued:
        if loan.amount > funds:
            break
        loan.status = Loan.Status.APPROVED
        loan.committed_at = now
        loan.save(update_fields=["status", "committed_at", "updated_at"])
        funds -= loan.amount
        served.append(loan)
    if served:
        lines = "\n".join(
            f"- {loan.number} {_member_name(loan)}: {rupiah(loan.amount)}" for loan in served
        )
        for officer in _officer_recipients():
            notify(
                kind="queue_served",
                dedupe_key=f"queue:{served[0].number}:{now.isoformat()}:{officer.email}",
                recipient=officer,
                subject="Antrean pinjaman: dana tersedia untuk pencairan",
                body=(
                    "Dana koperasi kini cukup untuk pinjaman berikut (sesuai urutan antrean); "
                    f"silakan dicairkan:\n{lines}"
                ),
            )
        for loan in served:
            notify(
                kind="queue_served",
                dedupe_key=f"queue-member:{loan.pk}",
                recipient=_member_recipient(loan.member),
                subject=f"Pinjaman {loan.number} siap dicairkan",
                body=(
                    f"Yth. {loan.member.full_name}, dana untuk pinjaman Anda sebesar "
                    f"{rupiah(loan.amount)} sudah tersedia. Silakan menghubungi bendahara."
                ),
                loan=loan,
            )
    return served


def schedule_queue_serving() -> None:
    """After the current transaction commits, let the background task serve the funding
    queue when this cooperative serves it automatically and someone is waiting."""
    tenant = getattr(connection, "tenant", None)
    if tenant is None or tenant.schema_name == "public":
        return
    schema_name = tenant.schema_name

    def enqueue():
        from sokoguru.tenants.loans.tasks import loan_queue_serve_task

        loan_queue_serve_task.apply_async(kwargs={"schema_name": schema_name})

    loan_settings = LoanSettings.objects.filter(singleton=True).first()
    if loan_settings is None or loan_settings.queue_serving != LoanSettings.QueueServing.AUTO:
        return
    if not Loan.objects.filter(status=Loan.Status.QUEUED).exists():
        return
    transaction.on_commit(enqueue)


# --- disbursement -------------------------------------------------------------------------


@transaction.atomic
def loan_disburse(
    *,
    loan_id: int,
    disbursed_by_id: int | None,
    disbursed_on: date | None = None,
    paid_from: str = "cash",
    first_due_date: date | None = None,
) -> Loan:
    """Pay out an approved loan whose funds are reserved: the schedule is generated and the
    disbursement posted. Refused while the loan waits in the funding queue or when the
    cooperative's funds no longer cover it."""
    require_tenant_schema()
    loan = _loan_locked(loan_id)
    if loan.status == Loan.Status.QUEUED:
        raise ValidationError(
            {
                "loan_id": (
                    "Pinjaman masih dalam antrean pendanaan: dana koperasi belum cukup. "
                    "/ The loan is still waiting in the funding queue."
                )
            }
        )
    _require_status(loan, Loan.Status.APPROVED)
    require_role(disbursed_by_id, DISBURSE_ROLES, field="disbursed_by_id")
    account = _account(paid_from, field="paid_from")
    disbursed_on = disbursed_on or cooperative_today()
    if disbursed_on < loan.applied_on:
        raise ValidationError({"disbursed_on": "Tanggal pencairan sebelum tanggal pengajuan."})
    first_due_date = first_due_date or schedule.add_months(disbursed_on, 1)
    if first_due_date <= disbursed_on:
        raise ValidationError({"first_due_date": "Jatuh tempo pertama harus setelah pencairan."})
    _settings_locked()
    # Its own reservation counts for it: funds must still cover every reserved loan.
    if available_funds() < ZERO:
        raise ValidationError(
            {
                "loan_id": (
                    "Dana tersedia (kas + bank − cadangan likuiditas − pinjaman disetujui) tidak "
                    "mencukupi. / Available funds do not cover this loan."
                )
            }
        )
    cash_out = loan.amount - loan.admin_fee
    if account_balance(account=account) < cash_out:
        raise ValidationError(
            {"paid_from": f"Saldo {paid_from} tidak cukup untuk mencairkan {rupiah(cash_out)}."}
        )
    plan = schedule.build_schedule(
        amount=loan.amount,
        rate_percent=loan.rate_percent,
        rate_basis=loan.rate_basis,
        tenor=loan.tenor,
        method=loan.method,
        first_due_date=first_due_date,
    )
    Instalment.objects.bulk_create(
        [
            Instalment(
                loan=loan,
                number=line.number,
                due_date=line.due_date,
                principal=line.principal,
                jasa=line.jasa,
            )
            for line in plan.lines
        ]
    )
    txn = _post(
        date=disbursed_on,
        description=f"Pencairan pinjaman {loan.number} — {_member_name(loan)}",
        legs=[
            Leg(account=chart.LOANS_RECEIVABLE, debit=loan.amount, member_id=loan.member_id),
            Leg(account=account, credit=cash_out),
            Leg(account=chart.LOAN_ADMIN_FEE_INCOME, credit=loan.admin_fee),
        ],
        idempotency_key=f"loans:disburse:{loan.pk}",
        source_kind="loans.disbursement",
        source_id=str(loan.pk),
        created_by_id=disbursed_by_id,
    )
    loan.status = Loan.Status.ACTIVE
    loan.disbursed_on = disbursed_on
    loan.disbursed_by_id = disbursed_by_id
    loan.disbursement_transaction_id = txn.pk
    loan.first_due_date = plan.lines[0].due_date
    loan.maturity_date = plan.lines[-1].due_date
    loan.total_jasa = plan.total_jasa
    loan.outstanding_principal = loan.amount
    loan.full_clean()
    loan.save()
    return loan


# --- repayments ---------------------------------------------------------------------------


def _same_repayment(existing: Repayment, *, loan_id, amount, on, kind) -> Repayment:
    if (existing.loan_id, existing.amount, existing.date, existing.kind) != (
        loan_id,
        amount,
        on,
        kind,
    ):
        raise Conflict(
            "Kunci idempotensi sudah dipakai untuk pembayaran lain. "
            "/ Idempotency key already used for another payment.",
            field="idempotency_key",
        )
    return existing


def _refresh_aging(loan: Loan, instalments: list[Instalment], on: date) -> None:
    oldest = min((i.due_date for i in instalments if i.unpaid > 0), default=None)
    loan.days_past_due = aging.days_past_due(as_of=on, oldest_unpaid_due_date=oldest)
    loan.bucket = aging.bucket_for(loan.days_past_due, loan.product.thresholds)


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


@transaction.atomic
def loan_repay(
    *,
    loan_id: int,
    amount: Decimal,
    date: date,
    idempotency_key: str,
    received_by_id: int | None = None,
    account: str = "cash",
    kind: str = Repayment.Kind.COUNTER,
) -> Repayment:
    """Receive a payment on a loan.

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
    loan = _loan_locked(loan_id)
    _require_status(loan, Loan.Status.ACTIVE)
    if date < loan.disbursed_on:
        raise ValidationError({"date": "Tanggal pembayaran sebelum tanggal pencairan."})
    instalments = list(loan.instalments.select_for_update().order_by("number"))
    by_number = {i.number: i for i in instalments}
    lines: dict[int, RepaymentLine] = {}

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
        split = payoff_split(instalments=instalments, rule=loan.product.early_payoff_jasa, on=date)
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
                Leg(account=chart.LOAN_SERVICE_INCOME, credit=jasa),
                Leg(account=chart.LOANS_RECEIVABLE, credit=principal, member_id=loan.member_id),
            ],
            idempotency_key=f"loans:repayment:{idempotency_key}",
            source_kind="loans.repayment",
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
            created_by_id=received_by_id,
        )
    for line in lines.values():
        line.repayment = repayment
    RepaymentLine.objects.bulk_create(lines.values())
    for inst in instalments:
        if inst.paid_on is None and inst.unpaid == 0 and inst.penalty_due == 0:
            inst.paid_on = date
    Instalment.objects.bulk_update(
        instalments, ["principal_paid", "jasa_paid", "jasa_waived", "penalty_paid", "paid_on"]
    )
    loan.outstanding_principal -= principal
    _refresh_aging(loan, instalments, date)
    if all(i.unpaid == 0 and i.penalty_due == 0 for i in instalments):
        loan.status = Loan.Status.PAID_OFF
        loan.closed_on = date
        loan.days_past_due = 0
        loan.bucket = aging.LANCAR
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
    return loan_repay(
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
) -> Decimal:
    """A member leaves (settings.MEMBER_EXIT_LOAN_SETTLEMENT, called by the savings exit
    settlement): every active loan of the member is paid off on ``date`` at its payoff quote
    (what is due, the remaining principal and the jasa the product's early-payoff rule charges),
    received into ``paid_from`` (the ledger account the savings are refunded from, so the
    offset moves no money), and the member's open applications are cancelled. Refused, with
    nothing written, when the payoffs exceed ``limit`` (the member's savings). Returns the total
    paid off."""
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
            )["total"],
        )
        for loan in loans
    ]
    total = sum((quote for _loan, quote in quotes), ZERO)
    if total > limit:
        numbers = ", ".join(loan.number for loan, _quote in quotes)
        raise ValidationError(
            {
                "member_id": f"Pelunasan pinjaman {rupiah(total)} melebihi simpanan "
                f"{rupiah(limit)} ({numbers}); lunasi selisihnya dahulu. "
                "/ The loan payoff exceeds the savings."
            }
        )
    for loan, quote in quotes:
        if quote > 0:
            loan_repay(
                loan_id=loan.pk,
                amount=quote,
                date=date,
                idempotency_key=f"{idempotency_key}:{loan.pk}",
                received_by_id=created_by_id,
                account=account,
                kind=Repayment.Kind.PAYOFF,
            )
    for loan in Loan.objects.select_for_update(of=("self",)).filter(
        member_id=member_id, status__in=Loan.APPLICATION_STATUSES
    ):
        _cancel(loan, reason="Anggota keluar dari koperasi.")
    return total


@transaction.atomic
def loan_pay_off(
    *,
    loan_id: int,
    amount: Decimal,
    date: date,
    idempotency_key: str,
    received_by_id: int | None = None,
    account: str = "cash",
) -> Repayment:
    """Close a loan early. ``amount`` must cover the payoff quote (what is due, the remaining
    principal and the jasa the product's early-payoff rule charges); the rest goes to the
    member's simpanan sukarela."""
    require_tenant_schema()
    amount = _money(amount, field="amount", whole=False)
    existing = Repayment.objects.filter(idempotency_key=idempotency_key).first()
    if existing is not None:
        return _same_repayment(
            existing, loan_id=loan_id, amount=amount, on=date, kind=Repayment.Kind.PAYOFF
        )
    loan = _loan_locked(loan_id)
    _require_status(loan, Loan.Status.ACTIVE)
    quote = payoff_split(
        instalments=list(loan.instalments.all()), rule=loan.product.early_payoff_jasa, on=date
    )
    if amount < quote["total"]:
        raise ValidationError(
            {"amount": f"Pelunasan pada {date:%d-%m-%Y} membutuhkan {rupiah(quote['total'])}."}
        )
    return loan_repay(
        loan_id=loan_id,
        amount=amount,
        date=date,
        idempotency_key=idempotency_key,
        received_by_id=received_by_id,
        account=account,
        kind=Repayment.Kind.PAYOFF,
    )


# --- write-off and recovery ---------------------------------------------------------------


@transaction.atomic
def loan_write_off_request(
    *, loan_id: int, requested_by_id: int | None, reason: str, on: date | None = None
) -> Loan:
    require_tenant_schema()
    loan = _loan_locked(loan_id)
    _require_status(loan, Loan.Status.ACTIVE)
    require_role(requested_by_id, APPROVER_ROLES, field="requested_by_id")
    if loan.write_off_requested_on is not None:
        raise Conflict("Hapus buku pinjaman ini sudah diajukan.", field="loan_id")
    if not (reason or "").strip():
        raise ValidationError({"reason": "Alasan hapus buku wajib diisi."})
    loan.write_off_requested_by_id = requested_by_id
    loan.write_off_requested_on = on or cooperative_today()
    loan.write_off_reason = reason.strip()[:255]
    loan.full_clean()
    loan.save()
    return loan


@transaction.atomic
def loan_write_off_reject(*, loan_id: int, rejected_by_id: int | None) -> Loan:
    require_tenant_schema()
    loan = _loan_locked(loan_id)
    _require_status(loan, Loan.Status.ACTIVE)
    require_role(rejected_by_id, APPROVER_ROLES, field="rejected_by_id")
    if loan.write_off_requested_on is None:
        raise Conflict("Tidak ada pengajuan hapus buku.", field="loan_id")
    loan.write_off_requested_by_id = None
    loan.write_off_requested_on = None
    loan.write_off_reason = ""
    loan.save()
    return loan


@transaction.atomic
def loan_write_off_approve(
    *, loan_id: int, approved_by_id: int | None, on: date | None = None
) -> Loan:
    """Write the outstanding principal off against the loss allowance (a shortfall in the
    allowance is expensed). Maker-checker: not by the officer who requested it."""
    require_tenant_schema()
    loan = _loan_locked(loan_id)
    _require_status(loan, Loan.Status.ACTIVE)
    if loan.write_off_requested_on is None:
        raise ValidationError({"loan_id": "Hapus buku harus diajukan lebih dahulu."})
    require_role(approved_by_id, APPROVER_ROLES, field="approved_by_id")
    require_other_officer(
        loan.write_off_requested_by_id, approved_by_id, field="approved_by_id", what="Hapus buku"
    )
    on = on or cooperative_today()
    if on < loan.write_off_requested_on:
        raise ValidationError({"on": "Tanggal hapus buku sebelum tanggal pengajuannya."})
    instalments = list(loan.instalments.all())
    principal = loan.outstanding_principal
    allowance = max(account_balance(account=chart.LOAN_LOSS_ALLOWANCE, as_of=on), ZERO)
    from_allowance = min(allowance, principal)
    txn = _post(
        date=on,
        description=f"Hapus buku pinjaman {loan.number} — {_member_name(loan)}",
        legs=[
            Leg(account=chart.LOAN_LOSS_ALLOWANCE, debit=from_allowance),
            Leg(account=chart.LOAN_LOSS_EXPENSE, debit=principal - from_allowance),
            Leg(account=chart.LOANS_RECEIVABLE, credit=principal, member_id=loan.member_id),
        ],
        idempotency_key=f"loans:write-off:{loan.pk}",
        source_kind="loans.write_off",
        source_id=str(loan.pk),
        created_by_id=approved_by_id,
    )
    logger.info("loan %s written off in transaction %s", loan.number, txn.pk)
    loan.written_off_amount = principal
    loan.written_off_jasa = sum((i.jasa_due + i.penalty_due for i in instalments), ZERO)
    loan.written_off_by_id = approved_by_id
    loan.outstanding_principal = ZERO
    loan.status = Loan.Status.WRITTEN_OFF
    loan.closed_on = on
    loan.full_clean()
    loan.save()
    return loan


@transaction.atomic
def loan_recover(
    *,
    loan_id: int,
    amount: Decimal,
    date: date,
    idempotency_key: str,
    received_by_id: int | None = None,
    account: str = "cash",
) -> Repayment:
    """Money received on a written-off loan (recovery income)."""
    require_tenant_schema()
    amount = _money(amount, field="amount", whole=False)
    existing = Repayment.objects.filter(idempotency_key=idempotency_key).first()
    if existing is not None:
        return _same_repayment(
            existing, loan_id=loan_id, amount=amount, on=date, kind=Repayment.Kind.RECOVERY
        )
    ledger_account = _account(account, field="account")
    loan = _loan_locked(loan_id)
    _require_status(loan, Loan.Status.WRITTEN_OFF)
    open_amount = loan.written_off_amount + loan.written_off_jasa - loan.recovered_amount
    if amount > open_amount:
        raise ValidationError(
            {"amount": f"Pemulihan melebihi sisa yang dihapusbukukan ({rupiah(open_amount)})."}
        )
    repayment = Repayment(
        loan=loan,
        kind=Repayment.Kind.RECOVERY,
        date=date,
        amount=amount,
        recovery=amount,
        account=account,
        idempotency_key=idempotency_key,
        created_by_id=received_by_id,
    )
    repayment.full_clean()
    repayment.save()
    txn = _post(
        date=date,
        description=f"Pemulihan pinjaman dihapusbukukan {loan.number} — {_member_name(loan)}",
        legs=[
            Leg(account=ledger_account, debit=amount),
            Leg(account=chart.RECOVERY_INCOME, credit=amount),
        ],
        idempotency_key=f"loans:recovery:{idempotency_key}",
        source_kind="loans.recovery",
        source_id=str(repayment.pk),
        created_by_id=received_by_id,
    )
    repayment.transaction_id = txn.pk
    repayment.save(update_fields=["transaction_id"])
    loan.recovered_amount += amount
    loan.save(update_fields=["recovered_amount", "updated_at"])
    schedule_queue_serving()
    return repayment


# --- notifications ------------------------------------------------------------------------


def notify(
    *,
    kind: str,
    dedupe_key: str,
    recipient: Recipient,
    subject: str,
    body: str,
    loan: Loan | None = None,
) -> int:
    """Record one message per configured channel (once per ``dedupe_key``) and deliver it
    after the transaction commits. Returns how many new messages were recorded."""
    created = 0
    for notifier in notifiers():
        address = notifier.address(recipient)
        if not address:
            continue
        obj, was_created = Notification.objects.get_or_create(
            dedupe_key=dedupe_key[:160],
            channel=notifier.channel,
            defaults=dict(
                loan=loan,
                kind=kind,
                recipient=recipient.name[:160],
                address=address[:160],
                subject=subject[:200],
                body=body,
            ),
        )
        if was_created:
            created += 1
            message = Message(kind=kind, subject=subject, body=body, recipient=recipient)
            transaction.on_commit(partial(_deliver, connection.tenant, obj.pk, notifier, message))
    return created


def _deliver(tenant, notification_id: int, notifier, message: Message) -> None:
    previous = getattr(connection, "tenant", None)
    switch = previous is None or previous.schema_name != tenant.schema_name
    if switch:
        connection.set_tenant(tenant)
    try:
        try:
            reference = notifier.send(message)
            values = dict(status=Notification.Status.SENT, reference=(reference or "")[:120])
        except SkipDelivery as exc:
            values = dict(status=Notification.Status.SKIPPED, error=str(exc)[:255])
        except Exception as exc:  # a failed delivery is recorded, never raised
            logger.warning(
                "notification %s over %s failed: %s", notification_id, notifier.channel, exc
            )
            values = dict(status=Notification.Status.FAILED, error=str(exc)[:255])
        Notification.objects.filter(pk=notification_id).update(sent_at=timezone.now(), **values)
    finally:
        if switch:
            if previous is not None:
                connection.set_tenant(previous)
            else:
                connection.set_schema_to_public()


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
                    f"{loan.number} sebesar {rupiah(inst.unpaid + inst.penalty_due)} jatuh tempo "
                    f"pada {inst.due_date:%d-%m-%Y}. Terima kasih."
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
