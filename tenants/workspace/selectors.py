"""Reads the workspace needs that no app offers yet, over the apps' own tables (no rule lives
here: what is due, in arrears or failed is the apps' own state)."""

from __future__ import annotations

from datetime import date, timedelta

from django.db.models import Count, QuerySet, Sum

from sokoguru.platform.core.schema import require_tenant_schema
from sokoguru.tenants.loans.models import Instalment, Loan, Notification


def _open_instalments() -> QuerySet[Instalment]:
    return Instalment.objects.filter(paid_on__isnull=True, loan__status=Loan.Status.ACTIVE)


def instalments_due(*, start: date, days: int = 7) -> QuerySet[Instalment]:
    """Unpaid instalments of running loans falling due in [start, start + days)."""
    require_tenant_schema()
    return (
        _open_instalments()
        .filter(due_date__gte=start, due_date__lt=start + timedelta(days=days))
        .select_related("loan__member")
        .order_by("due_date", "loan_id")
    )


def instalments_in_arrears(*, as_of: date) -> QuerySet[Instalment]:
    """Unpaid instalments of running loans whose due date has passed."""
    require_tenant_schema()
    return (
        _open_instalments()
        .filter(due_date__lt=as_of)
        .select_related("loan__member")
        .order_by("due_date", "loan_id")
    )


def arrears_summary(*, as_of: date) -> dict:
    row = (
        _open_instalments()
        .filter(due_date__lt=as_of)
        .aggregate(
            n=Count("id"),
            loans=Count("loan_id", distinct=True),
            principal=Sum("principal"),
            principal_paid=Sum("principal_paid"),
            jasa=Sum("jasa"),
            jasa_paid=Sum("jasa_paid"),
            jasa_waived=Sum("jasa_waived"),
        )
    )
    owed = sum((row[k] or 0) for k in ("principal", "jasa")) - sum(
        (row[k] or 0) for k in ("principal_paid", "jasa_paid", "jasa_waived")
    )
    return {"instalments": row["n"] or 0, "loans": row["loans"] or 0, "amount": owed}


def failed_notifications() -> QuerySet[Notification]:
    require_tenant_schema()
    return Notification.objects.filter(status=Notification.Status.FAILED).order_by(
        "-created_at", "-id"
    )


def counter_receipt(*, member_id: int, key: str) -> dict:
    """What one counter visit posted: the savings movements and the loan repayment made under
    the visit's key (two queries)."""
    from sokoguru.tenants.loans.models import Repayment
    from sokoguru.tenants.savings.models import SavingsMovement

    require_tenant_schema()
    movements = list(
        SavingsMovement.objects.filter(
            member_id=member_id, idempotency_key__startswith=f"collection:{key}:"
        ).order_by("id")
    )
    repayment = (
        Repayment.objects.filter(idempotency_key=f"{key}:loan", loan__member_id=member_id)
        .select_related("loan")
        .first()
    )
    return {"movements": movements, "repayment": repayment}
