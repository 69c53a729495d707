"""Loan applications and their approval (maker-checker), rejection and cancellation."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from sokoguru.platform.accounts.permissions import require_other_officer, require_role
from sokoguru.platform.core.errors import NotFound
from sokoguru.platform.core.money import format_rupiah
from sokoguru.platform.core.schema import require_tenant_schema
from sokoguru.tenants.bylaws.selectors import bylaws_current
from sokoguru.tenants.ledger.fiscal import refuse_future
from sokoguru.tenants.loans import schedule
from sokoguru.tenants.loans.models import (
    Loan,
    LoanProduct,
    LoanSettings,
)
from sokoguru.tenants.loans.permissions import (
    APPROVER_ROLES,
    ENTRY_ROLES,
)
from sokoguru.tenants.loans.selectors import (
    available_funds,
    cooperative_today,
)
from sokoguru.tenants.loans.services._common import (
    ZERO,
    _loan_locked,
    _money,
    _require_status,
    _settings_locked,
)
from sokoguru.tenants.loans.services.queue import schedule_queue_serving
from sokoguru.tenants.loans.services.write_offs import open_claim
from sokoguru.tenants.members.models import Member
from sokoguru.tenants.savings.selectors import member_savings_total

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
    refuse_future(applied_on, field="applied_on")
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
    loan_settings_now = LoanSettings.objects.get_or_create(singleton=True)[0]
    if loan_settings_now.written_off_blocks_new_loans:
        claims = [
            (loan.number, open_claim(loan))
            for loan in Loan.objects.filter(member_id=member.pk, status=Loan.Status.WRITTEN_OFF)
        ]
        claims = [(number, claim) for number, claim in claims if claim > 0]
        if claims:
            numbers = ", ".join(number for number, _claim in claims)
            owed = sum((claim for _number, claim in claims), ZERO)
            errors["member_id"] = (
                f"Anggota ini masih menanggung pinjaman yang dihapusbukukan ({numbers}) sebesar "
                f"{format_rupiah(owed)}: hapus buku bukan hapus tagih. Lunasi dahulu. "
                "/ Written-off loans are still owed."
            )
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
        errors["amount"] = f"Pinjaman minimum produk ini {format_rupiah(product.min_amount)}."
    else:
        limit = loan_limit(product=product, member_id=member.pk, as_of=applied_on)
        if limit is not None and amount > limit:
            errors["amount"] = (
                f"Jumlah melebihi plafon anggota ini ({format_rupiah(limit)}: batas produk, "
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
