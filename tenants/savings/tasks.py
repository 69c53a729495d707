"""Monthly savings cycle: on the 1st, bill the simpanan wajib of the new month (and apply the
arrears rules), then post the jasa simpanan of the month just ended. Beat runs the platform
fan-out; each cooperative's work is one tenant task (idempotent: a rerun creates nothing)."""

from __future__ import annotations

import logging

from sokoguru.platform.accounts.permissions import SYSTEM
from sokoguru.platform.celery import platform_task, tenant_task
from sokoguru.platform.tenancy.selectors import cooperative_list
from sokoguru.tenants.bylaws.calendar import add_months, cooperative_today, month_start
from sokoguru.tenants.savings.services import sukarela_jasa_post, wajib_bills_generate

logger = logging.getLogger("sokoguru.savings")


@tenant_task(name="sokoguru.savings.wajib_billing", acks_late=True)
def wajib_billing(*, schema_name: str, period: str) -> dict:
    return wajib_bills_generate(period=period, created_by_id=SYSTEM)


@tenant_task(name="sokoguru.savings.monthly_cycle", acks_late=True)
def monthly_cycle(*, schema_name: str) -> dict:
    """This month's wajib bills and last month's jasa simpanan, in the cooperative's time zone."""
    this_month = month_start(cooperative_today())
    billing = wajib_bills_generate(period=this_month, created_by_id=SYSTEM)
    run = sukarela_jasa_post(period=add_months(this_month, -1), created_by_id=SYSTEM)
    return {
        "period": this_month.isoformat(),
        "billing": billing,
        "jasa_total": str(run.total) if run is not None else "0.00",
    }


@platform_task(name="sokoguru.savings.monthly_cycle_fanout")
def monthly_cycle_fanout() -> int:
    """One ``monthly_cycle`` task per active cooperative."""
    count = 0
    for schema_name in cooperative_list(active=True).values_list("schema_name", flat=True):
        monthly_cycle.apply_async(kwargs={"schema_name": schema_name})
        count += 1
    logger.info("savings monthly cycle queued for %s cooperatives", count)
    return count
