"""Withdrawals from the waste savings book: to cash (when the cash holds it), or — for members
only — a transfer into the member's simpanan sukarela or simpanan wajib (paying dues with
waste) through the savings services. A non-member household can only take cash, so its
withdrawals never touch member savings.

    cash:      Tabungan bank sampah (2102) debit / Kas (1101) credit
    transfer:  the same, then the savings service's own posting (Kas debit / simpanan credit)
               in the same database transaction: cash does not move in the end."""

from __future__ import annotations

from datetime import date as Date

from django.core.exceptions import ValidationError
from django.db import transaction

from sokoguru.platform.core.money import format_rupiah
from sokoguru.platform.core.schema import require_tenant_schema
from sokoguru.tenants.ledger import chart
from sokoguru.tenants.ledger.services import Leg, transaction_post
from sokoguru.tenants.savings.services import sukarela_deposit, wajib_pay
from sokoguru.tenants.wastebank.models import BookEntry, WasteCustomer, WasteWithdrawal
from sokoguru.tenants.wastebank.permissions import require_cashier
from sokoguru.tenants.wastebank.selectors import customer_balance
from sokoguru.tenants.wastebank.services._common import (
    cash_funds_check,
    check_date,
    key_conflict,
    money_of,
    require_key,
)
from sokoguru.tenants.wastebank.services.customers import lock_customer

LABELS = {
    WasteWithdrawal.Kind.CASH: "Penarikan tunai tabungan sampah",
    WasteWithdrawal.Kind.SUKARELA: "Tabungan sampah dipindah ke simpanan sukarela",
    WasteWithdrawal.Kind.WAJIB: "Simpanan wajib dibayar dengan tabungan sampah",
}


@transaction.atomic
def withdrawal_record(
    *,
    customer_id: int,
    kind: str,
    amount,
    date: Date,
    idempotency_key: str,
    created_by_id: int | None,
) -> WasteWithdrawal:
    require_tenant_schema()
    require_cashier(created_by_id)
    key = require_key(idempotency_key)
    amount = money_of(amount, field="amount")
    day = check_date(date)
    if kind not in WasteWithdrawal.Kind.values:
        raise ValidationError({"kind": "Jenis penarikan tidak dikenal. / Unknown kind."})
    customer = lock_customer(customer_id)
    existing = WasteWithdrawal.objects.filter(idempotency_key=key).first()
    if existing is not None:
        if (existing.customer_id, existing.kind, existing.amount, existing.date) != (
            customer.pk,
            kind,
            amount,
            day,
        ):
            raise key_conflict()
        return existing
    if kind != WasteWithdrawal.Kind.CASH and customer.kind != WasteCustomer.Kind.MEMBER:
        raise ValidationError(
            {
                "kind": "Nasabah bukan anggota hanya dapat menarik tunai. / "
                "A non-member can only withdraw cash."
            }
        )
    balance = customer_balance(customer_id=customer.pk)
    if amount > balance:
        raise ValidationError(
            {
                "amount": "Saldo tabungan sampah tidak cukup: saldo "
                f"{format_rupiah(balance, cents=None)}, diminta "
                f"{format_rupiah(amount, cents=None)}. / Insufficient waste savings."
            }
        )
    if kind == WasteWithdrawal.Kind.CASH:
        cash_funds_check(amount=amount)
    withdrawal = WasteWithdrawal(
        customer=customer,
        kind=kind,
        date=day,
        amount=amount,
        idempotency_key=key,
        created_by_id=created_by_id,
    )
    withdrawal.full_clean()
    withdrawal.save()
    label = LABELS[kind]
    txn = transaction_post(
        date=day,
        description=f"{label} {customer.book_number} — {customer.name}"[:255],
        legs=[
            Leg(account=chart.WASTE_BANK_SAVINGS, debit=amount, member_id=customer.member_id),
            Leg(account=chart.CASH, credit=amount),
        ],
        idempotency_key=f"wastebank:withdrawal:{key}",
        source_kind=f"wastebank.withdrawal_{kind}",
        source_id=str(withdrawal.pk),
        created_by_id=created_by_id,
    )
    movement = None
    if kind == WasteWithdrawal.Kind.SUKARELA:
        movement = sukarela_deposit(
            member_id=customer.member_id,
            amount=amount,
            date=day,
            idempotency_key=f"wastebank:{key}",
            description=f"{label} (buku {customer.book_number})",
            created_by_id=created_by_id,
        )
    elif kind == WasteWithdrawal.Kind.WAJIB:
        movement = wajib_pay(
            member_id=customer.member_id,
            amount=amount,
            date=day,
            idempotency_key=f"wastebank:{key}",
            description=f"{label} (buku {customer.book_number})",
            created_by_id=created_by_id,
        )
    withdrawal.journal_transaction_id = txn.pk
    withdrawal.savings_movement_id = movement.pk if movement is not None else None
    withdrawal.save(update_fields=["journal_transaction_id", "savings_movement_id"])
    BookEntry.objects.create(
        customer=customer,
        date=day,
        kind=BookEntry.Kind.WITHDRAWAL,
        amount=-amount,
        description=label,
        withdrawal=withdrawal,
        journal_transaction_id=txn.pk,
    )
    return withdrawal
