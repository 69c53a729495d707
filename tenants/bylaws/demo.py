"""Demo by-laws: each cooperative adopted its current anggaran dasar a year ago (RAT), with its
own savings amounts and, for most, a jasa simpanan on sukarela."""

from __future__ import annotations

from decimal import Decimal

from sokoguru.platform.accounts.permissions import SYSTEM
from sokoguru.platform.core.demo import DemoContext, for_each_cooperative
from sokoguru.tenants.bylaws.calendar import add_months, month_start
from sokoguru.tenants.bylaws.models import BylawsVersion
from sokoguru.tenants.bylaws.services import bylaws_version_create


def demo_start(ctx: DemoContext):
    """First day of the demo year: twelve months before this month (as the ledger demo)."""
    return add_months(month_start(ctx.today), -12)


def _seed_one(cooperative, ctx: DemoContext) -> None:
    start = demo_start(ctx)
    if BylawsVersion.objects.filter(effective_from=start).exists():
        return
    rng = ctx.rng("bylaws", cooperative.slug)
    if cooperative.kind == "primary_rw":
        values = {
            "pokok_amount": Decimal(rng.choice([50_000, 100_000, 100_000, 150_000])),
            "wajib_monthly_amount": Decimal(rng.choice([10_000, 15_000, 20_000, 25_000])),
            "sukarela_monthly_rate": Decimal(rng.choice(["0", "0.25", "0.25", "0.5"])),
            "loan_max_amount": Decimal(rng.choice([3_000_000, 5_000_000])),
            "min_liquidity_reserve": Decimal(rng.choice([1_000_000, 2_000_000])),
        }
    elif cooperative.kind == "primary_opd":
        values = {
            "pokok_amount": Decimal(rng.choice([100_000, 250_000, 500_000])),
            "wajib_monthly_amount": Decimal(rng.choice([50_000, 75_000, 100_000])),
            "sukarela_monthly_rate": Decimal(rng.choice(["0.3", "0.4", "0.5"])),
            "loan_max_amount": Decimal("50000000"),
            "min_liquidity_reserve": Decimal("10000000"),
        }
    else:
        values = {
            "pokok_amount": Decimal("5000000"),
            "wajib_monthly_amount": Decimal("1000000"),
            "sukarela_monthly_rate": Decimal("0"),
            "min_liquidity_reserve": Decimal("25000000"),
        }
    bylaws_version_create(
        effective_from=start,
        decided_at=f"Keputusan RAT tahun buku {start.year - 1}",
        created_by_id=SYSTEM,
        **values,
    )


def seed(*, ctx: DemoContext) -> None:
    for_each_cooperative(ctx, _seed_one)
