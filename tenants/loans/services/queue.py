"""The first-come-first-served funding queue."""

from __future__ import annotations

from django.db import connection, transaction
from django.utils import timezone

from sokoguru.platform.accounts.permissions import require_role
from sokoguru.platform.core.money import format_rupiah
from sokoguru.platform.core.schema import require_tenant_schema
from sokoguru.tenants.loans.models import (
    Loan,
    LoanSettings,
)
from sokoguru.tenants.loans.notifiers import Recipient
from sokoguru.tenants.loans.permissions import (
    OFFICER_ROLES_NOTIFIED,
    POLICY_ROLES,
)
from sokoguru.tenants.loans.selectors import (
    available_funds,
)
from sokoguru.tenants.loans.services._common import (
    _member_name,
    _settings_locked,
)
from sokoguru.tenants.loans.services.notifications import notify
from sokoguru.tenants.members.models import Member

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
            f"- {loan.number} {_member_name(loan)}: {format_rupiah(loan.amount)}" for loan in served
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
                    f"{format_rupiah(loan.amount)} sudah tersedia. Silakan menghubungi bendahara."
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
