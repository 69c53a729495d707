"""Messages to members and officers: recorded once, delivered after commit."""

from __future__ import annotations

from functools import partial

from django.db import connection, transaction
from django.utils import timezone

from sokoguru.tenants.loans.models import (
    Loan,
    Notification,
)
from sokoguru.tenants.loans.notifiers import Message, Recipient, SkipDelivery, notifiers
from sokoguru.tenants.loans.services._common import (
    logger,
)

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
