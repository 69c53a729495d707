"""Jasa simpanan on sukarela."""

from __future__ import annotations

import logging
from datetime import date, timedelta
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction

from sokoguru.platform.accounts.permissions import SystemActor, require_actor
from sokoguru.platform.core.schema import require_tenant_schema
from sokoguru.tenants.bylaws.calendar import (
    cooperative_today,
    month_end,
    month_label,
    parse_period,
)
from sokoguru.tenants.bylaws.selectors import (
    bylaws_current,
)
from sokoguru.tenants.ledger import chart
from sokoguru.tenants.ledger.models import FiscalPeriod
from sokoguru.tenants.ledger.selectors import is_date_closed
from sokoguru.tenants.members.models import Member
from sokoguru.tenants.savings.models import (
    JasaRun,
    SavingsKind,
    SavingsMovement,
)
from sokoguru.tenants.savings.permissions import SAVINGS_CYCLE_ROLES
from sokoguru.tenants.savings.selectors import sukarela_jasa_balances
from sokoguru.tenants.savings.services.posting import (
    FINAL,
    ZERO,
    _Entry,
    _post_entries,
    _round_rupiah,
)

logger = logging.getLogger("sokoguru.savings")


@transaction.atomic
def sukarela_jasa_post(*, period: date | str, created_by_id: int | SystemActor) -> JasaRun | None:
    """Post the month's jasa simpanan on sukarela: rate of the by-laws in force at the month's
    end × each member's balance on the by-laws' basis (the lowest balance of the month by
    default, or the daily average), rounded to whole rupiah per member, credited to the member
    (SAVINGS_SERVICE_EXPENSE debit); the total is the sum of the members' jasa. Posted on the
    month's last day, or — when that day's period is closed — on the first open day after,
    with a note saying so. Once per month; nothing when the rate is 0."""
    created_by_id = require_actor(created_by_id, SAVINGS_CYCLE_ROLES, field="created_by_id")
    require_tenant_schema()
    period = parse_period(period)
    end = month_end(period)
    if end >= cooperative_today():
        raise ValidationError({"period": "Bulan ini belum berakhir. / The month has not ended."})
    existing = JasaRun.objects.filter(period=period).first()
    if existing is not None:
        return existing
    bylaws = bylaws_current(as_of=end)
    rate = bylaws.sukarela_monthly_rate
    if rate <= 0:
        return None
    current = set(Member.objects.exclude(status__in=FINAL).values_list("pk", flat=True))
    balances = sukarela_jasa_balances(start=period, end=end, basis=bylaws.sukarela_jasa_basis)
    day, note = end, ""
    while is_date_closed(day=day):
        day = (
            FiscalPeriod.objects.filter(
                status=FiscalPeriod.Status.CLOSED, start_date__lte=day, end_date__gte=day
            )
            .order_by("-end_date")
            .values_list("end_date", flat=True)
            .first()
        ) + timedelta(days=1)
        note = f" — dibukukan {day:%d-%m-%Y}: periode {month_label(period)} sudah ditutup"
    if day > cooperative_today():
        raise ValidationError(
            {"period": "Periode sudah ditutup sampai hari ini. / The period is closed up to today."}
        )
    entries = []
    for member_id, balance in sorted(balances.items()):
        if member_id not in current or Decimal(balance) <= 0:
            continue
        jasa = _round_rupiah(Decimal(balance) * rate / Decimal("100"))
        if jasa > 0:
            entries.append(
                _Entry(
                    member_id,
                    SavingsKind.SUKARELA,
                    SavingsMovement.Type.INTEREST,
                    jasa,
                    f"Jasa simpanan sukarela {month_label(period)} ({rate}%){note}",
                    f"jasa:{period:%Y-%m}:{member_id}",
                )
            )
    run = JasaRun.objects.create(
        period=period,
        rate=rate,
        member_count=len(entries),
        total=sum((e.amount for e in entries), ZERO),
    )
    if entries:
        txn, _ = _post_entries(
            entries=entries,
            day=day,
            description=f"Jasa simpanan sukarela {month_label(period)} ({rate}% per bulan){note}",
            idempotency_key=f"savings:jasa:{period:%Y-%m}",
            source_kind="savings.jasa_run",
            source_id=str(run.pk),
            counter_account=chart.SAVINGS_SERVICE_EXPENSE,
            created_by_id=created_by_id,
        )
        run.journal_transaction_id = txn.pk
        run.save(update_fields=["journal_transaction_id"])
    return run
