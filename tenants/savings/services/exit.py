"""The savings half of a member's exit: the settlement statement and its posting."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F

from sokoguru.platform.accounts.permissions import SystemActor, require_actor
from sokoguru.platform.core.errors import Conflict
from sokoguru.platform.core.money import format_rupiah
from sokoguru.platform.core.schema import require_tenant_schema
from sokoguru.tenants.ledger import chart
from sokoguru.tenants.ledger.funds import account_funds_require
from sokoguru.tenants.ledger.selectors import account_balance
from sokoguru.tenants.ledger.services import Leg
from sokoguru.tenants.members.models import Member
from sokoguru.tenants.members.services import member_status_change
from sokoguru.tenants.savings.models import (
    KIND_ACCOUNTS,
    ExitSettlement,
    SavingsAccount,
    SavingsKind,
    SavingsMovement,
    WajibBill,
)
from sokoguru.tenants.savings.permissions import SAVINGS_EXIT_ROLES
from sokoguru.tenants.savings.services.posting import (
    FINAL,
    ZERO,
    _check_date,
    _Entry,
    _lock_account,
    _post_entries,
)

logger = logging.getLogger("sokoguru.savings")


@dataclass
class ExitQuote:
    """A leaving member's savings, checked and locked (``member_exit_check``)."""

    account: SavingsAccount
    member: Member
    day: date
    savings: dict[str, Decimal]
    total: Decimal


def _savings_balances(member_id: int) -> dict[str, Decimal]:
    return {
        kind: Decimal(account_balance(account=acc, member_id=member_id))
        for kind, acc in KIND_ACCOUNTS.items()
    }


def member_exit_check(*, member_id: int, date: date, reason: str, paid_from: str) -> ExitQuote:
    """Check that the member can leave on ``date`` and lock the savings account until commit:
    a known reason, paid from cash or bank, not settled already, a date neither in the future
    nor before joining, and loans owed not above the savings. Nothing is written."""
    require_tenant_schema()
    if reason not in ExitSettlement.Reason.values:
        raise ValidationError({"reason": "Alasan keluar tidak dikenal. / Unknown reason."})
    if paid_from not in (chart.CASH, chart.BANK):
        raise ValidationError({"paid_from": "Dibayar dari kas atau bank. / Cash or bank."})
    account = _lock_account(member_id)
    member = account.member
    if ExitSettlement.objects.filter(member=member).exists() or member.status in FINAL:
        raise Conflict(
            "Anggota ini sudah keluar dan diselesaikan. / Already settled.", field="member_id"
        )
    day = _check_date(date, member=member)
    savings = _savings_balances(member.pk)
    total = sum(savings.values(), ZERO)
    owed = max(Decimal(account_balance(account=chart.LOANS_RECEIVABLE, member_id=member.pk)), ZERO)
    if owed > total:
        raise ValidationError(
            {
                "member_id": f"Sisa pinjaman {format_rupiah(owed, cents=None)} melebihi "
                f"simpanan {format_rupiah(total, cents=None)}; lunasi selisihnya dahulu. / "
                "Loans owed exceed the savings."
            }
        )
    return ExitQuote(account=account, member=member, day=day, savings=savings, total=total)


@transaction.atomic
def savings_exit_settle(
    *,
    member_id: int,
    date: date,
    reason: str = ExitSettlement.Reason.EXITED,
    note: str = "",
    paid_from: str = chart.CASH,
    loans_settled: Decimal = ZERO,
    created_by_id: int | SystemActor,
) -> ExitSettlement:
    """The savings half of a member's exit (``tenants.workflows.member_exit`` runs the whole
    exit, loans first): the simpanan pokok, wajib and sukarela are refunded minus the loans
    still owed, and a settlement statement is kept. Unpaid wajib months are waived.

    ``loans_settled`` is what the loans app already received into ``paid_from`` paying the
    member's loans off; a LOANS_RECEIVABLE balance still left is offset in the settlement
    posting. Refused, with nothing written, when the loans owed exceed the savings or
    ``paid_from`` does not hold the refund."""
    created_by_id = require_actor(created_by_id, SAVINGS_EXIT_ROLES, field="created_by_id")
    quote = member_exit_check(member_id=member_id, date=date, reason=reason, paid_from=paid_from)
    member, day, savings, total = quote.member, quote.day, quote.savings, quote.total
    remaining_owed = max(
        Decimal(account_balance(account=chart.LOANS_RECEIVABLE, member_id=member.pk)), ZERO
    )
    loans_outstanding = Decimal(loans_settled) + remaining_owed
    refund = total - loans_outstanding
    if refund < 0:
        raise ValidationError(
            {
                "member_id": "Kewajiban pinjaman "
                f"{format_rupiah(loans_outstanding, cents=None)} melebihi simpanan "
                f"{format_rupiah(total, cents=None)}. / Loans owed exceed the savings."
            }
        )
    if total - remaining_owed > 0:
        # What this posting pays out of ``paid_from`` (the loans' payoff is already in it).
        account_funds_require(
            account_code=paid_from, amount=total - remaining_owed, field="paid_from"
        )
    label = "meninggal dunia" if reason == ExitSettlement.Reason.DECEASED else "keluar"
    settlement = ExitSettlement(
        member=member,
        reason=reason,
        settled_on=day,
        pokok=savings[SavingsKind.POKOK],
        wajib=savings[SavingsKind.WAJIB],
        sukarela=savings[SavingsKind.SUKARELA],
        loans_outstanding=loans_outstanding,
        refund=refund,
        paid_from=paid_from,
        note=(note or "").strip()[:255],
        created_by_id=created_by_id,
    )
    entries = [
        _Entry(
            member.pk,
            kind,
            SavingsMovement.Type.SETTLEMENT,
            -balance,
            f"Pengembalian {SavingsKind(kind).label.lower()} — anggota {label}",
            f"exit:{member.pk}:{kind}",
        )
        for kind, balance in savings.items()
        if balance > 0
    ]
    if entries or remaining_owed > 0:
        extra = (
            [Leg(account=chart.LOANS_RECEIVABLE, credit=remaining_owed, member_id=member.pk)]
            if remaining_owed > 0
            else []
        )
        if not entries:
            raise ValidationError(
                {"member_id": "Tidak ada simpanan untuk diperhitungkan. / No savings to offset."}
            )
        txn, _ = _post_entries(
            entries=entries,
            day=day,
            description=f"Penyelesaian simpanan anggota {label} — {member.full_name} "
            f"({member.number})",
            idempotency_key=f"savings:exit:{member.pk}",
            source_kind="savings.exit_settlement",
            source_id=str(member.pk),
            counter_account=paid_from,
            extra_legs=extra,
            created_by_id=created_by_id,
        )
        settlement.journal_transaction_id = txn.pk
    unpaid = list(
        WajibBill.objects.filter(member=member, waived_on__isnull=True, paid_amount__lt=F("amount"))
    )
    settlement.waived_wajib = sum((b.amount - b.paid_amount for b in unpaid), ZERO)
    WajibBill.objects.filter(pk__in=[b.pk for b in unpaid]).update(waived_on=day)
    settlement.full_clean(exclude=["member"])
    settlement.save()
    member_status_change(
        member=member,
        to_status=reason,
        on=day,
        reason=f"Anggota {label}; simpanan diselesaikan {format_rupiah(refund, cents=None)}.",
        created_by_id=created_by_id,
    )
    return settlement
