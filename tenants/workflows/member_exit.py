"""A member leaves: the loans app pays the member's loans off out of the savings, then the
savings are settled — one database transaction across savings and loans."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from django.db import transaction

from sokoguru.platform.accounts.permissions import SystemActor, require_actor
from sokoguru.tenants.ledger import chart
from sokoguru.tenants.loans.services import loans_member_exit_settle
from sokoguru.tenants.savings.models import ExitSettlement
from sokoguru.tenants.savings.permissions import SAVINGS_EXIT_ROLES
from sokoguru.tenants.savings.services import member_exit_check, savings_exit_settle


@transaction.atomic
def member_exit(
    *,
    member_id: int,
    date: date,
    reason: str = ExitSettlement.Reason.EXITED,
    note: str = "",
    paid_from: str = chart.CASH,
    created_by_id: int | SystemActor,
) -> ExitSettlement:
    """A member leaves (or has died). The savings account is checked and locked first; the
    loans app then pays every active loan off at its payoff quote (due instalments with
    penalties, remaining principal, jasa per the product) received into ``paid_from`` and
    cancels open applications; finally the savings are refunded minus the loans owed
    (``savings_exit_settle``), so only the refund leaves ``paid_from``. Refused, with nothing
    written, when the loans owed exceed the savings or ``paid_from`` lacks the refund."""
    actor = created_by_id
    created_by_id = require_actor(created_by_id, SAVINGS_EXIT_ROLES, field="created_by_id")
    quote = member_exit_check(member_id=member_id, date=date, reason=reason, paid_from=paid_from)
    settled = Decimal(
        loans_member_exit_settle(
            member_id=quote.member.pk,
            date=quote.day,
            limit=quote.total,
            paid_from=paid_from,
            idempotency_key=f"savings:exit:{quote.member.pk}:loans",
            created_by_id=created_by_id,
        )
    )
    return savings_exit_settle(
        member_id=quote.member.pk,
        date=quote.day,
        reason=reason,
        note=note,
        paid_from=paid_from,
        loans_settled=settled,
        created_by_id=actor,
    )
