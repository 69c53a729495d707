"""Accrual of jasa on loans (SAK EP): jasa is income of the month its instalment falls due in,
whenever it is paid.

Per instalment, ``jasa_accrued`` is the jasa recognised as income and ``jasa_paid`` what was
received. Above what was paid it is piutang jasa (LOAN_SERVICE_RECEIVABLE), below it jasa
received in advance (LOAN_SERVICE_UNEARNED), so for every loan

    piutang jasa = Σ max(accrued − paid, 0), diterima di muka = Σ max(paid − accrued, 0),
    pendapatan jasa = Σ accrued.

Each event sets the new (accrued, paid) of the instalments it touches; ``jasa_legs`` turns
the change into the ledger legs, so the three accounts follow the loan book exactly:

- the month-end close of business accrues the jasa of every instalment due by that month end
  (its jasa less what was waived);
- a receipt recognises at once the jasa of instalments due by the end of the receipt's month
  (it would be accrued at that month end anyway); jasa paid for a later month waits, received
  in advance, for that month end;
- a payoff (the loan closes) recognises what was paid and nothing more;
- a write-off clears both: accrued jasa not received is a loss (LOAN_LOSS_EXPENSE), jasa
  received in advance is income."""

from __future__ import annotations

import calendar
from datetime import date
from decimal import Decimal

from sokoguru.tenants.ledger import chart
from sokoguru.tenants.ledger.services import Leg
from sokoguru.tenants.loans.models import Instalment, Loan
from sokoguru.tenants.loans.services._common import ZERO, _post


def month_end(day: date) -> date:
    return day.replace(day=calendar.monthrange(day.year, day.month)[1])


def jasa_legs(
    changes: list[tuple[Decimal, Decimal, Decimal, Decimal]],
    *,
    loss_account: str | None = None,
) -> list[Leg]:
    """The legs for piutang jasa, jasa received in advance and jasa income of instalments
    whose (accrued, paid) went from (a, p) to (a2, p2). The cash side of the payment (p2 − p)
    is the caller's. With ``loss_account`` a fall in recognised jasa is booked there instead of
    taking it back from income."""
    receivable = unearned = income = loss = ZERO
    for a, p, a2, p2 in changes:
        receivable += max(a2 - p2, ZERO) - max(a - p, ZERO)
        unearned += max(p2 - a2, ZERO) - max(p - a, ZERO)
        if loss_account is not None and a2 < a:
            loss += a - a2
        else:
            income += a2 - a
    legs = [
        Leg(
            account=chart.LOAN_SERVICE_RECEIVABLE,
            debit=max(receivable, ZERO),
            credit=max(-receivable, ZERO),
        ),
        Leg(
            account=chart.LOAN_SERVICE_UNEARNED,
            debit=max(-unearned, ZERO),
            credit=max(unearned, ZERO),
        ),
        Leg(account=chart.LOAN_SERVICE_INCOME, debit=max(-income, ZERO), credit=max(income, ZERO)),
    ]
    if loss:
        legs.append(Leg(account=loss_account, debit=loss))
    return legs


def recognised_on_receipt(inst: Instalment, *, on: date, closes: bool) -> Decimal:
    """The ``jasa_accrued`` of an instalment after a receipt on ``on`` (its ``jasa_paid``
    already updated): what was paid when the loan closes, otherwise at least what was paid
    once its due month has ended by the end of the receipt's month."""
    if closes:
        return inst.jasa_paid
    if inst.due_date <= month_end(on):
        return max(inst.jasa_accrued, inst.jasa_paid)
    return inst.jasa_accrued


def loan_jasa_accrue(loan: Loan, instalments: list[Instalment], as_of: date) -> list[Instalment]:
    """At a month end (``as_of``): accrue the jasa of the loan's instalments due by then and
    not yet recognised (Dr piutang jasa, or Dr jasa received in advance when paid ahead /
    Cr pendapatan jasa), one journal per loan and month. Returns the instalments changed
    (their ``jasa_accrued`` to be saved by the caller)."""
    changes, changed = [], []
    for inst in instalments:
        target = inst.jasa - inst.jasa_waived
        if inst.due_date <= as_of and inst.jasa_accrued < target:
            changes.append((inst.jasa_accrued, inst.jasa_paid, target, inst.jasa_paid))
            inst.jasa_accrued = target
            changed.append(inst)
    if changes:
        _post(
            date=as_of,
            description=f"Akrual jasa pinjaman {loan.number} {as_of:%m-%Y}",
            legs=jasa_legs(changes),
            idempotency_key=f"loans:accrual:{loan.pk}:{as_of:%Y-%m}",
            source_kind="loans.accrual",
            source_id=str(loan.pk),
            created_by_id=None,
        )
    return changed
