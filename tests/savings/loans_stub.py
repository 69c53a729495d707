"""A stand-in for the loans app's payroll repayment used by the savings tests (the loans app
lives on its own branch): applies the amount to the member's LOANS_RECEIVABLE sub-ledger."""

from decimal import Decimal

from django.core.exceptions import ValidationError

from sokoguru.tenants.ledger import chart
from sokoguru.tenants.ledger.selectors import account_balance
from sokoguru.tenants.ledger.services import Leg, transaction_post

CALLS: list[dict] = []


def repay(*, member_id, amount, date, idempotency_key, created_by_id=None):
    owed = account_balance(account=chart.LOANS_RECEIVABLE, member_id=member_id)
    if amount > owed:
        raise ValidationError({"amount": f"Angsuran melebihi sisa pinjaman Rp {owed:,.2f}."})
    CALLS.append({"member_id": member_id, "amount": Decimal(amount)})
    return transaction_post(
        date=date,
        description="Angsuran pinjaman",
        legs=[
            Leg(account=chart.CASH, debit=Decimal(amount)),
            Leg(account=chart.LOANS_RECEIVABLE, credit=Decimal(amount), member_id=member_id),
        ],
        idempotency_key=idempotency_key,
        source_kind="loans.repayment",
        source_id=str(member_id),
        created_by_id=created_by_id,
    )


def lend(*, member_id, amount, date, key):
    """A loan disbursed in cash, straight into the books."""
    return transaction_post(
        date=date,
        description="Pencairan pinjaman",
        legs=[
            Leg(account=chart.LOANS_RECEIVABLE, debit=Decimal(amount), member_id=member_id),
            Leg(account=chart.CASH, credit=Decimal(amount)),
        ],
        idempotency_key=key,
        source_kind="loans.disbursement",
        source_id=str(member_id),
    )
